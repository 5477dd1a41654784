{# parse_amount on raw amounts: dots, French decimal commas and spaces, refunds, garbage. #}
with

cases as (
    select * from (
        values
        ('12.50', cast(12.50 as decimal(18, 2))),
        (' 12.5 ', cast(12.50 as decimal(18, 2))),
        ('-30', cast(-30.00 as decimal(18, 2))),
        ('19,90', cast(19.90 as decimal(18, 2))),
        ('1 234,50', cast(1234.50 as decimal(18, 2))),
        ('0', cast(0.00 as decimal(18, 2))),
        ('abc', cast(null as decimal(18, 2))),
        ('12.3.4', cast(null as decimal(18, 2))),
        ('1.234,50', cast(null as decimal(18, 2))),
        ('', cast(null as decimal(18, 2))),
        (null, cast(null as decimal(18, 2)))
    ) as t (raw_value, expected)
)

select
    raw_value,
    expected,
    {{ parse_amount('raw_value') }} as actual
from cases
where {{ parse_amount('raw_value') }} is distinct from expected
