{#
    Every raw customer row, typed, with its reject reason (null when usable) and a
    duplicate flag. stg_raw__customers keeps the usable, deduplicated rows;
    stg_raw__rejects keeps the others. One row per raw row.
#}
with

source as (
    select * from {{ raw_source('customers') }}
),

typed as (
    select
        {{ clean_text('customer_id') }} as customer_id,
        lower({{ clean_text('source_system') }}) as source_system,
        {{ clean_text('first_name') }} as first_name,
        {{ clean_text('last_name') }} as last_name,
        {{ clean_text('email') }} as email,
        {{ clean_text('phone') }} as phone,
        {{ clean_text('address_line') }} as address_line,
        {{ clean_text('postal_code') }} as postal_code,
        {{ clean_text('city') }} as city,
        upper({{ clean_text('country_code') }}) as country_code,
        {{ parse_boolean('email_opt_in') }} as is_email_opt_in,
        {{ parse_boolean('sms_opt_in') }} as is_sms_opt_in,
        {{ parse_timestamp('created_at') }} as created_at,
        {{ parse_timestamp('updated_at') }} as updated_at,
        {{ raw_record(raw_contract()['customers']) }} as raw_record
    from source
),

checked as (
    select
        *,
        case
            when customer_id is null then 'missing_customer_id'
        end as reject_reason
    from typed
),

ranked as (
    select
        *,
        row_number() over (
            partition by (reject_reason is null), customer_id
            order by updated_at desc nulls last, created_at desc nulls last, raw_record asc
        ) as version_rank
    from checked
),

final as (
    select
        customer_id,
        source_system,
        first_name,
        last_name,
        email,
        phone,
        address_line,
        postal_code,
        city,
        country_code,
        is_email_opt_in,
        is_sms_opt_in,
        created_at,
        updated_at,
        raw_record,
        reject_reason,
        (reject_reason is null and version_rank > 1) as is_duplicate
    from ranked
)

select * from final
