{#
    The event-time window an incremental staging run re-reads from the raw table (the raw
    contract has no load timestamp, so "new" means "recent by event time"):
        every row whose time is on or after the window start, and every row whose time is
        missing or unparseable (they cannot be placed; they are few and are rejects).
    Window start = the latest event date already loaded that is on or before the as-of
    date, minus var('incremental_lookback_days') days (default 7): a row arriving up to
    that many days late is still read. Rows after the as-of date do not move the window
    (a mistyped year 2099 cannot hide the following nights' data). The target's rows in
    the same window are deleted and the window re-inserted (incremental strategy
    replace_window), so re-reading is idempotent. An empty target reads everything.

    The start is read from the table when the model runs and written into its SQL as a
    date: on a raw time column that arrives typed (incremental_new_raw_rows), DuckDB
    skips the row groups of a Parquet file or table that a constant rules out, and a
    scalar subquery rules out none (typed single files at 10M, benchmarks/RESULTS.md:
    base_raw__email_events took 13.8 s a night with the subquery, 6.1 s with the date).

    time_expression: the (parsed) event time of the rows being filtered;
    relation / time_column: the incremental model's table and its event-time column.
#}
{% macro incremental_window_start(relation, time_column) %}
    {%- set lookback = get_int_var('incremental_lookback_days', min_value=0) -%}
    {%- set day_after_as_of = dbt.dateadd('day', 1, as_of_date()) -%}
    {%- set latest_day = 'max(cast(' ~ time_column ~ ' as date))' -%}
    {%- set query = "select coalesce(" ~ dbt.dateadd('day', -lookback, latest_day) ~ ", cast('1900-01-01' as date)) from "
        ~ relation ~ " where " ~ time_column ~ " < " ~ day_after_as_of -%}
    {%- if not execute -%}
        {{- return('(' ~ query ~ ')') -}}
    {%- endif -%}
    {%- set start = run_query(query).columns[0].values()[0] | string -%}
    {{- return(date_literal(start[:10])) -}}
{% endmacro %}

{#- start: the window start when the caller has read it already -#}
{% macro incremental_window_predicate(time_expression, relation, time_column, start=none) %}
    {{- "(" ~ time_expression ~ " >= " ~ (start or incremental_window_start(relation, time_column))
        ~ " or " ~ time_expression ~ " is null)" -}}
{% endmacro %}
