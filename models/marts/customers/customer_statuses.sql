{#
    One row per customer_key (prospects included): every column of the customers mart
    that depends on the as-of date, rebuilt on every run; the view customers adds the
    golden record's contact details and the household, which are stored once
    upstream and not rewritten to move a date. Here: contactability per channel and
    the best channel (customer_contactability; ties by var contact_channel_preference),
    and each business line's lifecycle status, PMG tier and RFM segment side by side
    (columns <business_line>__lifecycle_status, __pmg_tier, __rfm_segment, one set per
    line of stg_raw__business_lines, found when the model runs). A customer with no
    activity in a line is a prospect there. customer_lifecycle_status is the first
    status of var('customer_status_precedence') the customer holds in any line.
#}
{%- set precedence = get_customer_status_precedence() -%}
{%- set contact = get_contactability_config() -%}
{%- set prefixes = business_line_column_prefixes(ref('stg_raw__business_lines')) %}

with

golden as (
    select * from {{ ref('int_customer_golden_records') }}
),

contactability as (
    select * from {{ ref('customer_contactability') }}
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

contact_summary as (
    {#- one pass over the channels: the best channel is the one with the highest score,
        ties broken by var contact_channel_preference, encoded as score x 10 + the
        channel's place from the end of the preference list (4 for the first), so that
        max() picks it; the last digit names the channel -#}
    select
        customer_key,
        {%- for channel in ['email', 'sms', 'phone', 'post'] %}
        max(case when channel = '{{ channel }}' and is_contactable then 1 else 0 end)
        = 1 as is_{{ channel }}_contactable,
        {%- endfor %}
        max(contactability_score) as best_contactability_score,
        max(
            contactability_score * 10
            + case channel
                {%- for channel in contact.channel_preference %}
                when '{{ channel }}' then {{ contact.channel_preference | length - loop.index + 1 }}
                {%- endfor %}
            end
        ) as best_channel_code
    from contactability
    group by customer_key
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
        golden.customer_key,
        contact_summary.is_email_contactable,
        contact_summary.is_sms_contactable,
        contact_summary.is_phone_contactable,
        contact_summary.is_post_contactable,
        contact_summary.best_contactability_score,
        case
            when contact_summary.best_contactability_score > 0
                then case contact_summary.best_channel_code % 10
                    {%- for channel in contact.channel_preference %}
                    when {{ contact.channel_preference | length - loop.index + 1 }} then '{{ channel }}'
                    {%- endfor %}
                end
        end as best_contact_channel,
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
    from golden
    inner join contact_summary
        on golden.customer_key = contact_summary.customer_key
    left join per_customer
        on golden.customer_key = per_customer.customer_key
)

select * from final
