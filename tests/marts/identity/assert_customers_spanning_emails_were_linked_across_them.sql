{#
    No customer_key spans two different normalised emails unless a documented rule
    linked them: within each customer, every email beyond the first needs its own link
    between two records holding different emails (mobile_phone, landline_name or
    name_postal; the email rule only joins equal emails). Fails on customers whose
    emails outnumber those links + 1 (e.g. two unrelated groups merged).
#}
with

identity_map as (
    select * from {{ ref('customer_identity_map') }}
),

records as (
    select
        identity_map.customer_key,
        normalised.customer_id,
        normalised.email_match_key
    from {{ ref('int_customer_records_normalised') }} as normalised
    inner join identity_map
        on normalised.customer_id = identity_map.customer_id
),

emails as (
    select
        customer_key,
        count(distinct email_match_key) as email_count
    from records
    group by customer_key
),

cross_email_links as (
    select
        record_a.customer_key,
        count(*) as link_count,
        sum(case when links.match_rule = 'email' then 1 else 0 end) as email_rule_count
    from {{ ref('int_customer_record_links') }} as links
    inner join records as record_a
        on links.customer_id_a = record_a.customer_id
    inner join records as record_b
        on links.customer_id_b = record_b.customer_id
    where
        record_a.email_match_key <> record_b.email_match_key
        and record_a.customer_key = record_b.customer_key
    group by record_a.customer_key
)

select
    emails.customer_key,
    emails.email_count,
    coalesce(cross_email_links.link_count, 0) as cross_email_link_count,
    coalesce(cross_email_links.email_rule_count, 0) as email_rule_count
from emails
left join cross_email_links
    on emails.customer_key = cross_email_links.customer_key
where
    emails.email_count > 1 + coalesce(cross_email_links.link_count, 0)
    or coalesce(cross_email_links.email_rule_count, 0) > 0
