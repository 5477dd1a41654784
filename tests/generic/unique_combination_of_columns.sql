{# Fails on every combination of the columns that appears more than once. #}
{% test unique_combination_of_columns(model, combination_of_columns) %}
{%- if combination_of_columns | length == 0 -%}
    {{ exceptions.raise_compiler_error("unique_combination_of_columns on " ~ model ~ " needs at least one column") }}
{%- endif %}

select
    {{ combination_of_columns | join(', ') }},
    count(*) as row_count
from {{ model }}
group by {{ combination_of_columns | join(', ') }}
having count(*) > 1

{% endtest %}
