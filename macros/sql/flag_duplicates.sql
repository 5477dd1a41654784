{#
    Deduplication that drops no row, in two macros that read the model's config:
        duplicate_keys      the columns identifying a record across its versions;
        duplicate_order_by  the ORDER BY ranking a key's versions, first = kept (a total
                            order, so the result never depends on row order);
        duplicate_usable    the rows that take part (default reject_reason is null);
                            the others are never duplicates.
    Among the usable rows of a key, every row but the first is a duplicate.

    flag_duplicates(name, relation, columns) renders the CTE `<name>`: the columns of
    `relation` plus is_duplicate. flag_duplicates_in_place() is the model's post-hook.

    On DuckDB the CTE writes is_duplicate = false and the post-hook flags the duplicates
    in the table just written, after the model's transaction has committed: it ranks
    only the keys seen more than once (a GROUP BY of their 64-bit hash finds them) among
    the rows not flagged yet, and updates those few rows. "Not flagged yet" = written
    after the last run whose flagging completed (table base_raw__flag_duplicates_state
    in the model's schema, one row per model): a run whose post-hook failed is flagged
    by the next one (an incremental run writes every version of each key it read, so
    the rows of the runs not flagged yet hold every version of their keys), which also
    gives those rows its own _loaded_at, so that the models downstream that read them
    unflagged in between (a selection without this model) read them again.
    Ranking in the model's SELECT needs the rows twice (the repeated keys, then the
    rows), and DuckDB materialises a CTE that is read twice: at 50M transactions the
    105M email events spilled to disk (the email model took 427 s, against ~120 s for
    writing the rows alone). Updating inside the model's transaction wrote the whole
    table to DuckDB's write-ahead log (1.2 GB for 21M email events, 40 GB at 100M
    transactions; 0 after the commit). Elsewhere (no rowid to update by) the CTE ranks
    with a window over every usable row and the post-hook does nothing.
#}
{% macro flag_duplicates(name, relation, columns) %}
    {{- return(adapter.dispatch('flag_duplicates', 'customer_attrition')(name, relation, columns)) -}}
{% endmacro %}

{% macro duckdb__flag_duplicates(name, relation, columns) %}
{{ name }} as (
    select
        {%- for column in columns %}
        {{ column }},
        {%- endfor %}
        false as is_duplicate  -- flagged by the post-hook flag_duplicates_in_place()
    from {{ relation }}
)
{%- endmacro %}

{% macro default__flag_duplicates(name, relation, columns) %}
    {%- set spec = duplicate_spec() -%}
{{ name }} as (
    select
        {%- for column in columns %}
        {{ column }},
        {%- endfor %}
        coalesce({{ spec.usable }}, false) and row_number() over (
            partition by ({{ spec.usable }}), {{ spec['keys'] | join(', ') }}
            order by {{ spec.order_by }}
        ) > 1 as is_duplicate
    from {{ relation }}
)
{%- endmacro %}

{% macro flag_duplicates_in_place() %}
    {{- return(adapter.dispatch('flag_duplicates_in_place', 'customer_attrition')()) -}}
{% endmacro %}

{% macro duckdb__flag_duplicates_in_place() %}
    {%- set spec = duplicate_spec() -%}
    {%- set keys = spec['keys'] | join(', ') -%}
    {%- set state = this.incorporate(path={'identifier': 'base_raw__flag_duplicates_state'}) -%}
    {%- set not_flagged_yet -%}
        _loaded_at > (
            select coalesce(max(flagged_through), cast('1900-01-01' as timestamp))
            from {{ state }}
            where model_name = '{{ this.identifier }}'
        )
    {%- endset -%}
    update {{ this }}
    set is_duplicate = true
    where rowid in (
        select ranked.rowid
        from (
            select
                rowid,
                row_number() over (partition by {{ keys }} order by {{ spec.order_by }}) as version_rank
            from {{ this }}
            where
                {{ not_flagged_yet }}
                and {{ spec.usable }}
                and hash({{ keys }}) in (
                    select hash({{ keys }})
                    from {{ this }}
                    where {{ not_flagged_yet }} and {{ spec.usable }}
                    group by hash({{ keys }})
                    having count(*) > 1
                )
        ) as ranked
        where ranked.version_rank > 1
    );
    -- rows of earlier runs whose flagging failed are written again by this run: models
    -- run since without this one read them unflagged, and a new _loaded_at makes them
    -- read them again (none in a run that follows a completed flagging)
    update {{ this }}
    set _loaded_at = {{ loaded_at() }}
    where {{ not_flagged_yet }} and _loaded_at < {{ loaded_at() }};
    delete from {{ state }} where model_name = '{{ this.identifier }}';
    insert into {{ state }} select '{{ this.identifier }}', max(_loaded_at) from {{ this }}
{%- endmacro %}

{% macro default__flag_duplicates_in_place() %}
    {{- return('') -}}
{% endmacro %}

{#- on-run-start: the state table of flag_duplicates_in_place, in the schema of each
    model that deduplicates (DuckDB only). Created once here, before any model: the
    post-hooks of two models finishing together both creating it made DuckDB stop one
    of them with a write-write conflict on the catalog. -#}
{% macro create_flag_duplicates_state() %}
    {%- if not execute or target.type != 'duckdb' -%}
        {{ return('') }}
    {%- endif -%}
    {%- set created = [] -%}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'model' and node.config.get('duplicate_keys') -%}
            {%- set state = api.Relation.create(
                database=node.database, schema=node.schema, identifier='base_raw__flag_duplicates_state') -%}
            {%- if state | string not in created -%}
                {%- do created.append(state | string) -%}
                {%- do run_query('create schema if not exists ' ~ api.Relation.create(
                    database=node.database, schema=node.schema).include(identifier=false)) -%}
                {%- do run_query('create table if not exists ' ~ state ~ ' (model_name varchar, flagged_through timestamp)') -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return('') }}
{% endmacro %}

{#- The model's duplicate_keys / duplicate_order_by / duplicate_usable config. -#}
{% macro duplicate_spec() %}
    {%- set keys = config.get('duplicate_keys') -%}
    {%- set order_by = config.get('duplicate_order_by') -%}
    {%- if (not keys or not order_by) and execute -%}
        {{ exceptions.raise_compiler_error(
            "model '" ~ model.name ~ "' deduplicates without config duplicate_keys and duplicate_order_by") }}
    {%- endif -%}
    {{ return({
        'keys': ([keys] if keys is string else keys) or ['_parsing'],
        'order_by': order_by or '1',
        'usable': config.get('duplicate_usable') or 'reject_reason is null',
    }) }}
{% endmacro %}
