{#
    Net revenue is conserved from staging to the marts: per business line, the sum
    of net_revenue in customer_pmg equals the sum of staged transaction amounts in
    the PMG window up to the as-of date; over all lines, customers.net_revenue sums
    to the same total; and customer_rfm.monetary equals the staged amounts of the
    customers it scores, in the RFM window.
#}
{%- set pmg = get_pmg_config() -%}
{%- set rfm = get_rfm_config() -%}

with

staged as (
    select
        identity_map.customer_key,
        staged_transactions.business_line,
        staged_transactions.transaction_date,
        staged_transactions.amount
    from {{ ref('stg_raw__transactions') }} as staged_transactions
    inner join {{ ref('customer_identity_map') }} as identity_map
        on staged_transactions.customer_id = identity_map.customer_id
    inner join {{ ref('stg_raw__business_lines') }} as known_lines
        on staged_transactions.business_line = known_lines.business_line
    where staged_transactions.transaction_date <= {{ as_of_date() }}
),

staged_pmg as (
    select
        business_line,
        sum(amount) as total
    from staged
    {%- if pmg['window_days'] is not none %}
    where transaction_date >= {{ window_start_date(pmg['window_days']) }}
    {%- endif %}
    group by business_line
),

mart_pmg as (
    select
        business_line,
        sum(net_revenue) as total
    from {{ ref('customer_pmg') }}
    group by business_line
),

staged_rfm as (
    select
        staged.business_line,
        sum(staged.amount) as total
    from staged
    inner join {{ ref('customer_rfm') }} as rfm
        on
            staged.customer_key = rfm.customer_key
            and staged.business_line = rfm.business_line
    {%- if rfm['window_days'] is not none %}
    where staged.transaction_date >= {{ window_start_date(rfm['window_days']) }}
    {%- endif %}
    group by staged.business_line
),

mart_rfm as (
    select
        business_line,
        sum(monetary) as total
    from {{ ref('customer_rfm') }}
    group by business_line
),

per_line as (
    select
        'customer_pmg.net_revenue' as measure,
        coalesce(staged_pmg.business_line, mart_pmg.business_line) as business_line,
        coalesce(staged_pmg.total, 0) as staged_total,
        coalesce(mart_pmg.total, 0) as mart_total
    from staged_pmg
    full outer join mart_pmg
        on staged_pmg.business_line = mart_pmg.business_line

    union all

    select
        'customer_rfm.monetary' as measure,
        coalesce(staged_rfm.business_line, mart_rfm.business_line) as business_line,
        coalesce(staged_rfm.total, 0) as staged_total,
        coalesce(mart_rfm.total, 0) as mart_total
    from staged_rfm
    full outer join mart_rfm
        on staged_rfm.business_line = mart_rfm.business_line

    union all

    select
        'customers.net_revenue' as measure,
        'all lines' as business_line,
        (select coalesce(sum(total), 0) from staged_pmg) as staged_total,
        (select coalesce(sum(net_revenue), 0) from {{ ref('customers') }}) as mart_total
)

select *
from per_line
where staged_total <> mart_total
