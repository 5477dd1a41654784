{#
    source('raw', table_name), plus a dependency on the demo seed that fills that raw
    table when the demo data is loaded, so that `dbt build` loads the seed before the
    staging model reads it. The seed is never read through ref().
#}
{% macro raw_source(table_name) %}
    {%- if var('load_demo_data') and var('raw_data_dir') is none -%}
        {%- do ref('raw_' ~ table_name) -%}
    {%- endif -%}
    {{- return(source('raw', table_name)) -}}
{% endmacro %}
