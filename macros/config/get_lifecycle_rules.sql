{#
    The per-industry dormancy rules from var('lifecycle_rules'), validated. Each
    industry needs integer thresholds with dormant_after_days < lost_after_days, and a
    macro named lifecycle_rule_<industry> (macros/lifecycle/). Returns
    {industry: {'dormant_after_days': int, 'lost_after_days': int}} in name order.
#}
{% macro get_lifecycle_rules() %}
    {%- set rules = var('lifecycle_rules', none) -%}
    {%- if rules is not mapping or rules | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            "var 'lifecycle_rules' must map each industry to {dormant_after_days, lost_after_days}, got '" ~ rules ~ "'") }}
    {%- endif -%}
    {%- set validated = {} -%}
    {%- for industry in rules | sort -%}
        {%- set rule = rules[industry] -%}
        {%- if not modules.re.match('^[a-z][a-z0-9_]*$', industry | string) -%}
            {{ exceptions.raise_compiler_error(
                "lifecycle_rules: industry '" ~ industry ~ "' must be a lower-case identifier (letters, digits, _)") }}
        {%- endif -%}
        {%- if rule is not mapping -%}
            {{ exceptions.raise_compiler_error(
                "lifecycle_rules." ~ industry ~ " must be {dormant_after_days: N, lost_after_days: M}, got '" ~ rule ~ "'") }}
        {%- endif -%}
        {%- for key in ['dormant_after_days', 'lost_after_days'] -%}
            {%- if rule.get(key) is not integer or rule.get(key) is sameas true or rule.get(key) is sameas false or rule.get(key) < 1 -%}
                {{ exceptions.raise_compiler_error(
                    "lifecycle_rules." ~ industry ~ "." ~ key ~ " must be a positive integer, got '" ~ rule.get(key) ~ "'") }}
            {%- endif -%}
        {%- endfor -%}
        {%- if rule['dormant_after_days'] >= rule['lost_after_days'] -%}
            {{ exceptions.raise_compiler_error(
                "lifecycle_rules." ~ industry ~ ": dormant_after_days (" ~ rule['dormant_after_days']
                ~ ") must be below lost_after_days (" ~ rule['lost_after_days'] ~ ")") }}
        {%- endif -%}
        {%- if ('lifecycle_rule_' ~ industry) not in context -%}
            {{ exceptions.raise_compiler_error(
                "lifecycle_rules has industry '" ~ industry ~ "' but no macro lifecycle_rule_" ~ industry
                ~ " exists: add one in macros/lifecycle/ (see lifecycle_rule_retail)") }}
        {%- endif -%}
        {%- do validated.update({industry: {
            'dormant_after_days': rule['dormant_after_days'],
            'lost_after_days': rule['lost_after_days'],
        }}) -%}
    {%- endfor -%}
    {{ return(validated) }}
{% endmacro %}
