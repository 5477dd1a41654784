{#
    The per-customer incremental models (strategy replace_customers) recompute the
    customers that int_customers_changed logged since they last ran, and only them.
#}

{#- The time this model last ran (its build state row), as a scalar subquery. -#}
{% macro previous_build_time() %}
    {{- "(select max(built_at) from " ~ build_state_relation() ~ " where model_name = '" ~ this.identifier ~ "')" -}}
{% endmacro %}

{#- Predicate: the customer_key in `column` was logged by int_customers_changed since
    this model last ran, or every customer was (a row without customer_key). True
    outside incremental runs. -#}
{% macro customer_changed_since_last_run(column) %}
    {%- set changed = ref('int_customers_changed') -%}
    {%- if not is_incremental() -%}
        {{- return('true') -}}
    {%- endif -%}
    ({{ column }} in (
        select changed.customer_key from {{ changed }} as changed
        where changed._loaded_at > {{ previous_build_time() }}
    )
    or exists (
        select 1 from {{ changed }} as changed
        where changed.customer_key is null and changed._loaded_at > {{ previous_build_time() }}
    ))
{%- endmacro %}

{#- The current members (customer_id, customer_key) of the customers to recompute. -#}
{% macro members_to_redo() %}
    select
        customer_id,
        customer_key
    from {{ ref('int_customer_memberships') }}
    where is_member and {{ customer_changed_since_last_run('customer_key') }}
{% endmacro %}

{#- Incremental strategy 'replace_customers' (unique_key customer_key): delete the rows
    of every customer to recompute, those left without rows included, then insert the
    batch. -#}
{% macro get_incremental_replace_customers_sql(arg_dict) %}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ arg_dict['target_relation'] }}
    where {{ customer_changed_since_last_run('customer_key') }};

    insert into {{ arg_dict['target_relation'] }} ({{ columns }})
    select {{ columns }} from {{ arg_dict['temp_relation'] }}
{% endmacro %}
