{#
    normalize_address with the street-type abbreviations of the seed
    street_type_abbreviations: the written forms of one address normalise alike.
#}
{%- set abbreviations = get_street_type_abbreviations() %}
-- depends_on: {{ ref('street_type_abbreviations') }}
with

cases as (
    select * from (
        values
        ('3 bd St-Michel', '3 BOULEVARD SAINT MICHEL'),
        ('3, Boulevard Saint Michel', '3 BOULEVARD SAINT MICHEL'),
        ('3 BD. ST MICHEL', '3 BOULEVARD SAINT MICHEL'),
        ('12 av. du Maréchal Foch', '12 AVENUE DU MARECHAL FOCH'),
        ('12 AVENUE DU MARECHAL FOCH', '12 AVENUE DU MARECHAL FOCH'),
        ('5 r. de la Paix', '5 RUE DE LA PAIX'),
        ('5 rue de la Paix', '5 RUE DE LA PAIX'),
        ('8 pl. Ste-Anne', '8 PLACE SAINTE ANNE'),
        ('14 che. des Vignes', '14 CHEMIN DES VIGNES'),
        ('64 rue Pasteur, Apt 7', '64 RUE PASTEUR APPARTEMENT 7'),
        ('7 allée des Tilleuls, Bât. B', '7 ALLEE DES TILLEULS BATIMENT B'),
        ('2 impasse Stendhal', '2 IMPASSE STENDHAL'),
        (' , ', null),
        (null, null)
    ) as t (raw_value, expected)
)

select
    raw_value,
    expected,
    {{ normalize_address('raw_value', abbreviations) }} as actual
from cases
where {{ normalize_address('raw_value', abbreviations) }} is distinct from expected
