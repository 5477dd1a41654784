{#
    The usable email events (stg_raw__email_events), rolled up to one row per customer
    record and day, whatever the as-of date and whether the customer is known
    (int_email_events_rolled_up_to_customers filters). Engagement = an opened or clicked
    event. Incremental like int_transactions_rolled_up_to_record_days (the days of every
    usable row written upstream since the last run are recomputed; a day left empty is
    deleted by a tombstone; in the window mode also the days of the window).
#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='replace_keys',
    unique_key=['customer_id', 'event_date'],
    on_schema_change='fail',
) }}

{%- set events_relation = ref('base_raw__email_events') %}

with

{% if is_incremental() -%}
changed_days as (
    select distinct
        customer_id,
        event_date
    from {{ events_relation }}
    where
        reject_reason is null
        and _loaded_at > {{ incremental_high_water_mark(this, '_source_loaded_at') }}

    union

    {{ rows_in_replaced_window('email_events', 'event_date', ['customer_id', 'event_date']) }}
),

in_scope as (
    select email_events.*
    from {{ ref('stg_raw__email_events') }} as email_events
    inner join changed_days
        on
            email_events.customer_id = changed_days.customer_id
            and email_events.event_date = changed_days.event_date
),
{%- else -%}
in_scope as (
    select * from {{ ref('stg_raw__email_events') }}
),
{%- endif %}

rolled_up as (
    select
        customer_id,
        event_date,
        false as _is_tombstone,
        cast(sum(case when event_type in ('opened', 'clicked') then 1 else 0 end) as integer)
            as engagement_count,
        cast(sum(case when event_type = 'sent' then 1 else 0 end) as integer) as sent_count,
        cast(sum(case when event_type = 'bounced' then 1 else 0 end) as integer) as bounce_count
    from in_scope
    group by
        customer_id,
        event_date
),

{{ with_tombstones_cte('rolled_up', ['_source_loaded_at'], keys='changed_days',
    key_columns=['customer_id', 'event_date']) }},

final as (
    select
        *,
        {{ incremental_high_water_mark(events_relation, '_loaded_at') }} as _source_loaded_at
    from with_tombstones
)

select * from final
