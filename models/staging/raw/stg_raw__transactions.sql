{#
    Usable transactions: the latest version of each transaction (the
    base_raw__transactions rows that passed the row-level checks and are not
    duplicates) when its customer and business line are known. A view: the base table
    is incremental, and checking it against the current customers on every read means
    a customer who arrives late is picked up at once.
#}
{{ config(materialized='view') }}

with

transactions as (
    select * from {{ ref('base_raw__transactions') }}
    where reject_reason is null and not is_duplicate
),

known_customers as (
    select customer_id from {{ ref('stg_raw__customers') }}
),

known_business_lines as (
    select business_line from {{ ref('stg_raw__business_lines') }}
),

final as (
    select
        transactions.transaction_id,
        transactions.customer_id,
        transactions.business_line,
        transactions.transaction_at,
        transactions.transaction_date,
        transactions.amount,
        transactions.currency,
        transactions.channel
    from transactions
    inner join known_customers
        on transactions.customer_id = known_customers.customer_id
    inner join known_business_lines
        on transactions.business_line = known_business_lines.business_line
)

select * from final
