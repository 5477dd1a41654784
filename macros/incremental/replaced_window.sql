{#
    The window mode and what it cannot say downstream. When a raw event table is a
    single file or a warehouse table (not a folder of deliveries), an incremental run
    of its staging model re-reads the event-time window (incremental_window_start) and
    replaces the model's rows there: a row changed or deleted in place inside the window
    is gone, and no row with a new _loaded_at names its old customer record, business
    line or day. The incremental models downstream therefore also redo, in that mode,
    their own rows dated inside the window, computed on their own table: their latest
    date is at most the staging model's (their rows come from its usable rows), so
    their window starts no later than the one the staging model replaced.
#}

{#- SQL selecting `columns` of this model's rows whose `date_expression` lies in the
    event-time window of the raw table `raw_table`, or that satisfy `undated` (rows
    without a date to place them; no row outside the window mode: a folder of
    deliveries is never replaced by time, and outside incremental runs). Added with
    `union` to what a run recomputes. -#}
{% macro rows_in_replaced_window(raw_table, date_expression, columns, undated=none) %}
    {%- if is_incremental() and not raw_is_delivery_folder(raw_table) -%}
    -- window mode: rows dated in the window, which the staging model replaced (a row
    -- changed or deleted in place there names its old keys nowhere else)
    select {{ columns | join(', ') }}
    from {{ this }}
    where
        {{ date_expression }} >= {{ incremental_window_start(this, date_expression) }}
        {%- if undated %}
        or {{ undated }}
        {%- endif %}
    {%- else -%}
    select {{ columns | join(', ') }}
    from {{ this }}
    where false
    {%- endif -%}
{% endmacro %}
