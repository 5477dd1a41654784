{#- var('max_transaction_amount'): a positive number up to 1e12 (decimal(18, 2) holds
    the sums of many such amounts, and a double checks their decimals exactly); stops
    the build naming the var otherwise. -#}
{% macro get_max_transaction_amount() %}
    {%- set value = var('max_transaction_amount', none) -%}
    {%- if value is not number or value is boolean or value <= 0 or value > 1000000000000 -%}
        {{ exceptions.raise_compiler_error(
            "var 'max_transaction_amount' must be a positive number up to 1e12, got '" ~ value ~ "'") }}
    {%- endif -%}
    {{ return(value) }}
{% endmacro %}
