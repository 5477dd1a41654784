{#
    Custom incremental strategy 'replace_window' of the staging models that read a raw
    table (config: incremental_strategy = 'replace_window', raw_table = '<raw table>',
    window_column = '<event-time column>' or none for a raw table without event time,
    unique_key). The batch holds the raw rows the run read plus the target's other
    rows of those keys (ranked again with them), so the table ends with every version
    exactly once. The rows the batch replaces: those it re-read
    (incremental_replaced_rows: the event-time window, the whole table without event
    time, none for a folder of deliveries) and every row of a key it holds.
    - Folder of deliveries: delete the replaced rows, insert the batch.
    - Window mode: only the keys whose rows differ between the batch and the replaced
      rows (row_hash and count of each content) are deleted and inserted again; the
      others keep their rows, with their _loaded_at and is_duplicate, so the runs
      downstream see only what changed. A
      replaced row of an event table that the batch no longer holds (changed or
      deleted in place) leaves no trace of its customer: the run then marks itself in
      the build state as if rebuilt whole, and every customer is recomputed below.
#}
{% macro get_incremental_replace_window_sql(arg_dict) %}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set batch = arg_dict['temp_relation'] -%}
    {%- set raw_table = config.get('raw_table') -%}
    {%- set window_column = config.get('window_column') -%}
    {%- set keys = [arg_dict['unique_key']] if arg_dict['unique_key'] is string else arg_dict['unique_key'] -%}
    {%- if not raw_table or not keys -%}
        {{ exceptions.raise_compiler_error(
            "model '" ~ model.name ~ "' uses incremental_strategy 'replace_window' without config raw_table and unique_key") }}
    {%- endif -%}
    {%- set names = arg_dict['dest_columns'] | map(attribute='name') | list -%}
    {%- set columns = get_quoted_csv(names) -%}
    {%- set key_list = keys | join(', ') -%}
    {%- set window = incremental_replaced_rows(raw_table, window_column, target, window_column) -%}
    {%- set replaced = '(' ~ window ~ ' or (' ~ key_list ~ ') in (select ' ~ key_list ~ ' from ' ~ batch ~ '))' -%}
    {%- if window == 'false' %}
    delete from {{ target }} where {{ replaced }};

    insert into {{ target }} ({{ columns }})
    select {{ columns }} from {{ batch }}
    {%- else %}
    {%- set compared = [] %}
    {%- for name in names if name not in ['_loaded_at', 'is_duplicate'] %}{% do compared.append(adapter.quote(name)) %}{% endfor %}
    {%- set compared = row_hash(compared) %}
    {%- set differing = this.identifier ~ '__differing_keys' %}
    {%- set null_key = '(' ~ keys | join(' is null or ') ~ ' is null)' %}
    {#- the rows with a missing key part (rejects) are one group: all rewritten or none -#}
    {%- set differs -%}
        (({{ key_list }}) in (select {{ key_list }} from {{ differing }})
        or ({{ null_key }} and exists (select 1 from {{ differing }} where {{ null_key }})))
    {%- endset %}
    {#- a key differs when its rows, counted by content, differ between the two sides -#}
    create or replace temporary table {{ differing }} as
    with
    replaced_rows as (
        select {{ key_list }}, {{ compared }} as row_hash, count(*) as row_count
        from {{ target }} where {{ replaced }}
        group by {{ key_list }}, {{ compared }}
    ),
    batch_rows as (
        select {{ key_list }}, {{ compared }} as row_hash, count(*) as row_count
        from {{ batch }}
        group by {{ key_list }}, {{ compared }}
    )
    select
        {%- for key in keys %}
        coalesce(replaced_rows.{{ key }}, batch_rows.{{ key }}) as {{ key }},
        {%- endfor %}
        coalesce(replaced_rows.row_count, 0) > coalesce(batch_rows.row_count, 0) as is_gone
    from replaced_rows
    full outer join batch_rows
        on
            replaced_rows.row_hash = batch_rows.row_hash
            {%- for key in keys %}
            and replaced_rows.{{ key }} is not distinct from batch_rows.{{ key }}
            {%- endfor %}
    where replaced_rows.row_count is distinct from batch_rows.row_count;

    delete from {{ target }} where {{ replaced }} and {{ differs }};

    insert into {{ target }} ({{ columns }})
    select {{ columns }} from {{ batch }} where {{ differs }};
    {%- if window_column %}

    insert into {{ build_state_relation() }} (model_name, materialized, built_at, state_version, full_build)
    select '{{ this.identifier }}', 'changed_in_place', {{ loaded_at() }}, {{ build_state_version() }}, true
    where exists (select 1 from {{ differing }} where is_gone);
    {%- endif %}

    drop table {{ differing }}
    {%- endif %}
{% endmacro %}
