{#
    Replace every match of a regular expression (RE2 / POSIX subset: classes, anchors,
    quantifiers). DuckDB and PostgreSQL need the 'g' flag for "all"; Spark replaces
    every match by default and reads a fourth argument as a position.
#}
{% macro regexp_replace_all(expression, pattern, replacement) %}
    {{- return(adapter.dispatch('regexp_replace_all', 'customer_attrition')(expression, pattern, replacement)) -}}
{% endmacro %}

{% macro default__regexp_replace_all(expression, pattern, replacement) %}
    {{- "regexp_replace(" ~ expression ~ ", " ~ pattern ~ ", " ~ replacement ~ ", 'g')" -}}
{% endmacro %}

{% macro spark__regexp_replace_all(expression, pattern, replacement) %}
    {{- "regexp_replace(" ~ expression ~ ", " ~ pattern ~ ", " ~ replacement ~ ")" -}}
{% endmacro %}
