{#
    One row per customer_key with its household_key. Two customers live in one
    household when their golden addresses are the same complete address (normalised
    line, postal code, country) and they share the last name or a landline (of any of
    their records); households are grouped transitively (connected_components). The
    household_key is the customer_key of the member created first (then the smallest
    key); a customer without a complete address, or alone at it, is a household of
    one (only the customers linked to another are grouped).

    A table rebuilt on every run: a change of one customer can regroup its neighbours.
#}
{%- set identity = get_identity_config() %}

with

golden as (
    select * from {{ ref('int_customer_golden_records') }}
),

addressed as (
    select * from golden
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

neighbours as (
    -- the customers who share their address with another: the only ones who can
    -- share a household (everyone else is a household of one)
    select customer_key_a as customer_key from same_address
    union
    select customer_key_b as customer_key from same_address
),

landlines as (
    select distinct
        identity_map.customer_key,
        records.phone_e164
    from {{ ref('int_customer_records_normalised') }} as records
    inner join {{ ref('int_customer_record_groups') }} as identity_map
        on records.customer_id = identity_map.customer_id
    inner join neighbours
        on identity_map.customer_key = neighbours.customer_key
    where records.phone_line_type in ('landline', 'unknown')
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
    -- the linked customers, ranked by creation: the first of a component anchors it
    select
        golden.customer_key as node_id,
        row_number() over (order by golden.first_created_at asc nulls last, golden.customer_key asc) as node_rank
    from golden
    where
        golden.customer_key in (select edges.node_id_a from edges)
        or golden.customer_key in (select edges.node_id_b from edges)
),

{{ connected_components('nodes', 'edges', identity.max_chain_length, prefix='household') }},

final as (
    select
        golden.customer_key,
        coalesce(anchors.node_id, golden.customer_key) as household_key,
        (anchors.node_id is null or anchors.node_id = golden.customer_key) as is_household_anchor
    from golden
    left join household_components
        on golden.customer_key = household_components.node_id
    left join nodes as anchors
        on household_components.component_rank = anchors.node_rank
)

select * from final
