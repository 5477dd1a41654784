{#
    A phone number in E.164 form ('+33612345678'), before validation. Arguments: the
    raw phone, and the calling code ('33') and trunk prefix ('0') of the customer's
    country (seed country_contact_formats). Handles the usual written forms: spaces,
    dots, dashes and brackets; '+33 (0)6 ...' (the bracketed trunk 0 is dropped);
    '0033...' (international prefix 00); national '06 ...' (trunk prefix replaced by
    the calling code); a national number that lost its leading 0 ('612345678').
    Null when there is no digit, or when a national number has no known country.
    Whether the result is a real number is decided against the country's pattern
    (int_customer_records_normalised).
#}
{% macro normalize_phone(phone, calling_code, trunk_prefix) %}
    {%- set written = regexp_replace_all(clean_text(phone), "'[(]0[)]'", "''") -%}
    {%- set digits = regexp_replace_all(written, "'[^0-9]'", "''") -%}
    {%- set trunk = "coalesce(" ~ trunk_prefix ~ ", '')" -%}
    case
        when nullif({{ digits }}, '') is null then null
        when {{ written }} like '+%' then '+' || {{ digits }}
        when {{ digits }} like '00%' then '+' || substr({{ digits }}, 3)
        when {{ calling_code }} is null then null
        when {{ trunk }} <> '' and {{ digits }} like {{ trunk }} || '%'
            then '+' || {{ calling_code }} || substr({{ digits }}, length({{ trunk }}) + 1)
        else '+' || {{ calling_code }} || {{ digits }}
    end
{%- endmacro %}
