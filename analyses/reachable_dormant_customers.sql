-- Who the reactivation campaign can actually reach: per business line, the dormant
-- customers and how many of them are contactable by email, SMS, phone and post
-- (reachable and permitted, customer_contactability), with their best channel. One
-- row per business line and best channel ('none' when no channel is contactable).

with

lifecycle as (
    select * from {{ ref('customer_lifecycle') }}
),

customers as (
    select * from {{ ref('customers') }}
),

dormant as (
    select
        lifecycle.business_line,
        customers.customer_key,
        customers.is_email_contactable,
        customers.is_sms_contactable,
        customers.is_phone_contactable,
        customers.is_post_contactable,
        coalesce(customers.best_contact_channel, 'none') as best_contact_channel
    from lifecycle
    inner join customers
        on lifecycle.customer_key = customers.customer_key
    where lifecycle.lifecycle_status = 'dormant'
),

final as (
    select
        business_line,
        best_contact_channel,
        count(*) as dormant_customers,
        sum(case when is_email_contactable then 1 else 0 end) as email_contactable,
        sum(case when is_sms_contactable then 1 else 0 end) as sms_contactable,
        sum(case when is_phone_contactable then 1 else 0 end) as phone_contactable,
        sum(case when is_post_contactable then 1 else 0 end) as post_contactable
    from dormant
    group by
        business_line,
        best_contact_channel
)

select * from final
order by business_line, best_contact_channel
