{#
    Usable service-usage events, one per customer, business line and used_at (the
    base_raw__usage_events rows that passed the row-level checks and are not
    duplicates). Whether the customer and line are known is checked downstream
    (rejected_rows). A view, like stg_raw__transactions;
    usage_event_id is computed here, on read.
#}
{{ config(materialized='view') }}

with

usage_events as (
    select * from {{ ref('base_raw__usage_events') }}
    where reject_reason is null and not is_duplicate
),

final as (
    select
        {{ surrogate_key(['customer_id', 'business_line', 'used_at']) }} as usage_event_id,
        customer_id,
        business_line,
        used_at,
        used_date
    from usage_events
)

select * from final
