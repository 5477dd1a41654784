{#
    The single entry point from source records to customers: one row per staged
    customer record (customer_id) with the customer_key every customer-level model
    uses. Records linked by int_customer_record_links are grouped transitively
    (connected_components); the group's customer_key is the customer_id of its anchor,
    the record created first (then the smallest customer_id). A record that joins a
    group later does not change its key; when two groups merge, the key of the group
    whose anchor was created first survives.
#}
{%- set identity = get_identity_config() %}

with

records as (
    select * from {{ ref('int_customer_records_normalised') }}
),

links as (
    select * from {{ ref('int_customer_record_links') }}
),

nodes as (
    select
        customer_id as node_id,
        row_number() over (order by created_at asc nulls last, customer_id asc) as node_rank
    from records
),

edges as (
    select
        customer_id_a as node_id_a,
        customer_id_b as node_id_b
    from links
),

{{ connected_components('nodes', 'edges', identity.max_chain_length, prefix='record') }},

record_links as (
    {#- every link seen from each of its two records -#}
    select
        customer_id_a as customer_id,
        customer_id_b as linked_customer_id,
        match_rule,
        rule_priority
    from links
    union all
    select
        customer_id_b as customer_id,
        customer_id_a as linked_customer_id,
        match_rule,
        rule_priority
    from links
),

strongest_link as (
    select
        record_links.customer_id,
        record_links.linked_customer_id,
        record_links.match_rule,
        row_number() over (
            partition by record_links.customer_id
            order by record_links.rule_priority asc, nodes.node_rank asc
        ) as link_rank
    from record_links
    inner join nodes
        on record_links.linked_customer_id = nodes.node_id
),

final as (
    select
        records.customer_id,
        anchors.node_id as customer_key,
        records.source_system,
        strongest_link.linked_customer_id as matched_customer_id,
        coalesce(strongest_link.match_rule, 'self') as match_rule,
        (records.customer_id = anchors.node_id) as is_anchor_record
    from records
    inner join record_components
        on records.customer_id = record_components.node_id
    inner join nodes as anchors
        on record_components.component_rank = anchors.node_rank
    left join strongest_link
        on
            records.customer_id = strongest_link.customer_id
            and strongest_link.link_rank = 1
)

select * from final
