{#
    Usable email events: the latest version of each event (the base_raw__email_events
    rows that passed the row-level checks and are not duplicates). Whether its customer
    is known is checked downstream (rejected_rows). A view, like
    stg_raw__transactions.
#}
{{ config(materialized='view') }}

with

email_events as (
    select * from {{ ref('base_raw__email_events') }}
    where reject_reason is null and not is_duplicate
),

final as (
    select
        event_id,
        customer_id,
        event_type,
        event_at,
        event_date,
        campaign_id
    from email_events
)

select * from final
