{#
    What an incremental staging run (base_raw__transactions, __email_events,
    __usage_events) reads from its raw table, and which of its own rows that batch
    replaces. Two modes, chosen by the raw table itself:

    - a folder of deliveries (raw_data_dir/<table>/*.parquet or *.csv: the view has a
      _raw_file column, macros/raw/load_raw_files.sql): the rows of the files not loaded
      yet, whatever their dates (a row that arrives late, however late, is counted).
      Files are immutable deliveries: a file already loaded is never read again, and
      nothing of the model's table is replaced by time. DuckDB skips the loaded files
      without opening them (the file-name filter is a constant list);
    - anything else (one file that grows in place, a warehouse table, the demo seeds):
      the event-time window of incremental_window_predicate (the last
      var('incremental_lookback_days') days already loaded, later rows, rows without a
      usable time), re-read on every run; the ids whose rows differ from the stored
      ones are replaced (strategy replace_window). A raw table without an event time
      (customers: config window_column none) is re-read and compared whole.

    In both modes the batch also holds the model's earlier versions of the keys it read
    (ranked again with them) and strategy replace_window replaces those keys.
#}

{#- The raw table's columns: {lower-case name: lower-case type}. Only known at
    execution time (empty while parsing). -#}
{% macro raw_column_types(table_name) %}
    {%- set types = {} -%}
    {%- if execute -%}
        {%- for column in adapter.get_columns_in_relation(source('raw', table_name)) -%}
            {%- do types.update({column.name | lower: column.dtype | lower}) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(types) }}
{% endmacro %}

{#- True when the raw table is a folder of deliveries (its relation has _raw_file). -#}
{% macro raw_is_delivery_folder(table_name) %}
    {{- return('_raw_file' in raw_column_types(table_name)) -}}
{% endmacro %}

{#- The raw table's _raw_file column, or a null of the same type when it has none. -#}
{% macro raw_file_column(table_name) %}
    {{- return('_raw_file' if raw_is_delivery_folder(table_name) else 'cast(null as ' ~ dbt.type_string() ~ ')') -}}
{% endmacro %}

{#- Predicate on the raw rows (with _raw_file and the parsed event time) that an
    incremental run reads. raw_time_column: the raw event-time column as the calling
    CTE names it. When the raw table holds it typed (a date or a timestamp without time
    zone), the window is also written on it, so that DuckDB skips the row groups before
    it (see incremental_window.sql). It reads a superset of the rows: parse_timestamp
    takes a typed value as it is when its year has four digits, else it is a reject,
    read whatever the window (every time before 1678 is read: TIMESTAMP_NS cannot be
    compared with an earlier date). -#}
{% macro incremental_new_raw_rows(table_name, time_expression, relation, time_column, raw_time_column=none) %}
    {%- if not raw_is_delivery_folder(table_name) -%}
        {%- if not time_column -%}
            {{- return('true') -}}
        {%- endif -%}
        {%- set start = incremental_window_start(relation, time_column) -%}
        {%- set window = incremental_window_predicate(time_expression, relation, time_column, start) -%}
        {%- set raw_type = raw_column_types(table_name).get(time_column | lower, '') -%}
        {%- if raw_time_column and raw_type in typed_time_types() -%}
            {%- set earliest = "cast('1678-01-01' as date)" -%}
            {%- set window = window ~ ' and (' ~ raw_time_column ~ ' >= greatest('
                ~ start ~ ', ' ~ earliest ~ ') or ' ~ raw_time_column
                ~ ' is null or ' ~ raw_time_column ~ ' < ' ~ earliest ~ ')' -%}
        {%- endif -%}
        {{- return(window) -}}
    {%- endif -%}
    {%- set loaded = run_query('select distinct _raw_file from ' ~ relation).columns[0].values() -%}
    {%- if loaded | length > 0 and none in loaded -%}
        {{ exceptions.raise_compiler_error(
            "raw table '" ~ table_name ~ "' is now a folder of deliveries, but " ~ relation
            ~ " was loaded from a single file or table: run once with --full-refresh after changing the layout") }}
    {%- endif -%}
    {%- if loaded | length == 0 -%}
        {{- return('true') -}}
    {%- endif -%}
    {%- set quoted = [] -%}
    {%- for file_name in loaded | sort -%}
        {%- do quoted.append("'" ~ file_name.replace("'", "''") ~ "'") -%}
    {%- endfor -%}
    {{- return('_raw_file not in (' ~ quoted | join(', ') ~ ')') -}}
{% endmacro %}

{#- Predicate on the model's own rows (their event time) that the batch replaces by
    time: the window, or nothing for a folder of deliveries. -#}
{% macro incremental_replaced_rows(table_name, time_expression, relation, time_column) %}
    {%- if raw_is_delivery_folder(table_name) -%}
        {{- return('false') -}}
    {%- endif -%}
    {{- return(incremental_window_predicate(time_expression, relation, time_column) if time_column else 'true') -}}
{% endmacro %}

{#- The end of an event staging model (base_raw__transactions, __email_events,
    __usage_events), after its CTE `read_now` (the raw rows read by this run, typed and
    checked, with the stored columns): the CTEs versions (those rows plus, on an
    incremental run, the model's earlier versions of the keys read, outside what the
    batch replaces by time), flagged (is_duplicate, macros/sql/flag_duplicates.sql) and
    final (_loaded_at = this run: every row written by the run, rewritten versions
    included), then the model's final SELECT. The model's config gives the raw table
    (raw_table), its event time (window_column) and the keys (duplicate_keys). -#}
{% macro raw_row_versions(stored_columns) %}
    {%- set table_name = config.get('raw_table') -%}
    {%- set time_column = config.get('window_column') -%}
    {%- set keys = duplicate_spec()['keys'] -%}
versions as (
    select
        {%- for column in stored_columns %}
        read_now.{{ column }}{{ "," if not loop.last }}
        {%- endfor %}
    from read_now
    {%- if is_incremental() %}
    {%- set replaced = incremental_replaced_rows(table_name, 'loaded_before.' ~ time_column, this, time_column)
        if time_column else incremental_replaced_rows(table_name, none, this, none) %}
    {%- set key_list = keys | join(', ') %}
    union all
    -- the versions written earlier of the keys read now, outside what this batch
    -- replaces. In the window mode also
    -- those of the keys of the rows the batch replaces: a row changed or deleted in
    -- place in the window may leave an older version outside it the latest again
    -- (not when the key holds the event time: no version of it lies outside)
    select
        {%- for column in stored_columns %}
        loaded_before.{{ column }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ this }} as loaded_before
    where
        not {{ replaced }}
        and ({% for key in keys %}loaded_before.{{ key }}{{ ", " if not loop.last }}{% endfor %}) in (
            select {{ key_list }} from read_now
            {%- if replaced not in ['false', 'true'] and time_column not in keys %}
            union all
            select {{ key_list }} from {{ this }} as loaded_before
            where {{ replaced }}
            {%- endif %}
        )
    {%- endif %}
),

{{ flag_duplicates('flagged', 'versions', stored_columns) }},

final as (
    select
        *,
        {{ loaded_at() }} as _loaded_at
    from flagged
)

select * from final
{%- endmacro %}
