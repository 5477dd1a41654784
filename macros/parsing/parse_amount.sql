{#
    Parse a raw amount into decimal(38, 12), null when it is not a number. Spaces,
    non-breaking spaces and narrow non-breaking spaces are removed (French thousands
    separators, "1 234,50" as French Excel writes it) and a lone decimal comma
    ("19,90") is read as a decimal point. Values with both a comma and a dot are not
    guessed at. The wide type lets staging reject, rather than round or overflow, an
    amount with more than two decimals or beyond var('max_transaction_amount')
    (amount_reject_reason).
#}
{% macro parse_amount(column) %}
    {{- return(adapter.dispatch('parse_amount', 'customer_attrition')(column)) -}}
{% endmacro %}

{% macro default__parse_amount(column) %}
    {%- set text = "replace(replace(replace(" ~ clean_text(column) ~ ", ' ', ''), chr(160), ''), chr(8239), '')" -%}
    try_cast(
        case
            when strpos({{ text }}, ',') > 0 and strpos({{ text }}, '.') = 0
                then replace({{ text }}, ',', '.')
            else {{ text }}
        end
        as decimal(38, 12)
    )
{%- endmacro %}

{#- The reject reason of a parsed amount (parse_amount) that is not null: more than two
    decimals ("12.345": a thousands separator or a third decimal? not guessed at), or
    at or beyond var('max_transaction_amount') either sign; null when usable. -#}
{% macro amount_reject_reason(parsed) %}
    case
        when {{ parsed }} <> round({{ parsed }}, 2) then 'amount_with_more_than_two_decimals'
        when abs({{ parsed }}) >= {{ get_max_transaction_amount() }} then 'amount_out_of_range'
    end
{%- endmacro %}
