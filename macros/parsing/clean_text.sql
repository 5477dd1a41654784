{#
    A raw value as trimmed text, empty strings as null. Casts first, so it also works
    when a raw table already holds typed columns.
#}
{% macro clean_text(column) %}
    {{- "nullif(trim(cast(" ~ column ~ " as " ~ dbt.type_string() ~ ")), '')" -}}
{% endmacro %}
