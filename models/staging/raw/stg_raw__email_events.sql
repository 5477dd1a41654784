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
        cast(event_at as date) as event_date,
        campaign_id
    from email_events
)

select * from final
