{#
    Every raw email event, typed, with its reject reason and a duplicate flag
    (per event_id the latest event_at wins, exact ties by the raw row's text).
#}
with

source as (
    select * from {{ raw_source('email_events') }}
),

known_customers as (
    select customer_id from {{ ref('stg_raw__customers') }}
),

typed as (
    select
        {{ clean_text('event_id') }} as event_id,
        {{ clean_text('customer_id') }} as customer_id,
        lower({{ clean_text('event_type') }}) as event_type,
        {{ clean_text('event_at') }} as event_at_text,
        {{ parse_timestamp('event_at') }} as event_at,
        {{ clean_text('campaign_id') }} as campaign_id,
        {{ raw_record(raw_contract()['email_events']) }} as raw_record
    from source
),

checked as (
    select
        typed.*,
        case
            when typed.event_id is null then 'missing_event_id'
            when typed.customer_id is null then 'missing_customer_id'
            when known_customers.customer_id is null then 'unknown_customer'
            when typed.event_type is null then 'missing_event_type'
            when typed.event_type not in (
                {%- for event_type in email_event_types() %}
                '{{ event_type }}'{{ "," if not loop.last }}
                {%- endfor %}
            ) then 'unknown_event_type'
            when typed.event_at_text is null then 'missing_event_at'
            when typed.event_at is null then 'unparseable_event_at'
        end as reject_reason
    from typed
    left join known_customers
        on typed.customer_id = known_customers.customer_id
),

ranked as (
    select
        *,
        row_number() over (
            partition by (reject_reason is null), event_id
            order by event_at desc, raw_record asc
        ) as version_rank
    from checked
),

final as (
    select
        event_id,
        customer_id,
        event_type,
        event_at,
        campaign_id,
        raw_record,
        reject_reason,
        (reject_reason is null and version_rank > 1) as is_duplicate
    from ranked
)

select * from final
