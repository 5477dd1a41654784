{#
    Usable transactions: the latest version of each transaction (the
    base_raw__transactions rows that passed the row-level checks and are not
    duplicates). Whether its customer and business line are known is checked
    downstream (rejected_rows). A view over the incremental base
    table.
#}
{{ config(materialized='view') }}

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
        transaction_date,
        amount,
        currency,
        channel
    from transactions
)

select * from final
