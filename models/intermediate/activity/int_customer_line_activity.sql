{#
    One row per customer_key and business line with any transaction, usage event or
    contract in that line up to the as-of date: every signal the lifecycle rules
    read (macros/lifecycle/lifecycle_rule_<industry>.sql), all as dates.

    A table rebuilt on every run: it depends on the as-of date and on the business
    lines, and is read whole by the marts.
#}
with

business_lines as (
    select * from {{ ref('stg_raw__business_lines') }}
),

days_up_to_as_of as (
    select * from {{ ref('int_transactions_rolled_up_to_customer_days') }}
    where transaction_date <= {{ as_of_date() }}
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

lines_rolled_up as (
    -- one pass over the days: purchases (days with amount > 0) and all transactions
    select  -- noqa: ST06
        customer_key,
        business_line,
        max(transaction_date) as last_transaction_date,
        cast(sum(net_amount) as decimal(18, 2)) as net_revenue,
        cast(sum(case when purchase_count > 0 then 1 else 0 end) as integer) as purchase_days,
        min(case when purchase_count > 0 then transaction_date end) as first_purchase_date,
        max(case when purchase_count > 0 then transaction_date end) as last_purchase_date,
        -- the purchase day before the last one (days are distinct here: one row per day)
        {{ second_largest('case when purchase_count > 0 then transaction_date end') }} as previous_purchase_date,
        cast(sum(transaction_count) as integer) as transaction_count
    from days_up_to_as_of
    group by
        customer_key,
        business_line
),

customer_lines as (
    -- (the transaction lines from their rollup, not from every day)
    select
        customer_key,
        business_line
    from lines_rolled_up
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

purchases as (
    select
        lines_rolled_up.customer_key,
        lines_rolled_up.business_line,
        lines_rolled_up.purchase_days,
        lines_rolled_up.first_purchase_date,
        lines_rolled_up.last_purchase_date,
        lines_rolled_up.previous_purchase_date
    from lines_rolled_up
    where lines_rolled_up.purchase_days > 0
),

transactions as (
    select
        customer_key,
        business_line,
        transaction_count,
        last_transaction_date,
        net_revenue
    from lines_rolled_up
),

lines as (
    select  -- noqa: ST06
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

select * from lines
