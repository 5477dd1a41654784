{#
    The order in which a customer's per-line statuses decide the customer-level
    status (first one held wins). Must list each lifecycle status exactly once.
#}
{% macro get_customer_status_precedence() %}
    {%- set precedence = get_list_var('customer_status_precedence') -%}
    {%- set expected = lifecycle_statuses() -%}
    {%- if (precedence | sort) != (expected | sort) -%}
        {{ exceptions.raise_compiler_error(
            "var 'customer_status_precedence' must list each of " ~ (expected | join(', '))
            ~ " exactly once, got " ~ (precedence | join(', '))) }}
    {%- endif -%}
    {{ return(precedence) }}
{% endmacro %}
