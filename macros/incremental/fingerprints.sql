{#
    Fingerprints for models that redo only the rows whose inputs changed
    (int_customer_records_normalised, int_customer_record_links).

    config_fingerprint(sql_text, seed_names): an md5 (computed by dbt, a constant in the
    compiled SQL) of the given SQL text and of the contents of the given seeds, read
    when the model runs (rows sorted, so their order does not matter). Any change of
    code, var or seed value that reaches the text or the seeds changes it.

    record_fingerprint(columns, config_fingerprint): a SQL expression, the hash of the
    row's columns and of that constant. Each value is written with its length
    ('5:Dupont'), a null as '_null_', so no two different rows give the same text.
#}
{% macro config_fingerprint(sql_text, seed_names) %}
    {%- set parts = [sql_text] -%}
    {%- if execute -%}
        {%- for seed_name in seed_names -%}
            {%- set lines = [] -%}
            {%- set relation = ref(seed_name) -%}
            {#- not loaded yet (sqlfluff compiling before any build): the model cannot run either -#}
            {%- if load_relation(relation) is not none -%}
                {%- for row in run_query('select * from ' ~ relation).rows -%}
                    {%- do lines.append(row | join('\x1f')) -%}
                {%- endfor -%}
            {%- endif -%}
            {%- do parts.append(seed_name ~ '\x1d' ~ (lines | sort | join('\x1e'))) -%}
        {%- endfor -%}
    {%- endif -%}
    {{- return(local_md5(parts | join('\x1c'))) -}}
{% endmacro %}

{% macro record_fingerprint(columns, config_fingerprint) %}
    {%- set parts = ["'" ~ config_fingerprint ~ "'"] -%}
    {%- for column in columns -%}
        {%- set text = "cast(" ~ column ~ " as " ~ dbt.type_string() ~ ")" -%}
        {%- do parts.append("coalesce(" ~ dbt.concat(["cast(length(" ~ text ~ ") as " ~ dbt.type_string() ~ ")", "':'", text])
            ~ ", '_null_')") -%}
    {%- endfor -%}
    {{- dbt.hash(dbt.concat(parts)) -}}
{% endmacro %}

{#- True when an incremental model's table holds rows written under another
    config_fingerprint than `fingerprint` (in `column`): its code, vars or seeds changed
    since, and every row must be checked again. -#}
{% macro config_changed_since(relation, fingerprint, column) %}
    {%- if not execute -%}
        {{ return(true) }}
    {%- endif -%}
    {%- set found = run_query(
        "select count(*) from (select distinct " ~ column ~ " from " ~ relation
        ~ ") as fingerprints where " ~ column ~ " is distinct from '" ~ fingerprint ~ "'") -%}
    {{- return(found.columns[0].values()[0] > 0) -}}
{% endmacro %}
