{#
    Every raw usage event, typed, with its reject reason and a duplicate flag. Usage
    events have no id: a row repeating the same customer, line and used_at as an
    earlier one is a duplicate.
#}
with

source as (
    select * from {{ raw_source('usage_events') }}
),

known_customers as (
    select customer_id from {{ ref('stg_raw__customers') }}
),

known_business_lines as (
    select business_line from {{ ref('stg_raw__business_lines') }}
),

typed as (
    select
        {{ clean_text('customer_id') }} as customer_id,
        lower({{ clean_text('business_line') }}) as business_line,
        {{ clean_text('used_at') }} as used_at_text,
        {{ parse_timestamp('used_at') }} as used_at,
        {{ raw_record(raw_contract()['usage_events']) }} as raw_record
    from source
),

checked as (
    select
        typed.*,
        case
            when typed.customer_id is null then 'missing_customer_id'
            when known_customers.customer_id is null then 'unknown_customer'
            when typed.business_line is null then 'missing_business_line'
            when known_business_lines.business_line is null then 'unknown_business_line'
            when typed.used_at_text is null then 'missing_used_at'
            when typed.used_at is null then 'unparseable_used_at'
        end as reject_reason
    from typed
    left join known_customers
        on typed.customer_id = known_customers.customer_id
    left join known_business_lines
        on typed.business_line = known_business_lines.business_line
),

ranked as (
    select
        *,
        row_number() over (
            partition by (reject_reason is null), customer_id, business_line, used_at
            order by raw_record
        ) as version_rank
    from checked
),

final as (
    select
        customer_id,
        business_line,
        used_at,
        raw_record,
        reject_reason,
        (reject_reason is null and version_rank > 1) as is_duplicate
    from ranked
)

select * from final
