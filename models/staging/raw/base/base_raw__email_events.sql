{#
    Every raw email event, typed, with the reason it cannot be used on its own
    (row-level checks, in the order of the case below) and whether it is a duplicate:
    per event_id, among the rows that passed those checks, the latest event_at wins;
    exact ties go to the smallest (customer_id, event_type, campaign_id), then to the
    raw row's text. Whether the customer is known is checked on the latest version,
    downstream (rejected_rows). Incremental like
    base_raw__transactions (an event-time window re-read on each run, with the earlier
    versions of the event_ids it holds); raw_record is kept for the rows rejected here.
#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='replace_window',
    raw_table='email_events',
    window_column='event_at',
    unique_key='event_id',
    on_schema_change='fail',
    duplicate_keys=['event_id'],
    duplicate_order_by='event_at desc, customer_id asc, event_type asc, campaign_id asc nulls first,'
        ~ ' raw_record asc nulls first',
    post_hook={'sql': "{{ flag_duplicates_in_place() }}", 'transaction': false},
) }}

{%- set columns = raw_contract()['email_events'] %}
{%- set stored_columns = ['event_id', 'customer_id', 'event_type', 'event_at', 'event_date', 'campaign_id',
    'raw_record', 'reject_reason', '_raw_file'] %}

with

source as (
    select
        event_id as raw_event_id,
        customer_id as raw_customer_id,
        event_type as raw_event_type,
        event_at as raw_event_at,
        campaign_id as raw_campaign_id,
        {{ raw_file_column('email_events') }} as _raw_file
    from {{ raw_source('email_events') }}
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

read_rows as (
    select * from typed
    {%- if is_incremental() %}
    where {{ incremental_new_raw_rows('email_events', 'event_at', this, 'event_at', 'raw_event_at') }}
    {%- endif %}
),

checked as (
    select
        read_rows.*,
        case
            when read_rows.event_id is null then 'missing_event_id'
            when read_rows.customer_id is null then 'missing_customer_id'
            when read_rows.event_type is null then 'missing_event_type'
            when read_rows.event_type not in (
                {%- for event_type in email_event_types() %}
                '{{ event_type }}'{{ "," if not loop.last }}
                {%- endfor %}
            ) then 'unknown_event_type'
            when read_rows.event_at_text is null then 'missing_event_at'
            when read_rows.event_at is null then 'unparseable_event_at'
        end as reject_reason
    from read_rows
),

read_now as (
    select
        event_id,
        customer_id,
        event_type,
        event_at,
        cast(event_at as date) as event_date,
        campaign_id,
        case when reject_reason is not null then {{ raw_record(columns, prefix='raw_') }} end as raw_record,
        reject_reason,
        _raw_file
    from checked
),

{{ raw_row_versions(stored_columns) }}
