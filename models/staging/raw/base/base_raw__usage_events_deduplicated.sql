{#
    Usage events have no id: rows that passed the row-level checks and repeat the same
    customer, business line and used_at are one event (version_count - 1 duplicates).
    Whether the customer and line are known is checked after this
    (stg_raw__usage_events, stg_raw__rejects). Incremental (delete + insert by
    usage_event_id): a run re-counts the events base_raw__usage_events wrote since this
    model last ran.
#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='delete+insert',
    unique_key='usage_event_id',
    on_schema_change='fail',
) }}

with

{% if is_incremental() -%}
changed_events as (
    select distinct
        customer_id,
        business_line,
        used_at
    from {{ ref('base_raw__usage_events') }}
    where
        reject_reason is null
        and _loaded_at > {{ incremental_high_water_mark(this, '_source_loaded_at') }}
),

candidates as (
    select usable.*
    from {{ ref('base_raw__usage_events') }} as usable
    inner join changed_events
        on
            usable.customer_id = changed_events.customer_id
            and usable.business_line = changed_events.business_line
            and usable.used_at = changed_events.used_at
    where usable.reject_reason is null
),
{%- else -%}
candidates as (
    select * from {{ ref('base_raw__usage_events') }}
    where reject_reason is null
),
{%- endif %}

grouped as (
    select
        customer_id,
        business_line,
        used_at,
        count(*) as version_count,
        min(raw_record) as raw_record
    from candidates
    group by
        customer_id,
        business_line,
        used_at
),

final as (
    select
        {{ surrogate_key(['customer_id', 'business_line', 'used_at']) }} as usage_event_id,
        customer_id,
        business_line,
        used_at,
        cast(used_at as date) as used_date,
        cast(version_count as integer) as version_count,
        raw_record,
        {{ incremental_high_water_mark(ref('base_raw__usage_events'), '_loaded_at') }} as _source_loaded_at
    from grouped
)

select * from final
