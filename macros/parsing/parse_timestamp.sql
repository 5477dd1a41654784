{#
    Parse raw text into a UTC timestamp without time zone; null when it cannot be
    parsed (staging turns that into a reject reason). Accepted: ISO 8601 dates and
    date-times, with or without seconds (a trailing Z, or an offset +hh, +hhmm or
    +hh:mm, with or without a space before it, is converted to UTC; an offset beyond
    14 hours or 59 minutes does not parse; without an offset the value is taken as
    UTC), then each strptime format of var('timestamp_formats'), in order.
    A year is read as written: ISO forms need four digits, %Y needs four digits
    ('15/03/24' is not the year 24) and %y takes two ('24' is 2024, '69' is 1969).
    A column that arrives typed (DATE, TIMESTAMP) is not parsed; its year is checked the same way.
#}
{% macro parse_timestamp(column) %}
    {{- return(adapter.dispatch('parse_timestamp', 'customer_attrition')(column)) -}}
{% endmacro %}

{% macro duckdb__parse_timestamp(column) %}
    {%- set text = clean_text(column) -%}
    {%- set formats = get_list_var('timestamp_formats') -%}
    {#- the formats with a four-digit year (%Y), then the others (%y), each list in order -#}
    {%- set four_digit_years = [] -%}
    {%- set other_formats = [] -%}
    {%- for f in formats -%}
        {%- do (four_digit_years if '%Y' in f else other_formats).append("'" ~ f ~ "'") -%}
    {%- endfor -%}
    {%- set four_digit_years = ('[' ~ four_digit_years | join(', ') ~ ']') if four_digit_years else none -%}
    {%- set other_formats = ('[' ~ other_formats | join(', ') ~ ']') if other_formats else none -%}
    {#- An offset (+hh, +hhmm, +hh:mm, after the time or a space) puts its sign 3, 5 or 6
        characters from the end: testing those three characters first spares the
        regular expression on nearly every value (the result is the same). The offset
        is applied by arithmetic, not by a cast to timestamptz: DuckDB's cast refuses a
        space before the offset or a time without seconds, and needs the ICU extension. -#}
    {%- set sign_width -%}
        case when substr({{ text }}, -3, 1) in ('+', '-') then 3 when substr({{ text }}, -5, 1) in ('+', '-') then 5 else 6 end
    {%- endset -%}
    {%- set offset_text = 'right(' ~ text ~ ', ' ~ sign_width ~ ')' -%}
    {%- set offset_hours = 'cast(substr(' ~ offset_text ~ ', 2, 2) as integer)' -%}
    {%- set offset_minutes = 'case when ' ~ sign_width ~ ' = 3 then 0 else cast(right(' ~ offset_text ~ ', 2) as integer) end' -%}
    case
        {#- typeof() is constant for a column: a typed export skips the parsing below; a
            TIMESTAMP WITH TIME ZONE goes through it, as text with its offset #}
        when typeof({{ column }}) in ({% for t in typed_time_types() %}'{{ t | upper }}'{{ ', ' if not loop.last }}{% endfor %})
            then case when year(try_cast({{ column }} as timestamp)) between 1000 and 9999 then try_cast({{ column }} as timestamp) end
        when (
            substr({{ text }}, -3, 1) in ('+', '-')
            or substr({{ text }}, -5, 1) in ('+', '-')
            or substr({{ text }}, -6, 1) in ('+', '-')
        )
        and regexp_matches({{ text }}, '^\d{4}-\d{1,2}-\d{1,2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*[+-]\d{2}(:?\d{2})?$')
            then case
                when {{ offset_hours }} <= 14 and {{ offset_minutes }} <= 59
                    then try_cast(rtrim(left({{ text }}, length({{ text }}) - {{ sign_width }})) as timestamp)
                    - to_minutes(
                        (case when left({{ offset_text }}, 1) = '-' then -1 else 1 end)
                        * ({{ offset_hours }} * 60 + {{ offset_minutes }})
                    )
            end
        {# DuckDB's cast also reads '15/03/24' or '24-03-15' as the years 15 and 24, and its
            %Y one to three digits: a year outside 1000-9999 is not a year written in four digits. CASE
            evaluates a branch only for the rows that reach it. #}
        when year(try_cast({{ text }} as timestamp)) between 1000 and 9999 then try_cast({{ text }} as timestamp)
        {%- if four_digit_years %}
        when year(try_strptime({{ text }}, {{ four_digit_years }})) between 1000 and 9999
            then try_strptime({{ text }}, {{ four_digit_years }})
        {%- endif %}
        else coalesce(
            {%- if other_formats %}
            try_strptime({{ text }}, {{ other_formats }}),
            {%- endif %}
            {# a Z (UTC) after a time without seconds, which the cast refuses #}
            case when right({{ text }}, 1) in ('Z', 'z') then try_cast(left({{ text }}, length({{ text }}) - 1) as timestamp) end
        )
    end
{%- endmacro %}

{#- The DuckDB types (lower case) of a raw time column that parse_timestamp takes as
    they are, not as text; incremental_new_raw_rows also windows such a raw column. -#}
{% macro typed_time_types() %}
    {{- return(['date', 'timestamp', 'timestamp_s', 'timestamp_ms', 'timestamp_ns']) -}}
{% endmacro %}

{% macro default__parse_timestamp(column) %}
    {{- exceptions.raise_compiler_error("parse_timestamp has no implementation for adapter '" ~ adapter.type() ~ "' yet") -}}
{%- endmacro %}
