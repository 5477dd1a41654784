{#
    RFM per customer and business line, as of var('as_of_date'), for customers with at
    least one purchase in the window (var('rfm_window_days'); null = all history).
      recency_days - as-of date minus the last purchase date;
      frequency    - distinct purchase days;
      monetary     - net revenue (purchases minus refunds).
    Scores run 1..n (n = var('rfm_score_bins')); higher is better. quantile method:
    least(n, 1 + floor(n * percent_rank())) within each business line, so equal values
    share a score. thresholds method: the business-defined bins of the seed
    rfm_score_thresholds for the line's industry. The segment comes from the seed
    rfm_segment_map, which maps every (r, f, m) cell to one named segment.
    Without a window the metrics are int_customer_line_activity's (last purchase date,
    purchase days, net revenue: one row per customer and line, kept up to date for the
    customers concerned); with a window they are summed from the customer days.
#}
{%- set rfm = get_rfm_config() -%}
{%- set n = rfm['bins'] -%}
{#- both sources, whatever the window: the DAG (and the unit tests' inputs) must not depend on a var #}
-- depends_on: {{ ref('int_customer_line_activity') }}
-- depends_on: {{ ref('int_transactions_rolled_up_to_customer_days') }}

with

business_lines as (
    select * from {{ ref('stg_raw__business_lines') }}
),

segment_map as (
    select * from {{ ref('rfm_segment_map') }}
),

{% if rfm['method'] == 'thresholds' -%}
thresholds as (
    select * from {{ ref('rfm_score_thresholds') }}
),

{% endif -%}

{% if rfm['window_days'] is none -%}
metrics as (
    {#- the whole history up to the as-of date: int_customer_line_activity holds these
        sums already (recomputed only for the customers concerned), one row per
        customer and line instead of one per purchase day -#}
    select
        customer_key,
        business_line,
        last_purchase_date,
        purchase_days as frequency,
        net_revenue as monetary
    from {{ ref('int_customer_line_activity') }}
    where purchase_days > 0
),
{%- else -%}
customer_days as (
    select * from {{ ref('int_transactions_rolled_up_to_customer_days') }}
    where
        transaction_date <= {{ as_of_date() }}
        and transaction_date >= {{ window_start_date(rfm['window_days']) }}
),

metrics as (
    select
        customer_key,
        business_line,
        max(case when purchase_count > 0 then transaction_date end) as last_purchase_date,
        sum(case when purchase_count > 0 then 1 else 0 end) as frequency,
        sum(net_amount) as monetary
    from customer_days
    group by
        customer_key,
        business_line
    having sum(purchase_count) > 0
),
{%- endif %}

with_recency as (
    select
        metrics.*,
        business_lines.industry,
        {{ dbt.datediff('metrics.last_purchase_date', as_of_date(), 'day') }}
            as recency_days
    from metrics
    inner join business_lines
        on metrics.business_line = business_lines.business_line
),

{% if rfm['method'] == 'quantile' -%}
scored as (
    select
        *,
        least({{ n }}, 1 + floor({{ n }} * percent_rank() over (
            partition by business_line order by recency_days desc
        ))) as r_score,
        least({{ n }}, 1 + floor({{ n }} * percent_rank() over (
            partition by business_line order by frequency asc
        ))) as f_score,
        least({{ n }}, 1 + floor({{ n }} * percent_rank() over (
            partition by business_line order by monetary asc
        ))) as m_score
    from with_recency
),
{%- else -%}
scored as (
    select
        with_recency.*,
        r_bins.score as r_score,
        f_bins.score as f_score,
        m_bins.score as m_score
    from with_recency
    {%- for metric, alias, value in [
        ('recency', 'r_bins', 'recency_days'),
        ('frequency', 'f_bins', 'frequency'),
        ('monetary', 'm_bins', 'monetary'),
    ] %}
    left join thresholds as {{ alias }}
        on
            with_recency.industry = {{ alias }}.industry
            and {{ alias }}.metric = '{{ metric }}'
            and (with_recency.{{ value }} >= {{ alias }}.min_value or {{ alias }}.min_value is null)
            and (with_recency.{{ value }} < {{ alias }}.max_value or {{ alias }}.max_value is null)
    {%- endfor %}
),
{%- endif %}

final as (
    select
        scored.customer_key,
        scored.business_line,
        scored.industry,
        scored.last_purchase_date,
        cast(scored.recency_days as integer) as recency_days,
        cast(scored.frequency as integer) as frequency,
        cast(scored.monetary as decimal(18, 2)) as monetary,
        cast(scored.r_score as integer) as r_score,
        cast(scored.f_score as integer) as f_score,
        cast(scored.m_score as integer) as m_score,
        cast(segment_map.rfm_segment as {{ dbt.type_string() }}) as rfm_segment,
        cast('{{ rfm["method"] }}' as {{ dbt.type_string() }}) as scoring_method,
        {{ as_of_date() }} as as_of_date
    from scored
    left join segment_map
        on
            scored.r_score = segment_map.r_score
            and scored.f_score = segment_map.f_score
            and scored.m_score = segment_map.m_score
)

select * from final
