{# parse_boolean on raw consent flags in English and French; anything else is unknown. #}
with

cases as (
    select * from (
        values
        ('true', true), ('TRUE', true), (' 1 ', true), ('yes', true), ('Y', true), ('oui', true),
        ('false', false), ('0', false), ('no', false), ('N', false), ('non', false),
        ('maybe', cast(null as boolean)), ('', cast(null as boolean)), (null, cast(null as boolean))
    ) as t (raw_value, expected)
)

select
    raw_value,
    expected,
    {{ parse_boolean('raw_value') }} as actual
from cases
where {{ parse_boolean('raw_value') }} is distinct from expected
