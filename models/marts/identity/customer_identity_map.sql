{#
    The single entry point from source records to customers: one row per staged
    customer record (customer_id) with the customer_key every customer-level model
    uses. For now each record is its own customer (match_rule 'self'); identity
    resolution replaces this model without touching the marts.
#}
with

customers as (
    select * from {{ ref('stg_raw__customers') }}
),

final as (
    select
        customer_id,
        customer_id as customer_key,
        source_system,
        'self' as match_rule
    from customers
)

select * from final
