{#
    For models with one column per business line (e.g. <line>__lifecycle_status):
    every column of the model whose name ends with `suffix` holds only `values`
    (nulls allowed unless not_null=true). Columns are found when the test runs; the
    test fails when none is found (min_columns), so a renamed column cannot pass
    silently.
#}
{% test suffixed_columns_accepted_values(model, suffix, values, not_null=false, min_columns=1) %}
{%- set columns = [] -%}
{%- if execute -%}
    {%- for column in adapter.get_columns_in_relation(model) -%}
        {%- if (column.name | lower).endswith(suffix | lower) -%}
            {%- do columns.append(column.name) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif %}

{% if columns | length < min_columns -%}
select
    'fewer than {{ min_columns }} column(s) ending with {{ suffix }}' as problem,
    cast(null as {{ dbt.type_string() }}) as column_name,
    cast(null as {{ dbt.type_string() }}) as bad_value
{%- else -%}
{%- for column in columns %}
select
    'value not accepted' as problem,
    '{{ column }}' as column_name,
    cast({{ column }} as {{ dbt.type_string() }}) as bad_value
from {{ model }}
where
    {%- if not_null %}
    {{ column }} is null or
    {%- endif %}
    {{ column }} not in ({% for value in values %}'{{ value | replace("'", "''") }}'{{ ", " if not loop.last }}{% endfor %})
{{ "union all" if not loop.last }}
{%- endfor %}
{%- endif %}

{% endtest %}
