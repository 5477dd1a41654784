{#
    Parse a raw amount into decimal(18, 2); null when it is not a number. Spaces are
    removed (French thousands separators) and a lone decimal comma ("19,90") is read
    as a decimal point. Values with both a comma and a dot are not guessed at.
#}
{% macro parse_amount(column) %}
    {{- return(adapter.dispatch('parse_amount', 'customer_attrition')(column)) -}}
{% endmacro %}

{% macro default__parse_amount(column) %}
    {%- set text = "replace(" ~ clean_text(column) ~ ", ' ', '')" -%}
    try_cast(
        case
            when strpos({{ text }}, ',') > 0 and strpos({{ text }}, '.') = 0
                then replace({{ text }}, ',', '.')
            else {{ text }}
        end
        as decimal(18, 2)
    )
{%- endmacro %}
