{#
    Usable email events: the latest version of each event (the base_raw__email_events
    rows that passed the row-level checks and are not duplicates) when its customer is
    known. A view, like stg_raw__transactions.
#}
{{ config(materialized='view') }}

with

email_events as (
    select * from {{ ref('base_raw__email_events') }}
    where reject_reason is null and not is_duplicate
),

known_customers as (
    select customer_id from {{ ref('stg_raw__customers') }}
),

final as (
    select
        email_events.event_id,
        email_events.customer_id,
        email_events.event_type,
        email_events.event_at,
        email_events.event_date,
        email_events.campaign_id
    from email_events
    inner join known_customers
        on email_events.customer_id = known_customers.customer_id
)

select * from final
