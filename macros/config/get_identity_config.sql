{#
    Identity-resolution settings, validated (errors name the var and the bad value):
    default_country_code: country of a record without one (two upper-case letters);
    first_name_min_similarity: string_similarity from which two first names count as
        the same name, in (0, 1];
    max_chain_length: the longest chain of links connected_components follows.
#}
{% macro get_identity_config() %}
    {%- set country = var('identity_default_country_code', none) -%}
    {%- if country is not string or not modules.re.match('^[A-Z]{2}$', country) -%}
        {{ exceptions.raise_compiler_error(
            "var 'identity_default_country_code' must be a two-letter upper-case country code, got '" ~ country ~ "'") }}
    {%- endif -%}
    {{ return({
        'default_country_code': country,
        'first_name_min_similarity': get_share_var('identity_first_name_min_similarity'),
        'max_chain_length': get_int_var('identity_max_chain_length', min_value=1, max_value=50),
    }) }}
{% endmacro %}
