with

transactions as (
    select * from {{ ref('base_raw__transactions') }}
    where reject_reason is null and not is_duplicate
),

final as (
    select
        transaction_id,
        customer_id,
        business_line,
        transaction_at,
        cast(transaction_at as date) as transaction_date,
        amount,
        currency,
        channel
    from transactions
)

select * from final
