{#
    One row per customer_key with its household_key. Two customers live in one
    household when their golden addresses are the same complete address (normalised
    line, postal code, country) and they share the last name or a landline (of any of
    their records); households are grouped transitively (connected_components). The
    household_key is the customer_key of the member created first (then the smallest
    key); a customer without a complete address, or alone at it, is a household of
    one.

    Incremental (strategy replace_keys, by customer_key), like
    int_customer_record_groups: a run groups again only the customers whose golden
    record was written since it last ran (int_customer_golden_records._loaded_at after
    the largest _golden_loaded_at here: new address, names, landlines or members) or
    is gone (tombstones), the customers at their addresses, and every member of the
    households those were in. A link between two customers outside that set is
    unchanged and already joined one household, so the grouping is that of a full
    build. A change of this grouping's code or vars (_households_fingerprint) groups
    every customer again; --full-refresh too.
#}
{%- set identity = get_identity_config() %}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='replace_keys',
    unique_key='customer_key',
    on_schema_change='fail',
) }}

-- the grouping of the customers in scope, captured to fingerprint it (sqlfluff cannot
-- lay out a captured block)
-- noqa: disable=LT02
{% set grouping -%}
landlines as (
    select distinct
        identity_map.customer_key,
        records.phone_e164
    from {{ ref('int_customer_records_normalised') }} as records
    inner join {{ ref('int_customer_record_groups') }} as identity_map
        on records.customer_id = identity_map.customer_id
    inner join golden_in_scope
        on identity_map.customer_key = golden_in_scope.customer_key
    where records.phone_line_type in ('landline', 'unknown')
),

addressed as (
    select * from golden_in_scope
    where is_address_complete
),

same_address as (
    select
        customer_a.customer_key as customer_key_a,
        customer_b.customer_key as customer_key_b,
        (customer_a.last_name_normalised = customer_b.last_name_normalised) as has_same_last_name
    from addressed as customer_a
    inner join addressed as customer_b
        on
            customer_a.address_normalised = customer_b.address_normalised
            and customer_a.postal_code = customer_b.postal_code
            and customer_a.country_code = customer_b.country_code
            and customer_a.customer_key < customer_b.customer_key
),

shared_landline as (
    select distinct
        landline_a.customer_key as customer_key_a,
        landline_b.customer_key as customer_key_b
    from landlines as landline_a
    inner join landlines as landline_b
        on
            landline_a.phone_e164 = landline_b.phone_e164
            and landline_a.customer_key < landline_b.customer_key
),

edges as (
    select
        same_address.customer_key_a as node_id_a,
        same_address.customer_key_b as node_id_b
    from same_address
    left join shared_landline
        on
            same_address.customer_key_a = shared_landline.customer_key_a
            and same_address.customer_key_b = shared_landline.customer_key_b
    where same_address.has_same_last_name or shared_landline.customer_key_a is not null
),

nodes as (
    select
        customer_key as node_id,
        row_number() over (order by first_created_at asc nulls last, customer_key asc) as node_rank
    from golden_in_scope
),

{{ connected_components('nodes', 'edges', identity.max_chain_length, prefix='household') }},

final as (
    select
        household_components.node_id as customer_key,
        anchors.node_id as household_key,
        (household_components.node_id = anchors.node_id) as is_household_anchor,
        false as _is_tombstone
    from household_components
    inner join nodes as anchors
        on household_components.component_rank = anchors.node_rank
)
{%- endset %}
-- noqa: enable=LT02
{%- set households_fingerprint = config_fingerprint(grouping, []) %}
{%- set stamp_columns = ['_golden_loaded_at', '_households_fingerprint'] %}
{%- set golden_relation = ref('int_customer_golden_records') %}
{%- set group_every_customer = not is_incremental()
    or config_changed_since(this, households_fingerprint, '_households_fingerprint') %}

with

golden as (
    select * from {{ golden_relation }}
),

{% if not is_incremental() -%}
golden_in_scope as (
    select * from golden
),
{%- elif group_every_customer -%}
households_before as (
    select * from {{ this }}
),

keys_in_scope as (
    select customer_key from golden
    union
    select customer_key from households_before
),

golden_in_scope as (
    select * from golden
),
{%- else -%}
households_before as (
    select * from {{ this }}
),

changed_keys as (
    -- golden records written since this model last ran, or gone
    select customer_key from golden
    where _loaded_at > {{ incremental_high_water_mark('households_before', '_golden_loaded_at') }}
    union
    select customer_key from households_before
    where customer_key not in (select golden.customer_key from golden)
),

changed_addresses as (
    select distinct
        golden.address_normalised,
        golden.postal_code,
        golden.country_code
    from golden
    inner join changed_keys
        on golden.customer_key = changed_keys.customer_key
    where golden.is_address_complete
),

touched_keys as (
    -- the changed customers and the customers at their addresses
    select customer_key from changed_keys
    union
    select golden.customer_key
    from golden
    inner join changed_addresses
        on
            golden.address_normalised = changed_addresses.address_normalised
            and golden.postal_code = changed_addresses.postal_code
            and golden.country_code = changed_addresses.country_code
    where golden.is_address_complete
),

keys_in_scope as (
    -- the touched customers and every member of the households they were in
    select customer_key from touched_keys
    union
    select households_before.customer_key
    from households_before
    where households_before.household_key in (
        select households_of_touched.household_key
        from households_before as households_of_touched
        inner join touched_keys
            on households_of_touched.customer_key = touched_keys.customer_key
    )
),

golden_in_scope as (
    select golden.*
    from golden
    inner join keys_in_scope
        on golden.customer_key = keys_in_scope.customer_key
),
{%- endif %}

{{ grouping }},

{{ with_tombstones_cte('final', stamp_columns, keys='keys_in_scope', key_columns=['customer_key']) }},

stamped as (
    select
        *,
        {{ incremental_high_water_mark(golden_relation, '_loaded_at') }} as _golden_loaded_at,
        '{{ households_fingerprint }}' as _households_fingerprint
    from with_tombstones
)

select * from stamped
