{#
    Every customer with at least one purchase (amount > 0) in a line within the RFM
    window has exactly one customer_rfm row there, with a segment; nobody else has
    one. The population is recomputed from staging, independently of the
    intermediate models.
#}
{%- set rfm = get_rfm_config() -%}

with

purchasers as (
    select distinct
        identity_map.customer_key,
        staged_transactions.business_line
    from {{ ref('stg_raw__transactions') }} as staged_transactions
    inner join {{ ref('customer_identity_map') }} as identity_map
        on staged_transactions.customer_id = identity_map.customer_id
    inner join {{ ref('stg_raw__business_lines') }} as known_lines
        on staged_transactions.business_line = known_lines.business_line
    where
        staged_transactions.amount > 0
        and staged_transactions.transaction_date <= {{ as_of_date() }}
    {%- if rfm['window_days'] is not none %}
        and staged_transactions.transaction_date >= {{ window_start_date(rfm['window_days']) }}
        {%- endif %}
),

segments as (
    select
        customer_key,
        business_line,
        count(*) as row_count,
        count(rfm_segment) as segment_count
    from {{ ref('customer_rfm') }}
    group by
        customer_key,
        business_line
)

select
    coalesce(purchasers.customer_key, segments.customer_key) as customer_key,
    coalesce(purchasers.business_line, segments.business_line) as business_line,
    case
        when segments.customer_key is null then 'purchaser without an RFM row'
        when purchasers.customer_key is null then 'RFM row for a non-purchaser'
        when segments.row_count <> 1 then 'several RFM rows'
        else 'no segment'
    end as problem
from purchasers
full outer join segments
    on
        purchasers.customer_key = segments.customer_key
        and purchasers.business_line = segments.business_line
where
    segments.customer_key is null
    or purchasers.customer_key is null
    or segments.row_count <> 1
    or segments.segment_count <> 1
