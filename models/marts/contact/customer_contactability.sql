{#
    One row per customer_key and channel (email, sms, phone, post), as of the as-of
    date: the contact value, whether it is reachable, permitted and so contactable, why
    not, the date of the last proof that it works and a score. A view of
    int_customer_contactability (the reachability of each value is there). What
    depends on a var or on the as-of date is computed here, on read: the hard bounce
    (var email_hard_bounce_count bounces with no delivery, open or click since) and the
    score, which decays with the days since the proof
    (macros/contact/contactability_score.sql). No stored row is rewritten when only
    the date or the var changes.
#}
{{ config(materialized='view') }}

{%- set contact = get_contactability_config() %}

with

channels as (
    select
        *,
        case
            when unreachable_reason = 'missing_or_invalid' then unreachable_reason
            when coalesce(bounces_since_last_delivery, 0) >= {{ contact.hard_bounce_count }} then 'hard_bounced'
            else unreachable_reason
        end as reason
    from {{ ref('int_customer_contactability') }}
),

judged as (
    select
        *,
        (reason is null) as is_reachable,
        (reason is null and coalesce(is_permitted, false)) as is_contactable
    from channels
),

final as (
    select
        customer_key,
        channel,
        contact_value,
        is_reachable,
        coalesce(is_permitted, false) as is_permitted,
        is_contactable,
        cast(coalesce(
            reason,
            case
                when is_permitted is null then 'consent_unknown'
                when not is_permitted then 'no_consent'
            end,
            'contactable'
        ) as {{ dbt.type_string() }}) as contactability_status,
        last_proof_date,
        {{ contactability_score('is_contactable', 'last_proof_date', contact.data_decay_rate) }}
            as contactability_score,
        {{ as_of_date() }} as as_of_date
    from judged
)

select * from final
