{#
    The run's reference date, validated, as a Python date (for Jinja arithmetic).
    Accepts 'YYYY-MM-DD' strings and YAML dates; anything else stops the build.
#}
{% macro get_as_of_date() %}
    {%- set raw_value = var('as_of_date', none) -%}
    {%- if raw_value is none -%}
        {{ exceptions.raise_compiler_error("var 'as_of_date' is not set: give a date as YYYY-MM-DD") }}
    {%- endif -%}
    {{ return(parse_config_date(raw_value, 'as_of_date')) }}
{% endmacro %}

{# The as-of date as a SQL date literal. #}
{% macro as_of_date() %}
    {{- date_literal(get_as_of_date()) -}}
{% endmacro %}
