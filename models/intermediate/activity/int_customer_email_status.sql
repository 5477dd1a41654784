{#
    The state of each customer's golden email address as its events up to the as-of
    date show it, for customer_contactability: one row per customer_key with email
    history (the events sent to the golden email address, from any record of the
    customer holding that address; only the event types read below):
      last_delivered_at           the last delivery, open or click;
      last_unsubscribed_at        the last unsubscribe;  last_complained_at  the last complaint;
      last_bounced_at             the last bounce;
      bounces_since_last_delivery bounces after the last delivery (all of them without one).

    Incremental (strategy replace_keys, by customer_key): a run recomputes only
      - the customers whose members changed (int_customer_memberships) or whose golden
        record was written again (int_customer_golden_records._loaded_at: its email or
        its records' addresses may have changed);
      - the customers of the records with email events written since it last ran
        (base_raw__email_events._loaded_at);
      - the customers of the records with events dated between the as-of date of the
        previous run and this one (either way: the as-of date may move back).
    A customer in scope left without history is deleted. The previous as-of date is the
    model's build state (macros/incremental/build_state.sql). In the window mode also
    the customers whose last event of a type read here is in the window
    (macros/incremental/replaced_window.sql).
#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='replace_keys',
    unique_key='customer_key',
    on_schema_change='fail',
) }}

{%- set memberships_relation = ref('int_customer_memberships') %}
{%- set golden_relation = ref('int_customer_golden_records') %}
{%- set events_relation = ref('base_raw__email_events') %}
{%- set stamp_columns = ['_events_loaded_at', '_golden_loaded_at', '_memberships_changed_at'] %}
{%- set memberships_rebuilt = memberships_rebuilt_since(this, memberships_relation) %}
{%- set golden_rewritten -%}
    -- golden records written again since the last run
    select customer_key
    from {{ golden_relation }}
    where _loaded_at > {{ incremental_high_water_mark(this, '_golden_loaded_at') }}
{%- endset %}

with

golden as (
    select
        customer_key,
        email
    from {{ golden_relation }}
),

members as (
    {{ current_members(memberships_relation) }}
),

{% if is_incremental() -%}
changed_records as (
    {{ records_with_events_written_or_dated_between(events_relation, 'event_date', '_events_loaded_at') }}
),
{%- endif %}
{{ customers_in_scope_ctes(memberships_relation, memberships_rebuilt, [
    golden_rewritten,
    rows_in_replaced_window('email_events', greatest_not_null(
        ['last_delivered_at', 'last_unsubscribed_at', 'last_complained_at', 'last_bounced_at']), ['customer_key']),
]) }},

holding_records as (
    {#- the customer's records holding the golden email address -#}
    select
        members_in_scope.customer_key,
        records.customer_id
    from members_in_scope
    inner join golden
        on members_in_scope.customer_key = golden.customer_key
    inner join {{ ref('int_customer_records_normalised') }} as records
        on
            members_in_scope.customer_id = records.customer_id
            and golden.email = records.email_address
),

email_events as (
    {#- the usable events, of the types read below only: a customer whose events are all
        of other types ("sent") has no row here, like one without events -#}
    select * from {{ ref('stg_raw__email_events') }}
    where
        event_date <= {{ as_of_date() }}
        and event_type in ('delivered', 'opened', 'clicked', 'unsubscribed', 'complained', 'bounced')
),

email_history as (
    select
        holding_records.customer_key,
        email_events.event_type,
        email_events.event_at
    from holding_records
    inner join email_events
        on holding_records.customer_id = email_events.customer_id
),

last_events as (
    select
        customer_key,
        max(case when event_type in ('delivered', 'opened', 'clicked') then event_at end) as last_delivered_at,
        max(case when event_type = 'unsubscribed' then event_at end) as last_unsubscribed_at,
        max(case when event_type = 'complained' then event_at end) as last_complained_at,
        max(case when event_type = 'bounced' then event_at end) as last_bounced_at
    from email_history
    group by customer_key
),

bounces_since_last_delivery as (
    {#- a second pass over the bounces only (a small share of the events) -#}
    select
        last_events.customer_key,
        cast(count(*) as integer) as bounce_count
    from last_events
    inner join email_history
        on last_events.customer_key = email_history.customer_key
    where
        email_history.event_type = 'bounced'
        and (
            last_events.last_delivered_at is null
            or email_history.event_at > last_events.last_delivered_at
        )
    group by last_events.customer_key
),

status as (
    select  -- noqa: ST06
        last_events.customer_key,
        last_events.last_delivered_at,
        last_events.last_unsubscribed_at,
        last_events.last_complained_at,
        last_events.last_bounced_at,
        coalesce(bounces_since_last_delivery.bounce_count, 0) as bounces_since_last_delivery,
        false as _is_tombstone
    from last_events
    left join bounces_since_last_delivery
        on last_events.customer_key = bounces_since_last_delivery.customer_key
),

{{ with_tombstones_cte('status', stamp_columns) }},

final as (
    select
        *,
        {{ incremental_high_water_mark(events_relation, '_loaded_at') }} as _events_loaded_at,
        {{ incremental_high_water_mark(golden_relation, '_loaded_at') }} as _golden_loaded_at,
        {{ memberships_high_water_mark(memberships_relation) }} as _memberships_changed_at
    from with_tombstones
)

select * from final
