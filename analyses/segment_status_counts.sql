-- How many customers of each RFM segment sit in each lifecycle status, per business
-- line, as of the build's as_of_date. Customers without a purchase in the RFM window
-- (prospects, or buyers before the window) appear as "(not scored)".
-- Compile with `dbt compile --select segment_status_counts`; run the SQL from
-- target/compiled/... in any client.

with

lifecycle as (
    select * from {{ ref('customer_lifecycle') }}
),

rfm as (
    select * from {{ ref('customer_rfm') }}
),

segments as (
    select * from {{ ref('rfm_segments') }}
)

select
    lifecycle.business_line,
    lifecycle.lifecycle_status,
    coalesce(rfm.rfm_segment, '(not scored)') as rfm_segment,
    count(*) as customer_count
from lifecycle
left join rfm
    on
        lifecycle.customer_key = rfm.customer_key
        and lifecycle.business_line = rfm.business_line
left join segments
    on rfm.rfm_segment = segments.rfm_segment
group by
    lifecycle.business_line,
    coalesce(rfm.rfm_segment, '(not scored)'),
    segments.segment_order,
    lifecycle.lifecycle_status
order by
    lifecycle.business_line asc,
    segments.segment_order asc nulls last,
    lifecycle.lifecycle_status asc
