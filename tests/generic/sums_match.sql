{#
    Reconciliation of totals: sum(expression) over this model equals
    sum(compare_expression) over compare_model (each optionally filtered), within
    tolerance. Fails with one row showing both totals when they differ.
#}
{% test sums_match(model, expression, compare_model, compare_expression, model_where='1 = 1', compare_where='1 = 1', tolerance=0) %}

with

tested as (
    select coalesce(sum({{ expression }}), 0) as total
    from {{ model }}
    where {{ model_where }}
),

reference as (
    select coalesce(sum({{ compare_expression }}), 0) as total
    from {{ compare_model }}
    where {{ compare_where }}
)

select
    tested.total as model_total,
    reference.total as compare_total
from tested
cross join reference
where abs(tested.total - reference.total) > {{ tolerance }}

{% endtest %}
