{#
    on-run-start hook. When var('raw_data_dir') is set, expose
    <raw_data_dir>/<table>.parquet or <table>.csv as a view <raw_schema>.<table> for
    every table of the raw contract, so that source('raw', ...) reads the files.
    CSV files are read as text (staging does the typing); a header-only file is an
    empty table; Parquet wins when both exist. A missing file or a missing contract
    column stops the run with an error naming it. Without raw_data_dir, when the demo seeds are loaded, views left
    by an earlier file run are dropped so that the seeds can take their place.
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
    {#- dbt's Jinja has no file system access: list the folder with DuckDB's glob(). -#}
    {%- set files = run_query("select file from glob('" ~ data_dir ~ "/*')").columns[0].values() -%}
    {%- set names = [] -%}
    {%- for file in files -%}
        {%- do names.append(file.replace('\\', '/').split('/')[-1]) -%}
    {%- endfor -%}
    {%- do run_query('create schema if not exists ' ~ adapter.quote(schema)) -%}
    {%- for table_name, columns in raw_contract().items() -%}
        {%- set parquet_path = data_dir ~ '/' ~ table_name ~ '.parquet' -%}
        {%- set csv_path = data_dir ~ '/' ~ table_name ~ '.csv' -%}
        {%- if (table_name ~ '.parquet') in names -%}
            {%- set reader = "read_parquet('" ~ parquet_path ~ "')" -%}
        {%- elif (table_name ~ '.csv') in names -%}
            {%- set reader = "read_csv('" ~ csv_path ~ "', header = true, all_varchar = true, auto_detect = true)" -%}
        {%- else -%}
            {{ exceptions.raise_compiler_error(
                "raw_data_dir '" ~ data_dir ~ "' has no " ~ table_name ~ ".csv or " ~ table_name
                ~ ".parquet: every raw table is required (a header-only CSV is a valid empty table)") }}
        {%- endif -%}
        {%- set relation = api.Relation.create(database=target.database, schema=schema, identifier=table_name, type='view') -%}
        {%- set existing = adapter.get_relation(database=target.database, schema=schema, identifier=table_name) -%}
        {%- if existing is not none -%}
            {%- do adapter.drop_relation(existing) -%}
        {%- endif -%}
        {%- do run_query('create view ' ~ relation ~ ' as select * from ' ~ reader) -%}
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
