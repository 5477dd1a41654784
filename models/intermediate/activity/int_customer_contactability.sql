{#
    One row per customer_key and channel (email, sms, phone, post), as of the as-of
    date: the golden record's contact value for the channel, why it cannot be reached
    (none when it is a valid value not known to fail), the consent, and the date of the
    last proof that it works.

    email  unreachable: not a valid address, or unsubscribed or complained since the
           latest consent (a hard bounce depends on var email_hard_bounce_count: the
           mart customer_contactability applies it to bounces_since_last_delivery);
           permitted: email opt-in; proof: the last delivery, open or click (else the
           record's last update).
    sms    reachable: a valid mobile; permitted: SMS opt-in.
    phone  reachable: a valid mobile or landline (mobile first); permitted: true (calls
           are opt-out; the raw contract carries no opposition list).
    post   reachable: a complete address (line, valid postal code, city);
           permitted: true (postal mail is opt-out).
    sms, phone and post proof: the last update (or creation) of a source record
    holding that value. Only evidence dated up to the as-of date counts.
    Incremental: a run recomputes the customers logged by int_customers_changed since
    it last ran (strategy replace_customers).
#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='replace_customers',
    unique_key='customer_key',
    on_schema_change='fail',
) }}

with

golden as (
    select * from {{ ref('int_customer_golden_records') }}
    where {{ customer_changed_since_last_run('customer_key') }}
),

members as (
    {{ members_to_redo() }}
),

records as (
    select
        records.*,
        members.customer_key,
        cast(coalesce(
            case when cast(records.updated_at as date) <= {{ as_of_date() }} then records.updated_at end,
            case when cast(records.created_at as date) <= {{ as_of_date() }} then records.created_at end
        ) as date) as confirmed_date
    from {{ ref('int_customer_records_normalised') }} as records
    inner join members
        on records.customer_id = members.customer_id
),

email_status as (
    select
        customer_key,
        last_delivered_at,
        last_unsubscribed_at,
        last_complained_at,
        bounces_since_last_delivery,
        cast(last_delivered_at as date) as last_delivered_date
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
    from golden as golden
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
        coalesce(email_status.last_delivered_date, confirmations.email_confirmed_date) as last_proof_date,
        coalesce(email_status.bounces_since_last_delivery, 0) as bounces_since_last_delivery
    from golden as golden
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
        confirmations.mobile_confirmed_date as last_proof_date,
        cast(null as integer) as bounces_since_last_delivery
    from golden as golden
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
        confirmations.phone_confirmed_date as last_proof_date,
        cast(null as integer) as bounces_since_last_delivery
    from golden as golden
    left join confirmations
        on golden.customer_key = confirmations.customer_key

    union all

    select
        golden.customer_key,
        'post' as channel,
        case when golden.is_address_complete then golden.address_normalised end as contact_value,
        case when not golden.is_address_complete then 'missing_or_invalid' end as unreachable_reason,
        true as is_permitted,
        confirmations.address_confirmed_date as last_proof_date,
        cast(null as integer) as bounces_since_last_delivery
    from golden as golden
    left join confirmations
        on golden.customer_key = confirmations.customer_key
),

final as (
    select
        *,
        {{ loaded_at() }} as _loaded_at
    from channels
)

select * from final
