{#
    True when two customer records (aliases of int_customer_records_normalised) hold
    contact details that only different people would hold: two different email match
    keys, or two different mobile numbers.
#}
{% macro contact_details_conflict(record_a, record_b) %}
    (
        coalesce({{ record_a }}.email_match_key <> {{ record_b }}.email_match_key, false)
        or coalesce(
            {{ record_a }}.phone_line_type = 'mobile'
            and {{ record_b }}.phone_line_type = 'mobile'
            and {{ record_a }}.phone_e164 <> {{ record_b }}.phone_e164,
            false
        )
    )
{%- endmacro %}
