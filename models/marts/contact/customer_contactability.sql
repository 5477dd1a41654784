{#
    One row per customer_key and channel (email, sms, phone, post), as of the as-of
    date: the contact value, whether it is reachable, permitted and so contactable, why
    not, the date of the last proof that it works and a score. A view of
    int_customer_contactability (the rules are there), which keeps these rows up to
    date for the customers a run concerns. The score depends on the as-of date (it
    decays with the days since the proof: macros/contact/contactability_score.sql), so
    it is computed here, on read, and no stored row is rewritten when only the date
    moves.
#}
{{ config(materialized='view') }}

select
    customer_key,
    channel,
    contact_value,
    is_reachable,
    is_permitted,
    is_contactable,
    contactability_status,
    last_proof_date,
    {{ contactability_score('is_contactable', 'last_proof_date', get_contactability_config().data_decay_rate) }}
        as contactability_score,
    {{ as_of_date() }} as as_of_date
from {{ ref('int_customer_contactability') }}
