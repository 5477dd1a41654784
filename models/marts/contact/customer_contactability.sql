{#
    One row per customer_key and channel (email, sms, phone, post), as of the as-of
    date: the contact value, whether it is reachable, permitted and so contactable, why
    not, the date of the last proof that it works and a score. A view of
    int_customer_contactability (the rules are there), which keeps these rows up to
    date for the customers a run concerns; the view only leaves out its bookkeeping
    columns, so reading it costs a scan.
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
    contactability_score,
    _as_of_date as as_of_date
from {{ ref('int_customer_contactability') }}
