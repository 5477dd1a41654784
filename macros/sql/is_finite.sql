{#
    True when the double expression is a finite number (not NaN, not infinite), null
    when it is null. Dispatched: 'nan' and 'inf' cast to a double on DuckDB.
#}
{% macro is_finite(expression) %}
    {{- return(adapter.dispatch('is_finite', 'customer_attrition')(expression)) -}}
{% endmacro %}

{% macro duckdb__is_finite(expression) -%}
    isfinite({{ expression }})
{%- endmacro %}

{% macro default__is_finite(expression) %}
    {{- exceptions.raise_compiler_error("is_finite has no implementation for adapter '" ~ adapter.type() ~ "' yet") -}}
{%- endmacro %}
