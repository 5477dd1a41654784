{#
    Every raw transaction row, typed, with the reason it cannot be used on its own
    (row-level checks, in the order of the case below) and whether it is a duplicate:
    per transaction_id, among the rows that passed those checks, the latest
    transaction_at wins; exact ties go to the smallest (customer_id, business_line,
    amount, currency, channel), then to the raw row's text, so the result never depends
    on row order. The other usable versions are duplicates (is_duplicate): counted,
    never staged. Whether the customer and business line are known is checked on the
    latest version, downstream (rejected_rows).

    One table holds every version (no separate deduplicated copy: writing the rows is
    what a full build spends most on at scale).

    Incremental (macros/incremental/incremental_window.sql, strategy replace_window): a
    run re-reads only the raw rows in the event-time window (the last
    var('incremental_lookback_days') days already loaded, later rows, and rows without
    a usable time), plus this table's earlier versions of the transaction_ids it read,
    and ranks them together; the window and those ids are replaced here. So
    deduplication stays correct across runs. --full-refresh re-reads everything.

    raw_record (the raw row as text) is kept for the rows rejected here.
#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='replace_window',
    raw_table='transactions',
    window_column='transaction_at',
    unique_key='transaction_id',
    on_schema_change='fail',
    duplicate_keys=['transaction_id'],
    duplicate_order_by='transaction_at desc, customer_id asc, business_line asc, amount asc, currency asc,'
        ~ ' channel asc nulls first, raw_record asc nulls first',
    post_hook={'sql': "{{ flag_duplicates_in_place() }}", 'transaction': false},
) }}

{%- set columns = raw_contract()['transactions'] %}
{%- set stored_columns = ['transaction_id', 'customer_id', 'business_line', 'transaction_at', 'transaction_date',
    'amount', 'currency', 'channel', 'raw_record', 'reject_reason', '_raw_file'] %}

with

source as (
    select
        transaction_id as raw_transaction_id,
        customer_id as raw_customer_id,
        business_line as raw_business_line,
        transaction_at as raw_transaction_at,
        amount as raw_amount,
        currency as raw_currency,
        channel as raw_channel,
        {{ raw_file_column('transactions') }} as _raw_file
    from {{ raw_source('transactions') }}
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
        {{ amount_number_text('raw_amount') }} as amount_number,
        upper({{ clean_text('raw_currency') }}) as currency,
        lower({{ clean_text('raw_channel') }}) as channel
    from source
),

read_rows as (
    select * from typed
    {%- if is_incremental() %}
    where {{ incremental_new_raw_rows('transactions', 'transaction_at', this, 'transaction_at', 'raw_transaction_at') }}
    {%- endif %}
),

checked as (
    select
        read_rows.*,
        case
            when read_rows.transaction_id is null then 'missing_transaction_id'
            when read_rows.customer_id is null then 'missing_customer_id'
            when read_rows.business_line is null then 'missing_business_line'
            when read_rows.transaction_at_text is null then 'missing_transaction_at'
            when read_rows.transaction_at is null then 'unparseable_transaction_at'
            when read_rows.amount_text is null then 'missing_amount'
            -- not a number ('nan' and 'inf' included: a double cast reads them)
            when not coalesce({{ is_finite(dbt.safe_cast('read_rows.amount_number', 'double')) }}, false)
                then 'non_numeric_amount'
            when {{ amount_reject_reason('read_rows.amount_number') }} is not null
                then {{ amount_reject_reason('read_rows.amount_number') }}
            when read_rows.currency is null then 'missing_currency'
            when read_rows.currency not in (
                {%- for code in get_accepted_currencies() %}
                '{{ code }}'{{ "," if not loop.last }}
                {%- endfor %}
            ) then 'currency_not_accepted'
        end as reject_reason
    from read_rows
),

read_now as (
    select
        transaction_id,
        customer_id,
        business_line,
        transaction_at,
        cast(transaction_at as date) as transaction_date,
        -- decimal(18, 2) holds every amount that passed the checks (below 1e12, two decimals)
        case
            when {{ amount_reject_reason('amount_number') }} is null
                then {{ dbt.safe_cast('amount_number', 'decimal(18, 2)') }}
        end as amount,
        currency,
        channel,
        case when reject_reason is not null then {{ raw_record(columns, prefix='raw_') }} end as raw_record,
        reject_reason,
        _raw_file
    from checked
),

{{ raw_row_versions(stored_columns) }}
