{#
    Custom incremental strategy 'replace_window' of the staging models that read a raw
    table (config: incremental_strategy = 'replace_window', raw_table = '<raw table>',
    window_column = '<event-time column>' or none for a raw table without event time,
    optional unique_key): delete the target's
    rows that the batch re-read (incremental_replaced_rows: the event-time window, or
    none when the raw table is a folder of deliveries) and, with unique_key, every row
    of a key that the batch holds; then insert the batch. The batch holds exactly the
    raw rows it read plus the target's other rows of those keys (ranked again with
    them: a newer version arrived), so the table ends with every version exactly once.
    Two plain statements, no merge, so it works on any engine that can delete rows.
    Both statements see the target as it was when the batch was selected (the window
    start is computed from the target before the delete changes it).
#}
{% macro get_incremental_replace_window_sql(arg_dict) %}
    {%- set target_relation = arg_dict['target_relation'] -%}
    {%- set temp_relation = arg_dict['temp_relation'] -%}
    {%- set window_column = config.get('window_column') -%}
    {%- set raw_table = config.get('raw_table') -%}
    {%- if not raw_table -%}
        {{ exceptions.raise_compiler_error(
            "model '" ~ model.name ~ "' uses incremental_strategy 'replace_window' without config raw_table") }}
    {%- endif -%}
    {%- set unique_key = arg_dict['unique_key'] -%}
    {%- set keys = ([unique_key] if unique_key is string else unique_key) if unique_key else [] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ target_relation }}
    where {{ incremental_replaced_rows(raw_table, window_column, target_relation, window_column) }}
    {%- if keys %}
        or ({{ keys | join(', ') }}) in (
            select {{ keys | join(', ') }} from {{ temp_relation }}
        )
    {%- endif %};

    insert into {{ target_relation }} ({{ columns }})
    select {{ columns }} from {{ temp_relation }}
{% endmacro %}
