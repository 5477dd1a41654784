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

known_days as (
    select
        record_days.*,
        identity_map.customer_key,
        identity_map.match_rule
    from record_days
    inner join identity_map
        on record_days.customer_id = identity_map.customer_id
    inner join business_lines
        on record_days.business_line = business_lines.business_line
),

single_record_lines as (
    -- a customer with one record (match_rule 'self'): its record's days are distinct
    -- already (one row per record, line and day), so a count is enough
    select
        customer_key,
        business_line,
        cast(count(*) as integer) as usage_days,
        min(used_date) as first_usage_date,
        max(used_date) as last_usage_date
    from known_days
    where match_rule = 'self'
    group by
        customer_key,
        business_line
),

multi_record_lines as (
    -- several records can use the same line on the same day: count distinct days
    select
        customer_key,
        business_line,
        cast(count(distinct used_date) as integer) as usage_days,
        min(used_date) as first_usage_date,
        max(used_date) as last_usage_date
    from known_days
    where match_rule <> 'self'
    group by
        customer_key,
        business_line
),

final as (
    select * from single_record_lines
    union all
    select * from multi_record_lines
)

select * from final
