{#
    The usable usage events (stg_raw__usage_events) rolled up to one row per customer record, business line and day of
    use, whatever the as-of date and whether the customer and line are known
    (int_usage_events_rolled_up_to_customer_lines filters). Incremental like
    int_transactions_rolled_up_to_record_days (strategy replace_keys): a run recomputes
    the days of the usable rows written upstream since it last ran. A usage event is
    identified by its customer, line and time, so a new delivery never moves one to
    another day; in the window mode a row changed or deleted in place can, so the days
    of the window are redone too (macros/incremental/replaced_window.sql) and a day
    left empty is deleted by a tombstone.
#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='replace_keys',
    unique_key=['customer_id', 'business_line', 'used_date'],
    on_schema_change='fail',
) }}

{%- set events_relation = ref('base_raw__usage_events') %}

with

{% if is_incremental() -%}
changed_days as (
    select distinct
        customer_id,
        business_line,
        used_date
    from {{ events_relation }}
    where
        reject_reason is null
        and _loaded_at > {{ incremental_high_water_mark(this, '_source_loaded_at') }}

    union

    {{ rows_in_replaced_window('usage_events', 'used_date', ['customer_id', 'business_line', 'used_date']) }}
),

in_scope as (
    select usage_events.*
    from {{ ref('stg_raw__usage_events') }} as usage_events
    inner join changed_days
        on
            usage_events.customer_id = changed_days.customer_id
            and usage_events.business_line = changed_days.business_line
            and usage_events.used_date = changed_days.used_date
),
{%- else -%}
in_scope as (
    select * from {{ ref('stg_raw__usage_events') }}
),
{%- endif %}

rolled_up as (
    select
        customer_id,
        business_line,
        used_date,
        false as _is_tombstone,
        cast(count(*) as integer) as usage_event_count
    from in_scope
    group by
        customer_id,
        business_line,
        used_date
),

{{ with_tombstones_cte('rolled_up', ['_source_loaded_at'], keys='changed_days',
    key_columns=['customer_id', 'business_line', 'used_date']) }},

final as (
    select
        *,
        {{ incremental_high_water_mark(events_relation, '_loaded_at') }} as _source_loaded_at
    from with_tombstones
)

select * from final
