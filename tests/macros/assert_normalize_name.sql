{# normalize_name: accents, case and punctuation folded, particles kept. #}
with

cases as (
    select * from (
        values
        ('Hélène', 'HELENE'),
        (' jean-pierre ', 'JEAN PIERRE'),
        ('Jean  Pierre', 'JEAN PIERRE'),
        ('de la Fontaine', 'DE LA FONTAINE'),
        ('D''Artagnan', 'D ARTAGNAN'),
        ('LE BIHAN', 'LE BIHAN'),
        ('Noël', 'NOEL'),
        ('Françoise', 'FRANCOISE'),
        ('Œdipe', 'OEDIPE'),
        ('Müller', 'MULLER'),
        ('Saint-Étienne', 'SAINT ETIENNE'),
        ('--', null),
        ('', null),
        (null, null)
    ) as t (raw_value, expected)
)

select
    raw_value,
    expected,
    {{ normalize_name('raw_value') }} as actual
from cases
where {{ normalize_name('raw_value') }} is distinct from expected
