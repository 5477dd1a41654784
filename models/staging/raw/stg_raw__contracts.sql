with

contracts as (
    select * from {{ ref('base_raw__contracts') }}
    where reject_reason is null and not is_duplicate
),

final as (
    select
        contract_id,
        customer_id,
        business_line,
        started_at,
        ends_at,
        cast(started_at as date) as start_date,
        cast(ends_at as date) as end_date,
        (ends_at is null) as is_open_ended
    from contracts
)

select * from final
