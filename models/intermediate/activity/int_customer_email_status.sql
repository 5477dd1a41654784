{#
    The state of each customer's golden email address as its events up to the as-of
    date show it, for customer_contactability: one row per customer_key with email
    history (the events sent to the golden email address, from any record of the
    customer holding that address; only the event types read below):
      last_delivered_at           the last delivery, open or click;
      last_unsubscribed_at        the last unsubscribe;  last_complained_at  the last complaint;
      last_bounced_at             the last bounce;
      bounces_since_last_delivery bounces after the last delivery (all of them without one).

    Incremental: a run recomputes the customers logged by int_customers_changed since
    it last ran (strategy replace_customers).
#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='replace_customers',
    unique_key='customer_key',
    on_schema_change='fail',
) }}

with

golden as (
    select
        customer_key,
        email
    from {{ ref('int_customer_golden_records') }}
),

members as (
    {{ members_to_redo() }}
),

holding_records as (
    {#- the customer's records holding the golden email address -#}
    select
        members.customer_key,
        records.customer_id
    from members
    inner join golden
        on members.customer_key = golden.customer_key
    inner join {{ ref('int_customer_records_normalised') }} as records
        on
            members.customer_id = records.customer_id
            and golden.email = records.email_address
),

email_events as (
    {#- the usable events, of the types read below only: a customer whose events are all
        of other types ("sent") has no row here, like one without events -#}
    select * from {{ ref('stg_raw__email_events') }}
    where
        event_date <= {{ as_of_date() }}
        and event_type in ('delivered', 'opened', 'clicked', 'unsubscribed', 'complained', 'bounced')
),

email_history as (
    select
        holding_records.customer_key,
        email_events.event_type,
        email_events.event_at
    from holding_records
    inner join email_events
        on holding_records.customer_id = email_events.customer_id
),

last_events as (
    select
        customer_key,
        max(case when event_type in ('delivered', 'opened', 'clicked') then event_at end) as last_delivered_at,
        max(case when event_type = 'unsubscribed' then event_at end) as last_unsubscribed_at,
        max(case when event_type = 'complained' then event_at end) as last_complained_at,
        max(case when event_type = 'bounced' then event_at end) as last_bounced_at
    from email_history
    group by customer_key
),

bounces_since_last_delivery as (
    {#- a second pass over the bounces only (a small share of the events) -#}
    select
        last_events.customer_key,
        cast(count(*) as integer) as bounce_count
    from last_events
    inner join email_history
        on last_events.customer_key = email_history.customer_key
    where
        email_history.event_type = 'bounced'
        and (
            last_events.last_delivered_at is null
            or email_history.event_at > last_events.last_delivered_at
        )
    group by last_events.customer_key
),

status as (
    select  -- noqa: ST06
        last_events.customer_key,
        last_events.last_delivered_at,
        last_events.last_unsubscribed_at,
        last_events.last_complained_at,
        last_events.last_bounced_at,
        coalesce(bounces_since_last_delivery.bounce_count, 0) as bounces_since_last_delivery,
        {{ loaded_at() }} as _loaded_at
    from last_events
    left join bounces_since_last_delivery
        on last_events.customer_key = bounces_since_last_delivery.customer_key
),

final as (
    select * from status
)

select * from final
