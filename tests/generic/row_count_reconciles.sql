{#
    Nothing is lost in staging: for one raw table,
        raw rows = staged rows + rejected rows + duplicates removed.
    `model` is the staging model; the raw count comes from source_relation (plus the
    table's malformed CSV lines), rejected and duplicate rows from base_relation, its
    base model (the rows with a reject_reason, and those flagged is_duplicate), the
    rows rejected_rows lists. Every relation read is upstream of the staging model,
    so in `dbt build` a failure skips everything downstream of it. Fails with the four
    counts when they do not add up.
#}
{% test row_count_reconciles(model, source_relation, base_relation, table_name) %}

with

malformed_rows as (
    -- the raw CSV lines that could not be read as rows: raw rows, and rejects
    select count(*) as row_count
    from {{ source('run_state', 'attrition_malformed_raw_rows') }}
    where table_name = '{{ table_name }}'
),

counts as (
    select
        (select count(*) from {{ source_relation }}) + malformed_rows.row_count as raw_row_count,
        (select count(*) from {{ model }}) as staged_row_count,
        (
            select count(*) from {{ base_relation }}
            where reject_reason is not null
        ) + malformed_rows.row_count as rejected_row_count,
        (select count(*) from {{ base_relation }} where is_duplicate) as duplicate_row_count
    from malformed_rows
)

select * from counts
where raw_row_count <> staged_row_count + rejected_row_count + duplicate_row_count

{% endtest %}
