{#
    Contactability settings, validated (errors name the var and the bad value):
    hard_bounce_count: bounces in a row (no delivery, open or click since) after which
        an email address is hard-bounced;
    data_decay_rate: the yearly share of contact data that goes stale, in [0, 1);
    channel_preference: the four channels (email, sms, post, phone), each once, in the
        order that breaks ties between equally good channels (cheapest first).
#}
{% macro get_contactability_config() %}
    {%- set decay = get_share_var('contact_data_decay_rate', allow_zero=true) -%}
    {%- if decay == 1 -%}
        {{ exceptions.raise_compiler_error("var 'contact_data_decay_rate' must be below 1, got 1") }}
    {%- endif -%}
    {%- set channels = get_list_var('contact_channel_preference') -%}
    {%- if (channels | sort) != ['email', 'phone', 'post', 'sms'] -%}
        {{ exceptions.raise_compiler_error(
            "var 'contact_channel_preference' must list each of email, sms, post, phone exactly once, got "
            ~ (channels | join(', '))) }}
    {%- endif -%}
    {{ return({
        'hard_bounce_count': get_int_var('email_hard_bounce_count', min_value=1, max_value=100),
        'data_decay_rate': decay,
        'channel_preference': channels,
    }) }}
{% endmacro %}
