{#
    A deterministic surrogate key: the hash of the expressions cast to text, separated
    by '|', with null written as '_null_' (so (null, 'a') and ('a', null) differ).
#}
{% macro surrogate_key(expressions) %}
    {%- set parts = [] -%}
    {%- for expression in expressions -%}
        {%- do parts.append("coalesce(cast(" ~ expression ~ " as " ~ dbt.type_string() ~ "), '_null_')") -%}
        {%- if not loop.last -%}
            {%- do parts.append("'|'") -%}
        {%- endif -%}
    {%- endfor -%}
    {{- dbt.hash(dbt.concat(parts)) -}}
{% endmacro %}
