{#
    Email events up to the as-of date, one row per customer_key, from the per-record
    days (int_email_events_rolled_up_to_record_days) of known customers. Engagement =
    an opened or clicked event (a click implies an open, even without an open event).
#}
with

record_days as (
    select * from {{ ref('int_email_events_rolled_up_to_record_days') }}
    where event_date <= {{ as_of_date() }}
),

identity_map as (
    select * from {{ ref('customer_identity_map') }}
),

final as (
    select
        identity_map.customer_key,
        cast(sum(record_days.engagement_count) as integer) as email_engagement_count,
        max(case when record_days.engagement_count > 0 then record_days.event_date end)
            as last_email_engagement_date,
        max(case when record_days.sent_count > 0 then record_days.event_date end)
            as last_email_sent_date
    from record_days
    inner join identity_map
        on record_days.customer_id = identity_map.customer_id
    group by identity_map.customer_key
)

select * from final
