{#
    Every raw row that staging could not use, with the reason. Nothing is dropped
    silently: raw rows = staged rows + rejected rows + duplicates removed, per table
    (tested on each staging model). Two kinds:
    - malformed rows: a raw CSV line that cannot be read as a row (a field too many, an
      unclosed quote...), with the file, the line number and the reason;
    - row-level: the base_raw__* model's reject_reason (a missing or unparseable
      field, checked on each raw row).
    A usable row whose customer or business line is not known is checked downstream,
    where the known customers are: marts/data_quality/rejected_rows lists both.
#}
{%- set tables = {
    'customers': 'customer_id',
    'business_lines': 'business_line',
    'transactions': 'transaction_id',
    'email_events': 'event_id',
    'usage_events': 'null',
    'contracts': 'contract_id',
} -%}

with

malformed_rows as (
    -- raw CSV rows that cannot be read at all (macros/raw/load_raw_files.sql)
    select * from {{ source('run_state', 'attrition_malformed_raw_rows') }}
),

rejected as (
    select
        table_name as source_table,
        cast(null as {{ dbt.type_string() }}) as source_key,
        'malformed_row' as reject_reason,
        {{ raw_record(['file_name', 'line', 'error', 'csv_line']) }} as raw_record
    from malformed_rows
    {%- for table_name, key_column in tables.items() %}

    union all

    select
        '{{ table_name }}' as source_table,
        cast({{ key_column }} as {{ dbt.type_string() }}) as source_key,
        reject_reason,
        raw_record
    from {{ ref('base_raw__' ~ table_name) }}
    where reject_reason is not null
    {%- endfor %}
),

numbered as (
    select
        *,
        -- identical raw rows are told apart by their number among themselves
        row_number() over (
            partition by source_table, raw_record
            order by reject_reason asc
        ) as occurrence
    from rejected
),

final as (
    select
        {{ surrogate_key(['source_table', 'raw_record', 'occurrence']) }} as reject_id,
        source_table,
        source_key,
        reject_reason,
        raw_record
    from numbered
)

select * from final
