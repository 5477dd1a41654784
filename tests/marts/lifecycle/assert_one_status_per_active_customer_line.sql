{#
    Exactly one lifecycle status per customer and business line with any
    transaction, usage event or contract in the line up to the as-of date, and no
    row for any other pair. The population is recomputed from staging,
    independently of int_customer_line_activity.
#}

with

population as (
    select
        identity_map.customer_key,
        staged_transactions.business_line
    from {{ ref('stg_raw__transactions') }} as staged_transactions
    inner join {{ ref('customer_identity_map') }} as identity_map
        on staged_transactions.customer_id = identity_map.customer_id
    inner join {{ ref('stg_raw__business_lines') }} as known_lines
        on staged_transactions.business_line = known_lines.business_line
    where staged_transactions.transaction_date <= {{ as_of_date() }}

    union

    select
        identity_map.customer_key,
        staged_usage_events.business_line
    from {{ ref('stg_raw__usage_events') }} as staged_usage_events
    inner join {{ ref('customer_identity_map') }} as identity_map
        on staged_usage_events.customer_id = identity_map.customer_id
    inner join {{ ref('stg_raw__business_lines') }} as known_lines
        on staged_usage_events.business_line = known_lines.business_line
    where staged_usage_events.used_date <= {{ as_of_date() }}

    union

    select
        identity_map.customer_key,
        staged_contracts.business_line
    from {{ ref('stg_raw__contracts') }} as staged_contracts
    inner join {{ ref('customer_identity_map') }} as identity_map
        on staged_contracts.customer_id = identity_map.customer_id
    inner join {{ ref('stg_raw__business_lines') }} as known_lines
        on staged_contracts.business_line = known_lines.business_line
    where staged_contracts.start_date <= {{ as_of_date() }}
),

statuses as (
    select
        customer_key,
        business_line,
        count(*) as row_count,
        count(lifecycle_status) as status_count
    from {{ ref('customer_lifecycle') }}
    group by
        customer_key,
        business_line
)

select
    statuses.row_count,
    statuses.status_count,
    coalesce(population.customer_key, statuses.customer_key) as customer_key,
    coalesce(population.business_line, statuses.business_line) as business_line
from population
full outer join statuses
    on
        population.customer_key = statuses.customer_key
        and population.business_line = statuses.business_line
where
    population.customer_key is null
    or statuses.customer_key is null
    or statuses.row_count <> 1
    or statuses.status_count <> 1
