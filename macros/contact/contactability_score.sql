{#- The contactability score of a channel as of the as-of date: 0 unless `is_scored`
    (reachable and permitted) and there is a proof; then
    100 x (1 - var contact_data_decay_rate) ^ (years since the proof), rounded.
    Computed on read by the view customer_contactability, from the as-of date. -#}
{% macro contactability_score(is_scored, last_proof_date, decay_rate) %}
    cast(case
        when not ({{ is_scored }}) or {{ last_proof_date }} is null then 0
        else round(100 * power(1 - {{ decay_rate }}, {{ dbt.datediff(last_proof_date, as_of_date(), 'day') }} / 365.25))
    end as integer)
{%- endmacro %}

{#- The email state columns of int_customer_contactability (kept on the email row, the
    state its values came from), null on the other channels' rows. -#}
{% macro null_email_state_columns() %}
    cast(null as {{ dbt.type_timestamp() }}) as _email_last_delivered_at,
        cast(null as {{ dbt.type_timestamp() }}) as _email_last_unsubscribed_at,
        cast(null as {{ dbt.type_timestamp() }}) as _email_last_complained_at,
        cast(null as {{ dbt.type_int() }}) as _email_bounces_since_last_delivery
{%- endmacro %}
