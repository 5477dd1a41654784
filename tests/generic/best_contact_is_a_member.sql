{#
    The member chosen to contact a household belongs to it, and no other member of it
    has a better contactability score.
#}
{% test best_contact_is_a_member(model) %}

with

customers as (
    select * from {{ ref('customers') }}
)

select
    {{ model }}.household_key,
    {{ model }}.best_contact_customer_key
from {{ model }}
left join customers as chosen
    on {{ model }}.best_contact_customer_key = chosen.customer_key
where
    chosen.household_key is distinct from {{ model }}.household_key
    or exists (
        select 1
        from customers as other
        where
            other.household_key = {{ model }}.household_key
            and other.best_contactability_score > chosen.best_contactability_score
    )

{% endtest %}
