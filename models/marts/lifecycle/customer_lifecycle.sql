{#
    Lifecycle status per customer and business line, as of var('as_of_date').
    First match wins:
      prospect    - never purchased in the line;
      new         - first purchase fewer than var('new_customer_days') days ago;
      reactivated - last purchase fewer than var('reactivation_window_days') days ago,
                    at least the line's dormant_after_days after the purchase before it;
      otherwise the industry's rule (macros/lifecycle/lifecycle_rule_<industry>.sql)
      gives the activity date, and days inactive decide: active below
      dormant_after_days, dormant from that day on, lost from lost_after_days on.
#}
{%- set rules = get_lifecycle_rules() -%}
{%- set new_customer_days = get_int_var('new_customer_days') -%}
{%- set reactivation_window_days = get_int_var('reactivation_window_days') -%}

with

activity as (
    select * from {{ ref('int_customer_line_activity') }}
),

with_rules as (
    select
        activity.*,
        case activity.industry
            {%- for industry, thresholds in rules.items() %}
            when '{{ industry }}' then {{ thresholds['dormant_after_days'] }}
            {%- endfor %}
        end as dormant_after_days,
        case activity.industry
            {%- for industry, thresholds in rules.items() %}
            when '{{ industry }}' then {{ thresholds['lost_after_days'] }}
            {%- endfor %}
        end as lost_after_days,
        case activity.industry
            {%- for industry in rules %}
            when '{{ industry }}' then {{ context['lifecycle_rule_' ~ industry]()['activity_date'] }}
            {%- endfor %}
        end as activity_date,
        case activity.industry
            {%- for industry in rules %}
            when '{{ industry }}' then {{ context['lifecycle_rule_' ~ industry]()['activity_source'] }}
            {%- endfor %}
        end as activity_source
    from activity
),

measured as (
    select
        *,
        {{ dbt.datediff('activity_date', as_of_date(), 'day') }}
            as days_inactive,
        {{ dbt.datediff('first_purchase_date', as_of_date(), 'day') }}
            as days_since_first_purchase,
        {{ dbt.datediff('last_purchase_date', as_of_date(), 'day') }}
            as days_since_last_purchase,
        {{ dbt.datediff('previous_purchase_date', 'last_purchase_date', 'day') }}
            as days_between_last_purchases
    from with_rules
),

classified as (
    select
        *,
        case
            when first_purchase_date is null then 'never_purchased'
            when days_since_first_purchase < {{ new_customer_days }} then 'recent_first_purchase'
            when
                days_since_last_purchase < {{ reactivation_window_days }}
                and days_between_last_purchases >= dormant_after_days
                then 'returned_after_gap'
            else 'industry_activity'
        end as lifecycle_rule
    from measured
),

final as (
    select
        customer_key,
        business_line,
        industry,
        cast(
            case lifecycle_rule
                when 'never_purchased' then 'prospect'
                when 'recent_first_purchase' then 'new'
                when 'returned_after_gap' then 'reactivated'
                else
                    case
                        when days_inactive >= lost_after_days then 'lost'
                        when days_inactive >= dormant_after_days then 'dormant'
                        else 'active'
                    end
            end as {{ dbt.type_string() }}
        ) as lifecycle_status,
        cast(lifecycle_rule as {{ dbt.type_string() }}) as lifecycle_rule,
        activity_date,
        cast(activity_source as {{ dbt.type_string() }}) as activity_source,
        cast(days_inactive as integer) as days_inactive,
        cast(dormant_after_days as integer) as dormant_after_days,
        cast(lost_after_days as integer) as lost_after_days,
        first_purchase_date,
        last_purchase_date,
        previous_purchase_date,
        cast(purchase_days as integer) as purchase_days,
        {{ as_of_date() }} as as_of_date
    from classified
)

select * from final
