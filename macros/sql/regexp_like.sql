{#
    True when the text contains a match of the regular expression (anchor it with ^...$
    for a full match); null when either side is null. The pattern may be a column.
#}
{% macro regexp_like(expression, pattern) %}
    {{- return(adapter.dispatch('regexp_like', 'customer_attrition')(expression, pattern)) -}}
{% endmacro %}

{% macro default__regexp_like(expression, pattern) %}
    {{- "regexp_matches(" ~ expression ~ ", " ~ pattern ~ ")" -}}
{% endmacro %}

{% macro postgres__regexp_like(expression, pattern) %}
    {{- "(" ~ expression ~ " ~ " ~ pattern ~ ")" -}}
{% endmacro %}

{% macro spark__regexp_like(expression, pattern) %}
    {{- "(" ~ expression ~ " rlike " ~ pattern ~ ")" -}}
{% endmacro %}
