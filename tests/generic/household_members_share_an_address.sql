{#
    Every household of two or more members (model: customer_key, household_key) lives
    at one complete address: its members' golden addresses (normalised line, postal
    code, country) are the same, and complete. Fails once per offending household.
#}
{% test household_members_share_an_address(model) %}

with

members as (
    select
        {{ model }}.household_key,
        golden.address_normalised,
        golden.postal_code,
        golden.country_code,
        golden.is_address_complete
    from {{ model }}
    inner join {{ ref('int_customer_golden_records') }} as golden
        on {{ model }}.customer_key = golden.customer_key
),

households as (
    select
        household_key,
        count(*) as member_count,
        count(distinct address_normalised || '|' || postal_code || '|' || country_code) as address_count,
        min(case when is_address_complete then 1 else 0 end) as all_complete
    from members
    group by household_key
)

select *
from households
where member_count > 1 and (address_count <> 1 or all_complete = 0)

{% endtest %}
