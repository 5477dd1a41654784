{#
    What the incremental build in this database was built from: table
    <target schema>.attrition_build_state, one row per model of staging and
    intermediate, with the raw source it last read (raw_source_description), its
    materialization, the as-of date of its last successful run, the version of the
    stored columns it was built with (build_state_version) and whether that run
    rebuilt an incremental table whole (full_build). Each model writes its own
    row in a post-hook, in the model's transaction (record_build_state); a run reads the
    rows at its start (check_build_state) and the models that need the as-of date they
    were last computed for read theirs (previous_as_of_date).
#}

{#- The version of the columns the incremental models store: raise it whenever one of
    them gains or loses a column, so that a database built before stops at the next
    run and asks for a full refresh (instead of failing inside a model). -#}
{% macro build_state_version() %}
    {{- return(3) -}}
{% endmacro %}

{#- The state table. -#}
{% macro build_state_relation() %}
    {{- return(api.Relation.create(database=target.database, schema=target.schema, identifier='attrition_build_state')) -}}
{% endmacro %}

{#- Where the raw tables come from, in words: a folder (var raw_data_dir), the demo
    seeds or a warehouse schema. -#}
{% macro raw_source_description() %}
    {%- if var('raw_data_dir', none) is not none -%}
        {{- return("files in " ~ (var('raw_data_dir') | string).rstrip('/')) -}}
    {%- elif var('load_demo_data', true) -%}
        {{- return("the demo seeds in schema " ~ var('raw_schema')) -}}
    {%- endif -%}
    {{- return("the tables of schema " ~ var('raw_schema')) -}}
{% endmacro %}

{#- on-run-start: create the state table, then stop a run or build without
    --full-refresh when a model was built by an earlier version of the project (other
    stored columns), or from another raw source than this run's: its stored rows would
    be mixed with the new source's. -#}
{% macro check_build_state() %}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set state = build_state_relation() -%}
    {%- do run_query('create schema if not exists ' ~ state.include(identifier=false)) -%}
    {%- do run_query('create table if not exists ' ~ state ~ ' (model_name ' ~ dbt.type_string()
        ~ ', materialized ' ~ dbt.type_string() ~ ', raw_source ' ~ dbt.type_string()
        ~ ', as_of_date date, built_at ' ~ dbt.type_timestamp() ~ ')') -%}
    {#- (a state table written before the version was recorded: its rows have none) -#}
    {%- do run_query('alter table ' ~ state ~ ' add column if not exists state_version integer') -%}
    {%- do run_query('alter table ' ~ state ~ ' add column if not exists full_build boolean') -%}
    {#- the rows of models no longer in the project -#}
    {%- set names = [] -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' -%}
        {%- do names.append("'" ~ node.alias ~ "'") -%}
    {%- endfor -%}
    {%- do run_query('delete from ' ~ state ~ ' where model_name not in (' ~ names | join(', ') ~ ')') -%}
    {%- do adapter.commit() -%}
    {%- if flags.WHICH not in ['run', 'build'] or flags.FULL_REFRESH or not var('incremental_models', true) -%}
        {{ return('') }}
    {%- endif -%}
    {#- an incremental table without a state row (the state table was dropped, or another
        target schema shares the file): what it was built from is unknown -#}
    {%- set incremental = [] -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model' and node.config.materialized == 'incremental' -%}
        {%- do incremental.append("('" ~ node.schema ~ "', '" ~ node.alias ~ "')") -%}
    {%- endfor -%}
    {%- if incremental -%}
        {%- set unrecorded = run_query("select table_schema || '.' || table_name from information_schema.tables"
            ~ " where table_catalog = '" ~ target.database ~ "' and (table_schema, table_name) in ("
            ~ incremental | join(', ') ~ ") and table_name not in (select model_name from " ~ state
            ~ ") order by 1 limit 1") -%}
        {%- if unrecorded.rows | length > 0 -%}
            {{ exceptions.raise_compiler_error(
                "The table " ~ unrecorded.rows[0][0] ~ " has no build state (what it was built from is unknown):"
                ~ " run with --full-refresh to rebuild it") }}
        {%- endif -%}
    {%- endif -%}
    {%- set older = run_query("select model_name from " ~ state ~ " where state_version is distinct from "
        ~ build_state_version() ~ " order by model_name limit 1") -%}
    {%- if older.rows | length > 0 -%}
        {{ exceptions.raise_compiler_error(
            "This database was built by an earlier version of the project (" ~ older.rows[0][0]
            ~ " stores other columns): run with --full-refresh to rebuild it") }}
    {%- endif -%}
    {%- set source_now = raw_source_description() -%}
    {#- every model's row, whatever it was materialized as: after a run with
        incremental_models false from another source, the tables hold that source -#}
    {%- set found = run_query("select model_name, raw_source from " ~ state
        ~ " where raw_source <> '" ~ source_now.replace("'", "''") ~ "' order by model_name limit 1") -%}
    {%- if found.rows | length > 0 -%}
        {{ exceptions.raise_compiler_error(
            "The raw source changed since the last build (" ~ found.rows[0][0] ~ " was built from "
            ~ found.rows[0][1] ~ ", this run reads " ~ source_now ~ "): run with --full-refresh to rebuild from it") }}
    {%- endif -%}
    {#- the per-customer models follow a move of the as-of date through the log only: a
        selection of one of them without the log, at another date than the log's, stops -#}
    {%- set log = graph.nodes.get('model.' ~ project_name ~ '.int_customers_changed') -%}
    {%- set readers = [] -%}
    {%- for node in graph.nodes.values() if log and log.unique_id not in selected_resources
        and node.unique_id in selected_resources and log.unique_id in node.depends_on.nodes -%}
        {%- do readers.append(node.name) -%}
    {%- endfor -%}
    {%- if readers -%}
        {%- set logged = run_query("select cast(as_of_date as " ~ dbt.type_string() ~ ") from " ~ state
            ~ " where model_name = '" ~ log.alias ~ "' and as_of_date <> " ~ as_of_date()) -%}
        {%- if logged.rows | length > 0 -%}
            {{ exceptions.raise_compiler_error(
                "as_of_date moved since int_customers_changed last ran (as of " ~ logged.rows[0][0] ~ "), and "
                ~ readers | sort | first ~ " follows it only through that log: select int_customers_changed too") }}
        {%- endif -%}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}

{#- Post-hook of the models of staging and intermediate: record this run's source and
    as-of date for the model (in the model's transaction). full_build: the run rebuilt
    an incremental table whole, or changed rows in place (the row strategy
    replace_window added): every customer below must be recomputed. -#}
{% macro record_build_state() %}
    {%- set state = build_state_relation() -%}
    {%- set name = "'" ~ this.identifier ~ "'" -%}
    delete from {{ state }} where model_name = {{ name }} and materialized is distinct from 'changed_in_place';
    insert into {{ state }} (model_name, materialized, raw_source, as_of_date, built_at, state_version, full_build)
    select
        {{ name }},
        '{{ model.config.materialized }}',
        '{{ raw_source_description().replace("'", "''") }}',
        {{ as_of_date() }},
        {{ loaded_at() }},
        {{ build_state_version() }},
        {{ model.config.materialized == 'incremental' and not is_incremental() }}
        or exists (select 1 from {{ state }} where model_name = {{ name }} and materialized = 'changed_in_place');
    delete from {{ state }} where model_name = {{ name }} and materialized = 'changed_in_place'
{% endmacro %}

{#- The as-of date this model was last computed for (its state row), as a
    'YYYY-MM-DD' string to write as a literal (the scans that compare with it can skip
    row groups); '1900-01-01' outside incremental runs (an incremental table without a
    state row stops the run at its start: check_build_state). -#}
{% macro previous_as_of_date() %}
    {%- if not (execute and is_incremental()) -%}
        {{ return('1900-01-01') }}
    {%- endif -%}
    {%- set found = run_query("select cast(max(as_of_date) as " ~ dbt.type_string() ~ ") from "
        ~ build_state_relation() ~ " where model_name = '" ~ this.identifier ~ "'").rows[0][0] -%}
    {{ return(found or '1900-01-01') }}
{% endmacro %}
