{#
    The materialization of the incremental models (staging of customers, transactions,
    email and usage events, identity resolution, the log of changed customers and the
    per-customer models of macros/incremental/customers_changed.sql): 'incremental' (no
    merge) unless var('incremental_models') is false or the target is Spark, whose
    default file format cannot delete rows (Delta and Iceberg could, but are not told
    apart here): then 'table', a full rebuild on every run, which is always correct.
    Only DuckDB is tested.
    Also checks var('incremental_lookback_days') here, at parse time, so a bad value
    stops every build (a full or first build does not read it otherwise).
#}
{% macro incremental_materialization() %}
    {%- set enabled = var('incremental_models', true) -%}
    {%- if enabled is not boolean -%}
        {{ exceptions.raise_compiler_error("var 'incremental_models' must be true or false, got '" ~ enabled ~ "'") }}
    {%- endif -%}
    {%- do get_int_var('incremental_lookback_days', min_value=0) -%}
    {%- if not enabled or target.type in ['spark'] -%}
        {{ return('table') }}
    {%- endif -%}
    {{ return('incremental') }}
{% endmacro %}
