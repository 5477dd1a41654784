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

{#- on-run-start: var('rfm_score_bins') must match the segment map (seed
    rfm_segment_map maps every (r, f, m) cell of 1..n): a mismatch stops the run at its
    start, naming the var and the script that writes a map for n bins. Reads the seed's
    CSV file, which is what a build loads (DuckDB's read_csv; elsewhere the seed's
    tests catch a mismatch). -#}
{% macro check_rfm_segment_map() %}
    {%- if not execute or flags.WHICH not in ['run', 'build'] or target.type != 'duckdb' -%}
        {{ return('') }}
    {%- endif -%}
    {%- set node = graph.nodes.get('seed.' ~ project_name ~ '.rfm_segment_map') -%}
    {%- if node is none -%}
        {{ return('') }}
    {%- endif -%}
    {%- set bins = get_rfm_config()['bins'] -%}
    {%- set path = (node.root_path ~ '/' ~ node.original_file_path).replace("'", "''") -%}
    {%- set highest = run_query("select max(greatest(cast(r_score as integer), cast(f_score as integer), "
        ~ "cast(m_score as integer))) from read_csv('" ~ path ~ "', header = true, all_varchar = true)"
        ).columns[0].values()[0] -%}
    {%- if highest is not none and highest != bins -%}
        {{ exceptions.raise_compiler_error(
            "var 'rfm_score_bins' is " ~ bins ~ " but seed rfm_segment_map maps scores 1.." ~ highest
            ~ ": set rfm_score_bins: " ~ highest ~ ", or write a map for " ~ bins
            ~ " bins with scripts/generate_rfm_segment_map.py --bins " ~ bins) }}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}
