{#
    Usable service-usage events, one per customer, business line and used_at (the
    base_raw__usage_events rows that passed the row-level checks and are not
    duplicates), whose customer and business line are known. A view, like
    stg_raw__transactions; usage_event_id is computed here, on read.
#}
{{ config(materialized='view') }}

with

usage_events as (
    select * from {{ ref('base_raw__usage_events') }}
    where reject_reason is null and not is_duplicate
),

known_customers as (
    select customer_id from {{ ref('stg_raw__customers') }}
),

known_business_lines as (
    select business_line from {{ ref('stg_raw__business_lines') }}
),

final as (
    select
        {{ surrogate_key(['usage_events.customer_id', 'usage_events.business_line', 'usage_events.used_at']) }}
            as usage_event_id,
        usage_events.customer_id,
        usage_events.business_line,
        usage_events.used_at,
        usage_events.used_date
    from usage_events
    inner join known_customers
        on usage_events.customer_id = known_customers.customer_id
    inner join known_business_lines
        on usage_events.business_line = known_business_lines.business_line
)

select * from final
