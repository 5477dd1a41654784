{#
    The customer-level table for BI: one row per customer_key, prospects included,
    with each business line's lifecycle status, PMG tier and RFM segment side by side
    (columns <business_line>__lifecycle_status, __pmg_tier, __rfm_segment, one set per
    line of stg_raw__business_lines, found when the model runs). A customer with no
    activity in a line is a prospect there. customer_lifecycle_status is the first
    status of var('customer_status_precedence') the customer holds in any line.
#}
{%- set precedence = get_customer_status_precedence() -%}
{%- set prefixes = business_line_column_prefixes(ref('stg_raw__business_lines')) %}

with

identity_map as (
    select * from {{ ref('customer_identity_map') }}
),

customer_records as (
    select * from {{ ref('stg_raw__customers') }}
),

lifecycle as (
    select * from {{ ref('customer_lifecycle') }}
),

pmg as (
    select * from {{ ref('customer_pmg') }}
),

rfm as (
    select * from {{ ref('customer_rfm') }}
),

records_ranked as (
    {#- the most recently updated record of each customer gives the contact details -#}
    select
        customer_records.*,
        identity_map.customer_key,
        row_number() over (
            partition by identity_map.customer_key
            order by
                customer_records.updated_at desc nulls last,
                customer_records.created_at desc nulls last,
                customer_records.customer_id asc
        ) as record_rank,
        count(*) over (partition by identity_map.customer_key) as source_record_count,
        min(customer_records.created_at) over (partition by identity_map.customer_key) as first_created_at
    from identity_map
    inner join customer_records
        on identity_map.customer_id = customer_records.customer_id
),

contacts as (
    select * from records_ranked
    where record_rank = 1
),

lines as (
    select
        lifecycle.customer_key,
        lifecycle.business_line,
        lifecycle.lifecycle_status,
        lifecycle.first_purchase_date,
        lifecycle.last_purchase_date,
        pmg.pmg_tier,
        pmg.net_revenue,
        rfm.rfm_segment,
        case lifecycle.lifecycle_status
            {%- for status in precedence %}
            when '{{ status }}' then {{ loop.index }}
            {%- endfor %}
        end as status_precedence
    from lifecycle
    left join pmg
        on
            lifecycle.customer_key = pmg.customer_key
            and lifecycle.business_line = pmg.business_line
    left join rfm
        on
            lifecycle.customer_key = rfm.customer_key
            and lifecycle.business_line = rfm.business_line
),

per_customer as (
    select
        customer_key,
        cast(sum(case when first_purchase_date is not null then 1 else 0 end) as integer) as purchased_line_count,
        cast(sum(case when lifecycle_status in ('new', 'active', 'reactivated') then 1 else 0 end) as integer)
            as active_line_count,
        min(status_precedence) as best_status_precedence,
        min(first_purchase_date) as first_purchase_date,
        max(last_purchase_date) as last_purchase_date,
        {%- for line, prefix in prefixes.items() %}
        max(case when business_line = '{{ line }}' then lifecycle_status end) as {{ prefix }}__lifecycle_status,
        max(case when business_line = '{{ line }}' then pmg_tier end) as {{ prefix }}__pmg_tier,
        max(case when business_line = '{{ line }}' then rfm_segment end) as {{ prefix }}__rfm_segment,
        {%- endfor %}
        sum(net_revenue) as net_revenue
    from lines
    group by customer_key
),

final as (
    select
        contacts.customer_key,
        contacts.source_record_count,
        contacts.first_name,
        contacts.last_name,
        contacts.email,
        contacts.phone,
        contacts.postal_code,
        contacts.city,
        contacts.country_code,
        contacts.is_email_opt_in,
        contacts.is_sms_opt_in,
        contacts.first_created_at as created_at,
        cast(
            case coalesce(per_customer.best_status_precedence, {{ precedence.index('prospect') + 1 }})
                {%- for status in precedence %}
                when {{ loop.index }} then '{{ status }}'
                {%- endfor %}
            end as {{ dbt.type_string() }}
        ) as customer_lifecycle_status,
        (coalesce(per_customer.purchased_line_count, 0) = 0) as is_prospect,
        coalesce(per_customer.purchased_line_count, 0) as purchased_line_count,
        coalesce(per_customer.active_line_count, 0) as active_line_count,
        per_customer.first_purchase_date,
        per_customer.last_purchase_date,
        cast(coalesce(per_customer.net_revenue, 0) as decimal(18, 2)) as net_revenue,
        {%- for line, prefix in prefixes.items() %}
        coalesce(per_customer.{{ prefix }}__lifecycle_status, 'prospect') as {{ prefix }}__lifecycle_status,
        per_customer.{{ prefix }}__pmg_tier,
        per_customer.{{ prefix }}__rfm_segment,
        {%- endfor %}
        {{ as_of_date() }} as as_of_date
    from contacts
    left join per_customer
        on contacts.customer_key = per_customer.customer_key
)

select * from final
