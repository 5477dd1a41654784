{#
    Score invariant: within each partition, rows with the same raw value have the
    same score. Fails on every (partition, value) holding more than one score.
#}
{% test equal_values_share_score(model, column_name, value_column, partition_by=[]) %}

select
    {%- for column in partition_by %}
    {{ column }},
    {%- endfor %}
    {{ value_column }} as raw_value,
    count(distinct {{ column_name }}) as score_count
from {{ model }}
where {{ value_column }} is not null
group by
    {%- for column in partition_by %}
    {{ column }},
    {%- endfor %}
    {{ value_column }}
having count(distinct {{ column_name }}) > 1

{% endtest %}
