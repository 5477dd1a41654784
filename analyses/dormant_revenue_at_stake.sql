-- The revenue at stake among dormant customers: per business line and PMG tier, how
-- many customers are dormant and how much net revenue they brought (all history in
-- the PMG window), next to the line's whole revenue, as of the build's as_of_date.
-- Dormant customers are the reactivation pipeline's target: selling to an existing
-- customer succeeds far more often than to a prospect.

with

lifecycle as (
    select * from {{ ref('customer_lifecycle') }}
),

pmg as (
    select * from {{ ref('customer_pmg') }}
),

customer_lines as (
    select
        lifecycle.business_line,
        lifecycle.industry,
        pmg.pmg_tier,
        lifecycle.lifecycle_status,
        lifecycle.days_inactive,
        pmg.net_revenue,
        pmg.line_revenue
    from lifecycle
    inner join pmg
        on
            lifecycle.customer_key = pmg.customer_key
            and lifecycle.business_line = pmg.business_line
)

select
    business_line,
    industry,
    pmg_tier,
    count(*) as dormant_customers,
    sum(net_revenue) as dormant_net_revenue,
    round(avg(days_inactive), 0) as avg_days_inactive,
    max(line_revenue) as line_revenue,
    round(100.0 * sum(net_revenue) / nullif(max(line_revenue), 0), 1) as share_of_line_revenue_pct
from customer_lines
where lifecycle_status = 'dormant'
group by
    business_line,
    industry,
    pmg_tier
order by
    business_line asc,
    case pmg_tier when 'gros' then 1 when 'moyen' then 2 else 3 end asc
