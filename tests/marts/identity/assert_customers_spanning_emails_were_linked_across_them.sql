{#
    No customer_key spans two different normalised emails unless documented rules
    linked them, directly or through records without an email. The email rule only
    joins equal emails, so, with the records of one email taken as one node (and each
    record without an email as a node of its own), a customer's links must connect
    those nodes: it needs at least (emails + records without an email - 1) links
    between two different nodes (a link between two records of one email does not
    count). Fails on customers with fewer (e.g. two unrelated groups merged), and on
    any email-rule link between different emails. Three records, email A, none, email
    B, linked A-none by landline and name and none-B by name and postal code, pass:
    2 emails + 1 record without one - 1 = 2 links (pairwise rules, transitive groups;
    DECISIONLOG "Rules, strongest first").
#}
with

identity_map as (
    select * from {{ ref('customer_identity_map') }}
),

records as (
    select
        identity_map.customer_key,
        normalised.customer_id,
        normalised.email_match_key
    from {{ ref('int_customer_records_normalised') }} as normalised
    inner join identity_map
        on normalised.customer_id = identity_map.customer_id
),

nodes as (
    select
        customer_key,
        count(distinct email_match_key) as email_count,
        count(*) - count(email_match_key) as records_without_email
    from records
    group by customer_key
),

cross_node_links as (
    select
        record_a.customer_key,
        count(*) as link_count,
        sum(
            case
                when links.match_rule = 'email' and record_a.email_match_key <> record_b.email_match_key then 1
                else 0
            end
        ) as email_rule_count
    from {{ ref('int_customer_record_links') }} as links
    inner join records as record_a
        on links.customer_id_a = record_a.customer_id
    inner join records as record_b
        on links.customer_id_b = record_b.customer_id
    where
        (
            record_a.email_match_key is null
            or record_b.email_match_key is null
            or record_a.email_match_key <> record_b.email_match_key
        )
        and record_a.customer_key = record_b.customer_key
    group by record_a.customer_key
)

select
    nodes.customer_key,
    nodes.email_count,
    nodes.records_without_email,
    coalesce(cross_node_links.link_count, 0) as cross_node_link_count,
    coalesce(cross_node_links.email_rule_count, 0) as email_rule_count
from nodes
left join cross_node_links
    on nodes.customer_key = cross_node_links.customer_key
where
    (
        nodes.email_count > 1
        and nodes.email_count + nodes.records_without_email
        > 1 + coalesce(cross_node_links.link_count, 0)
    )
    or coalesce(cross_node_links.email_rule_count, 0) > 0
