{#
    The golden record: one row per customer_key with the best value of each contact
    attribute among the customer's source records (survivorship rules), and the
    record and source system each value comes from:
      names      the most recently updated record with both names;
      email      a valid personal address (not role, not disposable) first, then any
                 valid one; the most recently updated;
      mobile     the most recently updated valid mobile; landline likewise;
      address    the most complete (line, valid postal code, city), then the most
                 recently updated;
      opt-ins    each from the most recently updated record that states it (the most
                 recent consent), with that record's update time.
    "Most recently updated": updated_at, then created_at, then customer_id (latest).
    A customer with a single record takes that record's values directly; only the
    records of multi-record customers are ranked. The records of each customer are its
    members in int_customer_memberships (the identity map's pairs).

    Incremental: a run recomputes the customers logged by int_customers_changed since
    it last ran (strategy replace_customers); _loaded_at says which run last wrote
    each customer.
#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='replace_customers',
    unique_key='customer_key',
    on_schema_change='fail',
) }}

with

members as (
    select
        customer_id,
        customer_key,
        count(*) over (partition by customer_key) as member_count
    from ({{ members_to_redo() }}) as members_to_redo
),

records as (
    select
        records.*,
        members.customer_key,
        (members.member_count = 1) as is_single_record,
        coalesce(records.updated_at, records.created_at) as changed_at,
        {#- consents as 1 / 0 / null: max() of a boolean is not portable -#}
        case when records.is_email_opt_in then 1 when not records.is_email_opt_in then 0 end as email_opt_in_flag,
        case when records.is_sms_opt_in then 1 when not records.is_sms_opt_in then 0 end as sms_opt_in_flag
    from {{ ref('int_customer_records_normalised') }} as records
    inner join members
        on records.customer_id = members.customer_id
),

ranked as (
    select
        *,
        row_number() over (
            partition by customer_key
            order by
                (first_name is not null and last_name is not null) desc,
                changed_at desc nulls last, customer_id desc
        ) as name_rank,
        row_number() over (
            partition by customer_key
            order by
                (email_address is not null) desc,
                (email_match_key is not null) desc,
                changed_at desc nulls last, customer_id desc
        ) as email_rank,
        row_number() over (
            partition by customer_key
            order by (phone_line_type = 'mobile') desc nulls last, changed_at desc nulls last, customer_id desc
        ) as mobile_rank,
        row_number() over (
            partition by customer_key
            order by
                (phone_line_type in ('landline', 'unknown')) desc nulls last,
                changed_at desc nulls last,
                customer_id desc
        ) as landline_rank,
        row_number() over (
            partition by customer_key
            order by
                (
                    case when address_normalised is not null then 1 else 0 end
                    + case when is_postal_code_valid then 1 else 0 end
                    + case when city_normalised is not null then 1 else 0 end
                ) desc,
                changed_at desc nulls last, customer_id desc
        ) as address_rank,
        row_number() over (
            partition by customer_key
            order by (is_email_opt_in is not null) desc, changed_at desc nulls last, customer_id desc
        ) as email_consent_rank,
        row_number() over (
            partition by customer_key
            order by (is_sms_opt_in is not null) desc, changed_at desc nulls last, customer_id desc
        ) as sms_consent_rank
    from records
    where not is_single_record
),

grouped as (
    select
        customer_key,
        cast(count(*) as integer) as source_record_count,
        cast(count(distinct source_system) as integer) as source_system_count,
        min(created_at) as first_created_at,
        max(case when name_rank = 1 then first_name end) as first_name,
        max(case when name_rank = 1 then last_name end) as last_name,
        max(case when name_rank = 1 then first_name_normalised end) as first_name_normalised,
        max(case when name_rank = 1 then last_name_normalised end) as last_name_normalised,
        max(case when name_rank = 1 then customer_id end) as name_source_customer_id,
        max(case when email_rank = 1 then email_address end) as email,
        max(case when email_rank = 1 then email_match_key end) as email_match_key,
        max(case when email_rank = 1 and email_address is not null then customer_id end) as email_source_customer_id,
        max(case when email_rank = 1 and email_address is not null then source_system end) as email_source_system,
        max(case when mobile_rank = 1 and phone_line_type = 'mobile' then phone_e164 end) as mobile_phone,
        max(case when mobile_rank = 1 and phone_line_type = 'mobile' then customer_id end)
            as mobile_phone_source_customer_id,
        max(case when mobile_rank = 1 and phone_line_type = 'mobile' then source_system end)
            as mobile_phone_source_system,
        max(case when landline_rank = 1 and phone_line_type in ('landline', 'unknown') then phone_e164 end)
            as landline_phone,
        max(case when landline_rank = 1 and phone_line_type in ('landline', 'unknown') then customer_id end)
            as landline_phone_source_customer_id,
        max(case when landline_rank = 1 and phone_line_type in ('landline', 'unknown') then source_system end)
            as landline_phone_source_system,
        max(case when address_rank = 1 then address_line end) as address_line,
        max(case when address_rank = 1 then address_normalised end) as address_normalised,
        max(case when address_rank = 1 then postal_code_normalised end) as postal_code,
        max(case when address_rank = 1 then city end) as city,
        max(case when address_rank = 1 then city_normalised end) as city_normalised,
        max(case when address_rank = 1 then contact_country_code end) as country_code,
        coalesce(max(case when address_rank = 1 then (case when is_address_complete then 1 else 0 end) end) = 1, false)
            as is_address_complete,
        max(case when address_rank = 1 then customer_id end) as address_source_customer_id,
        max(case when address_rank = 1 then source_system end) as address_source_system,
        max(case when email_consent_rank = 1 then email_opt_in_flag end) = 1 as is_email_opt_in,
        max(case when email_consent_rank = 1 and is_email_opt_in is not null then changed_at end) as email_consent_at,
        max(case when email_consent_rank = 1 and is_email_opt_in is not null then source_system end)
            as email_consent_source_system,
        max(case when sms_consent_rank = 1 then sms_opt_in_flag end) = 1 as is_sms_opt_in,
        max(case when sms_consent_rank = 1 and is_sms_opt_in is not null then changed_at end) as sms_consent_at,
        max(case when sms_consent_rank = 1 and is_sms_opt_in is not null then source_system end)
            as sms_consent_source_system
    from ranked
    group by customer_key
),

single as (
    {#- the rules above applied to one record -#}
    select
        customer_key,
        cast(1 as integer) as source_record_count,
        cast(case when source_system is not null then 1 else 0 end as integer) as source_system_count,
        created_at as first_created_at,
        first_name,
        last_name,
        first_name_normalised,
        last_name_normalised,
        customer_id as name_source_customer_id,
        email_address as email,
        email_match_key,
        case when email_address is not null then customer_id end as email_source_customer_id,
        case when email_address is not null then source_system end as email_source_system,
        case when phone_line_type = 'mobile' then phone_e164 end as mobile_phone,
        case when phone_line_type = 'mobile' then customer_id end as mobile_phone_source_customer_id,
        case when phone_line_type = 'mobile' then source_system end as mobile_phone_source_system,
        case when phone_line_type in ('landline', 'unknown') then phone_e164 end as landline_phone,
        case when phone_line_type in ('landline', 'unknown') then customer_id end
            as landline_phone_source_customer_id,
        case when phone_line_type in ('landline', 'unknown') then source_system end
            as landline_phone_source_system,
        address_line,
        address_normalised,
        postal_code_normalised as postal_code,
        city,
        city_normalised,
        contact_country_code as country_code,
        coalesce(is_address_complete, false) as is_address_complete,
        customer_id as address_source_customer_id,
        source_system as address_source_system,
        is_email_opt_in,
        case when is_email_opt_in is not null then changed_at end as email_consent_at,
        case when is_email_opt_in is not null then source_system end as email_consent_source_system,
        is_sms_opt_in,
        case when is_sms_opt_in is not null then changed_at end as sms_consent_at,
        case when is_sms_opt_in is not null then source_system end as sms_consent_source_system
    from records
    where is_single_record
),

golden as (
    select * from grouped
    union all
    select * from single
),

final as (
    select
        *,
        {{ loaded_at() }} as _loaded_at
    from golden
)

select * from final
