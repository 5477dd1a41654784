{#
    Score invariant: within each partition, a better raw value never gets a lower
    score. "Better" is a higher value when direction='ascending' (frequency, revenue)
    and a lower one when direction='descending' (recency in days). The score may be
    an expression (score_expression), e.g. the rank of a tier. Fails on every value
    whose lowest score is below the highest score of some worse value.
#}
{% test score_never_decreases(model, column_name, value_column, partition_by=[], direction='ascending', score_expression=none) %}
{%- if direction not in ['ascending', 'descending'] -%}
    {{ exceptions.raise_compiler_error("score_never_decreases: direction must be 'ascending' or 'descending', got '" ~ direction ~ "'") }}
{%- endif -%}
{%- set score = score_expression if score_expression is not none else column_name -%}
{%- set partition_sql = partition_by | join(', ') -%}

with

levels as (
    select
        {%- for column in partition_by %}
        {{ column }},
        {%- endfor %}
        {{ value_column }} as raw_value,
        min({{ score }}) as min_score,
        max({{ score }}) as max_score
    from {{ model }}
    where {{ value_column }} is not null
    group by
        {%- for column in partition_by %}
        {{ column }},
        {%- endfor %}
        {{ value_column }}
),

compared as (
    select
        *,
        max(max_score) over (
            {% if partition_by %}partition by {{ partition_sql }}{% endif %}
            order by raw_value {{ 'asc' if direction == 'ascending' else 'desc' }}
            rows between unbounded preceding and 1 preceding
        ) as best_score_of_worse_values
    from levels
)

select *
from compared
where min_score < best_score_of_worse_values

{% endtest %}
