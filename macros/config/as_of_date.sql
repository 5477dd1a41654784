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
    forgot to set it computes as of the demo's date forever). With N =
    var('as_of_date_warning_days'): when the usable transactions dated in the N days
    from N days after it are more than half of those dated in the N days up to it (the
    data goes on well after it; a few future-dated rows are normal), or when none is
    dated in the N days up to it. Reads the staged transactions when they exist.
    Nothing in the business logic reads this. -#}
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
    {%- set day = modules.datetime.timedelta(days=1) -%}
    {%- set found = run_query("select "
        ~ "count(case when transaction_date > " ~ date_literal(as_of - days * day)
        ~ " and transaction_date <= " ~ date_literal(as_of) ~ " then 1 end), "
        ~ "count(case when transaction_date > " ~ date_literal(as_of + days * day)
        ~ " and transaction_date <= " ~ date_literal(as_of + 2 * days * day) ~ " then 1 end) "
        ~ "from " ~ transactions ~ " where reject_reason is null").rows[0] -%}
    {%- set advice = ": set it with --vars '{as_of_date: \"YYYY-MM-DD\"}' (the default is the demo data's last day)" -%}
    {%- if found[1] > 0.5 * found[0] and found[1] > 0 -%}
        {%- do exceptions.warn("as_of_date is " ~ as_of ~ ", but the data goes on after it: " ~ found[1]
            ~ " transactions are dated " ~ (days + 1) ~ " to " ~ (2 * days) ~ " days after it, against " ~ found[0]
            ~ " in the " ~ days ~ " days up to it" ~ advice) -%}
    {%- elif found[0] == 0 -%}
        {%- do exceptions.warn("as_of_date is " ~ as_of ~ ", but no transaction is dated in the " ~ days
            ~ " days up to it" ~ advice) -%}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}
