{#
    The customers whose per-customer facts must be recomputed, logged run by run: one
    row per customer_key and run (_loaded_at). The per-customer models read the rows
    logged since they last ran (macros/incremental/customers_changed.sql), so a model
    that missed a run catches up. A row without customer_key means every customer.

    A customer changed when, since this model last ran:
      - a record joined or left it (int_customer_memberships);
      - one of its records has transaction, email or usage rows written (usable or
        not: a row that became a duplicate counts), or was normalised again;
      - one of its records has transactions, email or usage events, or was created
        or updated, between the previous as-of date and this one (either way).
    Every customer changed on a first build, a full refresh of this model, after an
    incremental model was rebuilt whole alone, and after rows of an event table were
    changed or deleted in place (their build state says full_build).
#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='append',
    on_schema_change='fail',
) }}

{%- set memberships = ref('int_customer_memberships') %}
{%- set records = ref('int_customer_records_normalised') %}
{#- each event table's base model, and the date compared with the as-of dates -#}
{%- set event_tables = [
    [ref('base_raw__transactions'), 'transaction_date'],
    [ref('base_raw__email_events'), 'event_date'],
    [ref('base_raw__usage_events'), 'used_date'],
] %}

with

{% if is_incremental() -%}
{%- set since = previous_build_time() %}
{%- set previous_as_of = "cast('" ~ previous_as_of_date() ~ "' as date)" %}
{%- set dated_after = "least(" ~ previous_as_of ~ ", " ~ as_of_date() ~ ")" %}
{%- set dated_until = "greatest(" ~ previous_as_of ~ ", " ~ as_of_date() ~ ")" %}
changed_records as (
    {%- for relation, date_column in event_tables %}
    select customer_id from {{ relation }}
    where _loaded_at > {{ since }}
    union
    select customer_id from {{ relation }}
    where {{ date_column }} > {{ dated_after }} and {{ date_column }} <= {{ dated_until }}
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
    union
    -- every customer: an incremental table was rebuilt whole alone, or had rows changed
    -- in place, since the last run
    select cast(null as {{ dbt.type_string() }}) as customer_key
    from {{ build_state_relation() }}
    where full_build and built_at > {{ since }}
),
{%- else -%}
changed_records as (
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
