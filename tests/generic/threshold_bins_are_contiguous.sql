{#
    For a table of score bins [min_value, max_value) per group (e.g. industry and
    metric): within each group the scores are exactly 1..bins, each once; the first
    bin is open below (min_value null), the last open above (max_value null), each
    bin starts where the previous one ends (no gap, no overlap), and the score moves
    one way only: up with the value, or down for the metrics in `descending_when`
    (e.g. recency: fewer days is better). Fails on every offending bin.
#}
{% test threshold_bins_are_contiguous(model, group_by, bins, descending_when='1 = 0') %}
{%- set bins = bins | int -%}
{%- set groups = group_by | join(', ') -%}

with

ordered as (
    select
        *,
        row_number() over (partition by {{ groups }} order by min_value asc nulls first) as position,
        count(*) over (partition by {{ groups }}) as bin_count,
        lag(max_value) over (partition by {{ groups }} order by min_value asc nulls first) as previous_max_value,
        ({{ descending_when }}) as is_descending
    from {{ model }}
),

checked as (
    select
        *,
        case
            when bin_count <> {{ bins }} then 'expected {{ bins }} bins in the group'
            when score < 1 or score > {{ bins }} then 'score outside 1..{{ bins }}'
            when position = 1 and min_value is not null then 'first bin must have an empty min_value'
            when position = bin_count and max_value is not null then 'last bin must have an empty max_value'
            when position > 1 and (min_value is null or min_value is distinct from previous_max_value)
                then 'gap or overlap with the previous bin'
            when max_value is not null and min_value is not null and max_value <= min_value then 'empty bin'
            when is_descending and score <> bin_count + 1 - position then 'scores must fall as the value rises'
            when not is_descending and score <> position then 'scores must rise with the value'
        end as problem
    from ordered
)

select *
from checked
where problem is not null

{% endtest %}
