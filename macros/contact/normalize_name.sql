{#
    A person's or a place's name for comparison: accents folded, upper case, every run
    of punctuation, hyphens, apostrophes and spaces turned into one space, trimmed;
    particles are kept ("de la Fontaine" -> 'DE LA FONTAINE', "Jean-Pierre" ->
    'JEAN PIERRE', "D'Artagnan" -> 'D ARTAGNAN'); empty -> null.
#}
{% macro normalize_name(expression) %}
    {%- set folded = "upper(" ~ fold_accents(clean_text(expression)) ~ ")" -%}
    {{- "nullif(trim(" ~ regexp_replace_all(folded, "'[^A-Z0-9]+'", "' '") ~ "), '')" -}}
{% endmacro %}
