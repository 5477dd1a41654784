{#
    Raw amounts. amount_number_text: the raw text with spaces, non-breaking spaces
    and narrow non-breaking spaces removed (French thousands separators, "1 234,50" as
    French Excel writes it) and a lone decimal comma ("19,90") read as a decimal point;
    values with both a comma and a dot are not guessed at (they stay non-numeric).
    parse_amount: that text as decimal(18, 2), null when it is not a number.
    amount_reject_reason: why a number is not an amount: more than two decimals
    ("12.345": a thousands separator or a third decimal? not rounded), or at or beyond
    var('max_transaction_amount') either sign (a typo or a test value; its sums would
    overflow); null when it is one.
#}
{% macro amount_number_text(column) %}
    {%- set text = clean_text(column) -%}
    {%- set no_spaces = "replace(replace(replace(" ~ text ~ ", ' ', ''), chr(160), ''), chr(8239), '')" -%}
    case
        {# the usual case, a plain number, is left as it is #}
        when strpos({{ text }}, ' ') = 0 and strpos({{ text }}, ',') = 0 and strpos({{ text }}, chr(160)) = 0
            and strpos({{ text }}, chr(8239)) = 0
            then {{ text }}
        when strpos({{ text }}, ',') > 0 and strpos({{ text }}, '.') = 0 then replace({{ no_spaces }}, ',', '.')
        else {{ no_spaces }}
    end
{%- endmacro %}

{% macro parse_amount(column) %}
    {{- dbt.safe_cast(amount_number_text(column), 'decimal(18, 2)') -}}
{% endmacro %}

{#- `number_text` is amount_number_text's result; a double is exact enough for both checks
    below 1e12 (the largest var('max_transaction_amount')), and much faster than a wide
    decimal. -#}
{% macro amount_reject_reason(number_text) %}
    {%- set number = dbt.safe_cast(number_text, 'double') -%}
    case
        when {{ number }} <> round({{ number }}, 2) then 'amount_with_more_than_two_decimals'
        when abs({{ number }}) >= {{ get_max_transaction_amount() }} then 'amount_out_of_range'
    end
{%- endmacro %}
