{#
    The first day of a look-back window of window_days days ending on the as-of date
    (inclusive on both ends), as a SQL date literal.
#}
{% macro window_start_date(window_days) %}
    {{- date_literal(get_as_of_date() - modules.datetime.timedelta(days=window_days - 1)) -}}
{% endmacro %}
