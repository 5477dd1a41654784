{#
    One row per customer_key and business line with any transaction, usage event or
    contract in that line up to the as-of date: every signal the lifecycle rules
    read (macros/lifecycle/lifecycle_rule_<industry>.sql), all as dates.

    A table rebuilt on every run from the per-customer rollups: it depends on the
    as-of date (contracts) and on the business lines, and is read whole by the marts.
#}
with

business_lines as (
    select * from {{ ref('stg_raw__business_lines') }}
),

transactions as (
    select * from {{ ref('int_transactions_rolled_up_to_customer_lines') }}
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

customer_lines as (
    select
        customer_key,
        business_line
    from transactions
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

lines as (
    select  -- noqa: ST06
        customer_lines.customer_key,
        customer_lines.business_line,
        business_lines.industry,
        transactions.first_purchase_date,
        transactions.last_purchase_date,
        transactions.previous_purchase_date,
        transactions.last_transaction_date,
        email.last_email_engagement_date,
        usage.first_usage_date,
        usage.last_usage_date,
        contracts.first_contract_start_date,
        contracts.last_contract_end_date,
        coalesce(transactions.purchase_days, 0) as purchase_days,
        coalesce(transactions.transaction_count, 0) as transaction_count,
        coalesce(transactions.net_revenue, 0) as net_revenue,
        coalesce(usage.usage_days, 0) as usage_days,
        coalesce(contracts.has_running_contract, false) as has_running_contract,
        coalesce(contracts.contract_count, 0) as contract_count
    from customer_lines
    inner join business_lines
        on customer_lines.business_line = business_lines.business_line
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
