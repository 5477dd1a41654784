{#
    Every raw transaction row, typed, with its reject reason (the first failed check,
    in the order of the case below) and a duplicate flag. Duplicates are looked for
    among usable rows only: per transaction_id the row with the latest transaction_at
    wins, exact ties by the raw row's text (deterministic).
#}
with

source as (
    select * from {{ raw_source('transactions') }}
),

known_customers as (
    select customer_id from {{ ref('stg_raw__customers') }}
),

known_business_lines as (
    select business_line from {{ ref('stg_raw__business_lines') }}
),

typed as (
    select
        {{ clean_text('transaction_id') }} as transaction_id,
        {{ clean_text('customer_id') }} as customer_id,
        lower({{ clean_text('business_line') }}) as business_line,
        {{ clean_text('transaction_at') }} as transaction_at_text,
        {{ parse_timestamp('transaction_at') }} as transaction_at,
        {{ clean_text('amount') }} as amount_text,
        {{ parse_amount('amount') }} as amount,
        upper({{ clean_text('currency') }}) as currency,
        lower({{ clean_text('channel') }}) as channel,
        {{ raw_record(raw_contract()['transactions']) }} as raw_record
    from source
),

checked as (
    select
        typed.*,
        case
            when typed.transaction_id is null then 'missing_transaction_id'
            when typed.customer_id is null then 'missing_customer_id'
            when known_customers.customer_id is null then 'unknown_customer'
            when typed.business_line is null then 'missing_business_line'
            when known_business_lines.business_line is null then 'unknown_business_line'
            when typed.transaction_at_text is null then 'missing_transaction_at'
            when typed.transaction_at is null then 'unparseable_transaction_at'
            when typed.amount_text is null then 'missing_amount'
            when typed.amount is null then 'non_numeric_amount'
            when typed.currency is null then 'missing_currency'
            when typed.currency not in (
                {%- for code in get_accepted_currencies() %}
                '{{ code }}'{{ "," if not loop.last }}
                {%- endfor %}
            ) then 'currency_not_accepted'
        end as reject_reason
    from typed
    left join known_customers
        on typed.customer_id = known_customers.customer_id
    left join known_business_lines
        on typed.business_line = known_business_lines.business_line
),

ranked as (
    select
        *,
        row_number() over (
            partition by (reject_reason is null), transaction_id
            order by transaction_at desc, raw_record asc
        ) as version_rank
    from checked
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
        raw_record,
        reject_reason,
        (reject_reason is null and version_rank > 1) as is_duplicate
    from ranked
)

select * from final
