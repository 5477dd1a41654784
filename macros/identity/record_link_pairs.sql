{#
    The candidate pairs of int_customer_record_links (its four rules, described there):
    every (record_a, record_b) with record_a from `records_a`, record_b from `records_b`
    (CTEs or relations with the columns of int_customer_records_normalised),
    customer_id_a < customer_id_b, and a rule that links them; one row per rule that
    applies (the model keeps the first). Called with both sides the whole table on a full
    build, and with the changed records on one side in an incremental run.
    `condition`: an optional extra SQL condition on the pair (aliases record_a and
    record_b), added to every rule.
#}
{% macro record_link_pairs(records_a, records_b, condition=none) %}
    {%- set identity = get_identity_config() -%}
    {%- set min_similarity = identity.first_name_min_similarity -%}
    {%- set similarity = string_similarity('record_a.first_name_normalised', 'record_b.first_name_normalised') %}
    {%- set extra = ('\n        and (' ~ condition ~ ')') if condition else '' %}
    select
        record_a.customer_id as customer_id_a,
        record_b.customer_id as customer_id_b,
        'email' as match_rule,
        1 as rule_priority
    from {{ records_a }} as record_a
    inner join {{ records_b }} as record_b
        on
            record_a.email_match_key = record_b.email_match_key
            and record_a.customer_id < record_b.customer_id
    where
        (
            record_a.first_name_normalised is null
            or record_b.first_name_normalised is null
            or {{ similarity }} >= {{ min_similarity }}
        ){{ extra }}

    union all

    select
        record_a.customer_id as customer_id_a,
        record_b.customer_id as customer_id_b,
        'mobile_phone' as match_rule,
        2 as rule_priority
    from {{ records_a }} as record_a
    inner join {{ records_b }} as record_b
        on
            record_a.phone_e164 = record_b.phone_e164
            and record_a.customer_id < record_b.customer_id
    where
        record_a.phone_line_type = 'mobile'
        and (
            record_a.first_name_normalised is null
            or record_b.first_name_normalised is null
            or {{ similarity }} >= {{ min_similarity }}
        ){{ extra }}

    union all

    select
        record_a.customer_id as customer_id_a,
        record_b.customer_id as customer_id_b,
        'landline_name' as match_rule,
        3 as rule_priority
    from {{ records_a }} as record_a
    inner join {{ records_b }} as record_b
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
        ){{ extra }}

    union all

    select
        record_a.customer_id as customer_id_a,
        record_b.customer_id as customer_id_b,
        'name_postal' as match_rule,
        4 as rule_priority
    from {{ records_a }} as record_a
    inner join {{ records_b }} as record_b
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
        ){{ extra }}
{%- endmacro %}
