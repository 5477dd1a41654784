{#
    The customer days (int_transactions_rolled_up_to_customer_days) up to the as-of
    date, one row per customer_key and business line: purchase days (amount > 0), the
    first, last and previous purchase day, the last transaction of any amount, and
    the net revenue. Every business line, known or not (int_customer_line_activity
    keeps the known ones).
    Incremental: a run recomputes the customers logged by int_customers_changed since
    it last ran (strategy replace_customers).
#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='replace_customers',
    unique_key='customer_key',
    on_schema_change='fail',
) }}

with

customer_days as (
    select * from {{ ref('int_transactions_rolled_up_to_customer_days') }}
    where
        transaction_date <= {{ as_of_date() }}
        and {{ customer_changed_since_last_run('customer_key') }}
),

final as (
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
        cast(sum(transaction_count) as integer) as transaction_count,
        {{ loaded_at() }} as _loaded_at
    from customer_days
    group by
        customer_key,
        business_line
)

select * from final
