{#
    An email address as it should be written to send to it: trimmed, inner spaces
    removed, lower case; empty -> null. Keeps a "+tag" (some providers deliver it
    literally); normalize_email strips it for matching.
#}
{% macro clean_email(expression) %}
    {{- "nullif(replace(lower(" ~ clean_text(expression) ~ "), ' ', ''), '')" -}}
{% endmacro %}
