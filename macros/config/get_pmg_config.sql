{#
    PMG settings, validated: 0 < pmg_gros_share < pmg_moyen_share <= 1 (cumulative
    shares of the line's positive net revenue) and the optional window in days.
#}
{% macro get_pmg_config() %}
    {%- set shares = {} -%}
    {%- for name in ['pmg_gros_share', 'pmg_moyen_share'] -%}
        {%- set value = var(name, none) -%}
        {%- if value is not number or value is sameas true or value is sameas false -%}
            {{ exceptions.raise_compiler_error("var '" ~ name ~ "' must be a number between 0 and 1, got '" ~ value ~ "'") }}
        {%- endif -%}
        {%- if value <= 0 or value > 1 -%}
            {{ exceptions.raise_compiler_error("var '" ~ name ~ "' must be in (0, 1], got " ~ value) }}
        {%- endif -%}
        {%- do shares.update({name: value}) -%}
    {%- endfor -%}
    {%- if shares['pmg_gros_share'] >= shares['pmg_moyen_share'] -%}
        {{ exceptions.raise_compiler_error(
            "var 'pmg_gros_share' (" ~ shares['pmg_gros_share'] ~ ") must be below 'pmg_moyen_share' ("
            ~ shares['pmg_moyen_share'] ~ "): both are cumulative shares of revenue") }}
    {%- endif -%}
    {{ return({
        'gros_share': shares['pmg_gros_share'],
        'moyen_share': shares['pmg_moyen_share'],
        'window_days': get_int_var('pmg_window_days', allow_null=true),
    }) }}
{% endmacro %}
