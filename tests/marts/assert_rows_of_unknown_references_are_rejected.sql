{#
    Nothing staged is lost downstream: per staged table, the rows whose customer record
    or business line is not known are exactly the unknown-reference rows of
    rejected_rows (the other rows are the ones identity resolution and the line
    rollups read). One row per table whose counts differ.
#}
{%- set tables = ['transactions', 'email_events', 'usage_events', 'contracts'] %}

with

{%- for table_name in tables %}

{{ table_name }}_unknown as (
    select
        '{{ table_name }}' as source_table,
        count(*) as staged_row_count
    from {{ ref('stg_raw__' ~ table_name) }} as staged
    where
        staged.customer_id not in (select customers.customer_id from {{ ref('stg_raw__customers') }} as customers)
        {%- if table_name != 'email_events' %}
        or staged.business_line not in (
            select business_lines.business_line from {{ ref('stg_raw__business_lines') }} as business_lines
        )
        {%- endif %}
),
{%- endfor %}

staged as (
    {%- for table_name in tables %}
    select * from {{ table_name }}_unknown
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

rejected as (
    select
        source_table,
        count(*) as rejected_row_count
    from {{ ref('rejected_rows') }}
    where reject_reason in ('unknown_customer', 'unknown_business_line')
    group by source_table
)

select
    staged.source_table,
    staged.staged_row_count,
    coalesce(rejected.rejected_row_count, 0) as rejected_row_count
from staged
left join rejected
    on staged.source_table = rejected.source_table
where staged.staged_row_count <> coalesce(rejected.rejected_row_count, 0)
