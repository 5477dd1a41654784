{#
    Every raw contract row, typed, with its reject reason and a duplicate flag
    (per contract_id the latest started_at wins, then the latest ends_at with an
    open-ended contract counting as latest, then the raw row's text). Whether the
    customer and line are known is checked downstream (rejected_rows).
#}
with

source as (
    select * from {{ raw_source('contracts') }}
),

typed as (
    select
        {{ clean_text('contract_id') }} as contract_id,
        {{ clean_text('customer_id') }} as customer_id,
        lower({{ clean_text('business_line') }}) as business_line,
        {{ clean_text('started_at') }} as started_at_text,
        {{ parse_timestamp('started_at') }} as started_at,
        {{ clean_text('ends_at') }} as ends_at_text,
        {{ parse_timestamp('ends_at') }} as ends_at,
        {{ raw_record(raw_contract()['contracts']) }} as raw_record
    from source
),

checked as (
    select
        typed.*,
        case
            when typed.contract_id is null then 'missing_contract_id'
            when typed.customer_id is null then 'missing_customer_id'
            when typed.business_line is null then 'missing_business_line'
            when typed.started_at_text is null then 'missing_started_at'
            when typed.started_at is null then 'unparseable_started_at'
            when typed.ends_at_text is not null and typed.ends_at is null then 'unparseable_ends_at'
            when typed.ends_at < typed.started_at then 'ends_before_start'
        end as reject_reason
    from typed
),

ranked as (
    select
        *,
        row_number() over (
            partition by (reject_reason is null), contract_id
            order by started_at desc, ends_at desc nulls first, raw_record asc
        ) as version_rank
    from checked
),

final as (
    select
        contract_id,
        customer_id,
        business_line,
        started_at,
        ends_at,
        raw_record,
        reject_reason,
        (reject_reason is null and version_rank > 1) as is_duplicate
    from ranked
)

select * from final
