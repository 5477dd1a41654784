{#
    Read a var that must be a non-empty list of strings; stops the build with an
    error naming the var otherwise. Values are trimmed.
#}
{% macro get_list_var(var_name) %}
    {%- set values = var(var_name, none) -%}
    {%- if values is string or values is not iterable or values is mapping or values | length == 0 -%}
        {{ exceptions.raise_compiler_error("var '" ~ var_name ~ "' must be a non-empty list, got '" ~ values ~ "'") }}
    {%- endif -%}
    {%- set cleaned = [] -%}
    {%- for value in values -%}
        {%- if value is not string or value | trim == '' -%}
            {{ exceptions.raise_compiler_error("var '" ~ var_name ~ "' must hold non-empty strings, got '" ~ value ~ "'") }}
        {%- endif -%}
        {%- do cleaned.append(value | trim) -%}
    {%- endfor -%}
    {{ return(cleaned) }}
{% endmacro %}
