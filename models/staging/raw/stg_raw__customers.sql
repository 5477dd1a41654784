{#
    Usable customer records, one per customer_id: the base_raw__customers rows with an
    id that are not older versions, with the run that wrote them (_loaded_at). A view, like the other staging models over an
    incremental base table: writing every record again on each run is what a nightly
    run would spend here.
#}
{{ config(materialized='view') }}

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
        updated_at,
        _loaded_at
    from customers
)

select * from final
