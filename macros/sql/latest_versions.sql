{#
    The latest version of each key: one row per value of `key` among the rows of
    `relation` that satisfy `where`, the first by `order_by` (a total order, so the
    result never depends on row order), with version_count = how many rows the key has.
    Renders a SELECT (columns: every column of relation, then version_count).

    Ranking only the keys seen more than once (rows counted by the hash of their key,
    the unique ones passing through) was tried at 10M: no faster here, because writing
    the result dominates, not the window (benchmarks/results/notes.md).
#}
{% macro latest_versions(relation, key, order_by, where='true') %}
    select
        versions.*,
        count(*) over (partition by versions.{{ key }}) as version_count
    from {{ relation }} as versions
    where {{ where }}
    qualify row_number() over (partition by versions.{{ key }} order by {{ order_by }}) = 1
{%- endmacro %}
