{#
    customers.best_contact_channel is the channel of customer_contactability with the
    highest score, ties broken by the order of var contact_channel_preference, and null
    when no channel scores above 0; best_contactability_score is that score. Ranked
    here with a window, independently of the model's single aggregation.
#}
{%- set contact = get_contactability_config() -%}

with

ranked as (
    select
        customer_key,
        channel,
        contactability_score,
        row_number() over (
            partition by customer_key
            order by
                contactability_score desc,
                case channel
                    {%- for channel in contact.channel_preference %}
                    when '{{ channel }}' then {{ loop.index }}
                    {%- endfor %}
                end
        ) as channel_rank
    from {{ ref('customer_contactability') }}
),

expected as (
    select
        customer_key,
        contactability_score as best_contactability_score,
        case when contactability_score > 0 then channel end as best_contact_channel
    from ranked
    where channel_rank = 1
)

select
    customers.customer_key,
    customers.best_contact_channel,
    expected.best_contact_channel as expected_channel,
    customers.best_contactability_score,
    expected.best_contactability_score as expected_score
from {{ ref('customers') }} as customers
left join expected
    on customers.customer_key = expected.customer_key
where
    customers.best_contact_channel is distinct from expected.best_contact_channel
    or customers.best_contactability_score is distinct from expected.best_contactability_score
