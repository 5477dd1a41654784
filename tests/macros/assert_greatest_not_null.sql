{# greatest_not_null ignores nulls and is null only when every argument is. #}
with

cases as (
    select * from (
        values
        (cast('2024-01-01' as date), cast('2024-02-01' as date), cast('2024-02-01' as date)),
        (cast('2024-03-01' as date), cast('2024-02-01' as date), cast('2024-03-01' as date)),
        (cast(null as date), cast('2024-02-01' as date), cast('2024-02-01' as date)),
        (cast('2024-03-01' as date), cast(null as date), cast('2024-03-01' as date)),
        (cast(null as date), cast(null as date), cast(null as date))
    ) as t (first_date, second_date, expected)
)

select *
from cases
where {{ greatest_not_null(['first_date', 'second_date']) }} is distinct from expected
