{#
    Read an integer var and check its range; stops the build with an error naming the
    var and the bad value. allow_null: null means "not set" (e.g. no window).
#}
{% macro get_int_var(var_name, min_value=1, max_value=none, allow_null=false) %}
    {%- set value = var(var_name, none) -%}
    {%- if value is none -%}
        {%- if allow_null -%}
            {{ return(none) }}
        {%- endif -%}
        {{ exceptions.raise_compiler_error("var '" ~ var_name ~ "' is not set: give an integer") }}
    {%- endif -%}
    {%- if value is not integer -%}
        {{ exceptions.raise_compiler_error("var '" ~ var_name ~ "' must be an integer, got '" ~ value ~ "'") }}
    {%- endif -%}
    {%- if value < min_value or (max_value is not none and value > max_value) -%}
        {{ exceptions.raise_compiler_error(
            "var '" ~ var_name ~ "' must be between " ~ min_value ~ " and "
            ~ (max_value if max_value is not none else 'infinity') ~ ", got " ~ value) }}
    {%- endif -%}
    {{ return(value) }}
{% endmacro %}
