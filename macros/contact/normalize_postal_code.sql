{#
    A postal code for comparison and validation: upper case, a country prefix such as
    'L-' or 'F-' removed, spaces and punctuation removed ('L-1234' -> '1234',
    'sw1a 1aa' -> 'SW1A1AA'); empty -> null. Its shape is checked against the
    country's pattern in seed country_contact_formats.
#}
{% macro normalize_postal_code(expression) %}
    {{- "nullif(" ~ regexp_replace_all("upper(" ~ clean_text(expression) ~ ")", "'^[A-Z]{1,2}-|[^A-Z0-9]'", "''") ~ ", '')" -}}
{% endmacro %}
