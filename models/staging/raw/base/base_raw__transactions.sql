{#
    Every raw transaction row, typed, with the reason it cannot be used on its own
    (row-level checks, in the order of the case below). Deduplication and the checks
    against other tables (unknown customer or business line) happen on the latest
    version of each transaction, in base_raw__transactions_deduplicated.

    Incremental (macros/incremental/incremental_window.sql): a run re-reads only the
    raw rows in the event-time window (the last var('incremental_lookback_days') days
    already loaded, later rows, and rows without a usable time) and replaces the same
    window here; --full-refresh re-reads everything.

    raw_record (the raw row as text) is kept where a reject may need it: rows rejected
    here, and rows whose customer or business line is not known when they are read
    (they may become unknown_customer / unknown_business_line rejects).
#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='replace_window',
    window_column='transaction_at',
    on_schema_change='fail',
) }}

{%- set columns = raw_contract()['transactions'] %}

with

source as (
    select
        transaction_id as raw_transaction_id,
        customer_id as raw_customer_id,
        business_line as raw_business_line,
        transaction_at as raw_transaction_at,
        amount as raw_amount,
        currency as raw_currency,
        channel as raw_channel
    from {{ raw_source('transactions') }}
),

known_customers as (
    select customer_id from {{ ref('stg_raw__customers') }}
),

known_business_lines as (
    select business_line from {{ ref('stg_raw__business_lines') }}
),

typed as (
    select
        source.*,
        {{ clean_text('raw_transaction_id') }} as transaction_id,
        {{ clean_text('raw_customer_id') }} as customer_id,
        lower({{ clean_text('raw_business_line') }}) as business_line,
        {{ clean_text('raw_transaction_at') }} as transaction_at_text,
        {{ parse_timestamp('raw_transaction_at') }} as transaction_at,
        {{ clean_text('raw_amount') }} as amount_text,
        {{ parse_amount('raw_amount') }} as amount,
        upper({{ clean_text('raw_currency') }}) as currency,
        lower({{ clean_text('raw_channel') }}) as channel
    from source
),

in_window as (
    select * from typed
    {%- if is_incremental() %}
    where {{ incremental_window_predicate('transaction_at', this, 'transaction_at') }}
    {%- endif %}
),

checked as (
    select
        in_window.*,
        case
            when in_window.transaction_id is null then 'missing_transaction_id'
            when in_window.customer_id is null then 'missing_customer_id'
            when in_window.business_line is null then 'missing_business_line'
            when in_window.transaction_at_text is null then 'missing_transaction_at'
            when in_window.transaction_at is null then 'unparseable_transaction_at'
            when in_window.amount_text is null then 'missing_amount'
            when in_window.amount is null then 'non_numeric_amount'
            when in_window.currency is null then 'missing_currency'
            when in_window.currency not in (
                {%- for code in get_accepted_currencies() %}
                '{{ code }}'{{ "," if not loop.last }}
                {%- endfor %}
            ) then 'currency_not_accepted'
        end as reject_reason,
        (
            known_customers.customer_id is null
            or known_business_lines.business_line is null
        ) as has_unknown_reference
    from in_window
    left join known_customers
        on in_window.customer_id = known_customers.customer_id
    left join known_business_lines
        on in_window.business_line = known_business_lines.business_line
),

final as (
    select
        transaction_id,
        customer_id,
        business_line,
        transaction_at,
        amount,
        currency,
        channel,
        case
            when reject_reason is not null or has_unknown_reference
                then {{ raw_record(columns, prefix='raw_') }}
        end as raw_record,
        reject_reason,
        {{ loaded_at() }} as _loaded_at
    from checked
)

select * from final
