{#
    The guards of the identity rules hold on every link (model: pairs customer_id_a,
    customer_id_b, match_rule, read against int_customer_records_normalised):
    - a name-based link (landline_name, name_postal) between records that hold two
      different emails or two different mobiles requires equal first names;
    - a landline_name link never joins two different last names;
    - email and mobile_phone links join records whose first names are not both known
      and different (below var identity_first_name_min_similarity).
#}
{% test links_respect_contact_conflicts(model) %}
{%- set identity = get_identity_config() %}

with

records as (
    select * from {{ ref('int_customer_records_normalised') }}
),

links as (
    select
        {{ model }}.match_rule,
        record_a.customer_id as customer_id_a,
        record_b.customer_id as customer_id_b,
        record_a.first_name_normalised as first_name_a,
        record_b.first_name_normalised as first_name_b,
        record_a.last_name_normalised as last_name_a,
        record_b.last_name_normalised as last_name_b,
        {#- written out here rather than with the rules' macro, so that a broken macro fails this test -#}
        (
            (record_a.email_match_key is not null and record_b.email_match_key is not null
                and record_a.email_match_key <> record_b.email_match_key)
            or (record_a.phone_line_type = 'mobile' and record_b.phone_line_type = 'mobile'
                and record_a.phone_e164 <> record_b.phone_e164)
        ) as has_conflict,
        {{ string_similarity('record_a.first_name_normalised', 'record_b.first_name_normalised') }} as similarity
    from {{ model }}
    inner join records as record_a
        on {{ model }}.customer_id_a = record_a.customer_id
    inner join records as record_b
        on {{ model }}.customer_id_b = record_b.customer_id
)

select *
from links
where
    (
        match_rule in ('landline_name', 'name_postal')
        and has_conflict
        and first_name_a is distinct from first_name_b
    )
    or (match_rule = 'landline_name' and last_name_a is distinct from last_name_b)
    or (match_rule in ('email', 'mobile_phone') and similarity < {{ identity.first_name_min_similarity }})

{% endtest %}
