{#
    Stop the build when a business line names an industry that has no dormancy rule
    in var('lifecycle_rules'), naming the line and the industry. Runs at execution
    time against the typed business lines.
#}
{% macro assert_known_industries(business_lines_relation) %}
    {%- set rules = get_lifecycle_rules() -%}
    {#- load_relation: none before the first build (e.g. `dbt compile` or sqlfluff on a new database) -#}
    {%- if execute and load_relation(business_lines_relation) is not none -%}
        {%- set query -%}
            select business_line, industry
            from {{ business_lines_relation }}
            where reject_reason is null
                and industry not in ({% for industry in rules %}'{{ industry }}'{{ ", " if not loop.last }}{% endfor %})
            order by business_line
        {%- endset -%}
        {%- set unknown = run_query(query) -%}
        {%- if unknown.rows | length > 0 -%}
            {%- set found = [] -%}
            {%- for row in unknown.rows -%}
                {%- do found.append("business line '" ~ row[0] ~ "' has industry '" ~ row[1] ~ "'") -%}
            {%- endfor -%}
            {{ exceptions.raise_compiler_error(
                (found | join('; ')) ~ ", which has no dormancy rule. Known industries: "
                ~ (rules.keys() | list | join(', '))
                ~ ". Add a macro lifecycle_rule_<industry> and an entry in var('lifecycle_rules').") }}
        {%- endif -%}
    {%- endif -%}
{% endmacro %}
