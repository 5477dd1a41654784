{#
    The latest version of each email event among the rows that passed the row-level
    checks: per event_id the latest event_at wins; exact ties go to the smallest
    (customer_id, event_type, campaign_id). version_count - 1 versions are duplicates; raw_record
    is the winner's raw row when base kept it.
    Whether the customer is known is checked after this (stg_raw__email_events,
    stg_raw__rejects). Incremental like base_raw__transactions_deduplicated (every
    version of each event_id written since the last run is re-ranked).
#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='delete+insert',
    unique_key='event_id',
    on_schema_change='fail',
) }}

with

{% if is_incremental() -%}
changed_events as (
    select distinct event_id
    from {{ ref('base_raw__email_events') }}
    where
        reject_reason is null
        and _loaded_at > {{ incremental_high_water_mark(this, '_source_loaded_at') }}
),

candidates as (
    select usable.*
    from {{ ref('base_raw__email_events') }} as usable
    inner join changed_events
        on usable.event_id = changed_events.event_id
    where usable.reject_reason is null
),
{%- endif %}

latest as (
    {{ latest_versions(
        relation='candidates' if is_incremental() else ref('base_raw__email_events'),
        key='event_id',
        order_by='event_at desc, customer_id asc, event_type asc, campaign_id asc nulls first',
        where='true' if is_incremental() else 'reject_reason is null',
    ) | indent(4) }}
),

final as (
    select
        event_id,
        customer_id,
        event_type,
        event_at,
        cast(event_at as date) as event_date,
        campaign_id,
        cast(version_count as integer) as version_count,
        raw_record,
        {{ incremental_high_water_mark(ref('base_raw__email_events'), '_loaded_at') }} as _source_loaded_at
    from latest
)

select * from final
