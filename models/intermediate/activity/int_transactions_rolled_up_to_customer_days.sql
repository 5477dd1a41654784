{#
    Transactions rolled up to one row per customer_key, business line and day: the
    per-record days (int_transactions_rolled_up_to_record_days) of the customer's
    records (int_customer_memberships), summed. Every day, whatever the as-of date and
    whether the business line is known: the consumers filter both (customer_rfm,
    customer_pmg, int_customer_line_activity), so the table does not change when the
    as-of date moves.

    Incremental (strategy replace_keys, by customer_key): a run recomputes every day of
    the customers in scope, and only them:
      - the customers whose members changed since this model last ran (a record joined
        or left them, or they were merged away: int_customer_memberships._changed_at);
      - the customers of the records with transactions written upstream since it last
        ran (base_raw__transactions._loaded_at: the new versions and the older versions
        of the same transaction_ids, so a transaction moved to another record counts
        for both).
    A customer in scope with no day left is deleted (a tombstone). When the memberships
    were rebuilt after this model last ran (a full refresh of that model alone), every
    customer is in scope, those held here included. In the window mode also the
    customers with days in the window (macros/incremental/replaced_window.sql).
#}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='replace_keys',
    unique_key='customer_key',
    on_schema_change='fail',
) }}

{%- set memberships_relation = ref('int_customer_memberships') %}
{%- set record_days_relation = ref('int_transactions_rolled_up_to_record_days') %}
{%- set transactions_relation = ref('base_raw__transactions') %}
{%- set stamp_columns = ['_source_loaded_at', '_memberships_changed_at', '_loaded_at'] %}
{%- set memberships_rebuilt = memberships_rebuilt_since(this, memberships_relation) %}

with

record_days as (
    select * from {{ record_days_relation }}
),

members as (
    {{ current_members(memberships_relation) }}
),

{% if is_incremental() -%}
changed_records as (
    select distinct customer_id
    from {{ transactions_relation }}
    where
        reject_reason is null
        and _loaded_at > {{ incremental_high_water_mark(this, '_source_loaded_at') }}
),

{%- endif %}
{{ customers_in_scope_ctes(memberships_relation, memberships_rebuilt,
    rows_in_replaced_window('transactions', 'transaction_date', ['customer_key'])) }},

known_days as (
    select
        record_days.*,
        members_in_scope.customer_key,
        members_in_scope.member_count
    from record_days
    inner join members_in_scope
        on record_days.customer_id = members_in_scope.customer_id
),

single_record_days as (
    -- a customer with one record: its days as they are
    select
        customer_key,
        business_line,
        transaction_date,
        transaction_count,
        purchase_count,
        purchase_amount,
        refund_amount,
        net_amount
    from known_days
    where member_count = 1
),

multi_record_days as (
    select
        customer_key,
        business_line,
        transaction_date,
        cast(sum(transaction_count) as integer) as transaction_count,
        cast(sum(purchase_count) as integer) as purchase_count,
        cast(sum(purchase_amount) as decimal(18, 2)) as purchase_amount,
        cast(sum(refund_amount) as decimal(18, 2)) as refund_amount,
        cast(sum(net_amount) as decimal(18, 2)) as net_amount
    from known_days
    where member_count > 1
    group by
        customer_key,
        business_line,
        transaction_date
),

rolled_up as (
    select
        *,
        false as _is_tombstone
    from single_record_days
    union all
    select
        *,
        false as _is_tombstone
    from multi_record_days
),

{{ with_tombstones_cte('rolled_up', stamp_columns) }},

final as (
    select
        *,
        {{ incremental_high_water_mark(record_days_relation, '_source_loaded_at') }} as _source_loaded_at,
        {{ memberships_high_water_mark(memberships_relation) }} as _memberships_changed_at,
        {{ loaded_at() }} as _loaded_at
    from with_tombstones
)

select * from final
