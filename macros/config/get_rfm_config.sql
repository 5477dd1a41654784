{#
    RFM settings, validated: number of score bins, the look-back window (none = all
    history) and the scoring method (quantile or thresholds).
#}
{% macro get_rfm_config() %}
    {%- set method = var('rfm_scoring_method', 'quantile') -%}
    {%- if method not in ['quantile', 'thresholds'] -%}
        {{ exceptions.raise_compiler_error(
            "var 'rfm_scoring_method' must be 'quantile' or 'thresholds', got '" ~ method ~ "'") }}
    {%- endif -%}
    {{ return({
        'bins': get_int_var('rfm_score_bins', min_value=2, max_value=100),
        'window_days': get_int_var('rfm_window_days', allow_null=true),
        'method': method,
    }) }}
{% endmacro %}
