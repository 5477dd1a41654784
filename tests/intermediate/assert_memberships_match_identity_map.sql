{#
    int_customer_memberships holds as members exactly the pairs (customer_id,
    customer_key) of customer_identity_map: one row per pair that differs, with the
    side it is missing from.
#}
with

current_members as (
    select
        customer_id,
        customer_key
    from {{ ref('int_customer_memberships') }}
    where is_member
),

identity_map as (
    select
        customer_id,
        customer_key
    from {{ ref('customer_identity_map') }}
)

select
    coalesce(current_members.customer_id, identity_map.customer_id) as customer_id,
    coalesce(current_members.customer_key, identity_map.customer_key) as customer_key,
    case
        when current_members.customer_id is null then 'member missing'
        else 'not in the identity map'
    end as problem
from current_members
full outer join identity_map
    on
        current_members.customer_id = identity_map.customer_id
        and current_members.customer_key = identity_map.customer_key
where current_members.customer_id is null or identity_map.customer_id is null
