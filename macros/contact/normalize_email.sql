{#
    An email address for matching: clean_email, then the "+tag" of the local part
    removed ('Jean.Dupont+promo@GMAIL.com ' -> 'jean.dupont@gmail.com'). Dots in the
    local part are kept: only some providers ignore them.
#}
{% macro normalize_email(expression) %}
    {{- regexp_replace_all(clean_email(expression), "'[+][^@]*@'", "'@'") -}}
{% endmacro %}
