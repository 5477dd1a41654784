{#
    One row per household (int_customer_households): its members, address, combined
    net revenue, best lifecycle status, and the member to contact so that one mailing
    goes to one household: the member with the best contactability score on any
    channel, then the higher net revenue, then the household's first member.
    Households of one member (most of them) are written from that member's row without
    ranking or aggregating; the others are ranked and aggregated.
#}
{%- set precedence = get_customer_status_precedence() %}

with

customers as (
    select * from {{ ref('customers') }}
),

household_sizes as (
    select
        household_key,
        count(*) as member_count
    from customers
    group by household_key
),

singles as (
    {#- most households have one member: it is the contact, and nothing needs ranking
        or aggregating (the same values as the general case below) -#}
    select
        customers.household_key,
        cast(1 as integer) as member_count,
        cast(customers.customer_key as {{ dbt.type_string() }}) as member_customer_keys,
        customers.address_line,
        customers.postal_code,
        customers.city,
        customers.country_code,
        cast(customers.net_revenue as decimal(18, 2)) as net_revenue,
        cast(customers.customer_lifecycle_status as {{ dbt.type_string() }}) as household_lifecycle_status,
        customers.customer_key as best_contact_customer_key,
        customers.best_contact_channel,
        customers.best_contactability_score
    from customers
    inner join household_sizes
        on customers.household_key = household_sizes.household_key
    where household_sizes.member_count = 1
),

ranked as (
    select
        customers.*,
        row_number() over (
            partition by customers.household_key
            order by
                customers.best_contactability_score desc,
                customers.net_revenue desc,
                customers.customer_key = customers.household_key desc,
                customers.customer_key asc
        ) as contact_rank,
        case customers.customer_lifecycle_status
            {%- for status in precedence %}
            when '{{ status }}' then {{ loop.index }}
            {%- endfor %}
        end as status_precedence
    from customers
    inner join household_sizes
        on customers.household_key = household_sizes.household_key
    where household_sizes.member_count > 1
),

families as (
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
        max(case when contact_rank = 1 then best_contactability_score end) as best_contactability_score
    from ranked
    group by household_key
),

final as (
    select
        *,
        {{ as_of_date() }} as as_of_date
    from singles

    union all

    select
        *,
        {{ as_of_date() }} as as_of_date
    from families
)

select * from final
