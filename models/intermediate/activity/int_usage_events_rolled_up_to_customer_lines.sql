{# Service usage up to the as-of date, one row per customer_key and business line. #}
with

usage_events as (
    select * from {{ ref('stg_raw__usage_events') }}
    where used_date <= {{ as_of_date() }}
),

identity_map as (
    select * from {{ ref('customer_identity_map') }}
),

final as (
    select
        identity_map.customer_key,
        usage_events.business_line,
        cast(count(distinct usage_events.used_date) as integer) as usage_days,
        min(usage_events.used_date) as first_usage_date,
        max(usage_events.used_date) as last_usage_date
    from usage_events
    inner join identity_map
        on usage_events.customer_id = identity_map.customer_id
    group by
        identity_map.customer_key,
        usage_events.business_line
)

select * from final
