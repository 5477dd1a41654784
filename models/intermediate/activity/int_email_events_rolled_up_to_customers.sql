{#
    Email events up to the as-of date, one row per customer_key. Engagement = an
    opened or clicked event (a click implies an open, even without an open event).
#}
with

email_events as (
    select * from {{ ref('stg_raw__email_events') }}
    where event_date <= {{ as_of_date() }}
),

identity_map as (
    select * from {{ ref('customer_identity_map') }}
),

final as (
    select
        identity_map.customer_key,
        cast(sum(case when email_events.event_type in ('opened', 'clicked') then 1 else 0 end) as integer)
            as email_engagement_count,
        max(case when email_events.event_type in ('opened', 'clicked') then email_events.event_date end)
            as last_email_engagement_date,
        max(case when email_events.event_type = 'sent' then email_events.event_date end)
            as last_email_sent_date
    from email_events
    inner join identity_map
        on email_events.customer_id = identity_map.customer_id
    group by identity_map.customer_key
)

select * from final
