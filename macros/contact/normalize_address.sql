{#
    A postal address line for comparison: accents folded, upper case, punctuation
    turned into spaces, then every word that is a street-type abbreviation replaced by
    its expansion ('3 bd St-Michel' -> '3 BOULEVARD SAINT MICHEL'). `abbreviations` is
    a list of [abbreviation, expansion] pairs, normally get_street_type_abbreviations()
    (seed street_type_abbreviations). Plain replace() on space-padded words, so the
    same SQL runs on every engine. Empty -> null.
#}
{% macro normalize_address(expression, abbreviations) %}
    {%- set words = "' ' || trim(" ~ regexp_replace_all("upper(" ~ fold_accents(clean_text(expression)) ~ ")", "'[^A-Z0-9]+'", "' '") ~ ") || ' '" -%}
    {%- set ns = namespace(sql=words) -%}
    {%- for pair in abbreviations -%}
        {%- set ns.sql = "replace(" ~ ns.sql ~ ", ' " ~ pair[0] ~ " ', ' " ~ pair[1] ~ " ')" -%}
    {%- endfor -%}
    {{- "nullif(trim(" ~ ns.sql ~ "), '')" -}}
{% endmacro %}
