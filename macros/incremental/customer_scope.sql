{#
    The per-customer incremental models (strategy replace_keys, unique_key customer_key:
    int_transactions_rolled_up_to_customer_days, int_customer_golden_records,
    int_customer_email_status, int_usage_events_rolled_up_to_customer_lines,
    int_email_events_rolled_up_to_customers) recompute
    every row of the customers in scope and only them. These macros give the part of
    the scope that comes from identity resolution; each model adds the customers whose
    own inputs changed. The model stores _memberships_changed_at, the latest
    int_customer_memberships._changed_at it has applied (memberships_high_water_mark).
#}

{#- Whether int_customer_memberships was rebuilt (a full refresh of it alone) after
    `relation` last ran: its rows are then all newer than what `relation` applied (or
    there are none), and the pairs that ended before the rebuild are gone. False
    outside incremental runs. -#}
{% macro memberships_rebuilt_since(relation, memberships_relation) %}
    {%- if not (execute and is_incremental()) -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set query -%}
        select coalesce(
            (select min(_changed_at) from {{ memberships_relation }})
            > {{ incremental_high_water_mark(relation, '_memberships_changed_at') }},
            -- rebuilt with no member at all
            not exists (select 1 from {{ memberships_relation }})
        )
    {%- endset -%}
    {{ return(run_query(query).columns[0].values()[0]) }}
{% endmacro %}

{#- The customer_keys whose members changed since this model last ran: a record joined or
    left them, or they were merged away or split. After a rebuild of the memberships,
    every customer held by this model too (it may no longer exist). -#}
{% macro customers_with_changed_members(memberships_relation, memberships_rebuilt) %}
    select customer_key
    from {{ memberships_relation }}
    where _changed_at > {{ incremental_high_water_mark(this, '_memberships_changed_at') }}
    {%- if memberships_rebuilt %}

    union

    -- the memberships were rebuilt after this model last ran: its customers may no longer exist
    select customer_key
    from {{ this }}
    {%- endif %}
{% endmacro %}

{#- The current members of each customer, with their number. -#}
{% macro current_members(memberships_relation) %}
    select
        customer_id,
        customer_key,
        count(*) over (partition by customer_key) as member_count
    from {{ memberships_relation }}
    where is_member
{% endmacro %}

{#- The stamp of what this model has applied. -#}
{% macro memberships_high_water_mark(memberships_relation) %}
    {{- incremental_high_water_mark(memberships_relation, '_changed_at') -}}
{% endmacro %}

{#- The records (customer_id) whose rows in the base event table `events_relation` were
    written since this model last ran (`_loaded_at` above this model's `mark_column`,
    the upstream high-water mark it stores), or are dated (`date_column`) between the
    previous as-of date of this model (previous_as_of_date) and this run's, in either
    direction. Usable or not: a row that became a duplicate or a reject counts too. -#}
{% macro records_with_events_written_or_dated_between(events_relation, date_column, mark_column) %}
    {%- set previous = previous_as_of_date() %}
    -- rows written since the last run
    select customer_id
    from {{ events_relation }}
    where _loaded_at > {{ incremental_high_water_mark(this, mark_column) }}

    union

    -- rows dated between the previous as-of date and this one (literals: the scan skips
    -- the row groups outside)
    select customer_id
    from {{ events_relation }}
    where
        {{ date_column }} > least(cast('{{ previous }}' as date), {{ as_of_date() }})
        and {{ date_column }} <= greatest(cast('{{ previous }}' as date), {{ as_of_date() }})
{% endmacro %}

{#- The CTE members_in_scope: the members (a CTE `members`, current_members) of the
    customers this run redoes; every member outside incremental runs. In an incremental
    run also the CTE keys_in_scope: the customers whose members changed, those holding
    a record of the CTE `changed_records` (customer_id; the model defines it first, for
    incremental runs only), and the customer_keys the SQL `also_in_scope` selects (one
    SELECT or a list of them). -#}
{% macro customers_in_scope_ctes(memberships_relation, memberships_rebuilt, also_in_scope=none) %}
{%- if is_incremental() -%}
keys_in_scope as (
    {{ customers_with_changed_members(memberships_relation, memberships_rebuilt) }}

    union

    select members.customer_key
    from members
    inner join changed_records
        on members.customer_id = changed_records.customer_id
    {%- for extra in ([also_in_scope] if also_in_scope is string else also_in_scope or []) %}

    union

    {{ extra }}
    {%- endfor %}
),

members_in_scope as (
    select members.*
    from members
    inner join keys_in_scope
        on members.customer_key = keys_in_scope.customer_key
)
{%- else -%}
members_in_scope as (
    select * from members
)
{%- endif -%}
{%- endmacro %}
