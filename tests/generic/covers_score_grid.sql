{#
    For a map keyed by score columns (e.g. r_score, f_score, m_score): every cell of
    1..bins in every column appears exactly once, and no row lies outside the grid.
    Fails on every missing, repeated or out-of-grid cell.
#}
{% test covers_score_grid(model, score_columns, bins) %}
{%- set bins = bins | int -%}

with

scores as (
    {%- for score in range(1, bins + 1) %}
    select {{ score }} as score{{ " union all" if not loop.last }}
    {%- endfor %}
),

expected as (
    select
        {%- for column in score_columns %}
        s{{ loop.index }}.score as {{ column }}{{ "," if not loop.last }}
        {%- endfor %}
    from scores as s1
    {%- for column in score_columns[1:] %}
    cross join scores as s{{ loop.index + 1 }}
    {%- endfor %}
),

actual as (
    select
        {{ score_columns | join(', ') }},
        count(*) as row_count
    from {{ model }}
    group by {{ score_columns | join(', ') }}
),

compared as (
    select
        {%- for column in score_columns %}
        coalesce(expected.{{ column }}, actual.{{ column }}) as {{ column }},
        {%- endfor %}
        case
            when actual.row_count is null then 'missing cell'
            when expected.{{ score_columns[0] }} is null then 'cell outside 1..{{ bins }}'
            when actual.row_count > 1 then 'cell mapped more than once'
        end as problem
    from expected
    full outer join actual
        on
        {%- for column in score_columns %}
            {{ "and " if not loop.first }}expected.{{ column }} = actual.{{ column }}
        {%- endfor %}
)

select *
from compared
where problem is not null

{% endtest %}
