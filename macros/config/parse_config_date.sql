{#
    Parse a configuration value into a Python date, or stop the build with an error
    naming the var and the bad value.
#}
{% macro parse_config_date(value, var_name) %}
    {%- set text = value | string | trim -%}
    {%- set match = modules.re.match('^(\d{4})-(\d{2})-(\d{2})$', text) -%}
    {%- if not match -%}
        {{ exceptions.raise_compiler_error("var '" ~ var_name ~ "' must be a date written YYYY-MM-DD, got '" ~ text ~ "'") }}
    {%- endif -%}
    {%- set year = match.group(1) | int -%}
    {%- set month = match.group(2) | int -%}
    {%- set day = match.group(3) | int -%}
    {%- if month < 1 or month > 12 or year < 1900 -%}
        {{ exceptions.raise_compiler_error("var '" ~ var_name ~ "' is not a valid date: '" ~ text ~ "'") }}
    {%- endif -%}
    {%- set first_of_month = modules.datetime.date(year, month, 1) -%}
    {%- set first_of_next = (first_of_month + modules.datetime.timedelta(days=32)).replace(day=1) -%}
    {%- if day < 1 or day > (first_of_next - first_of_month).days -%}
        {{ exceptions.raise_compiler_error("var '" ~ var_name ~ "' is not a valid date: '" ~ text ~ "'") }}
    {%- endif -%}
    {{ return(modules.datetime.date(year, month, day)) }}
{% endmacro %}
