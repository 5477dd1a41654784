{#
    Syntax check of a cleaned email address (clean_email): one @, a local part of
    letters, digits and . _ % + ' - (no leading, trailing or double dot), a domain of
    dot-separated labels (letters, digits, inner hyphens) ending in a top-level domain
    of at least two letters. Null for null.
#}
{% macro is_valid_email(expression) %}
    {{- regexp_like(expression,
        "'^[a-z0-9_%+''-]+([.][a-z0-9_%+''-]+)*@[a-z0-9]([a-z0-9-]*[a-z0-9])?([.][a-z0-9]([a-z0-9-]*[a-z0-9])?)*[.][a-z]{2,}$'") -}}
{% endmacro %}
