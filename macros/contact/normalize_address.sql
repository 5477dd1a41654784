{#
    A postal address line for comparison: accents folded, upper case, punctuation
    turned into spaces, then every word that is a street-type abbreviation replaced by
    its expansion ('3 bd St-Michel' -> '3 BOULEVARD SAINT MICHEL'). `abbreviations` is
    a list of [abbreviation, expansion] pairs, normally get_street_type_abbreviations()
    (seed street_type_abbreviations). Empty -> null.
#}
{% macro normalize_address(expression, abbreviations) %}
    {%- set words = "trim(" ~ regexp_replace_all("upper(" ~ fold_accents(clean_text(expression)) ~ ")", "'[^A-Z0-9]+'", "' '") ~ ")" -%}
    {{- "nullif(" ~ expand_abbreviations(words, abbreviations) ~ ", '')" -}}
{% endmacro %}

{#
    Replace every whole word of `words` (upper-case words separated by single spaces)
    that is an abbreviation of the [abbreviation, expansion] pairs by its expansion.
    Portable version: one replace() per pair on the space-padded text; DuckDB: each
    word through one constant case (flat SQL, one pass).
#}
{% macro expand_abbreviations(words, abbreviations) %}
    {%- if abbreviations | length == 0 -%}
        {{- return(words) -}}
    {%- endif -%}
    {{- return(adapter.dispatch('expand_abbreviations', 'customer_attrition')(words, abbreviations)) -}}
{% endmacro %}

{% macro default__expand_abbreviations(words, abbreviations) %}
    {%- set ns = namespace(sql="' ' || " ~ words ~ " || ' '") -%}
    {%- for pair in abbreviations -%}
        {%- set ns.sql = "replace(" ~ ns.sql ~ ", ' " ~ pair[0] ~ " ', ' " ~ pair[1] ~ " ')" -%}
    {%- endfor -%}
    {{- "trim(" ~ ns.sql ~ ")" -}}
{% endmacro %}

{% macro duckdb__expand_abbreviations(words, abbreviations) %}
    {#- a constant case inside the lambda: DuckDB would rebuild a map literal for every row -#}
    {%- set branches = [] -%}
    {%- for pair in abbreviations -%}
        {%- do branches.append("when '" ~ pair[0] ~ "' then '" ~ pair[1] ~ "'") -%}
    {%- endfor -%}
    {{- "array_to_string(list_transform(string_split(" ~ words ~ ", ' '), address_word -> case address_word "
        ~ branches | join(' ') ~ " else address_word end), ' ')" -}}
{% endmacro %}
