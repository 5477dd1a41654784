{#
    Email events up to the as-of date, one row per customer_key, over the customer's
    records (int_customer_memberships). Engagement = an opened or clicked event (a
    click implies an open, even without an open event).
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

members as (
    {{ members_to_redo() }}
),

email_events as (
    select
        members.customer_key,
        staged.event_type,
        staged.event_date
    from {{ ref('stg_raw__email_events') }} as staged
    inner join members
        on staged.customer_id = members.customer_id
    where staged.event_date <= {{ as_of_date() }}
),

final as (
    select
        customer_key,
        cast(sum(case when event_type in ('opened', 'clicked') then 1 else 0 end) as integer)
            as email_engagement_count,
        max(case when event_type in ('opened', 'clicked') then event_date end) as last_email_engagement_date,
        max(case when event_type = 'sent' then event_date end) as last_email_sent_date,
        {{ loaded_at() }} as _loaded_at
    from email_events
    group by customer_key
)

select * from final
