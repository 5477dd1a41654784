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
