{#
    Aggregate: the second largest non-null value of the expression in the group (null
    when there are fewer than two). Counts repeated values separately: use it where the
    values are distinct in each group. One pass, no self-join or window function.
#}
{% macro second_largest(expression) %}
    {{- return(adapter.dispatch('second_largest', 'customer_attrition')(expression)) -}}
{% endmacro %}

{% macro duckdb__second_largest(expression) %}
    {#- max(x, n): the n largest values, largest first; [2] of a shorter list is null -#}
    max({{ expression }}, 2)[2]
{%- endmacro %}

{% macro default__second_largest(expression) %}
    {{- exceptions.raise_compiler_error("second_largest has no implementation for adapter '" ~ adapter.type() ~ "' yet") -}}
{%- endmacro %}
