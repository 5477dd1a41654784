{#
    Service usage up to the as-of date, one row per customer_key and business line,
    from the per-record days (int_usage_events_rolled_up_to_record_days) of the
    customer's records (int_customer_memberships); every business line, known or not
    (int_customer_line_activity keeps the known ones).

    Incremental (strategy replace_keys, by customer_key; macros/incremental/customer_scope.sql):
    a run recomputes only the customers whose members changed, those of the records
    with usage events written since it last ran (base_raw__usage_events._loaded_at),
    and those of the records with usage dated between the previous as-of date and this
    one (either way). A customer in scope left without usage is deleted. The previous
    as-of date is the model's build state. In the window mode also the customers whose
    last usage is in the window (macros/incremental/replaced_window.sql).
#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='replace_keys',
    unique_key='customer_key',
    on_schema_change='fail',
) }}

{%- set memberships_relation = ref('int_customer_memberships') %}
{%- set record_days_relation = ref('int_usage_events_rolled_up_to_record_days') %}
{%- set usage_relation = ref('base_raw__usage_events') %}
{%- set stamp_columns = ['_source_loaded_at', '_memberships_changed_at', '_loaded_at'] %}
{%- set memberships_rebuilt = memberships_rebuilt_since(this, memberships_relation) %}

with

record_days as (
    select * from {{ record_days_relation }}
    where used_date <= {{ as_of_date() }}
),

members as (
    {{ current_members(memberships_relation) }}
),

{% if is_incremental() -%}
changed_records as (
    {{ records_with_events_written_or_dated_between(usage_relation, 'used_date', '_source_loaded_at') }}
),

{%- endif %}
{{ customers_in_scope_ctes(memberships_relation, memberships_rebuilt,
    rows_in_replaced_window('usage_events', 'last_usage_date', ['customer_key'])) }},

known_days as (
    select
        record_days.*,
        members_in_scope.customer_key,
        members_in_scope.member_count
    from record_days
    inner join members_in_scope
        on record_days.customer_id = members_in_scope.customer_id
),

single_record_lines as (
    -- a customer with one record: its record's days are distinct already (one row per
    -- record, line and day), so a count is enough
    select
        customer_key,
        business_line,
        cast(count(*) as integer) as usage_days,
        min(used_date) as first_usage_date,
        max(used_date) as last_usage_date,
        false as _is_tombstone
    from known_days
    where member_count = 1
    group by
        customer_key,
        business_line
),

multi_record_lines as (
    -- several records can use the same line on the same day: count distinct days
    select
        customer_key,
        business_line,
        cast(count(distinct used_date) as integer) as usage_days,
        min(used_date) as first_usage_date,
        max(used_date) as last_usage_date,
        false as _is_tombstone
    from known_days
    where member_count > 1
    group by
        customer_key,
        business_line
),

lines as (
    select * from single_record_lines
    union all
    select * from multi_record_lines
),

{{ with_tombstones_cte('lines', stamp_columns) }},

final as (
    select
        *,
        {{ incremental_high_water_mark(record_days_relation, '_source_loaded_at') }} as _source_loaded_at,
        {{ memberships_high_water_mark(memberships_relation) }} as _memberships_changed_at,
        {{ loaded_at() }} as _loaded_at
    from with_tombstones
)

select * from final
