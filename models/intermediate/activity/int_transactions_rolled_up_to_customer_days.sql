{#
    Transactions up to the as-of date, rolled up to one row per customer_key,
    business line and day: the per-record days (int_transactions_rolled_up_to_record_days)
    of known customers and business lines, summed over the records of each customer.
    A table rebuilt on every run, from the incremental per-record days rather than from
    the transactions: identity resolution may merge two customers, which re-keys their
    whole history. Only the days of customers with several records are re-aggregated;
    a customer with one record keeps its record's days.
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

single_record_days as (
    -- a customer with one record (match_rule 'self': no link): its days as they are
    select
        customer_key,
        business_line,
        transaction_date,
        transaction_count,
        purchase_count,
        purchase_amount,
        refund_amount,
        net_amount
    from known_days
    where match_rule = 'self'
),

multi_record_days as (
    select
        customer_key,
        business_line,
        transaction_date,
        cast(sum(transaction_count) as integer) as transaction_count,
        cast(sum(purchase_count) as integer) as purchase_count,
        cast(sum(purchase_amount) as decimal(18, 2)) as purchase_amount,
        cast(sum(refund_amount) as decimal(18, 2)) as refund_amount,
        cast(sum(net_amount) as decimal(18, 2)) as net_amount
    from known_days
    where match_rule <> 'self'
    group by
        customer_key,
        business_line,
        transaction_date
),

final as (
    select * from single_record_days
    union all
    select * from multi_record_days
)

select * from final
