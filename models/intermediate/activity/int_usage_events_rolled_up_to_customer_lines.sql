{#
    Service usage up to the as-of date, one row per customer_key and business line,
    from the per-record days (int_usage_events_rolled_up_to_record_days) of known
    customers and business lines.
#}
with

record_days as (
    select * from {{ ref('int_usage_events_rolled_up_to_record_days') }}
    where used_date <= {{ as_of_date() }}
),

identity_map as (
    select * from {{ ref('customer_identity_map') }}
),

business_lines as (
    select * from {{ ref('stg_raw__business_lines') }}
),

final as (
    select
        identity_map.customer_key,
        record_days.business_line,
        cast(count(distinct record_days.used_date) as integer) as usage_days,
        min(record_days.used_date) as first_usage_date,
        max(record_days.used_date) as last_usage_date
    from record_days
    inner join identity_map
        on record_days.customer_id = identity_map.customer_id
    inner join business_lines
        on record_days.business_line = business_lines.business_line
    group by
        identity_map.customer_key,
        record_days.business_line
)

select * from final
