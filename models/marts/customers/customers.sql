{#
    The customer-level view for BI: one row per customer_key, prospects included: the
    golden record's contact details with the source of each value
    (int_customer_golden_records), the household (int_customer_households), and the
    columns that depend on the as-of date (customer_statuses: contactability per
    channel, the best channel, the overall and per-line lifecycle status, PMG tier and
    RFM segment).

    A view: the contact details are stored once, upstream, and kept current by
    customer; a run rebuilds only customer_statuses instead of writing every contact
    detail again to move the as-of date.
#}
{{ config(materialized='view') }}

{%- set prefixes = business_line_column_prefixes(ref('stg_raw__business_lines')) %}

with

golden as (
    select * from {{ ref('int_customer_golden_records') }}
),

households as (
    select * from {{ ref('int_customer_households') }}
),

statuses as (
    select * from {{ ref('customer_statuses') }}
),

final as (
    select
        golden.customer_key,
        households.household_key,
        golden.source_record_count,
        golden.source_system_count,
        golden.first_name,
        golden.last_name,
        golden.name_source_customer_id,
        golden.email,
        golden.email_source_system,
        golden.email_source_customer_id,
        coalesce(golden.mobile_phone, golden.landline_phone) as phone,
        golden.mobile_phone,
        golden.mobile_phone_source_system,
        golden.landline_phone,
        golden.landline_phone_source_system,
        golden.address_line,
        golden.postal_code,
        golden.city,
        golden.country_code,
        golden.address_source_system,
        golden.address_source_customer_id,
        golden.is_email_opt_in,
        golden.email_consent_source_system,
        golden.email_consent_at,
        golden.is_sms_opt_in,
        golden.sms_consent_source_system,
        golden.sms_consent_at,
        statuses.is_email_contactable,
        statuses.is_sms_contactable,
        statuses.is_phone_contactable,
        statuses.is_post_contactable,
        statuses.best_contactability_score,
        statuses.best_contact_channel,
        golden.first_created_at as created_at,
        statuses.customer_lifecycle_status,
        statuses.is_prospect,
        statuses.purchased_line_count,
        statuses.active_line_count,
        statuses.first_purchase_date,
        statuses.last_purchase_date,
        statuses.net_revenue,
        {%- for prefix in prefixes.values() %}
        statuses.{{ prefix }}__lifecycle_status,
        statuses.{{ prefix }}__pmg_tier,
        statuses.{{ prefix }}__rfm_segment,
        {%- endfor %}
        statuses.as_of_date
    from golden
    inner join households
        on golden.customer_key = households.customer_key
    inner join statuses
        on golden.customer_key = statuses.customer_key
)

select * from final
