{#
    DuckDB's implementation of dbt's cross-database dbt.safe_cast (null when the value
    does not convert; dbt's default is a plain cast, which fails the query). The models
    call dbt.safe_cast; another engine uses its adapter's implementation.
#}
{% macro duckdb__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}
