{# parse_amount on raw amounts: dots, French decimal commas and (non-breaking) spaces, refunds,
   garbage; amount_reject_reason on more than two decimals and absurd amounts. #}
with

cases as (
    select * from (
        values
        ('12.50', cast(12.50 as decimal(18, 2))),
        (' 12.5 ', cast(12.50 as decimal(18, 2))),
        ('-30', cast(-30.00 as decimal(18, 2))),
        ('19,90', cast(19.90 as decimal(18, 2))),
        ('1 234,50', cast(1234.50 as decimal(18, 2))),
        -- French Excel: a non-breaking space, or a narrow one, between thousands
        ('1' || chr(160) || '000,00', cast(1000.00 as decimal(18, 2))),
        ('12' || chr(8239) || '345,60', cast(12345.60 as decimal(18, 2))),
        ('0', cast(0.00 as decimal(18, 2))),
        ('abc', cast(null as decimal(18, 2))),
        ('12.3.4', cast(null as decimal(18, 2))),
        ('1.234,50', cast(null as decimal(18, 2))),
        ('', cast(null as decimal(18, 2))),
        (null, cast(null as decimal(18, 2)))
    ) as t (raw_value, expected)
),

reasons as (
    select * from (
        values
        ('12.345', 'amount_with_more_than_two_decimals'),
        ('12,345', 'amount_with_more_than_two_decimals'),
        ('12.340', cast(null as varchar)),
        ('9999999999999999.99', 'amount_out_of_range'),
        ('-1000000000', 'amount_out_of_range'),
        ('999999999.99', cast(null as varchar))
    ) as t (raw_value, expected)
)

select
    raw_value,
    cast(expected as varchar) as expected,
    cast({{ parse_amount('raw_value') }} as varchar) as actual
from cases
where {{ parse_amount('raw_value') }} is distinct from expected

union all

select
    raw_value,
    expected,
    {{ amount_reject_reason(amount_number_text('raw_value')) }} as actual
from reasons
where {{ amount_reject_reason(amount_number_text('raw_value')) }} is distinct from expected
