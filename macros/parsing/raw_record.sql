{#
    The raw row as JSON text (every column as it arrived, cast to text), kept with
    rejected rows (and, for customers and contracts, used as the final deterministic
    tie-breaker). The keys are the contract's column names; prefix is prepended to the
    column each value is read from (the high-volume staging models carry the raw
    columns as raw_<name> next to the typed ones).
#}
{% macro raw_record(columns, prefix='') %}
    {{- return(adapter.dispatch('raw_record', 'customer_attrition')(columns, prefix)) -}}
{% endmacro %}

{% macro duckdb__raw_record(columns, prefix='') %}
    cast(to_json({ {%- for c in columns %}'{{ c }}': cast({{ prefix ~ c }} as varchar){{ ", " if not loop.last }}{% endfor -%} }) as varchar)
{%- endmacro %}

{% macro default__raw_record(columns, prefix='') %}
    {{- exceptions.raise_compiler_error("raw_record has no implementation for adapter '" ~ adapter.type() ~ "' yet") -}}
{%- endmacro %}
