{#
    The latest version of each transaction among the rows that passed the row-level
    checks: per transaction_id the latest transaction_at wins; exact ties go to the
    smallest (customer_id, business_line, amount, currency, channel), so the result
    never depends on row order (rows equal on all of these are interchangeable).
    version_count = how many usable versions arrived (version_count - 1 are
    duplicates); raw_record is the winner's raw row when base kept it. Whether the
    customer and business line are known is checked after this (stg_raw__transactions
    keeps the known ones, stg_raw__rejects the others).

    Incremental (delete + insert by transaction_id): a run re-ranks every version of
    each transaction_id that base_raw__transactions wrote since this model last ran
    (older versions included, whatever their date), so deduplication stays correct
    across runs.
#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='delete+insert',
    unique_key='transaction_id',
    on_schema_change='fail',
) }}

with

{% if is_incremental() -%}
changed_transactions as (
    select distinct transaction_id
    from {{ ref('base_raw__transactions') }}
    where
        reject_reason is null
        and _loaded_at > {{ incremental_high_water_mark(this, '_source_loaded_at') }}
),

candidates as (
    select usable.*
    from {{ ref('base_raw__transactions') }} as usable
    inner join changed_transactions
        on usable.transaction_id = changed_transactions.transaction_id
    where usable.reject_reason is null
),
{%- endif %}

latest as (
    {{ latest_versions(
        relation='candidates' if is_incremental() else ref('base_raw__transactions'),
        key='transaction_id',
        order_by='transaction_at desc, customer_id asc, business_line asc, amount asc,'
            ~ ' currency asc, channel asc nulls first',
        where='true' if is_incremental() else 'reject_reason is null',
    ) | indent(4) }}
),

final as (
    select
        transaction_id,
        customer_id,
        business_line,
        transaction_at,
        cast(transaction_at as date) as transaction_date,
        amount,
        currency,
        channel,
        cast(version_count as integer) as version_count,
        raw_record,
        {{ incremental_high_water_mark(ref('base_raw__transactions'), '_loaded_at') }} as _source_loaded_at
    from latest
)

select * from final
