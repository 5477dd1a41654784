{# The calendar year of a date or timestamp, as an integer expression (dbt.date_part is not in every adapter). #}
{% macro date_part_year(expression) %}
    {{- "extract(year from " ~ expression ~ ")" -}}
{% endmacro %}
