{# A Python date (or YYYY-MM-DD string) as a portable SQL date literal. #}
{% macro date_literal(value) %}
    {{- "cast('" ~ (value | string) ~ "' as date)" -}}
{% endmacro %}
