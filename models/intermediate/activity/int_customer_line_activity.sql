{#
    One row per customer_key and business line with any transaction, usage event or
    contract in that line up to the as-of date: every signal the lifecycle rules
    read (macros/lifecycle/lifecycle_rule_<industry>.sql), all as dates.

    Incremental (strategy replace_keys, by customer_key): a run recomputes every line of
    the customers in scope, and only them:
      - the customers with rows written since this model last read them in the
        per-customer models it reads (customer days, usage per line, email per
        customer: each rewrites all the rows of a customer it recomputes, _loaded_at);
      - the customers whose rows there are gone while this table still shows that
        activity (merged away, or left without transactions, usage or engagement);
      - the customers with days between the previous as-of date and this one (either
        way; the usage and email models follow the as-of date themselves);
      - the customers whose contracts per line (rebuilt on every run, they depend on
        the as-of date) differ from what this table holds;
      - the customers on a business line whose industry changed, that was removed, or
        that became known.
    A customer in scope left without a line is deleted (a tombstone). Every row is
    valid for the as-of date of the model's last run, kept in its build state
    (macros/incremental/build_state.sql), so no post-hook stamps them.
#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='replace_keys',
    unique_key='customer_key',
    on_schema_change='fail',
) }}

{%- set days_relation = ref('int_transactions_rolled_up_to_customer_days') %}
{%- set usage_relation = ref('int_usage_events_rolled_up_to_customer_lines') %}
{%- set contracts_relation = ref('int_contracts_rolled_up_to_customer_lines') %}
{%- set email_relation = ref('int_email_events_rolled_up_to_customers') %}
{%- set business_lines_relation = ref('stg_raw__business_lines') %}
{%- set stamp_columns = ['_days_loaded_at', '_usage_loaded_at', '_email_loaded_at'] %}

with

business_lines as (
    select * from {{ business_lines_relation }}
),

{% if is_incremental() -%}
previous_as_of as (
    -- every row is valid for the as-of date of this model's last run (its build state)
    select cast('{{ previous_as_of_date() }}' as date) as as_of_date
),

held as (
    select * from {{ this }}
),

held_contracts as (
    select
        customer_key,
        business_line,
        contract_count,
        first_contract_start_date,
        last_contract_end_date,
        has_running_contract
    from held
    where contract_count > 0
),

current_contracts as (
    select known_contracts.*
    from {{ contracts_relation }} as known_contracts
    inner join business_lines
        on known_contracts.business_line = business_lines.business_line
),

day_keys as (
    select distinct customer_key from {{ days_relation }}
),

held_lines as (
    select distinct business_line from held
),

lines_now_known as (
    select business_lines.business_line
    from business_lines
    left join held_lines
        on business_lines.business_line = held_lines.business_line
    where held_lines.business_line is null
),

upstream_lines as (
    select
        customer_key,
        business_line
    from {{ days_relation }}
    union all
    select
        customer_key,
        business_line
    from {{ usage_relation }}
    union all
    select
        customer_key,
        business_line
    from {{ contracts_relation }}
),

scope_parts as (
    -- rows written upstream since this model last read them
    select customer_key from {{ days_relation }}
    where _loaded_at > {{ incremental_high_water_mark(this, '_days_loaded_at') }}
    union
    select customer_key from {{ usage_relation }}
    where _loaded_at > {{ incremental_high_water_mark(this, '_usage_loaded_at') }}
    union
    select customer_key from {{ email_relation }}
    where _loaded_at > {{ incremental_high_water_mark(this, '_email_loaded_at') }}
    union
    -- activity shown here whose rows upstream are gone
    select held.customer_key
    from held
    left join day_keys
        on held.customer_key = day_keys.customer_key
    where held.transaction_count > 0 and day_keys.customer_key is null
    union
    select held.customer_key
    from held
    left join {{ usage_relation }} as usage_lines
        on
            held.customer_key = usage_lines.customer_key
            and held.business_line = usage_lines.business_line
    where held.usage_days > 0 and usage_lines.customer_key is null
    union
    select held.customer_key
    from held
    left join {{ email_relation }} as email_customers
        on held.customer_key = email_customers.customer_key
    where held.last_email_engagement_date is not null and email_customers.customer_key is null
    union
    -- days between the previous as-of date and this one, either way
    select customer_day.customer_key
    from {{ days_relation }} as customer_day
    cross join previous_as_of
    where
        customer_day.transaction_date > least(previous_as_of.as_of_date, {{ as_of_date() }})
        and customer_day.transaction_date <= greatest(previous_as_of.as_of_date, {{ as_of_date() }})
    union
    -- contracts per line that differ from what this table holds
    select coalesce(current_contracts.customer_key, held_contracts.customer_key) as customer_key
    from current_contracts
    full outer join held_contracts
        on
            current_contracts.customer_key = held_contracts.customer_key
            and current_contracts.business_line = held_contracts.business_line
    where
        current_contracts.contract_count is distinct from held_contracts.contract_count
        or current_contracts.first_contract_start_date is distinct from held_contracts.first_contract_start_date
        or current_contracts.last_contract_end_date is distinct from held_contracts.last_contract_end_date
        or current_contracts.has_running_contract is distinct from held_contracts.has_running_contract
    union
    -- business lines whose industry changed or that were removed
    select held.customer_key
    from held
    left join business_lines
        on held.business_line = business_lines.business_line
    where business_lines.industry is distinct from held.industry
    union
    -- business lines that became known (a semi-join: DuckDB estimates a join on a
    -- column of a few values as the product of both sides, billions of rows here)
    select upstream_lines.customer_key
    from upstream_lines
    where upstream_lines.business_line in (select lines_now_known.business_line from lines_now_known)
),

keys_in_scope as (
    -- each customer once; the HAVING is always true: DuckDB counts a filter as keeping a
    -- fifth of the rows, so it then estimates the scope below the customer days it is
    -- joined to, and builds the semi-joins' hash table on the scope (usually a few
    -- percent of the customers) instead of on every customer day (10M: 1.2-1.5 s ->
    -- 0.4 s with nothing in scope, 2.0 s -> 1.3 s with 124K customers in scope, 3.9 s
    -- -> 3.0 s with 409K; same rows)
    select customer_key
    from scope_parts
    group by customer_key
    having count(*) > 0
),

{% endif -%}
days_up_to_as_of as (
    select * from {{ days_relation }}
    where transaction_date <= {{ as_of_date() }}
),

customer_days as (
    select * from days_up_to_as_of
    {%- if is_incremental() %}
    where customer_key in (select keys_in_scope.customer_key from keys_in_scope)
    {%- endif %}
),

usage as (
    select * from {{ usage_relation }}
    {%- if is_incremental() %}
    where customer_key in (select keys_in_scope.customer_key from keys_in_scope)
    {%- endif %}
),

contracts as (
    select * from {{ contracts_relation }}
    {%- if is_incremental() %}
    where customer_key in (select keys_in_scope.customer_key from keys_in_scope)
    {%- endif %}
),

email as (
    select * from {{ email_relation }}
    {%- if is_incremental() %}
    where customer_key in (select keys_in_scope.customer_key from keys_in_scope)
    {%- endif %}
),

lines_rolled_up as (
    -- one pass over the days: purchases (days with amount > 0) and all transactions
    select  -- noqa: ST06
        customer_key,
        business_line,
        max(transaction_date) as last_transaction_date,
        cast(sum(net_amount) as decimal(18, 2)) as net_revenue,
        cast(sum(case when purchase_count > 0 then 1 else 0 end) as integer) as purchase_days,
        min(case when purchase_count > 0 then transaction_date end) as first_purchase_date,
        max(case when purchase_count > 0 then transaction_date end) as last_purchase_date,
        -- the purchase day before the last one (days are distinct here: one row per day)
        {{ second_largest('case when purchase_count > 0 then transaction_date end') }} as previous_purchase_date,
        cast(sum(transaction_count) as integer) as transaction_count
    from customer_days
    group by
        customer_key,
        business_line
),

customer_lines as (
    -- (the transaction lines from their rollup, not from every day)
    select
        customer_key,
        business_line
    from lines_rolled_up
    union
    select
        customer_key,
        business_line
    from usage
    union
    select
        customer_key,
        business_line
    from contracts
),

purchases as (
    select
        lines_rolled_up.customer_key,
        lines_rolled_up.business_line,
        lines_rolled_up.purchase_days,
        lines_rolled_up.first_purchase_date,
        lines_rolled_up.last_purchase_date,
        lines_rolled_up.previous_purchase_date
    from lines_rolled_up
    where lines_rolled_up.purchase_days > 0
),

transactions as (
    select
        customer_key,
        business_line,
        transaction_count,
        last_transaction_date,
        net_revenue
    from lines_rolled_up
),

lines as (
    select  -- noqa: ST06
        customer_lines.customer_key,
        customer_lines.business_line,
        business_lines.industry,
        purchases.first_purchase_date,
        purchases.last_purchase_date,
        purchases.previous_purchase_date,
        transactions.last_transaction_date,
        email.last_email_engagement_date,
        usage.first_usage_date,
        usage.last_usage_date,
        contracts.first_contract_start_date,
        contracts.last_contract_end_date,
        coalesce(purchases.purchase_days, 0) as purchase_days,
        coalesce(transactions.transaction_count, 0) as transaction_count,
        coalesce(transactions.net_revenue, 0) as net_revenue,
        coalesce(usage.usage_days, 0) as usage_days,
        coalesce(contracts.has_running_contract, false) as has_running_contract,
        coalesce(contracts.contract_count, 0) as contract_count,
        false as _is_tombstone
    from customer_lines
    inner join business_lines
        on customer_lines.business_line = business_lines.business_line
    left join purchases
        on
            customer_lines.customer_key = purchases.customer_key
            and customer_lines.business_line = purchases.business_line
    left join transactions
        on
            customer_lines.customer_key = transactions.customer_key
            and customer_lines.business_line = transactions.business_line
    left join usage
        on
            customer_lines.customer_key = usage.customer_key
            and customer_lines.business_line = usage.business_line
    left join contracts
        on
            customer_lines.customer_key = contracts.customer_key
            and customer_lines.business_line = contracts.business_line
    left join email
        on customer_lines.customer_key = email.customer_key
),

{{ with_tombstones_cte('lines', stamp_columns) }},

stamped as (
    select
        *,
        {{ incremental_high_water_mark(days_relation, '_loaded_at') }} as _days_loaded_at,
        {{ incremental_high_water_mark(usage_relation, '_loaded_at') }} as _usage_loaded_at,
        {{ incremental_high_water_mark(email_relation, '_loaded_at') }} as _email_loaded_at
    from with_tombstones
)

select * from stamped
