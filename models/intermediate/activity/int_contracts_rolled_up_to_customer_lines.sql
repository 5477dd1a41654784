{#
    Contracts started by the as-of date, one row per customer_key and business line.
    A contract runs on the as-of date when it started on or before it and ends on or
    after it (or is open-ended); an ended contract ended before the as-of date.
#}
with

contracts as (
    select * from {{ ref('stg_raw__contracts') }}
    where start_date <= {{ as_of_date() }}
),

identity_map as (
    select * from {{ ref('int_customer_record_groups') }}
),

final as (
    select
        identity_map.customer_key,
        contracts.business_line,
        cast(count(*) as integer) as contract_count,
        min(contracts.start_date) as first_contract_start_date,
        max(case when contracts.end_date < {{ as_of_date() }} then contracts.end_date end)
            as last_contract_end_date,
        coalesce(
            max(case when contracts.end_date is null or contracts.end_date >= {{ as_of_date() }} then 1 else 0 end) = 1,
            false
        ) as has_running_contract
    from contracts
    inner join identity_map
        on contracts.customer_id = identity_map.customer_id
    group by
        identity_map.customer_key,
        contracts.business_line
)

select * from final
