{#
    The reverse of relationships: every value of `field` in `to` appears in this
    column (e.g. every named segment is reachable from the segment map). Fails on
    every missing value.
#}
{% test all_values_present(model, column_name, to, field) %}

select distinct reference.{{ field }} as missing_value
from {{ to }} as reference
where
    reference.{{ field }} is not null
    and not exists (
        select 1
        from (select * from {{ model }}) as tested  -- a subquery when config `where` is set
        where tested.{{ column_name }} = reference.{{ field }}
    )

{% endtest %}
