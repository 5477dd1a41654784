{#
    Transactions up to the as-of date, rolled up to one row per customer_key,
    business line and day: the per-record days (int_transactions_rolled_up_to_record_days)
    of known customers and business lines, summed over the records of each customer.
    A table rebuilt on every run, from the incremental per-record days rather than from
    the transactions: identity resolution may merge two customers, which re-keys their
    whole history.
#}
with

record_days as (
    select * from {{ ref('int_transactions_rolled_up_to_record_days') }}
    where transaction_date <= {{ as_of_date() }}
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
        record_days.transaction_date,
        cast(sum(record_days.transaction_count) as integer) as transaction_count,
        cast(sum(record_days.purchase_count) as integer) as purchase_count,
        sum(record_days.purchase_amount) as purchase_amount,
        sum(record_days.refund_amount) as refund_amount,
        sum(record_days.net_amount) as net_amount
    from record_days
    inner join identity_map
        on record_days.customer_id = identity_map.customer_id
    inner join business_lines
        on record_days.business_line = business_lines.business_line
    group by
        identity_map.customer_key,
        record_days.business_line,
        record_days.transaction_date
)

select * from final
