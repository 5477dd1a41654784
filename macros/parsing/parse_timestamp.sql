{#
    Parse raw text into a UTC timestamp without time zone; null when it cannot be
    parsed (staging turns that into a reject reason). Accepted: ISO 8601 dates and
    date-times (a trailing Z or +hh:mm offset is converted to UTC; without one the
    value is taken as UTC), then each strptime format of var('timestamp_formats').
#}
{% macro parse_timestamp(column) %}
    {{- return(adapter.dispatch('parse_timestamp', 'customer_attrition')(column)) -}}
{% endmacro %}

{% macro duckdb__parse_timestamp(column) %}
    {%- set text = clean_text(column) -%}
    {%- set formats = get_list_var('timestamp_formats') -%}
    {#- An offset (+hh, +hhmm, +hh:mm) puts its sign 3, 5 or 6 characters from the end:
        testing those three characters first spares the regular expression on nearly
        every value (the result is the same). -#}
    case
        when (
            substr({{ text }}, -3, 1) in ('+', '-')
            or substr({{ text }}, -5, 1) in ('+', '-')
            or substr({{ text }}, -6, 1) in ('+', '-')
        )
        and regexp_matches({{ text }}, '[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*[+-]\d{2}(:?\d{2})?$')
            then try_cast(try_cast({{ text }} as timestamptz) at time zone 'UTC' as timestamp)
        else coalesce(
            try_cast({{ text }} as timestamp),
            try_strptime({{ text }}, [{% for f in formats %}'{{ f }}'{{ ", " if not loop.last }}{% endfor %}])
        )
    end
{%- endmacro %}

{% macro default__parse_timestamp(column) %}
    {{- exceptions.raise_compiler_error("parse_timestamp has no implementation for adapter '" ~ adapter.type() ~ "' yet") -}}
{%- endmacro %}
