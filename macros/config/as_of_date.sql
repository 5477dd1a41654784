{#
    The run's reference date, validated, as a Python date (for Jinja arithmetic).
    Accepts 'YYYY-MM-DD' strings and YAML dates; anything else stops the build.
#}
{% macro get_as_of_date() %}
    {%- set raw_value = var('as_of_date', none) -%}
    {%- if raw_value is none -%}
        {{ exceptions.raise_compiler_error("var 'as_of_date' is not set: give a date as YYYY-MM-DD") }}
    {%- endif -%}
    {{ return(parse_config_date(raw_value, 'as_of_date')) }}
{% endmacro %}

{# The as-of date as a SQL date literal. #}
{% macro as_of_date() %}
    {{- date_literal(get_as_of_date()) -}}
{% endmacro %}

{#- on-run-end: warn when var('as_of_date') is far from the data (a scheduled job that
    forgot to set it computes as of the demo's date forever): when more than 5 % of the
    usable transactions are dated more than var('as_of_date_warning_days') days after
    it (a few future-dated rows are normal), or when none is dated in the
    as_of_date_warning_days days up to it. Reads the staged transactions when they
    exist. Nothing in the business logic reads this. -#}
{% macro warn_if_as_of_date_is_far_from_the_data() %}
    {%- if not execute or flags.WHICH not in ['run', 'build'] -%}
        {{ return('') }}
    {%- endif -%}
    {%- set days = get_int_var('as_of_date_warning_days', min_value=1) -%}
    {%- set node = graph.nodes.get('model.' ~ project_name ~ '.base_raw__transactions') -%}
    {%- set transactions = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias)
        if node else none -%}
    {%- if transactions is none -%}
        {{ return('') }}
    {%- endif -%}
    {%- set as_of = get_as_of_date() -%}
    {%- set found = run_query("select count(*), "
        ~ "count(case when transaction_date > " ~ date_literal(as_of + modules.datetime.timedelta(days=days)) ~ " then 1 end), "
        ~ "count(case when transaction_date > " ~ date_literal(as_of - modules.datetime.timedelta(days=days))
        ~ " and transaction_date <= " ~ date_literal(as_of) ~ " then 1 end) "
        ~ "from " ~ transactions ~ " where reject_reason is null").rows[0] -%}
    {%- if found[0] == 0 -%}
        {{ return('') }}
    {%- endif -%}
    {%- set advice = ": set it with --vars '{as_of_date: \"YYYY-MM-DD\"}' (the default is the demo data's last day)" -%}
    {%- if found[1] > 0.05 * found[0] -%}
        {%- do exceptions.warn("as_of_date is " ~ as_of ~ ", but " ~ ((100.0 * found[1] / found[0]) | round(1))
            ~ " % of the transactions are dated more than " ~ days ~ " days after it" ~ advice) -%}
    {%- elif found[2] == 0 -%}
        {%- do exceptions.warn("as_of_date is " ~ as_of ~ ", but no transaction is dated in the " ~ days
            ~ " days up to it" ~ advice) -%}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}
