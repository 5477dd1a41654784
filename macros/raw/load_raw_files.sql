{#
    on-run-start hook. When var('raw_data_dir') is set, expose each table of the raw
    contract as a view <raw_schema>.<table>, so that source('raw', ...) reads the files.
    Two layouts, per table:
    - a single file, <table>.parquet or <table>.csv (a snapshot that may grow in place);
    - a folder of deliveries, <table>/*.parquet or <table>/*.csv: every file a delivery
      (a nightly export, say) that is never changed once written; a new delivery is a
      new file. The view then has one more column, _raw_file (the file's name in the
      folder), and the incremental staging models read only the files they have not
      loaded yet (macros/incremental/incremental_raw_rows.sql).
    CSV files are read as text (staging does the typing); a header-only file is an
    empty table; Parquet wins when both exist, a folder wins over a file. A missing
    table, an empty folder or a missing contract column stops the run with an error
    naming it. Without raw_data_dir, when the demo seeds are loaded, views left by an
    earlier file run are dropped so that the seeds can take their place.
#}
{% macro load_raw_files() %}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set data_dir = var('raw_data_dir') -%}
    {%- set schema = var('raw_schema') -%}
    {%- if data_dir is none -%}
        {#- Only when the demo seeds are about to fill the raw schema: never touch a
            warehouse's own raw tables or views (load_demo_data: false). -#}
        {%- for table_name in (raw_contract() if var('load_demo_data') else []) -%}
            {%- set existing = adapter.get_relation(database=target.database, schema=schema, identifier=table_name) -%}
            {%- if existing is not none and existing.is_view -%}
                {%- do adapter.drop_relation(existing) -%}
                {%- do adapter.commit() -%}
            {%- endif -%}
        {%- endfor -%}
        {{ return('') }}
    {%- endif -%}
    {%- if adapter.type() != 'duckdb' -%}
        {{ exceptions.raise_compiler_error("var 'raw_data_dir' is only supported on DuckDB; load the raw tables into schema '" ~ schema ~ "' instead") }}
    {%- endif -%}
    {%- set data_dir = (data_dir | string).rstrip('/') -%}
    {%- if "'" in data_dir -%}
        {{ exceptions.raise_compiler_error("var 'raw_data_dir' must not contain a quote, got '" ~ data_dir ~ "'") }}
    {%- endif -%}
    {#- dbt's Jinja has no file system access: list the folder with DuckDB's glob()
        (which lists files only: the files of the table folders come from a second glob). -#}
    {%- set names = [] -%}
    {%- for file in run_query("select file from glob('" ~ data_dir ~ "/*') union all select file from glob('"
            ~ data_dir ~ "/*/*')").columns[0].values() -%}
        {%- do names.append(file.replace('\\', '/')[(data_dir | length) + 1:]) -%}
    {%- endfor -%}
    {%- do run_query('create schema if not exists ' ~ adapter.quote(schema)) -%}
    {%- for table_name, columns in raw_contract().items() -%}
        {%- set folder_parquet = [] -%}
        {%- set folder_csv = [] -%}
        {%- for name in names if name.startswith(table_name ~ '/') -%}
            {%- if name.endswith('.parquet') -%}
                {%- do folder_parquet.append(name) -%}
            {%- elif name.endswith('.csv') -%}
                {%- do folder_csv.append(name) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set csv_options = "header = true, all_varchar = true, auto_detect = true" -%}
        {%- if folder_parquet -%}
            {%- set reader = "select * exclude (filename), parse_filename(filename) as _raw_file from read_parquet('"
                ~ data_dir ~ "/" ~ table_name ~ "/*.parquet', filename = true, union_by_name = true)" -%}
        {%- elif folder_csv -%}
            {%- set reader = "select * exclude (filename), parse_filename(filename) as _raw_file from read_csv('"
                ~ data_dir ~ "/" ~ table_name ~ "/*.csv', " ~ csv_options ~ ", filename = true, union_by_name = true)" -%}
        {%- elif (table_name ~ '.parquet') in names -%}
            {%- set reader = "select * from read_parquet('" ~ data_dir ~ '/' ~ table_name ~ ".parquet')" -%}
        {%- elif (table_name ~ '.csv') in names -%}
            {%- set reader = "select * from read_csv('" ~ data_dir ~ '/' ~ table_name ~ ".csv', " ~ csv_options ~ ")" -%}
        {%- else -%}
            {{ exceptions.raise_compiler_error(
                "raw_data_dir '" ~ data_dir ~ "' has no " ~ table_name ~ ".csv or " ~ table_name
                ~ ".parquet, and no folder " ~ table_name ~ "/ with .csv or .parquet files: every raw table is"
                ~ " required (a header-only CSV is a valid empty table)") }}
        {%- endif -%}
        {%- set relation = api.Relation.create(database=target.database, schema=schema, identifier=table_name, type='view') -%}
        {%- set existing = adapter.get_relation(database=target.database, schema=schema, identifier=table_name) -%}
        {%- if existing is not none -%}
            {%- do adapter.drop_relation(existing) -%}
        {%- endif -%}
        {%- do run_query('create view ' ~ relation ~ ' as ' ~ reader) -%}
        {%- set found = [] -%}
        {%- for column in adapter.get_columns_in_relation(relation) -%}
            {%- do found.append(column.name | lower) -%}
        {%- endfor -%}
        {%- for column in columns -%}
            {%- if column not in found -%}
                {{ exceptions.raise_compiler_error(
                    "raw file for table '" ~ table_name ~ "' in '" ~ data_dir ~ "' has no column '" ~ column
                    ~ "' (found: " ~ (found | join(', ')) ~ ")") }}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {#- hooks run inside a transaction: make the views visible to the models -#}
    {%- do adapter.commit() -%}
    {{ return('') }}
{% endmacro %}
