{#
    Nothing is lost in staging: for one raw table,
        raw rows = staged rows + rejected rows + duplicates removed.
    `model` is the staging model; the raw count comes from source_relation, rejects
    from rejects_relation (rows with source_table = table_name), duplicates from
    duplicates_relation: duplicate_count is an aggregate over it (by default the rows
    flagged is_duplicate; for the deduplicated models sum(version_count - 1)). Fails
    with the four counts when they do not add up.
#}
{% test row_count_reconciles(model, source_relation, duplicates_relation, rejects_relation, table_name,
    duplicate_count='sum(case when is_duplicate then 1 else 0 end)') %}

with

raw_rows as (
    -- the rows read, and the raw CSV lines that could not be read as rows
    select
        (select count(*) from {{ source_relation }})
        + (
            select count(*) from {{ source('run_state', 'attrition_malformed_raw_rows') }}
            where table_name = '{{ table_name }}'
        ) as row_count
),

staged_rows as (
    select count(*) as row_count from {{ model }}
),

rejected_rows as (
    select count(*) as row_count from {{ rejects_relation }}
    where source_table = '{{ table_name }}'
),

duplicate_rows as (
    select coalesce({{ duplicate_count }}, 0) as row_count from {{ duplicates_relation }}
)

select
    raw_rows.row_count as raw_row_count,
    staged_rows.row_count as staged_row_count,
    rejected_rows.row_count as rejected_row_count,
    duplicate_rows.row_count as duplicate_row_count
from raw_rows
cross join staged_rows
cross join rejected_rows
cross join duplicate_rows
where raw_rows.row_count <> staged_rows.row_count + rejected_rows.row_count + duplicate_rows.row_count

{% endtest %}
