{#
    The raw row as JSON text (every column as it arrived, cast to text), kept with
    rejected rows and used as the final deterministic tie-breaker.
#}
{% macro raw_record(columns) %}
    {{- return(adapter.dispatch('raw_record', 'customer_attrition')(columns)) -}}
{% endmacro %}

{% macro duckdb__raw_record(columns) %}
    cast(to_json({ {%- for c in columns %}'{{ c }}': cast({{ c }} as varchar){{ ", " if not loop.last }}{% endfor -%} }) as varchar)
{%- endmacro %}

{% macro default__raw_record(columns) %}
    {{- exceptions.raise_compiler_error("raw_record has no implementation for adapter '" ~ adapter.type() ~ "' yet") -}}
{%- endmacro %}
