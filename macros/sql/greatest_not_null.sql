{#
    The greatest of several expressions, ignoring nulls (null only when all are null).
    Written with coalesce because greatest() returns null on any null argument on some
    engines (Snowflake, BigQuery) and skips nulls on others (DuckDB, PostgreSQL).
#}
{% macro greatest_not_null(expressions) %}
    {%- if expressions | length == 1 -%}
        {{- expressions[0] -}}
    {%- else -%}
        greatest(
        {%- for expression in expressions %}
            coalesce({{ expression }}{% for other in expressions if other != expression %}, {{ other }}{% endfor %}){{ ", " if not loop.last }}
        {%- endfor %}
        )
    {%- endif -%}
{% endmacro %}
