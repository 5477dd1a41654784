{#
    One row per customer_key and business line with any transaction, usage event or
    contract in that line up to the as-of date: every signal the lifecycle rules
    read (macros/lifecycle/lifecycle_rule_<industry>.sql), all as dates.
#}
with

customer_days as (
    select * from {{ ref('int_transactions_rolled_up_to_customer_days') }}
),

usage as (
    select * from {{ ref('int_usage_events_rolled_up_to_customer_lines') }}
),

contracts as (
    select * from {{ ref('int_contracts_rolled_up_to_customer_lines') }}
),

email as (
    select * from {{ ref('int_email_events_rolled_up_to_customers') }}
),

business_lines as (
    select * from {{ ref('stg_raw__business_lines') }}
),

customer_lines as (
    select
        customer_key,
        business_line
    from customer_days
    union
    select
        customer_key,
        business_line
    from usage
    union
    select
        customer_key,
        business_line
    from contracts
),

purchase_days as (
    select
        customer_key,
        business_line,
        transaction_date,
        row_number() over (
            partition by customer_key, business_line
            order by transaction_date desc
        ) as recency_rank
    from customer_days
    where purchase_count > 0
),

purchases as (
    select
        customer_key,
        business_line,
        cast(count(*) as integer) as purchase_days,
        min(transaction_date) as first_purchase_date,
        max(case when recency_rank = 1 then transaction_date end) as last_purchase_date,
        max(case when recency_rank = 2 then transaction_date end) as previous_purchase_date
    from purchase_days
    group by
        customer_key,
        business_line
),

transactions as (
    select
        customer_key,
        business_line,
        cast(sum(transaction_count) as integer) as transaction_count,
        max(transaction_date) as last_transaction_date,
        sum(net_amount) as net_revenue
    from customer_days
    group by
        customer_key,
        business_line
),

final as (
    select
        customer_lines.customer_key,
        customer_lines.business_line,
        business_lines.industry,
        purchases.first_purchase_date,
        purchases.last_purchase_date,
        purchases.previous_purchase_date,
        transactions.last_transaction_date,
        email.last_email_engagement_date,
        usage.first_usage_date,
        usage.last_usage_date,
        contracts.first_contract_start_date,
        contracts.last_contract_end_date,
        coalesce(purchases.purchase_days, 0) as purchase_days,
        coalesce(transactions.transaction_count, 0) as transaction_count,
        coalesce(transactions.net_revenue, 0) as net_revenue,
        coalesce(usage.usage_days, 0) as usage_days,
        coalesce(contracts.has_running_contract, false) as has_running_contract,
        coalesce(contracts.contract_count, 0) as contract_count
    from customer_lines
    inner join business_lines
        on customer_lines.business_line = business_lines.business_line
    left join purchases
        on
            customer_lines.customer_key = purchases.customer_key
            and customer_lines.business_line = purchases.business_line
    left join transactions
        on
            customer_lines.customer_key = transactions.customer_key
            and customer_lines.business_line = transactions.business_line
    left join usage
        on
            customer_lines.customer_key = usage.customer_key
            and customer_lines.business_line = usage.business_line
    left join contracts
        on
            customer_lines.customer_key = contracts.customer_key
            and customer_lines.business_line = contracts.business_line
    left join email
        on customer_lines.customer_key = email.customer_key
)

select * from final
