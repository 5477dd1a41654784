{# clean_email, normalize_email and is_valid_email on real-world messy addresses. #}
with

cases as (
    select * from (
        values
        (' Jean.Dupont+promo@GMAIL.com ', 'jean.dupont+promo@gmail.com', 'jean.dupont@gmail.com', true),
        ('MARIE.CURIE@Wanadoo.FR', 'marie.curie@wanadoo.fr', 'marie.curie@wanadoo.fr', true),
        ('jean dupont@free.fr', 'jeandupont@free.fr', 'jeandupont@free.fr', true),
        ('o''brien@example.ie', 'o''brien@example.ie', 'o''brien@example.ie', true),
        ('anne-sophie_vidal@hotmail.fr', 'anne-sophie_vidal@hotmail.fr', 'anne-sophie_vidal@hotmail.fr', true),
        ('contact+newsletter@maboutique.fr', 'contact+newsletter@maboutique.fr', 'contact@maboutique.fr', true),
        ('jean.dupont@gmail', 'jean.dupont@gmail', 'jean.dupont@gmail', false),
        ('jean..dupont@gmail.com', 'jean..dupont@gmail.com', 'jean..dupont@gmail.com', false),
        ('.jean@gmail.com', '.jean@gmail.com', '.jean@gmail.com', false),
        ('jean@@gmail.com', 'jean@@gmail.com', 'jean@@gmail.com', false),
        ('jean.dupont.gmail.com', 'jean.dupont.gmail.com', 'jean.dupont.gmail.com', false),
        ('jean@-gmail.com', 'jean@-gmail.com', 'jean@-gmail.com', false),
        ('n/a', 'n/a', 'n/a', false),
        ('   ', null, null, null),
        (null, null, null, null)
    ) as t (raw_value, expected_cleaned, expected_normalised, expected_valid)
),

actual as (
    select
        *,
        {{ clean_email('raw_value') }} as actual_cleaned,
        {{ normalize_email('raw_value') }} as actual_normalised,
        {{ is_valid_email(clean_email('raw_value')) }} as actual_valid
    from cases
)

select *
from actual
where
    actual_cleaned is distinct from expected_cleaned
    or actual_normalised is distinct from expected_normalised
    or actual_valid is distinct from expected_valid
