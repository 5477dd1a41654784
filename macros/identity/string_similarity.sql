{#
    Similarity of two strings in [0, 1] (1 = equal), with the engine's own function:
    Jaro-Winkler on DuckDB (suited to short names: typos and shared prefixes score
    high); elsewhere 1 - Levenshtein distance / length of the longer string (Spark's
    levenshtein; PostgreSQL's comes with the fuzzystrmatch extension). Null when either
    side is null. The threshold it is compared with is var
    identity_first_name_min_similarity.
#}
{% macro string_similarity(left, right) %}
    {{- return(adapter.dispatch('string_similarity', 'customer_attrition')(left, right)) -}}
{% endmacro %}

{% macro default__string_similarity(left, right) %}
    {{- "(1.0 - levenshtein(" ~ left ~ ", " ~ right ~ ") / cast(greatest(length(" ~ left ~ "), length("
        ~ right ~ "), 1) as " ~ dbt.type_float() ~ "))" -}}
{% endmacro %}

{% macro duckdb__string_similarity(left, right) %}
    {{- "jaro_winkler_similarity(" ~ left ~ ", " ~ right ~ ")" -}}
{% endmacro %}
