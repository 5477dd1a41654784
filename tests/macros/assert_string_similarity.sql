{#
    string_similarity orders pairs of first names as the identity rules need: a typo or
    a variant spelling scores at or above the default threshold (0.85), different names
    below it. Values are those of the engine's function (Jaro-Winkler on DuckDB).
#}
with

cases as (
    select * from (
        values
        ('JEAN', 'JEAN', true),
        ('JEAN', 'JAEN', true),
        ('NATHALIE', 'NATALIE', true),
        ('CHRISTOPHE', 'CRISTOPHE', true),
        ('JEAN PIERRE', 'JEAN PIERE', true),
        ('LEA', 'LEO', false),
        ('JEAN', 'MARIE', false),
        ('HUGO', 'LUCAS', false),
        ('CAMILLE', 'EMILIE', false)
    ) as t (left_name, right_name, expected_same)
)

select
    left_name,
    right_name,
    expected_same,
    {{ string_similarity('left_name', 'right_name') }} as similarity
from cases
where ({{ string_similarity('left_name', 'right_name') }} >= 0.85) is distinct from expected_same
