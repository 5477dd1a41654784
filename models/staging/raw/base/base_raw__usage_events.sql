{#
    Every raw usage event, typed, with the reason it cannot be used on its own
    (row-level checks, in the order of the case below) and whether it is a duplicate:
    usage events have no id, so rows that passed those checks and repeat the same
    customer, business line and used_at are one event (all but one are duplicates; the
    one kept is the smallest raw row text, which matters only for a reject's raw_record).
    Whether the customer and line are known is checked downstream
    (rejected_rows). Incremental like base_raw__transactions
    (the rows read, plus the earlier repeats of their events: a repeat shares the
    event's time, so only a folder of deliveries can hold one outside the window re-read);
    raw_record is kept for the rows rejected here.
#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='replace_window',
    raw_table='usage_events',
    window_column='used_at',
    unique_key=['customer_id', 'business_line', 'used_at'],
    on_schema_change='fail',
    duplicate_keys=['customer_id', 'business_line', 'used_at'],
    duplicate_order_by='raw_record asc nulls last',
    post_hook={'sql': "{{ flag_duplicates_in_place() }}", 'transaction': false},
) }}

{%- set columns = raw_contract()['usage_events'] %}
{%- set stored_columns = ['customer_id', 'business_line', 'used_at', 'used_date', 'raw_record', 'reject_reason',
    '_raw_file'] %}

with

source as (
    select
        customer_id as raw_customer_id,
        business_line as raw_business_line,
        used_at as raw_used_at,
        {{ raw_file_column('usage_events') }} as _raw_file
    from {{ raw_source('usage_events') }}
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

read_rows as (
    select * from typed
    {%- if is_incremental() %}
    where {{ incremental_new_raw_rows('usage_events', 'used_at', this, 'used_at', 'raw_used_at') }}
    {%- endif %}
),

checked as (
    select
        read_rows.*,
        case
            when read_rows.customer_id is null then 'missing_customer_id'
            when read_rows.business_line is null then 'missing_business_line'
            when read_rows.used_at_text is null then 'missing_used_at'
            when read_rows.used_at is null then 'unparseable_used_at'
        end as reject_reason
    from read_rows
),

read_now as (
    select
        customer_id,
        business_line,
        used_at,
        cast(used_at as date) as used_date,
        case when reject_reason is not null then {{ raw_record(columns, prefix='raw_') }} end as raw_record,
        reject_reason,
        _raw_file
    from checked
),

{{ raw_row_versions(stored_columns) }}
