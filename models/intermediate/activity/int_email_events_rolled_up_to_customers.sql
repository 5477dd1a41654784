{#
    Email events up to the as-of date, one row per customer_key, from the per-record
    days (int_email_events_rolled_up_to_record_days) of the customer's records
    (int_customer_memberships). Engagement = an opened or clicked event (a click
    implies an open, even without an open event).

    Incremental (strategy replace_keys, by customer_key; macros/incremental/customer_scope.sql):
    a run recomputes only the customers whose members changed, those of the records
    with email events written since it last ran (base_raw__email_events._loaded_at),
    and those of the records with events dated between the previous as-of date and
    this one (either way). A customer in scope left without events is deleted. The
    previous as-of date is the model's build state. In the window mode also the
    customers whose last engagement or sending is in the window, or who have neither
    (macros/incremental/replaced_window.sql).
#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='replace_keys',
    unique_key='customer_key',
    on_schema_change='fail',
) }}

{%- set memberships_relation = ref('int_customer_memberships') %}
{%- set record_days_relation = ref('int_email_events_rolled_up_to_record_days') %}
{%- set events_relation = ref('base_raw__email_events') %}
{%- set stamp_columns = ['_source_loaded_at', '_memberships_changed_at', '_loaded_at'] %}
{%- set memberships_rebuilt = memberships_rebuilt_since(this, memberships_relation) %}

with

record_days as (
    select * from {{ record_days_relation }}
    where event_date <= {{ as_of_date() }}
),

members as (
    {{ current_members(memberships_relation) }}
),

{% if is_incremental() -%}
changed_records as (
    {{ records_with_events_written_or_dated_between(events_relation, 'event_date', '_source_loaded_at') }}
),

{%- endif %}
{{ customers_in_scope_ctes(memberships_relation, memberships_rebuilt,
    rows_in_replaced_window('email_events', greatest_not_null(['last_email_engagement_date', 'last_email_sent_date']),
        ['customer_key'], undated='last_email_engagement_date is null and last_email_sent_date is null')) }},

customers as (
    select  -- noqa: ST06
        members_in_scope.customer_key,
        cast(sum(record_days.engagement_count) as integer) as email_engagement_count,
        max(case when record_days.engagement_count > 0 then record_days.event_date end)
            as last_email_engagement_date,
        max(case when record_days.sent_count > 0 then record_days.event_date end)
            as last_email_sent_date,
        false as _is_tombstone
    from record_days
    inner join members_in_scope
        on record_days.customer_id = members_in_scope.customer_id
    group by members_in_scope.customer_key
),

{{ with_tombstones_cte('customers', stamp_columns) }},

final as (
    select
        *,
        {{ incremental_high_water_mark(record_days_relation, '_source_loaded_at') }} as _source_loaded_at,
        {{ memberships_high_water_mark(memberships_relation) }} as _memberships_changed_at,
        {{ loaded_at() }} as _loaded_at
    from with_tombstones
)

select * from final
