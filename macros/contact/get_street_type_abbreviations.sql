{#
    The [abbreviation, expansion] pairs of seed street_type_abbreviations, read when
    the model runs (empty while parsing or before the seed is loaded). Both sides must
    be upper-case words of A-Z, 0-9 and spaces, as addresses are compared after
    folding; anything else stops the build with an error naming the row.
#}
{% macro get_street_type_abbreviations() %}
    {%- set relation = ref('street_type_abbreviations') -%}
    {%- set pairs = [] -%}
    {%- if execute and load_relation(relation) is not none -%}
        {%- set query -%}
            select abbreviation, expansion from {{ relation }} order by abbreviation
        {%- endset -%}
        {%- for row in run_query(query).rows -%}
            {%- for value in [row[0], row[1]] -%}
                {%- if value is none or not modules.re.match('^[A-Z0-9]+( [A-Z0-9]+)*$', value) -%}
                    {{ exceptions.raise_compiler_error(
                        "seed street_type_abbreviations: '" ~ value ~ "' (row " ~ row[0] ~ " -> " ~ row[1]
                        ~ ") must be upper-case words of A-Z and 0-9 without accents or punctuation") }}
                {%- endif -%}
            {%- endfor -%}
            {%- do pairs.append([row[0], row[1]]) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(pairs) }}
{% endmacro %}
