{#
    When this row was written: the invocation's start time (UTC), as a timestamp
    literal. Every row an incremental model writes in one run carries the same value, so
    the models downstream pick up "rows written since I last ran" with a high-water
    mark on this column (incremental_high_water_mark) instead of trusting run order.
    Assumes the clock of the machine running dbt does not go backwards between runs.
#}
{% macro loaded_at() %}
    {{- "cast('" ~ run_started_at.strftime('%Y-%m-%d %H:%M:%S.%f') ~ "' as " ~ dbt.type_timestamp() ~ ")" -}}
{% endmacro %}

{#
    The latest `column` value of `relation` as a scalar subquery; a date far in the
    past when the relation is empty, so that everything is newer.
#}
{% macro incremental_high_water_mark(relation, column) %}
    {{- "(select coalesce(max(" ~ column ~ "), cast('1900-01-01' as " ~ dbt.type_timestamp() ~ ")) from " ~ relation ~ ")" -}}
{% endmacro %}
