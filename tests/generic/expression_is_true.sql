{#
    Fails on every row where the expression is not true (false or null).
    Combine with config `where:` to test a subset.
#}
{% test expression_is_true(model, expression) %}

select *
from {{ model }}
where ({{ expression }}) is not true

{% endtest %}
