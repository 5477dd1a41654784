{#
    int_transactions_rolled_up_to_customer_days, on the known business lines, equals
    the staged transactions of known customer records rolled up by customer_key, line and day from scratch, row
    by row: an incremental run that missed a customer (a merge, a record removed, a
    transaction moved to another record) leaves a row here. One row per day that
    differs, with what differs.
#}
with

expected as (
    select
        identity_map.customer_key,
        staged.business_line,
        staged.transaction_date,
        count(*) as transaction_count,
        sum(case when staged.amount > 0 then 1 else 0 end) as purchase_count,
        sum(case when staged.amount > 0 then staged.amount else 0 end) as purchase_amount,
        sum(case when staged.amount < 0 then staged.amount else 0 end) as refund_amount,
        sum(staged.amount) as net_amount
    from {{ ref('stg_raw__transactions') }} as staged
    inner join {{ ref('customer_identity_map') }} as identity_map
        on staged.customer_id = identity_map.customer_id
    inner join {{ ref('stg_raw__business_lines') }} as known_lines
        on staged.business_line = known_lines.business_line
    group by
        identity_map.customer_key,
        staged.business_line,
        staged.transaction_date
),

actual as (
    select customer_days.*
    from {{ ref('int_transactions_rolled_up_to_customer_days') }} as customer_days
    where customer_days.business_line in (
        select business_lines.business_line from {{ ref('stg_raw__business_lines') }} as business_lines
    )
)

select
    coalesce(expected.customer_key, actual.customer_key) as customer_key,
    coalesce(expected.business_line, actual.business_line) as business_line,
    coalesce(expected.transaction_date, actual.transaction_date) as transaction_date,
    case
        when actual.customer_key is null then 'day missing'
        when expected.customer_key is null then 'day not in the staged transactions'
        else 'totals differ'
    end as problem
from expected
full outer join actual
    on
        expected.customer_key = actual.customer_key
        and expected.business_line = actual.business_line
        and expected.transaction_date = actual.transaction_date
where
    expected.customer_key is null
    or actual.customer_key is null
    or expected.transaction_count <> actual.transaction_count
    or expected.purchase_count <> actual.purchase_count
    or expected.purchase_amount <> actual.purchase_amount
    or expected.refund_amount <> actual.refund_amount
    or expected.net_amount <> actual.net_amount
