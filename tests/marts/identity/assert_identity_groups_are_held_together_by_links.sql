{#
    Every customer_key groups records that its links hold together: a customer of n
    records has at least n - 1 links between them (a connected group does), a record
    alone has match_rule 'self', and a linked record's matched_customer_id is in the
    same customer. Catches unrelated records given one key.
#}
with

identity_map as (
    select * from {{ ref('customer_identity_map') }}
),

group_sizes as (
    select
        customer_key,
        count(*) as record_count,
        sum(case when match_rule = 'self' then 1 else 0 end) as self_count
    from identity_map
    group by customer_key
),

group_links as (
    select
        map_a.customer_key,
        count(*) as link_count
    from {{ ref('int_customer_record_links') }} as links
    inner join identity_map as map_a
        on links.customer_id_a = map_a.customer_id
    inner join identity_map as map_b
        on links.customer_id_b = map_b.customer_id
    where map_a.customer_key = map_b.customer_key
    group by map_a.customer_key
),

matched_elsewhere as (
    select identity_map.customer_key
    from identity_map
    inner join identity_map as matched_record
        on identity_map.matched_customer_id = matched_record.customer_id
    where identity_map.customer_key <> matched_record.customer_key
)

select
    group_sizes.customer_key,
    group_sizes.record_count,
    group_sizes.self_count,
    coalesce(group_links.link_count, 0) as link_count
from group_sizes
left join group_links
    on group_sizes.customer_key = group_links.customer_key
where
    coalesce(group_links.link_count, 0) < group_sizes.record_count - 1
    or (group_sizes.record_count = 1 and group_sizes.self_count <> 1)
    or (group_sizes.record_count > 1 and group_sizes.self_count > 0)
    or group_sizes.customer_key in (select matched_elsewhere.customer_key from matched_elsewhere)
