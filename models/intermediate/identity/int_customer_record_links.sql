{#
    Pairs of customer records (customer_id_a < customer_id_b) that are the same
    person, with the rule that linked them; when several rules link a pair, the first
    of this list (rule_priority):
      1 email          same normalised email (valid, not a role or disposable
                       address), unless both first names are known and differ (a
                       family sharing one address);
      2 mobile_phone   same valid mobile number (E.164), unless both first names are
                       known and differ;
      3 landline_name  same landline (or a number of unknown type), same last name
                       and the same first name: a shared home phone alone links nobody;
      4 name_postal    same last name, same first name, same postal code and country.
    "Same first name" is string_similarity >= var identity_first_name_min_similarity;
    the name-based rules (3, 4) require equal first names when the two records hold
    different emails or different mobiles (twins, parent and child of one name).
    Matches are transitive: customer_identity_map groups linked records.
#}
{%- set identity = get_identity_config() -%}
{%- set min_similarity = identity.first_name_min_similarity -%}
{%- set similarity = string_similarity('record_a.first_name_normalised', 'record_b.first_name_normalised') %}

with

records as (
    select * from {{ ref('int_customer_records_normalised') }}
),

pairs as (
    select
        record_a.customer_id as customer_id_a,
        record_b.customer_id as customer_id_b,
        'email' as match_rule,
        1 as rule_priority
    from records as record_a
    inner join records as record_b
        on
            record_a.email_match_key = record_b.email_match_key
            and record_a.customer_id < record_b.customer_id
    where
        record_a.first_name_normalised is null
        or record_b.first_name_normalised is null
        or {{ similarity }} >= {{ min_similarity }}

    union all

    select
        record_a.customer_id as customer_id_a,
        record_b.customer_id as customer_id_b,
        'mobile_phone' as match_rule,
        2 as rule_priority
    from records as record_a
    inner join records as record_b
        on
            record_a.phone_e164 = record_b.phone_e164
            and record_a.customer_id < record_b.customer_id
    where
        record_a.phone_line_type = 'mobile'
        and (
            record_a.first_name_normalised is null
            or record_b.first_name_normalised is null
            or {{ similarity }} >= {{ min_similarity }}
        )

    union all

    select
        record_a.customer_id as customer_id_a,
        record_b.customer_id as customer_id_b,
        'landline_name' as match_rule,
        3 as rule_priority
    from records as record_a
    inner join records as record_b
        on
            record_a.phone_e164 = record_b.phone_e164
            and record_a.last_name_normalised = record_b.last_name_normalised
            and record_a.customer_id < record_b.customer_id
    where
        record_a.phone_line_type <> 'mobile'
        and {{ similarity }} >= {{ min_similarity }}
        and (
            record_a.first_name_normalised = record_b.first_name_normalised
            or not {{ contact_details_conflict('record_a', 'record_b') }}
        )

    union all

    select
        record_a.customer_id as customer_id_a,
        record_b.customer_id as customer_id_b,
        'name_postal' as match_rule,
        4 as rule_priority
    from records as record_a
    inner join records as record_b
        on
            record_a.last_name_normalised = record_b.last_name_normalised
            and record_a.postal_code_normalised = record_b.postal_code_normalised
            and record_a.contact_country_code = record_b.contact_country_code
            and record_a.customer_id < record_b.customer_id
    where
        {{ similarity }} >= {{ min_similarity }}
        and (
            record_a.first_name_normalised = record_b.first_name_normalised
            or not {{ contact_details_conflict('record_a', 'record_b') }}
        )
),

ranked as (
    select
        *,
        row_number() over (
            partition by customer_id_a, customer_id_b
            order by rule_priority
        ) as rule_rank
    from pairs
),

final as (
    select
        customer_id_a,
        customer_id_b,
        match_rule,
        rule_priority
    from ranked
    where rule_rank = 1
)

select * from final
