{#
    Connected components of an undirected graph, as CTEs (portable SQL: no recursion).
    Call it inside a `with`; it defines CTEs prefixed with `prefix` and ends with
    `<prefix>_components (node_id, component_rank)`: every node of `nodes`, with the
    smallest node_rank of its component.

    nodes: a CTE/relation with node_id and node_rank (a unique integer: the node of
           smallest rank names the component; 1, 2, ... by the anchor order);
    edges: a CTE/relation with node_id_a and node_id_b (either direction, duplicates
           allowed);
    max_chain_length: labels spread one link per step, so components whose longest
           shortest path is at most this many links are complete. The caller tests
           that no edge joins two components (a longer chain fails that test).
#}
{% macro connected_components(nodes, edges, max_chain_length, prefix='cc') %}
    {%- if max_chain_length is not integer or max_chain_length < 1 -%}
        {{ exceptions.raise_compiler_error("connected_components: max_chain_length must be a positive integer, got '" ~ max_chain_length ~ "'") }}
    {%- endif -%}
{{ prefix }}_arcs as (
    {#- both directions, and a loop on every linked node so that a step reads the previous one once -#}
    select node_id_a as from_node_id, node_id_b as to_node_id from {{ edges }}
    union
    select node_id_b as from_node_id, node_id_a as to_node_id from {{ edges }}
    union
    select node_id_a as from_node_id, node_id_a as to_node_id from {{ edges }}
    union
    select node_id_b as from_node_id, node_id_b as to_node_id from {{ edges }}
),

{{ prefix }}_linked_nodes as (
    select
        {{ nodes }}.node_id,
        {{ nodes }}.node_rank
    from {{ nodes }}
    where {{ nodes }}.node_id in (select {{ prefix }}_arcs.from_node_id from {{ prefix }}_arcs)
),

{{ prefix }}_step_0 as (
    select
        node_id,
        node_rank as component_rank
    from {{ prefix }}_linked_nodes
),
{% for step in range(1, max_chain_length + 1) %}
{{ prefix }}_step_{{ step }} as (
    {#- each node takes the smallest label among itself and its neighbours -#}
    select
        {{ prefix }}_arcs.to_node_id as node_id,
        min({{ prefix }}_step_{{ step - 1 }}.component_rank) as component_rank
    from {{ prefix }}_arcs
    inner join {{ prefix }}_step_{{ step - 1 }}
        on {{ prefix }}_arcs.from_node_id = {{ prefix }}_step_{{ step - 1 }}.node_id
    group by {{ prefix }}_arcs.to_node_id
),
{% endfor %}
{{ prefix }}_components as (
    select
        {{ nodes }}.node_id,
        coalesce({{ prefix }}_step_{{ max_chain_length }}.component_rank, {{ nodes }}.node_rank) as component_rank
    from {{ nodes }}
    left join {{ prefix }}_step_{{ max_chain_length }}
        on {{ nodes }}.node_id = {{ prefix }}_step_{{ max_chain_length }}.node_id
)
{%- endmacro %}
