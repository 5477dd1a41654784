{#
    Which records make up each customer_key, and since when: one row per (customer_id,
    customer_key) pair that customer_identity_map has held, is_member true while it
    holds it, and _changed_at, the run that last started or ended the pair. Ended
    pairs stay (a record merged into another customer, or no longer staged), so that
    the per-customer incremental models can ask which customer_keys changed members
    since they last ran, however many runs ago (a record moved from customer A to B,
    then to C, leaves A, B and C changed).

    Incremental (delete+insert by the pair): a run compares the identity map with the
    pairs held and writes only the pairs that started or ended.
#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='delete+insert',
    unique_key=['customer_id', 'customer_key'],
    on_schema_change='fail',
) }}

with

identity_map as (
    select
        customer_id,
        customer_key
    from {{ ref('int_customer_record_groups') }}
),

{% if is_incremental() -%}
held as (
    select
        customer_id,
        customer_key
    from {{ this }}
    where is_member
),

changes as (
    -- a pair of the map not held started; a pair held not in the map ended
    select
        coalesce(identity_map.customer_id, held.customer_id) as customer_id,
        coalesce(identity_map.customer_key, held.customer_key) as customer_key,
        (identity_map.customer_id is not null) as is_member
    from identity_map
    full outer join held
        on
            identity_map.customer_id = held.customer_id
            and identity_map.customer_key = held.customer_key
    where identity_map.customer_id is null or held.customer_id is null
),
{%- else -%}
changes as (
    select
        customer_id,
        customer_key,
        true as is_member
    from identity_map
),
{%- endif %}

final as (
    select
        customer_id,
        customer_key,
        is_member,
        {{ loaded_at() }} as _changed_at
    from changes
)

select * from final
