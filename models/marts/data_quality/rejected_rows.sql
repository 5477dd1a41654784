{#
    Every raw row that could not be used, with the reason. Nothing is dropped
    silently: per raw table, raw rows = staged rows + rejected rows + duplicates
    removed (tested on each staging model). Three kinds:
    - malformed rows: a raw CSV line that cannot be read as a row (a field too many, an
      unclosed quote...), with the file, the line number and the reason;
    - row-level: the base_raw__* model's reject_reason (a missing or unparseable field,
      checked on each raw row);
    - references, checked here and nowhere else: the usable transactions, email events,
      usage events and contracts whose customer record or business line is not known
      (unknown_customer first, then unknown_business_line; email events have no
      business line). The intermediate models read the known customers through
      identity resolution and the known lines, so such rows reach no other mart. Their
      raw_record is the staged values, as text.
    A view: checking every staged event against the known customers was the largest
    cost of a nightly run that nothing else needs (4-5 s at 10M transactions, measured
    by the benchmark); it is paid when the list is read, and by its tests.
#}
{{ config(materialized='view') }}
{%- set keys = {'customers': 'customer_id', 'business_lines': 'business_line', 'transactions': 'transaction_id',
    'email_events': 'event_id', 'usage_events': 'null', 'contracts': 'contract_id'} -%}
{%- set reference_checks = ['transactions', 'email_events', 'usage_events', 'contracts'] -%}

with

known_customers as (
    select customer_id from {{ ref('stg_raw__customers') }}
),

known_business_lines as (
    select business_line from {{ ref('stg_raw__business_lines') }}
),

rejected as (
    -- raw CSV rows that cannot be read at all (macros/raw/load_raw_files.sql)
    select
        table_name as source_table,
        cast(null as {{ dbt.type_string() }}) as source_key,
        'malformed_row' as reject_reason,
        {{ raw_record(['file_name', 'line', 'error', 'csv_line']) }} as raw_record
    from {{ source('run_state', 'attrition_malformed_raw_rows') }}
    {%- for table_name, key_column in keys.items() %}

    union all

    -- {{ table_name }}: row-level
    select
        '{{ table_name }}' as source_table,
        cast({{ key_column }} as {{ dbt.type_string() }}) as source_key,
        reject_reason,
        raw_record
    from {{ ref('base_raw__' ~ table_name) }}
    where reject_reason is not null
    {%- if table_name in reference_checks %}
    {%- set has_line = table_name != 'email_events' %}

    union all

    -- {{ table_name }}: unknown customer{{ ' or business line' if has_line }}
    select
        '{{ table_name }}' as source_table,
        cast({{ 'staged.' ~ key_column if key_column != 'null' else 'null' }} as {{ dbt.type_string() }})
            as source_key,
        case
            when known_customers.customer_id is null then 'unknown_customer'
            {%- if has_line %}
            else 'unknown_business_line'
            {%- endif %}
        end as reject_reason,
        {{ raw_record(raw_contract()[table_name], prefix='staged.') }} as raw_record
    from {{ ref('stg_raw__' ~ table_name) }} as staged
    left join known_customers
        on staged.customer_id = known_customers.customer_id
    {%- if has_line %}
    left join known_business_lines
        on staged.business_line = known_business_lines.business_line
    {%- endif %}
    where
        known_customers.customer_id is null
        {%- if has_line %}
        or known_business_lines.business_line is null
        {%- endif %}
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
