{#
    The customers whose per-customer facts must be recomputed, logged run by run: one
    row per customer_key and run (_loaded_at). The per-customer models read the rows
    logged since they last ran (macros/incremental/customers_changed.sql), so a model
    that missed a run catches up. A row without customer_key means every customer.

    A customer changed when, since this model last ran:
      - a record joined or left it (int_customer_memberships);
      - one of its records has transaction, email or usage rows written (usable or
        not: a row that became a duplicate counts), or was normalised again;
      - one of its records has email or usage events, or was created or updated,
        between the previous as-of date and this one (either way);
      - in the window mode (an event table re-read by event time), it changed in the
        previous run: a row deleted in place there leaves no trace now, but its
        customer had a row in the window then.
    Every customer changed on a first build, a full refresh of this model, and after
    an incremental model was rebuilt whole alone (its build state says full_build).
#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='append',
    on_schema_change='fail',
) }}

{%- set memberships = ref('int_customer_memberships') %}
{%- set records = ref('int_customer_records_normalised') %}
{#- each event table: its base model, the date compared with the as-of dates, its event time -#}
{%- set event_tables = {
    'transactions': [ref('base_raw__transactions'), none, 'transaction_at'],
    'email_events': [ref('base_raw__email_events'), 'event_date', 'event_at'],
    'usage_events': [ref('base_raw__usage_events'), 'used_date', 'used_at'],
} %}

{%- set window_mode = [] %}
{%- for table_name in event_tables if not raw_is_delivery_folder(table_name) %}
{%- do window_mode.append(table_name) %}
{%- endfor %}

with

{% if is_incremental() -%}
{%- set since = previous_build_time() %}
{%- set previous_as_of = "cast('" ~ previous_as_of_date() ~ "' as date)" %}
{%- set dated_after = "least(" ~ previous_as_of ~ ", " ~ as_of_date() ~ ")" %}
{%- set dated_until = "greatest(" ~ previous_as_of ~ ", " ~ as_of_date() ~ ")" %}
changed_records as (
    {%- for relation, date_column, _ in event_tables.values() %}
    select customer_id from {{ relation }}
    where _loaded_at > {{ since }}
    {%- if date_column %}
    union
    select customer_id from {{ relation }}
    where {{ date_column }} > {{ dated_after }} and {{ date_column }} <= {{ dated_until }}
    {%- endif %}
    union
    {%- endfor %}
    select customer_id from {{ records }}
    where
        _loaded_at > {{ since }}
        or (cast(updated_at as date) > {{ dated_after }} and cast(updated_at as date) <= {{ dated_until }})
        or (cast(created_at as date) > {{ dated_after }} and cast(created_at as date) <= {{ dated_until }})
),

also_changed as (
    select customer_key from {{ memberships }}
    where _changed_at > {{ since }}
    {%- if window_mode %}
    union
    -- window mode: the customers of the previous run
    select previous_run.customer_key from {{ this }} as previous_run
    where
        previous_run.customer_key is not null
        and previous_run._loaded_at = (select max(latest._loaded_at) from {{ this }} as latest)
    {%- endif %}
    union
    -- every customer: an incremental table was rebuilt whole alone since the last run
    select cast(null as {{ dbt.type_string() }}) as customer_key
    from {{ build_state_relation() }}
    where full_build and built_at > {{ since }}
),
{%- else -%}
changed_records as (
    -- window mode: the records with rows in the event-time window, for the next run
    {%- for table_name in window_mode %}
    {%- set relation, _, time_column = event_tables[table_name] %}
    select customer_id from {{ relation }}
    where {{ incremental_window_predicate(time_column, relation, time_column) }}
    union
    {%- endfor %}
    select customer_id from {{ records }}
    where false
),

also_changed as (
    -- every customer
    select cast(null as {{ dbt.type_string() }}) as customer_key
),
{%- endif %}

changed as (
    select memberships.customer_key
    from {{ memberships }} as memberships
    inner join changed_records
        on memberships.customer_id = changed_records.customer_id
    where memberships.is_member
    union
    select customer_key from also_changed
)

select
    customer_key,
    {{ loaded_at() }} as _loaded_at
from changed
