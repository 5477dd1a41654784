{#
    PMG tier (Petit / Moyen / Gros) per customer and business line, as of
    var('as_of_date'), by cumulative share of the line's net revenue. For each
    customer: revenue_before = the net revenue of the line's customers with strictly
    higher net revenue; line_revenue = the sum of the positive net revenues.
      gros  - revenue_before < pmg_gros_share x line_revenue (the customer who crosses
              the share is gros);
      moyen - revenue_before < pmg_moyen_share x line_revenue;
      petit - otherwise, and always for zero or negative net revenue.
    Equal revenues share a tier. Every customer and line of int_customer_line_activity
    has a row (net revenue 0 when they only used a service or held a contract).
    Without a window (var pmg_window_days null) the net revenue is the line activity's;
    with a window it is summed from the customer days in the window.
#}
{%- set pmg = get_pmg_config() -%}
{#- both sources, whatever the window: the DAG (and the unit tests' inputs) must not depend on a var #}
-- depends_on: {{ ref('int_customer_line_activity') }}
-- depends_on: {{ ref('int_transactions_rolled_up_to_customer_days') }}

with

customer_lines as (
    select * from {{ ref('int_customer_line_activity') }}
),

{% if pmg['window_days'] is none -%}
customers as (
    {#- the whole history up to the as-of date: the line's net revenue is in
        int_customer_line_activity already (0 without transactions) -#}
    select
        customer_key,
        business_line,
        industry,
        net_revenue
    from customer_lines
),
{%- else -%}
customer_days as (
    select * from {{ ref('int_transactions_rolled_up_to_customer_days') }}
    where
        transaction_date <= {{ as_of_date() }}
        and transaction_date >= {{ window_start_date(pmg['window_days']) }}
),

revenue as (
    select
        customer_key,
        business_line,
        sum(net_amount) as net_revenue
    from customer_days
    group by
        customer_key,
        business_line
),

customers as (
    select
        customer_lines.customer_key,
        customer_lines.business_line,
        customer_lines.industry,
        coalesce(revenue.net_revenue, 0) as net_revenue
    from customer_lines
    left join revenue
        on
            customer_lines.customer_key = revenue.customer_key
            and customer_lines.business_line = revenue.business_line
),
{%- endif %}

revenue_levels as (
    {#- one row per distinct revenue value, so that equal revenues share everything -#}
    select
        business_line,
        net_revenue,
        sum(net_revenue) as level_revenue
    from customers
    group by
        business_line,
        net_revenue
),

cumulated as (
    select
        business_line,
        net_revenue,
        coalesce(sum(level_revenue) over (
            partition by business_line
            order by net_revenue desc
            rows between unbounded preceding and 1 preceding
        ), 0) as revenue_before,
        sum(case when net_revenue > 0 then level_revenue else 0 end) over (
            partition by business_line
        ) as line_revenue
    from revenue_levels
),

final as (
    select
        customers.customer_key,
        customers.business_line,
        customers.industry,
        cast(customers.net_revenue as decimal(18, 2)) as net_revenue,
        cast(cumulated.revenue_before as decimal(18, 2)) as revenue_before,
        cast(cumulated.line_revenue as decimal(18, 2)) as line_revenue,
        cast(
            case when cumulated.line_revenue > 0 then cumulated.revenue_before / cumulated.line_revenue end
            as double
        ) as revenue_share_before,
        cast(
            case
                when customers.net_revenue <= 0 or cumulated.line_revenue <= 0 then 'petit'
                when cumulated.revenue_before < {{ pmg['gros_share'] }} * cumulated.line_revenue then 'gros'
                when cumulated.revenue_before < {{ pmg['moyen_share'] }} * cumulated.line_revenue then 'moyen'
                else 'petit'
            end as {{ dbt.type_string() }}
        ) as pmg_tier,
        {{ as_of_date() }} as as_of_date
    from customers
    inner join cumulated
        on
            customers.business_line = cumulated.business_line
            and customers.net_revenue = cumulated.net_revenue
)

select * from final
