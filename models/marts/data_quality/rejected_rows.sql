{#
    Every raw row that could not be used, with the reason: the rejects of staging
    (stg_raw__rejects: malformed lines, row-level checks) and, checked here, the usable
    rows whose customer record or business line is not known (unknown_customer first,
    then unknown_business_line; email events have no business line). This is the one
    place where staged rows are checked against another table: the intermediate models
    read the known customers through identity resolution and the known lines, so such
    rows reach no mart. The raw_record of such a row is its staged values, as text.
    A view: checking every staged event against the known customers is the largest
    cost of a nightly run that nothing else needs (4-5 s at 10M transactions, measured
    by the benchmark); it is paid when the list is read, and by its tests.
#}
{{ config(materialized='view') }}
{%- set keys = {'transactions': 'staged.transaction_id', 'email_events': 'staged.event_id', 'usage_events': 'null',
    'contracts': 'staged.contract_id'} -%}

with

known_customers as (
    select customer_id from {{ ref('stg_raw__customers') }}
),

known_business_lines as (
    select business_line from {{ ref('stg_raw__business_lines') }}
),
{%- for table_name, key_column in keys.items() %}
{%- set has_line = table_name != 'email_events' %}

{{ table_name }}_unknown as (
    select
        '{{ table_name }}' as source_table,
        cast({{ key_column }} as {{ dbt.type_string() }}) as source_key,
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
),
{%- endfor %}

unknown_references as (
    {%- for table_name in keys %}
    select * from {{ table_name }}_unknown
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

numbered as (
    select
        *,
        row_number() over (
            partition by source_table, raw_record
            order by reject_reason asc
        ) as occurrence
    from unknown_references
),

final as (
    select
        reject_id,
        source_table,
        source_key,
        reject_reason,
        raw_record
    from {{ ref('stg_raw__rejects') }}

    union all

    select
        {{ surrogate_key(['source_table', 'reject_reason', 'raw_record', 'occurrence']) }} as reject_id,
        source_table,
        source_key,
        reject_reason,
        raw_record
    from numbered
)

select * from final
