{#
    The usable transactions (stg_raw__transactions), rolled up to one row per customer
    record (customer_id), business line and day, whatever the as-of date and whether the
    customer is known: the consumers filter (int_customer_line_activity). A purchase
    is a transaction with amount > 0; refunds (amount < 0) count in net revenue only;
    zero-amount rows in neither.
    Incremental (strategy replace_keys): a run recomputes the days of every usable row
    base_raw__transactions wrote since it last ran: the day of each new version and the
    days of the older versions of the same transaction_ids (written again with them),
    which may now be empty (a tombstone deletes them). In the window mode also the days
    of the window (macros/incremental/replaced_window.sql).
#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='replace_keys',
    unique_key=['customer_id', 'business_line', 'transaction_date'],
    on_schema_change='fail',
) }}

{%- set transactions_relation = ref('base_raw__transactions') %}

with

{% if is_incremental() -%}
changed_days as (
    select distinct
        customer_id,
        business_line,
        transaction_date
    from {{ transactions_relation }}
    where
        reject_reason is null
        and _loaded_at > {{ incremental_high_water_mark(this, '_source_loaded_at') }}

    union

    {{ rows_in_replaced_window('transactions', 'transaction_date',
        ['customer_id', 'business_line', 'transaction_date']) }}
),

in_scope as (
    select staged.*
    from {{ ref('stg_raw__transactions') }} as staged
    inner join changed_days
        on
            staged.customer_id = changed_days.customer_id
            and staged.business_line = changed_days.business_line
            and staged.transaction_date = changed_days.transaction_date
),
{%- else -%}
in_scope as (
    select * from {{ ref('stg_raw__transactions') }}
),
{%- endif %}

rolled_up as (
    select
        customer_id,
        business_line,
        transaction_date,
        false as _is_tombstone,
        cast(count(*) as integer) as transaction_count,
        cast(sum(case when amount > 0 then 1 else 0 end) as integer) as purchase_count,
        cast(sum(case when amount > 0 then amount else 0 end) as decimal(18, 2)) as purchase_amount,
        cast(sum(case when amount < 0 then amount else 0 end) as decimal(18, 2)) as refund_amount,
        cast(sum(amount) as decimal(18, 2)) as net_amount
    from in_scope
    group by
        customer_id,
        business_line,
        transaction_date
),

{{ with_tombstones_cte('rolled_up', ['_source_loaded_at'], keys='changed_days',
    key_columns=['customer_id', 'business_line', 'transaction_date']) }},

final as (
    select
        *,
        {{ incremental_high_water_mark(transactions_relation, '_loaded_at') }} as _source_loaded_at
    from with_tombstones
)

select * from final
