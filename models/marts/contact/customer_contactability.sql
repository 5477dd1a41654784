{#
    One row per customer_key and channel (email, sms, phone, post), as of the as-of
    date: the golden record's contact value for the channel, whether it is reachable
    (a valid value that is not known to fail) and permitted (consent), the date of the
    last proof that it works, and a score.

    email  reachable: a valid address, not hard-bounced (var email_hard_bounce_count
           bounces with no delivery, open or click since), not unsubscribed and no
           complaint since the latest consent; permitted: email opt-in;
           proof: the last delivery, open or click (else the record's last update).
    sms    reachable: a valid mobile; permitted: SMS opt-in.
    phone  reachable: a valid mobile or landline (mobile first); permitted: true (calls
           are opt-out; the raw contract carries no opposition list).
    post   reachable: a complete address (line, valid postal code, city);
           permitted: true (postal mail is opt-out).
    sms, phone and post proof: the last update (or creation) of a source record
    holding that value. Only evidence dated up to the as-of date counts.
    contactability_score: 0 unless reachable and permitted; then
    100 x (1 - var contact_data_decay_rate) ^ (years since the proof), 0 without proof.
#}
{%- set contact = get_contactability_config() %}

with

golden as (
    select * from {{ ref('int_customer_golden_records') }}
),

records as (
    select
        records.*,
        identity_map.customer_key,
        cast(coalesce(
            case when cast(records.updated_at as date) <= {{ as_of_date() }} then records.updated_at end,
            case when cast(records.created_at as date) <= {{ as_of_date() }} then records.created_at end
        ) as date) as confirmed_date
    from {{ ref('int_customer_records_normalised') }} as records
    inner join {{ ref('customer_identity_map') }} as identity_map
        on records.customer_id = identity_map.customer_id
),

email_status as (
    select
        customer_key,
        cast(last_delivered_at as date) as last_delivered_date,
        last_unsubscribed_at,
        last_complained_at,
        bounces_since_last_delivery
    from {{ ref('int_customer_email_status') }}
),

confirmations as (
    {#- the latest date a source record of the customer held each value -#}
    select
        golden.customer_key,
        max(case when records.email_address = golden.email then records.confirmed_date end) as email_confirmed_date,
        max(case when records.phone_e164 = golden.mobile_phone then records.confirmed_date end)
            as mobile_confirmed_date,
        max(
            case
                when
                    records.phone_e164 = coalesce(golden.mobile_phone, golden.landline_phone)
                    then records.confirmed_date
            end
        )
            as phone_confirmed_date,
        max(case
            when
                records.address_normalised = golden.address_normalised
                and records.postal_code_normalised = golden.postal_code
                then records.confirmed_date
        end) as address_confirmed_date
    from golden
    inner join records
        on golden.customer_key = records.customer_key
    group by golden.customer_key
),

channels as (
    select
        golden.customer_key,
        'email' as channel,
        golden.email as contact_value,
        case
            when golden.email is null then 'missing_or_invalid'
            when
                coalesce(email_status.bounces_since_last_delivery, 0) >= {{ contact.hard_bounce_count }}
                then 'hard_bounced'
            {#- an unsubscribe or a complaint holds until a later consent -#}
            when
                email_status.last_complained_at is not null
                and (golden.email_consent_at is null or email_status.last_complained_at > golden.email_consent_at)
                then 'complained'
            when
                email_status.last_unsubscribed_at is not null
                and (golden.email_consent_at is null or email_status.last_unsubscribed_at > golden.email_consent_at)
                then 'unsubscribed'
        end as unreachable_reason,
        golden.is_email_opt_in as is_permitted,
        coalesce(email_status.last_delivered_date, confirmations.email_confirmed_date) as last_proof_date
    from golden
    left join email_status
        on golden.customer_key = email_status.customer_key
    left join confirmations
        on golden.customer_key = confirmations.customer_key

    union all

    select
        golden.customer_key,
        'sms' as channel,
        golden.mobile_phone as contact_value,
        case when golden.mobile_phone is null then 'missing_or_invalid' end as unreachable_reason,
        golden.is_sms_opt_in as is_permitted,
        confirmations.mobile_confirmed_date as last_proof_date
    from golden
    left join confirmations
        on golden.customer_key = confirmations.customer_key

    union all

    select
        golden.customer_key,
        'phone' as channel,
        coalesce(golden.mobile_phone, golden.landline_phone) as contact_value,
        case when coalesce(golden.mobile_phone, golden.landline_phone) is null then 'missing_or_invalid' end
            as unreachable_reason,
        true as is_permitted,
        confirmations.phone_confirmed_date as last_proof_date
    from golden
    left join confirmations
        on golden.customer_key = confirmations.customer_key

    union all

    select
        golden.customer_key,
        'post' as channel,
        case when golden.is_address_complete then golden.address_normalised end as contact_value,
        case when not golden.is_address_complete then 'missing_or_invalid' end as unreachable_reason,
        true as is_permitted,
        confirmations.address_confirmed_date as last_proof_date
    from golden
    left join confirmations
        on golden.customer_key = confirmations.customer_key
),

dated as (
    select
        *,
        {{ dbt.datediff('last_proof_date', as_of_date(), 'day') }} as days_since_proof  -- noqa: LT05
    from channels
),

final as (
    select
        customer_key,
        channel,
        contact_value,
        (unreachable_reason is null) as is_reachable,
        coalesce(is_permitted, false) as is_permitted,
        (unreachable_reason is null and coalesce(is_permitted, false)) as is_contactable,
        cast(coalesce(
            unreachable_reason,
            case when is_permitted is null then 'consent_unknown' when not is_permitted then 'no_consent' end,
            'contactable'
        ) as {{ dbt.type_string() }}) as contactability_status,
        last_proof_date,
        cast(case
            when unreachable_reason is not null or not coalesce(is_permitted, false) or last_proof_date is null then 0
            else round(100 * power(1 - {{ contact.data_decay_rate }}, days_since_proof / 365.25))
        end as integer) as contactability_score,
        {{ as_of_date() }} as as_of_date
    from dated
)

select * from final
