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
        cast(used_at as date) as used_date
    from usage_events
)

select * from final
