{#
    One row per customer_key and channel (email, sms, phone, post), as of the as-of
    date: the golden record's contact value for the channel, whether it is reachable
    (a valid value that is not known to fail) and permitted (consent), and the date of
    the last proof that it works.

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
    holding that value. Only evidence dated up to the as-of date counts. The score,
    which decays with the days since the proof, is computed on read by
    customer_contactability (a view), so a new as-of date rewrites no row here.

    Incremental (strategy replace_keys, by customer_key): a run recomputes the four rows
    of the customers in scope, and only them:
      - the customers whose members changed (int_customer_memberships) or whose golden
        record was written again (its values, consents, members);
      - the customers of the records normalised again since the last run, or created or
        updated between the previous as-of date and this one (either way: a record's
        date decides whether it proves a value);
      - the customers whose email state (int_customer_email_status) differs from the
        one their rows were computed from (kept in the _email_* columns), rows gone
        included: the comparison does not depend on the order the models ran in;
      - every customer when var email_hard_bounce_count differs from the rows'
        (_rules_fingerprint).
    A customer in scope left without a golden record is deleted (a tombstone). The
    previous as-of date is the model's build state (macros/incremental/build_state.sql).
#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='replace_keys',
    unique_key='customer_key',
    on_schema_change='fail',
) }}

{%- set contact = get_contactability_config() %}
{%- set memberships_relation = ref('int_customer_memberships') %}
{%- set golden_relation = ref('int_customer_golden_records') %}
{%- set records_relation = ref('int_customer_records_normalised') %}
{%- set email_status_relation = ref('int_customer_email_status') %}
{%- set rules_fingerprint = config_fingerprint('email_hard_bounce_count=' ~ contact.hard_bounce_count, []) %}
{%- set stamp_columns = ['_golden_loaded_at', '_records_loaded_at', '_memberships_changed_at',
    '_rules_fingerprint'] %}
{%- set memberships_rebuilt = memberships_rebuilt_since(this, memberships_relation) %}
{%- set previous_as_of = previous_as_of_date() %}
{%- set redo_every_customer = is_incremental()
    and config_changed_since(this, rules_fingerprint, '_rules_fingerprint') %}
{%- set email_columns = ['last_delivered_at', 'last_unsubscribed_at', 'last_complained_at',
    'bounces_since_last_delivery'] %}

with

golden as (
    select * from {{ golden_relation }}
),

members as (
    {{ current_members(memberships_relation) }}
),

{% if redo_every_customer -%}
keys_in_scope as (
    -- the rules' vars changed: every customer, and every customer held (to delete the gone)
    select customer_key from golden
    union
    select customer_key from {{ this }}
),

members_in_scope as (
    select * from members
),
{%- else -%}
{% if is_incremental() -%}
{%- set dated_since = "least(cast('" ~ previous_as_of ~ "' as date), " ~ as_of_date() ~ ")" %}
{%- set dated_until = "greatest(cast('" ~ previous_as_of ~ "' as date), " ~ as_of_date() ~ ")" %}
changed_records as (
    -- records normalised again since this model last ran
    select customer_id
    from {{ records_relation }}
    where _loaded_at > {{ incremental_high_water_mark(this, '_records_loaded_at') }}

    union

    -- records created or updated between the previous as-of date and this one (literals)
    select customer_id
    from {{ records_relation }}
    where
        (cast(updated_at as date) > {{ dated_since }} and cast(updated_at as date) <= {{ dated_until }})
        or (cast(created_at as date) > {{ dated_since }} and cast(created_at as date) <= {{ dated_until }})
),
{%- endif %}
-- the other parts of the scope, captured for customers_in_scope_ctes (sqlfluff cannot lay
-- out a captured block)
-- noqa: disable=LT02
{%- set golden_rewritten -%}
    -- golden records written again since the last run
    select customer_key
    from {{ golden_relation }}
    where _loaded_at > {{ incremental_high_water_mark(this, '_golden_loaded_at') }}
{%- endset %}
{%- set email_state_changed -%}
    -- an email state other than the one the rows were computed from (or gone, or new)
    select coalesce(held.customer_key, email_status.customer_key) as customer_key
    from (select * from {{ this }} where channel = 'email') as held
    full outer join {{ email_status_relation }} as email_status
        on held.customer_key = email_status.customer_key
    where
        {%- for column in email_columns %}
        {{ "or " if not loop.first }}held._email_{{ column }} is distinct from email_status.{{ column }}
        {%- endfor %}
{%- endset %}
-- noqa: enable=LT02
{{ customers_in_scope_ctes(memberships_relation, memberships_rebuilt,
    [golden_rewritten, email_state_changed]) }},
{%- endif %}

golden_in_scope as (
    select * from golden
    {%- if is_incremental() %}
    where customer_key in (select keys_in_scope.customer_key from keys_in_scope)
    {%- endif %}
),

records as (
    select
        records.*,
        members_in_scope.customer_key,
        cast(coalesce(
            case when cast(records.updated_at as date) <= {{ as_of_date() }} then records.updated_at end,
            case when cast(records.created_at as date) <= {{ as_of_date() }} then records.created_at end
        ) as date) as confirmed_date
    from {{ records_relation }} as records
    inner join members_in_scope
        on records.customer_id = members_in_scope.customer_id
),

email_status as (
    select
        customer_key,
        last_delivered_at,
        last_unsubscribed_at,
        last_complained_at,
        bounces_since_last_delivery,
        cast(last_delivered_at as date) as last_delivered_date
    from {{ email_status_relation }}
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
    from golden_in_scope as golden
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
        coalesce(email_status.last_delivered_date, confirmations.email_confirmed_date) as last_proof_date,
        -- the email state this row was computed from, to notice a change
        email_status.last_delivered_at as _email_last_delivered_at,
        email_status.last_unsubscribed_at as _email_last_unsubscribed_at,
        email_status.last_complained_at as _email_last_complained_at,
        email_status.bounces_since_last_delivery as _email_bounces_since_last_delivery
    from golden_in_scope as golden
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
        {{ null_email_state_columns() }}
    from golden_in_scope as golden
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
        {{ null_email_state_columns() }}
    from golden_in_scope as golden
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
        {{ null_email_state_columns() }}
    from golden_in_scope as golden
    left join confirmations
        on golden.customer_key = confirmations.customer_key
),

judged as (
    select
        *,
        (unreachable_reason is null and coalesce(is_permitted, false)) as is_scored
    from channels
),

final as (
    select
        channels.customer_key,
        channels.channel,
        channels.contact_value,
        (channels.unreachable_reason is null) as is_reachable,
        coalesce(channels.is_permitted, false) as is_permitted,
        channels.is_scored as is_contactable,
        cast(coalesce(
            channels.unreachable_reason,
            case
                when channels.is_permitted is null then 'consent_unknown'
                when not channels.is_permitted then 'no_consent'
            end,
            'contactable'
        ) as {{ dbt.type_string() }}) as contactability_status,
        channels.last_proof_date,
        channels._email_last_delivered_at,
        channels._email_last_unsubscribed_at,
        channels._email_last_complained_at,
        channels._email_bounces_since_last_delivery,
        false as _is_tombstone
    from judged as channels
),

{{ with_tombstones_cte('final', stamp_columns) }},

stamped as (
    select
        *,
        {{ incremental_high_water_mark(golden_relation, '_loaded_at') }} as _golden_loaded_at,
        {{ incremental_high_water_mark(records_relation, '_loaded_at') }} as _records_loaded_at,
        {{ memberships_high_water_mark(memberships_relation) }} as _memberships_changed_at,
        '{{ rules_fingerprint }}' as _rules_fingerprint
    from with_tombstones
)

select * from stamped
