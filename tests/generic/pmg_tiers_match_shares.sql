{#
    PMG invariant, recomputed independently of the model (peer-range window instead
    of the model's grouped revenue levels): for each customer, revenue_before = the
    revenue of the partition's customers with strictly higher revenue; total = sum of
    positive revenues; the tier must be gros when revenue_before < gros_share x total,
    moyen when < moyen_share x total, petit otherwise and for revenue <= 0.
    Fails on every row whose tier differs.
#}
{% test pmg_tiers_match_shares(model, column_name, revenue_column, partition_by, gros_share, moyen_share) %}

with

customers as (
    select
        {{ partition_by }} as partition_value,
        {{ revenue_column }} as revenue,
        {{ column_name }} as tier
    from {{ model }}
),

cumulated as (
    select
        *,
        sum(revenue) over (
            partition by partition_value
            order by revenue desc
            range between unbounded preceding and current row
        ) - sum(revenue) over (partition by partition_value, revenue) as revenue_before,
        sum(case when revenue > 0 then revenue else 0 end) over (partition by partition_value) as total
    from customers
),

expected as (
    select
        *,
        case
            when revenue <= 0 then 'petit'
            when revenue_before < {{ gros_share }} * total then 'gros'
            when revenue_before < {{ moyen_share }} * total then 'moyen'
            else 'petit'
        end as expected_tier
    from cumulated
)

select *
from expected
where tier is distinct from expected_tier

{% endtest %}
