{#
    One row per household (int_customer_households): its members, address, combined
    net revenue, best lifecycle status, and the member to contact so that one mailing
    goes to one household: the member with the best contactability score on any
    channel, then the higher net revenue, then the household's first member.
#}
{%- set precedence = get_customer_status_precedence() %}

with

customers as (
    select * from {{ ref('customers') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by household_key
            order by
                best_contactability_score desc, net_revenue desc, customer_key = household_key desc, customer_key asc
        ) as contact_rank,
        case customer_lifecycle_status
            {%- for status in precedence %}
            when '{{ status }}' then {{ loop.index }}
            {%- endfor %}
        end as status_precedence
    from customers
),

final as (
    select
        household_key,
        cast(count(*) as integer) as member_count,
        {{ dbt.listagg('customer_key', "', '", 'order by customer_key') }} as member_customer_keys,
        max(case when customer_key = household_key then address_line end) as address_line,
        max(case when customer_key = household_key then postal_code end) as postal_code,
        max(case when customer_key = household_key then city end) as city,
        max(case when customer_key = household_key then country_code end) as country_code,
        cast(sum(net_revenue) as decimal(18, 2)) as net_revenue,
        cast(case min(status_precedence)
            {%- for status in precedence %}
            when {{ loop.index }} then '{{ status }}'
            {%- endfor %}
        end as {{ dbt.type_string() }}) as household_lifecycle_status,
        max(case when contact_rank = 1 then customer_key end) as best_contact_customer_key,
        max(case when contact_rank = 1 then best_contact_channel end) as best_contact_channel,
        max(case when contact_rank = 1 then best_contactability_score end) as best_contactability_score,
        {{ as_of_date() }} as as_of_date
    from ranked
    group by household_key
)

select * from final
