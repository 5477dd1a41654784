{#
    Parse a raw yes/no flag (English and French spellings, 1/0, y/n); anything else,
    empty included, is null (unknown).
#}
{% macro parse_boolean(column) %}
    {%- set text = "lower(" ~ clean_text(column) ~ ")" -%}
    case
        when {{ text }} in ('true', 't', '1', 'yes', 'y', 'oui', 'o', 'vrai') then true
        when {{ text }} in ('false', 'f', '0', 'no', 'n', 'non', 'faux') then false
    end
{%- endmacro %}
