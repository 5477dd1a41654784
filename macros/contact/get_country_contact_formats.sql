{#
    The rows of seed country_contact_formats as a list of dicts, read when the model
    runs (empty while parsing or before the seed is loaded), so that models compare
    values with constant patterns (DuckDB compiles a pattern held in a column again
    for every row). A pattern with a quote stops the build naming the country.
#}
{% macro get_country_contact_formats() %}
    {%- set relation = ref('country_contact_formats') -%}
    {%- set formats = [] -%}
    {%- if execute and load_relation(relation) is not none -%}
        {%- set query -%}
            select country_code, calling_code, trunk_prefix, phone_national_pattern, mobile_pattern, postal_code_pattern
            from {{ relation }}
            order by country_code
        {%- endset -%}
        {%- for row in run_query(query).rows -%}
            {%- set entry = {
                'country_code': row[0], 'calling_code': row[1], 'trunk_prefix': row[2] or '',
                'phone_national_pattern': row[3], 'mobile_pattern': row[4], 'postal_code_pattern': row[5],
            } -%}
            {%- for value in entry.values() -%}
                {%- if value is string and "'" in value -%}
                    {{ exceptions.raise_compiler_error(
                        "seed country_contact_formats, country " ~ row[0] ~ ": a value holds a quote: " ~ value) }}
                {%- endif -%}
            {%- endfor -%}
            {%- do formats.append(entry) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(formats) }}
{% endmacro %}
