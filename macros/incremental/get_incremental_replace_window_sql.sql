{#
    Custom incremental strategy 'replace_window' (config: incremental_strategy =
    'replace_window', window_column = '<event-time column>'): delete the target's rows in
    the event-time window of incremental_window_predicate, then insert the new batch
    (which holds exactly the raw rows of that window). Two plain statements, no merge,
    so it works on any engine that can delete rows. Both statements see the target as it
    was when the batch was selected (the window start is computed from the target
    before the delete changes it).
#}
{% macro get_incremental_replace_window_sql(arg_dict) %}
    {%- set target_relation = arg_dict['target_relation'] -%}
    {%- set temp_relation = arg_dict['temp_relation'] -%}
    {%- set window_column = config.get('window_column') -%}
    {%- if not window_column -%}
        {{ exceptions.raise_compiler_error(
            "model '" ~ model.name ~ "' uses incremental_strategy 'replace_window' without config window_column") }}
    {%- endif -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ target_relation }}
    where {{ incremental_window_predicate(window_column, target_relation, window_column) }};

    insert into {{ target_relation }} ({{ columns }})
    select {{ columns }} from {{ temp_relation }}
{% endmacro %}
