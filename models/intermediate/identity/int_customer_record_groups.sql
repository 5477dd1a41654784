{#
    The identity groups behind customer_identity_map (which selects this model's
    public columns): one row per staged customer record (customer_id) with the
    customer_key of its group. Records linked by int_customer_record_links are grouped
    transitively (connected_components); the group's customer_key is the customer_id
    of its anchor, the record created first (then the smallest customer_id). A record
    that joins a group later does not change its key; when two groups merge, the key
    of the group whose anchor was created first survives.

    Incremental (strategy replace_keys, by customer_id): a group depends only on its
    records and their links, so a run groups again only the records concerned: those
    normalised since it last ran (int_customer_records_normalised._loaded_at after the
    largest _records_loaded_at here), those no longer normalised (tombstones), the
    records linked to them, and every record of the groups they were in. No link
    leaves that set (a link of an unchanged pair joined one group already), so its
    connected components, anchors and strongest links are those of a full build; node
    ranks are counted within the set, in the same order. A change of this grouping's
    code or vars, or of the links' fingerprint in their table (_groups_fingerprint),
    groups every record again; --full-refresh too. The high-water mark it stamps is
    the older of the records' and the links' (the records the links have applied), so
    a selection that runs this model without the links leaves the newer records to the
    next run.
#}
{%- set identity = get_identity_config() %}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='replace_keys',
    unique_key='customer_id',
    on_schema_change='fail',
) }}

-- the grouping of the records in scope, captured to fingerprint it (sqlfluff cannot
-- lay out a captured block)
-- noqa: disable=LT02
{% set grouping -%}
nodes as (
    select
        customer_id as node_id,
        row_number() over (order by created_at asc nulls last, customer_id asc) as node_rank
    from records_in_scope
),

edges as (
    select
        customer_id_a as node_id_a,
        customer_id_b as node_id_b
    from links_in_scope
),

{{ connected_components('nodes', 'edges', identity.max_chain_length, prefix='record') }},

record_links as (
    {#- every link seen from each of its two records -#}
    select
        customer_id_a as customer_id,
        customer_id_b as linked_customer_id,
        match_rule,
        rule_priority
    from links_in_scope
    union all
    select
        customer_id_b as customer_id,
        customer_id_a as linked_customer_id,
        match_rule,
        rule_priority
    from links_in_scope
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
        records_in_scope.customer_id,
        anchors.node_id as customer_key,
        records_in_scope.source_system,
        strongest_link.linked_customer_id as matched_customer_id,
        coalesce(strongest_link.match_rule, 'self') as match_rule,
        (records_in_scope.customer_id = anchors.node_id) as is_anchor_record,
        false as _is_tombstone
    from records_in_scope
    inner join record_components
        on records_in_scope.customer_id = record_components.node_id
    inner join nodes as anchors
        on record_components.component_rank = anchors.node_rank
    left join strongest_link
        on
            records_in_scope.customer_id = strongest_link.customer_id
            and strongest_link.link_rank = 1
)
{%- endset %}
-- noqa: enable=LT02
{%- set links_relation = ref('int_customer_record_links') %}
{#- and the links' own fingerprint as the links table holds it: a change of the link
    rules or their vars relinks every record without normalising any again, so every
    group must be redone once the links are (also when this model ran before them) -#}
{%- set links_fingerprint = '' %}
{%- if execute and load_relation(links_relation) is not none %}
{%- set found = run_query('select max(_link_fingerprint) from ' ~ links_relation) %}
{%- set links_fingerprint = found.columns[0].values()[0] %}
{%- endif %}
{%- set groups_fingerprint = config_fingerprint(grouping ~ '\x1d' ~ links_fingerprint, []) %}
{%- set stamp_columns = ['_records_loaded_at', '_groups_fingerprint'] %}
{%- set records_relation = ref('int_customer_records_normalised') %}
{%- set group_every_record = not is_incremental()
    or config_changed_since(this, groups_fingerprint, '_groups_fingerprint') %}

with

records as (
    select * from {{ records_relation }}
),

links as (
    select * from {{ links_relation }}
),

{% if not is_incremental() -%}
records_in_scope as (
    select * from records
),

links_in_scope as (
    select * from links
),
{%- elif group_every_record -%}
groups_before as (
    select * from {{ this }}
),

ids_in_scope as (
    select customer_id from records
    union
    select customer_id from groups_before
),

records_in_scope as (
    select * from records
),

links_in_scope as (
    select * from links
),
{%- else -%}
groups_before as (
    select * from {{ this }}
),

changed_ids as (
    -- normalised since this model last ran, or no longer normalised
    select customer_id from records
    where _loaded_at > {{ incremental_high_water_mark('groups_before', '_records_loaded_at') }}
    union
    select customer_id from groups_before
    where customer_id not in (select records.customer_id from records)
),

linked_ids as (
    select links.customer_id_b as customer_id
    from links
    inner join changed_ids
        on links.customer_id_a = changed_ids.customer_id
    union
    select links.customer_id_a as customer_id
    from links
    inner join changed_ids
        on links.customer_id_b = changed_ids.customer_id
),

touched_ids as (
    select customer_id from changed_ids
    union
    select customer_id from linked_ids
),

ids_in_scope as (
    -- the touched records and every record of the groups they were in
    select customer_id from touched_ids
    union
    select groups_before.customer_id
    from groups_before
    where groups_before.customer_key in (
        select groups_of_touched.customer_key
        from groups_before as groups_of_touched
        inner join touched_ids
            on groups_of_touched.customer_id = touched_ids.customer_id
    )
),

records_in_scope as (
    select records.*
    from records
    inner join ids_in_scope
        on records.customer_id = ids_in_scope.customer_id
),

links_in_scope as (
    select links.*
    from links
    inner join ids_in_scope
        on links.customer_id_a = ids_in_scope.customer_id
),
{%- endif %}

{{ grouping }},

{{ with_tombstones_cte('final', stamp_columns, keys='ids_in_scope', key_columns=['customer_id']) }},

stamped as (
    select
        *,
        -- the records the links have applied, not more: a selection that ran this model
        -- without the links leaves the newer records to the next run
        least(
            {{ incremental_high_water_mark(records_relation, '_loaded_at') }},
            {{ incremental_high_water_mark(links_relation, '_records_loaded_at') }}
        ) as _records_loaded_at,
        '{{ groups_fingerprint }}' as _groups_fingerprint
    from with_tombstones
)

select * from stamped
