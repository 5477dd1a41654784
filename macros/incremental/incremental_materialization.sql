{#
    The materialization of the incremental models (staging of transactions, email
    events and usage events, their per-record-per-day rollups, the normalised customer
    records, and the per-customer models of macros/incremental/customer_scope.sql):
    'incremental' (delete + insert, no merge) unless var('incremental_models') is false
    or the adapter cannot delete rows from a plain table (Spark without Delta or
    Iceberg): then 'table', a full rebuild on every run, which is always correct.
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
