{#
    source('raw', table_name), plus a dependency on the demo seed that fills that raw
    table when the demo data is loaded, so that `dbt build` loads the seed before the
    staging model reads it. The seed is never read through ref().
    Also a dependency on the malformed CSV lines of the raw tables (filled with them by
    load_raw_files): the row-count reconciliation of each staging model reads both, and
    with both upstream of the staging model its failure skips every model downstream
    in `dbt build`.
#}
{% macro raw_source(table_name) %}
    {%- if var('load_demo_data') and var('raw_data_dir') is none -%}
        {%- do ref('raw_' ~ table_name) -%}
    {%- endif -%}
    {%- do source('run_state', 'attrition_malformed_raw_rows') -%}
    {{- return(source('raw', table_name)) -}}
{% endmacro %}
