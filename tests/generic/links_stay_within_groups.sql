{#
    Identity groups are complete: no link of `links` (customer_id_a, customer_id_b)
    joins records that the map puts under two different customer_keys. The labels of
    connected_components spread one link per step; a failure means a chain longer than
    var `max_chain_length_var`: raise it.
#}
{% test links_stay_within_groups(model, links, max_chain_length_var) %}

select
    links.customer_id_a,
    links.customer_id_b,
    map_a.customer_key as customer_key_a,
    map_b.customer_key as customer_key_b,
    'raise var {{ max_chain_length_var }} (now {{ var(max_chain_length_var) }}): a chain of links is longer' as hint
from {{ links }} as links
inner join {{ model }} as map_a
    on links.customer_id_a = map_a.customer_id
inner join {{ model }} as map_b
    on links.customer_id_b = map_b.customer_id
where map_a.customer_key <> map_b.customer_key

{% endtest %}
