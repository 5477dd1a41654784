{#
    For models that pivot business lines into columns: {business_line: column prefix}
    for every line of the given relation, read when the model runs (empty while
    parsing). A prefix is the line code with anything but a-z, 0-9 turned into "_"
    (prefixed with "line_" when it does not start with a letter); two lines giving the
    same prefix stop the build with an error naming them.
#}
{% macro business_line_column_prefixes(business_lines_relation) %}
    {%- set prefixes = {} -%}
    {#- load_relation: none before the first build (e.g. `dbt compile` or sqlfluff on a new database) -#}
    {%- if execute and load_relation(business_lines_relation) is not none -%}
        {%- set query -%}
            select business_line from {{ business_lines_relation }} order by business_line
        {%- endset -%}
        {%- for line in run_query(query).columns[0].values() -%}
            {%- set slug = modules.re.sub('[^a-z0-9]+', '_', line | lower).strip('_') -%}
            {%- set slug = slug if modules.re.match('^[a-z]', slug) else 'line_' ~ slug -%}
            {%- for other, other_slug in prefixes.items() if other_slug == slug -%}
                {{ exceptions.raise_compiler_error(
                    "business lines '" ~ other ~ "' and '" ~ line ~ "' both give the column prefix '" ~ slug
                    ~ "': rename one of them") }}
            {%- endfor -%}
            {%- do prefixes.update({line: slug}) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(prefixes) }}
{% endmacro %}
