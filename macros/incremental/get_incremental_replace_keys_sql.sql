{#
    Custom incremental strategy 'replace_keys' (config: incremental_strategy =
    'replace_keys', unique_key = [...]): delete + insert by unique_key, where the batch
    may also hold tombstones, rows with _is_tombstone = true for keys whose rows must
    go (a link no rule makes any more, a record no longer staged). The delete removes
    every key of the batch, tombstones included; the insert writes only the live rows.
    So the table never holds a tombstone (the column is always false there).
#}
{% macro get_incremental_replace_keys_sql(arg_dict) %}
    {%- set target_relation = arg_dict['target_relation'] -%}
    {%- set temp_relation = arg_dict['temp_relation'] -%}
    {%- set unique_key = arg_dict['unique_key'] -%}
    {%- if not unique_key -%}
        {{ exceptions.raise_compiler_error(
            "model '" ~ model.name ~ "' uses incremental_strategy 'replace_keys' without config unique_key") }}
    {%- endif -%}
    {%- set keys = [unique_key] if unique_key is string else unique_key -%}
    {%- set key_list = keys | join(', ') -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ target_relation }}
    where ({{ key_list }}) in (
        select {{ key_list }} from {{ temp_relation }}
    );

    insert into {{ target_relation }} ({{ columns }})
    select {{ columns }} from {{ temp_relation }}
    where not _is_tombstone
{% endmacro %}
