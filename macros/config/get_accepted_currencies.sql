{# Accepted ISO 4217 currency codes (upper-cased); anything else is rejected in staging. #}
{% macro get_accepted_currencies() %}
    {%- set codes = [] -%}
    {%- for code in get_list_var('accepted_currencies') -%}
        {%- if not modules.re.match('^[A-Za-z]{3}$', code) -%}
            {{ exceptions.raise_compiler_error("var 'accepted_currencies' holds '" ~ code ~ "', which is not a 3-letter currency code") }}
        {%- endif -%}
        {%- do codes.append(code | upper) -%}
    {%- endfor -%}
    {{ return(codes) }}
{% endmacro %}
