{#
    Usage events up to the as-of date, one row per customer_key and business line,
    over the customer's records (int_customer_memberships): the days with use, the
    first and the last. Every business line, known or not (int_customer_line_activity
    keeps the known ones).
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

members as (
    {{ members_to_redo() }}
),

usage as (
    select
        members.customer_key,
        staged.business_line,
        staged.used_date
    from {{ ref('stg_raw__usage_events') }} as staged
    inner join members
        on staged.customer_id = members.customer_id
    where staged.used_date <= {{ as_of_date() }}
),

final as (
    select
        customer_key,
        business_line,
        cast(count(distinct used_date) as integer) as usage_days,
        min(used_date) as first_usage_date,
        max(used_date) as last_usage_date,
        {{ loaded_at() }} as _loaded_at
    from usage
    group by
        customer_key,
        business_line
)

select * from final
