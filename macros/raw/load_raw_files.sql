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
    Extensions are matched in any case (.csv, .CSV). A folder may mix CSV and Parquet
    deliveries (read together); CSV files are read as text (staging does the typing);
    a header-only file is an empty table, a 0-byte delivery is skipped (logged). A
    missing folder, a missing table, a 0-byte single file, a table given twice (as
    .csv and .parquet, or as a file and a folder) or a missing contract column stops
    the run with an error naming it. Without raw_data_dir, when the demo seeds are loaded, views left by an
    earlier file run are dropped so that the seeds can take their place.
#}
{% macro load_raw_files() %}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set data_dir = var('raw_data_dir') -%}
    {%- set schema = var('raw_schema') -%}
    {#- the malformed rows of this run's files only (none without raw_data_dir) -#}
    {%- do run_query('create schema if not exists ' ~ malformed_raw_rows_relation().include(identifier=false)) -%}
    {%- do run_query('create table if not exists ' ~ malformed_raw_rows_relation() ~ ' (table_name '
        ~ dbt.type_string() ~ ', file_name ' ~ dbt.type_string() ~ ', line bigint, error ' ~ dbt.type_string()
        ~ ', csv_line ' ~ dbt.type_string() ~ ')') -%}
    {%- do run_query('delete from ' ~ malformed_raw_rows_relation()) -%}
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
    {#- dbt's Jinja has no file system access: list the folder with DuckDB (glob() lists
        files only, so the table folders' files come from a second glob; read_blob gives
        their sizes without reading them). -#}
    {%- set files = run_query("select file from glob('" ~ data_dir ~ "/*') union all select file from glob('"
        ~ data_dir ~ "/*/*')").columns[0].values() -%}
    {%- if files | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            "raw_data_dir '" ~ data_dir ~ "' has no files: it does not exist or is empty (check the path)") }}
    {%- endif -%}
    {%- set quoted_files = [] -%}
    {%- for file in files -%}
        {%- do quoted_files.append("'" ~ file.replace("'", "''") ~ "'") -%}
    {%- endfor -%}
    {%- set sizes = {} -%}
    {%- for row in run_query("select filename, size from read_blob([" ~ quoted_files | join(', ') ~ "])").rows -%}
        {%- do sizes.update({row[0].replace('\\', '/')[(data_dir | length) + 1:]: row[1]}) -%}
    {%- endfor -%}
    {%- do run_query('create schema if not exists ' ~ adapter.quote(schema)) -%}
    {%- for table_name, columns in raw_contract().items() -%}
        {#- extensions in any case (.csv, .CSV, .Parquet) -#}
        {%- set found = {'folder_parquet': [], 'folder_csv': [], 'file_parquet': [], 'file_csv': [], 'empty': []} -%}
        {%- for name, size in sizes.items() -%}
            {%- set lowered = name | lower -%}
            {%- set kind = 'folder_' if name.startswith(table_name ~ '/') else ('file_' if lowered.startswith(table_name ~ '.') and '/' not in name else none) -%}
            {%- set extension = 'parquet' if lowered.endswith('.parquet') else ('csv' if lowered.endswith('.csv') else none) -%}
            {%- if kind is not none and extension is not none
                and (kind == 'folder_' or lowered in [table_name ~ '.csv', table_name ~ '.parquet']) -%}
                {%- if size == 0 and kind == 'folder_' -%}
                    {#- a 0-byte delivery holds nothing, not even a header: skipped, said -#}
                    {%- do found['empty'].append(name) -%}
                {%- elif size == 0 -%}
                    {{ exceptions.raise_compiler_error(
                        "raw file '" ~ data_dir ~ "/" ~ name ~ "' is empty (0 bytes): write at least its header line") }}
                {%- elif kind == 'file_' and found['file_' ~ extension] -%}
                    {{ exceptions.raise_compiler_error(
                        "raw_data_dir '" ~ data_dir ~ "' has both " ~ found['file_' ~ extension][0].split('/')[-1]
                        ~ " and " ~ name ~ ": keep one of them") }}
                {%- else -%}
                    {%- do found[kind ~ extension].append(data_dir ~ '/' ~ name) -%}
                {%- endif -%}
            {%- endif -%}
        {%- endfor -%}
        {%- for name in found['empty'] -%}
            {%- do log("Skipping raw file '" ~ data_dir ~ "/" ~ name ~ "': it is empty (0 bytes)", info=true) -%}
        {%- endfor -%}
        {%- set is_folder = found['folder_parquet'] or found['folder_csv'] -%}
        {%- if is_folder and (found['file_parquet'] or found['file_csv']) -%}
            {{ exceptions.raise_compiler_error(
                "raw_data_dir '" ~ data_dir ~ "' has both a folder " ~ table_name ~ "/ and a file "
                ~ (found['file_parquet'] + found['file_csv'])[0].split('/')[-1] ~ ": keep one of them") }}
        {%- elif found['file_parquet'] and found['file_csv'] -%}
            {{ exceptions.raise_compiler_error(
                "raw_data_dir '" ~ data_dir ~ "' has both " ~ found['file_csv'][0].split('/')[-1] ~ " and "
                ~ found['file_parquet'][0].split('/')[-1] ~ ": keep one of them") }}
        {%- endif -%}
        {%- set readers = [] -%}
        {%- for extension in ['parquet', 'csv'] -%}
            {%- set files = found[('folder_' if is_folder else 'file_') ~ extension] | sort -%}
            {#- CSV: each file checked first (check_raw_csv_file): UTF-8 or Latin-1, and its
                malformed rows kept as rejects; the view skips those rows -#}
            {%- set groups = {'': [], ", encoding = 'latin-1'": []} -%}
            {%- for file in files -%}
                {%- do groups[check_raw_csv_file(table_name, file, data_dir) if extension == 'csv' else ''].append(
                    "'" ~ file.replace("'", "''") ~ "'") -%}
            {%- endfor -%}
            {%- for encoding, quoted in groups.items() if quoted -%}
                {%- set file_list = "[" ~ quoted | join(', ') ~ "]" -%}
                {%- set options = (raw_csv_options() ~ encoding ~ ", ignore_errors = true") if extension == 'csv' else '' -%}
                {%- if is_folder -%}
                    {%- do readers.append("select * exclude (filename), parse_filename(filename) as _raw_file from read_"
                        ~ extension ~ "(" ~ file_list ~ options ~ ", filename = true, union_by_name = true)") -%}
                {%- else -%}
                    {%- do readers.append("select * from read_" ~ extension ~ "(" ~ file_list ~ options ~ ")") -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- if not readers -%}
            {{ exceptions.raise_compiler_error(
                "raw_data_dir '" ~ data_dir ~ "' has no " ~ table_name ~ ".csv or " ~ table_name
                ~ ".parquet, and no folder " ~ table_name ~ "/ with .csv or .parquet files: every raw table is"
                ~ " required (a header-only CSV is a valid empty table)") }}
        {%- endif -%}
        {#- a folder may mix CSV and Parquet deliveries: their rows are read together -#}
        {%- set reader = readers | join(' union all by name ') -%}
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

{#- The options every raw CSV file is read with (text columns; the sniffer finds the
    delimiter and quoting). -#}
{% macro raw_csv_options() %}
    {{- return(", header = true, all_varchar = true, auto_detect = true") -}}
{% endmacro %}

{#- The table of the raw CSV rows that cannot be read (a field too many or too few, an
    unclosed quote...): table_name, file_name, line, error, csv_line. Refilled by every
    run that reads raw_data_dir; rejected_rows turns each row into a malformed_row
    reject, and row_count_reconciles counts them as raw rows. -#}
{% macro malformed_raw_rows_relation() %}
    {{- return(api.Relation.create(database=target.database, schema=target.schema,
        identifier='attrition_malformed_raw_rows')) -}}
{% endmacro %}

{#- Read one raw CSV file once, every column, keeping the rows DuckDB cannot read
    (store_rejects) in malformed_raw_rows_relation(). A file that is not UTF-8 is read
    as Latin-1 (the other encoding of French exports; it accepts any byte); an unclosed
    quote stops the run, naming the file and line. Returns the read_csv encoding option
    to read the file with ('' for UTF-8). -#}
{% macro check_raw_csv_file(table_name, file, data_dir) %}
    {%- set quoted = "'" ~ file.replace("'", "''") ~ "'" -%}
    {%- set found = namespace(encoding='') -%}
    {%- for attempt in ['', ", encoding = 'latin-1'"] -%}
        {%- if loop.first or found.encoding != '' -%}
            {%- do run_query("select count(columns(*)) from read_csv(" ~ quoted ~ raw_csv_options() ~ attempt
                ~ ", ignore_errors = true, store_rejects = true, rejects_table = 'attrition_csv_errors',"
                ~ " rejects_scan = 'attrition_csv_scans')") -%}
            {%- set unicode_errors = run_query("select count(*) from attrition_csv_errors"
                ~ " where error_type in ('INVALID UNICODE', 'INVALID ENCODING')").columns[0].values()[0] -%}
            {#- an unclosed quote swallows the lines after it into one value: they would be
                lost inside a single reject, so the run stops instead -#}
            {%- set unclosed = run_query("select min(line) from attrition_csv_errors where error_type = 'UNQUOTED VALUE'"
                ~ " or strpos(csv_line, chr(10)) > 0").columns[0].values()[0] -%}
            {%- if loop.first and unicode_errors > 0 -%}
                {%- set found.encoding = ", encoding = 'latin-1'" -%}
            {%- elif unclosed is not none -%}
                {{ exceptions.raise_compiler_error("raw file '" ~ file ~ "' has an unclosed quote on line " ~ unclosed
                    ~ ": the lines after it would be read as one value; fix the file, then run again") }}
            {%- else -%}
                {%- do run_query("insert into " ~ malformed_raw_rows_relation()
                    ~ " select '" ~ table_name ~ "', '" ~ file[(data_dir | length) + 1:].split('/')[-1].replace("'", "''")
                    ~ "', line, error_type || ': ' || error_message, csv_line from attrition_csv_errors") -%}
            {%- endif -%}
            {%- do run_query("drop table if exists attrition_csv_errors; drop table if exists attrition_csv_scans") -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(found.encoding) }}
{% endmacro %}
