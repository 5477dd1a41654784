{#
    Read a var that must be a number in (0, 1] (a share, a similarity, a rate); stops
    the build with an error naming the var and the bad value otherwise.
    allow_zero: accept 0 too.
#}
{% macro get_share_var(var_name, allow_zero=false) %}
    {%- set value = var(var_name, none) -%}
    {%- if value is not number or value is sameas true or value is sameas false -%}
        {{ exceptions.raise_compiler_error("var '" ~ var_name ~ "' must be a number between 0 and 1, got '" ~ value ~ "'") }}
    {%- endif -%}
    {%- if value > 1 or value < 0 or (value == 0 and not allow_zero) -%}
        {{ exceptions.raise_compiler_error(
            "var '" ~ var_name ~ "' must be in " ~ ("[0, 1]" if allow_zero else "(0, 1]") ~ ", got " ~ value) }}
    {%- endif -%}
    {{ return(value) }}
{% endmacro %}
