{#
    Transactions up to the as-of date, rolled up to one row per customer_key,
    business line and day. A purchase is a transaction with amount > 0; refunds
    (amount < 0) count in net revenue only; zero-amount rows in neither.
#}
with

transactions as (
    select * from {{ ref('stg_raw__transactions') }}
    where transaction_date <= {{ as_of_date() }}
),

identity_map as (
    select * from {{ ref('customer_identity_map') }}
),

final as (
    select
        identity_map.customer_key,
        transactions.business_line,
        transactions.transaction_date,
        cast(count(*) as integer) as transaction_count,
        cast(sum(case when transactions.amount > 0 then 1 else 0 end) as integer) as purchase_count,
        sum(case when transactions.amount > 0 then transactions.amount else 0 end) as purchase_amount,
        sum(case when transactions.amount < 0 then transactions.amount else 0 end) as refund_amount,
        sum(transactions.amount) as net_amount
    from transactions
    inner join identity_map
        on transactions.customer_id = identity_map.customer_id
    group by
        identity_map.customer_key,
        transactions.business_line,
        transactions.transaction_date
)

select * from final
