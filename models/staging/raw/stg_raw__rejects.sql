{#
    Every raw row that staging could not use, with the reason. Nothing is dropped
    silently: raw rows = staged rows + rejected rows + duplicates removed, per table
    (tested on each staging model).
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

rejected as (
    {%- for table_name, key_column in tables.items() %}
    select
        '{{ table_name }}' as source_table,
        cast({{ key_column }} as {{ dbt.type_string() }}) as source_key,
        reject_reason,
        raw_record
    from {{ ref('base_raw__' ~ table_name) }}
    where reject_reason is not null
    {%- if not loop.last %}

    union all
    {%- endif %}
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
