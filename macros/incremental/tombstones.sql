{#
    Tombstones for strategy replace_keys (macros/incremental/get_incremental_replace_keys_sql.sql):
    a key a run recomputed and left without a row gets a row with _is_tombstone = true,
    which deletes the key's rows and is not written. The identity models keyed by
    record (int_customer_record_links, int_customer_record_groups) end with the CTE
    with_tombstones.
#}

{#- One tombstone per row of the CTE `keys` (holding `key_columns`) without a row in
    the CTE `rows`. Its columns are this model's, in its order, but `stamp_columns`
    (added by the model after this union): the keys, _is_tombstone (true) and nulls. -#}
{% macro tombstones_of_keys_without_rows(keys, rows, stamp_columns, key_columns) %}
    select
        {%- for column in adapter.get_columns_in_relation(this)
            if column.name | lower not in stamp_columns %}
        {%- if column.name | lower in key_columns %}
        {{ keys }}.{{ column.quoted }}{{ "," if not loop.last }}
        {%- elif column.name | lower == '_is_tombstone' %}
        true as _is_tombstone{{ "," if not loop.last }}
        {%- else %}
        null as {{ column.quoted }}{{ "," if not loop.last }}
        {%- endif %}
        {%- endfor %}
    from {{ keys }}
    where not exists (
        select 1 from {{ rows }}
        where
            {%- for key in key_columns %}
            {{ "and " if not loop.first }}{{ rows }}.{{ key }} = {{ keys }}.{{ key }}
            {%- endfor %}
    )
{% endmacro %}

{#- The CTE with_tombstones: the rows of the CTE `rows`, and in an incremental run a
    tombstone for each key of the CTE `keys` left without a row (by default the
    customers in scope of a per-customer model, CTE keys_in_scope). -#}
{% macro with_tombstones_cte(rows, stamp_columns, keys='keys_in_scope', key_columns=['customer_key']) %}
with_tombstones as (
    select * from {{ rows }}
    {%- if is_incremental() %}

    union all

    -- a key recomputed and left without rows: delete its rows
    {{ tombstones_of_keys_without_rows(keys, rows, stamp_columns, key_columns) }}
    {%- endif %}
)
{%- endmacro %}
