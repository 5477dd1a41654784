{# normalize_postal_code: case, spaces, punctuation and a country prefix removed. #}
with

cases as (
    select * from (
        values
        ('75015', '75015'),
        (' 75 015 ', '75015'),
        ('F-75015', '75015'),
        ('L-1234', '1234'),
        ('l-1234', '1234'),
        ('CH-1200', '1200'),
        ('sw1a 1aa', 'SW1A1AA'),
        ('1012 ab', '1012AB'),
        ('', null),
        (null, null)
    ) as t (raw_value, expected)
)

select
    raw_value,
    expected,
    {{ normalize_postal_code('raw_value') }} as actual
from cases
where {{ normalize_postal_code('raw_value') }} is distinct from expected
