{#
    Custom schemas are used verbatim (raw, staging, intermediate, marts, reference)
    instead of dbt's default <target_schema>_<custom>: BI tools and the raw-input
    contract rely on these names. See DECISIONLOG.md.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
