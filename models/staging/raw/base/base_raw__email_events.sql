{#
    Every raw email event, typed, with the reason it cannot be used on its own
    (row-level checks, in the order of the case below). Deduplication and the check
    against the customers happen on the latest version of each event, in
    base_raw__email_events_deduplicated. Incremental like base_raw__transactions (an
    event-time window re-read on each run, replaced here); raw_record is kept for rows
    rejected here and rows whose customer is not known when they are read.
#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='replace_window',
    window_column='event_at',
    on_schema_change='fail',
) }}

{%- set columns = raw_contract()['email_events'] %}

with

source as (
    select
        event_id as raw_event_id,
        customer_id as raw_customer_id,
        event_type as raw_event_type,
        event_at as raw_event_at,
        campaign_id as raw_campaign_id
    from {{ raw_source('email_events') }}
),

known_customers as (
    select customer_id from {{ ref('stg_raw__customers') }}
),

typed as (
    select
        source.*,
        {{ clean_text('raw_event_id') }} as event_id,
        {{ clean_text('raw_customer_id') }} as customer_id,
        lower({{ clean_text('raw_event_type') }}) as event_type,
        {{ clean_text('raw_event_at') }} as event_at_text,
        {{ parse_timestamp('raw_event_at') }} as event_at,
        {{ clean_text('raw_campaign_id') }} as campaign_id
    from source
),

in_window as (
    select * from typed
    {%- if is_incremental() %}
    where {{ incremental_window_predicate('event_at', this, 'event_at') }}
    {%- endif %}
),

checked as (
    select
        in_window.*,
        case
            when in_window.event_id is null then 'missing_event_id'
            when in_window.customer_id is null then 'missing_customer_id'
            when in_window.event_type is null then 'missing_event_type'
            when in_window.event_type not in (
                {%- for event_type in email_event_types() %}
                '{{ event_type }}'{{ "," if not loop.last }}
                {%- endfor %}
            ) then 'unknown_event_type'
            when in_window.event_at_text is null then 'missing_event_at'
            when in_window.event_at is null then 'unparseable_event_at'
        end as reject_reason,
        known_customers.customer_id is null as has_unknown_reference
    from in_window
    left join known_customers
        on in_window.customer_id = known_customers.customer_id
),

final as (
    select
        event_id,
        customer_id,
        event_type,
        event_at,
        campaign_id,
        case
            when reject_reason is not null or has_unknown_reference
                then {{ raw_record(columns, prefix='raw_') }}
        end as raw_record,
        reject_reason,
        {{ loaded_at() }} as _loaded_at
    from checked
)

select * from final
