{#
    A hash of a row's columns, to compare rows: equal rows give equal hashes (nulls
    included), different rows different ones but for a collision (64 bits on DuckDB).
#}
{% macro row_hash(columns) %}
    {{- return(adapter.dispatch('row_hash', 'customer_attrition')(columns)) -}}
{% endmacro %}

{% macro duckdb__row_hash(columns) %}
    {{- 'hash(' ~ columns | join(', ') ~ ')' -}}
{% endmacro %}

{% macro default__row_hash(columns) %}
    {{- surrogate_key(columns) -}}
{% endmacro %}
