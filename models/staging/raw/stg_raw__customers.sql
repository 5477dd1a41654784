with

customers as (
    select * from {{ ref('base_raw__customers') }}
    where reject_reason is null and not is_duplicate
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
        updated_at
    from customers
)

select * from final
