{#
    One row per staged customer record with every contact attribute normalised and
    checked (macros/contact/): names, email (cleaned for sending, normalised for
    matching, syntax, role and disposable flags), phone (E.164, valid for its country,
    mobile or landline), address, postal code (shape by country). The match keys are
    null when a value cannot identify a person on its own (invalid, role or
    disposable email; invalid phone).

    Incremental (strategy replace_keys, by customer_id): a run normalises only the
    records that are new or changed since they were normalised, and deletes the
    records no longer staged (tombstones). "Changed" compares _input_fingerprint: a
    hash of the record's staged values and of the normalisation itself (this model's
    compiled SQL from `located` on, which holds the vars and the constants read from
    the seeds, and the contents of the four seeds it reads). A change of code, var or
    seed therefore normalises every record again; --full-refresh too. _loaded_at says
    which run last normalised each record.

    Only the records that base_raw__customers wrote since this model last read it
    (its _loaded_at after the largest _source_loaded_at here) are fingerprinted: the
    others kept their row there, so they cannot have changed. Every record is
    fingerprinted when the normalisation changed (_normalisation_fingerprint). The
    records no longer staged are found by their ids.
#}
{%- set identity = get_identity_config() -%}
{%- set abbreviations = get_street_type_abbreviations() -%}
{%- set formats = get_country_contact_formats() %}
-- depends_on: {{ ref('street_type_abbreviations') }}
-- depends_on: {{ ref('country_contact_formats') }}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='replace_keys',
    unique_key='customer_id',
    on_schema_change='fail',
) }}
{%- set input_columns = ['customer_id', 'source_system', 'first_name', 'last_name', 'email', 'phone', 'address_line',
    'postal_code', 'city', 'country_code', 'is_email_opt_in', 'is_sms_opt_in', 'created_at', 'updated_at'] %}

with

customers as (
    select * from {{ ref('stg_raw__customers') }}
),

country_formats as (
    select * from {{ ref('country_contact_formats') }}
),

role_local_parts as (
    select * from {{ ref('email_role_local_parts') }}
),

disposable_domains as (
    select * from {{ ref('email_disposable_domains') }}
),

-- the normalisation, captured to fingerprint it (sqlfluff cannot lay out a captured block)
-- noqa: disable=LT02
{% set normalisation -%}
located as (
    select
        in_scope.*,
        coalesce(in_scope.country_code, '{{ identity.default_country_code }}') as contact_country_code,
        country_formats.calling_code as country_calling_code,
        country_formats.trunk_prefix as country_trunk_prefix,
        country_formats.postal_code_pattern
    from in_scope
    left join country_formats
        on coalesce(in_scope.country_code, '{{ identity.default_country_code }}') = country_formats.country_code
),

normalised as (
    select
        customer_id,
        source_system,
        first_name,
        last_name,
        email,
        phone,
        address_line,
        postal_code,
        city,
        country_code,
        contact_country_code,
        postal_code_pattern,
        is_email_opt_in,
        is_sms_opt_in,
        created_at,
        updated_at,
        _input_fingerprint,
        {{ normalize_name('first_name') }} as first_name_normalised,
        {{ normalize_name('last_name') }} as last_name_normalised,
        {{ clean_email('email') }} as email_cleaned,
        {{ normalize_email('email') }} as email_normalised,
        {{ normalize_phone('phone', 'country_calling_code', 'country_trunk_prefix') }} as phone_candidate,
        {{ normalize_address('address_line', abbreviations) }} as address_normalised,
        {{ normalize_postal_code('postal_code') }} as postal_code_normalised,
        {{ normalize_name('city') }} as city_normalised
    from located
),

phone_located as (
    {#- the number's own country, from its calling code (calling codes are prefix-free) -#}
    select
        normalised.*,
        country_formats.calling_code as phone_calling_code,
        country_formats.trunk_prefix as phone_trunk_prefix,
        substr(normalised.phone_candidate, length(country_formats.calling_code) + 2) as phone_national_written,
        substr(
            normalised.phone_candidate, length(country_formats.calling_code) + length(country_formats.trunk_prefix) + 2
        ) as phone_national_untrunked
    from normalised
    left join country_formats
        on normalised.phone_candidate like '+' || country_formats.calling_code || '%'
),

phone_patterns as (
    {#- constant patterns per country (seed country_contact_formats, read when the model runs) -#}
    select
        *,
        case
            when phone_calling_code is null then null
            {%- for format in formats %}
            when phone_calling_code = '{{ format.calling_code }}'
                then {{ regexp_like('phone_national_written', "'" ~ format.phone_national_pattern ~ "'") }}
            {%- endfor %}
        end as is_written_national_valid,
        case
            when phone_calling_code is null then null
            {%- for format in formats %}
            when phone_calling_code = '{{ format.calling_code }}'
                then {{ regexp_like('phone_national_untrunked', "'" ~ format.phone_national_pattern ~ "'") }}
            {%- endfor %}
        end as is_untrunked_national_valid
    from phone_located
),

phone_national as (
    select
        *,
        {#- '+33 06 12 34 56 78': a trunk 0 written after the calling code is dropped -#}
        case
            when
                coalesce(phone_trunk_prefix, '') <> ''
                and phone_national_written like phone_trunk_prefix || '%'
                and not is_written_national_valid
                and is_untrunked_national_valid
                then phone_national_untrunked
            else phone_national_written
        end as phone_national_number
    from phone_patterns
),

checked as (
    select
        *,
        {{ dbt.split_part('email_cleaned', "'@'", 1) }} as email_local_part,
        {{ dbt.split_part('email_cleaned', "'@'", 2) }} as email_domain,
        coalesce({{ is_valid_email('email_cleaned') }}, false) as is_email_valid,
        coalesce(case
            when phone_calling_code is null
                then {{ regexp_like('phone_candidate', "'^[+][1-9][0-9]{7,14}$'") }}
            {%- for format in formats %}
            when phone_calling_code = '{{ format.calling_code }}'
                then {{ regexp_like('phone_national_number', "'" ~ format.phone_national_pattern ~ "'") }}
            {%- endfor %}
        end, false) as is_phone_valid,
        case
            when phone_calling_code is null then null
            {%- for format in formats %}
            when phone_calling_code = '{{ format.calling_code }}'
                then {{ regexp_like('phone_national_number', "'" ~ format.mobile_pattern ~ "'") }}
            {%- endfor %}
        end as is_mobile_number,
        coalesce(case
            when postal_code_pattern is null
                then {{ regexp_like('postal_code_normalised', "'^[A-Z0-9]{3,10}$'") }}
            {%- for format in formats %}
            when contact_country_code = '{{ format.country_code }}'
                then {{ regexp_like('postal_code_normalised', "'" ~ format.postal_code_pattern ~ "'") }}
            {%- endfor %}
        end, false) as is_postal_code_valid
    from phone_national
),

flagged as (
    select
        checked.*,
        (role_local_parts.local_part is not null) as is_email_role,
        (disposable_domains.domain is not null) as is_email_disposable
    from checked
    left join role_local_parts
        on
            {{ dbt.split_part('checked.email_normalised', "'@'", 1) }} = role_local_parts.local_part
    left join disposable_domains
        on checked.email_domain = disposable_domains.domain
),

derived as (
    select
        *,
        case when is_email_valid then email_cleaned end as email_address,
        (email_cleaned is null) as is_email_missing,
        case
            when is_email_valid and not is_email_role and not is_email_disposable then email_normalised
        end as email_match_key,
        case
            when
                is_phone_valid and phone_calling_code is not null
                then '+' || phone_calling_code || phone_national_number
            when is_phone_valid then phone_candidate
        end as phone_e164,
        (phone is null) as is_phone_missing,
        case
            when not is_phone_valid then null
            when phone_calling_code is null then 'unknown'
            when is_mobile_number then 'mobile'
            else 'landline'
        end as phone_line_type,
        (address_normalised is not null and is_postal_code_valid and city_normalised is not null)
            as is_address_complete
    from flagged
),

final as (
    select
        customer_id,
        source_system,
        first_name,
        last_name,
        address_line,
        city,
        country_code,
        contact_country_code,
        is_email_opt_in,
        is_sms_opt_in,
        created_at,
        updated_at,
        first_name_normalised,
        last_name_normalised,
        email_address,
        email_domain,
        is_email_valid,
        is_email_missing,
        is_email_role,
        is_email_disposable,
        email_match_key,
        phone_e164,
        is_phone_valid,
        is_phone_missing,
        phone_line_type,
        address_normalised,
        postal_code_normalised,
        is_postal_code_valid,
        city_normalised,
        is_address_complete,
        _input_fingerprint,
        false as _is_tombstone
    from derived
)
{%- endset %}
-- noqa: enable=LT02
{%- set normalisation_fingerprint = config_fingerprint(normalisation,
    ['country_contact_formats', 'email_role_local_parts', 'email_disposable_domains', 'street_type_abbreviations']) %}

{%- set stamp_columns = ['_loaded_at', '_source_loaded_at', '_normalisation_fingerprint'] %}
{%- set customers_relation = ref('base_raw__customers') %}
{#- the records to fingerprint: every staged record on a first or full build, or when
    the normalisation changed; otherwise those that base_raw__customers wrote since
    this model last read it (an unchanged record keeps its row there) -#}
{%- set check_every_record = not is_incremental()
    or config_changed_since(this, normalisation_fingerprint, '_normalisation_fingerprint') %}

fingerprinted as (
    select
        customers.*,
        {{ record_fingerprint(input_columns, normalisation_fingerprint) }} as _input_fingerprint
    from customers
    {%- if not check_every_record %}
    where
        customers._loaded_at > (
            select coalesce(max(normalised_before._source_loaded_at), cast('1900-01-01' as {{ dbt.type_timestamp() }}))
            from {{ this }} as normalised_before
        )
    {%- endif %}
),

{% if is_incremental() -%}
in_scope as (
    -- new records, and records whose values or normalisation changed
    select fingerprinted.*
    from fingerprinted
    left join {{ this }} as normalised_before
        on
            fingerprinted.customer_id = normalised_before.customer_id
            and fingerprinted._input_fingerprint = normalised_before._input_fingerprint
    where normalised_before.customer_id is null
),

no_longer_staged as (
    select normalised_before.customer_id
    from {{ this }} as normalised_before
    left join customers
        on normalised_before.customer_id = customers.customer_id
    where customers.customer_id is null
),
{%- else -%}
in_scope as (
    select * from fingerprinted
),
{%- endif %}

{{ normalisation }},

with_tombstones as (
    select * from final
    {%- if is_incremental() %}

    union all

    select
        no_longer_staged.customer_id,
        {%- for column in adapter.get_columns_in_relation(this) %}
        {%- if column.name not in ['customer_id', '_is_tombstone'] + stamp_columns %}
        null as {{ column.quoted }},
        {%- endif %}
        {%- endfor %}
        true as _is_tombstone
    from no_longer_staged
    {%- endif %}
),

stamped as (
    -- when the record was normalised: the models downstream pick up what changed
    select
        *,
        {{ loaded_at() }} as _loaded_at,
        {{ incremental_high_water_mark(customers_relation, '_loaded_at') }} as _source_loaded_at,
        '{{ normalisation_fingerprint }}' as _normalisation_fingerprint
    from with_tombstones
)

select * from stamped
