{#
    Every raw usage event, typed, with the reason it cannot be used on its own
    (row-level checks, in the order of the case below). Deduplication and the checks
    against customers and business lines happen in base_raw__usage_events_deduplicated.
    Incremental like base_raw__transactions (an event-time window re-read on each run,
    replaced here); raw_record is kept for rows rejected here and rows whose customer or
    business line is not known when they are read.
#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='replace_window',
    window_column='used_at',
    on_schema_change='fail',
) }}

{%- set columns = raw_contract()['usage_events'] %}

with

source as (
    select
        customer_id as raw_customer_id,
        business_line as raw_business_line,
        used_at as raw_used_at
    from {{ raw_source('usage_events') }}
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
        {{ clean_text('raw_customer_id') }} as customer_id,
        lower({{ clean_text('raw_business_line') }}) as business_line,
        {{ clean_text('raw_used_at') }} as used_at_text,
        {{ parse_timestamp('raw_used_at') }} as used_at
    from source
),

in_window as (
    select * from typed
    {%- if is_incremental() %}
    where {{ incremental_window_predicate('used_at', this, 'used_at') }}
    {%- endif %}
),

checked as (
    select
        in_window.*,
        case
            when in_window.customer_id is null then 'missing_customer_id'
            when in_window.business_line is null then 'missing_business_line'
            when in_window.used_at_text is null then 'missing_used_at'
            when in_window.used_at is null then 'unparseable_used_at'
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
        customer_id,
        business_line,
        used_at,
        case
            when reject_reason is not null or has_unknown_reference
                then {{ raw_record(columns, prefix='raw_') }}
        end as raw_record,
        reject_reason,
        {{ loaded_at() }} as _loaded_at
    from checked
)

select * from final
