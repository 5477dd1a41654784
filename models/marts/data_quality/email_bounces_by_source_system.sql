{#
    One row per source system and calendar year of email events up to the as-of date:
    emails sent, bounces, and the bounce rate, by the source system of the customer
    record the email went to (data decay shows as a rising bounce rate).
    A view: a table scanned every email event on every run for a report read rarely
    (14-16 s of a night at 50M transactions, benchmark per-node times).
#}
{{ config(materialized='view') }}

with

email_events as (
    select
        customer_id,
        event_date,
        case when event_type = 'sent' then 1 else 0 end as sent_count,
        case when event_type = 'bounced' then 1 else 0 end as bounce_count
    from {{ ref('stg_raw__email_events') }}
    where event_date <= {{ as_of_date() }}
),

records as (
    -- known customer records only (the events of others are in rejected_rows)
    select * from {{ ref('stg_raw__customers') }}
),

final as (
    select
        coalesce(records.source_system, 'unknown') as source_system,
        cast({{ date_part_year('email_events.event_date') }} as integer) as event_year,
        cast(sum(email_events.sent_count) as integer) as emails_sent,
        cast(sum(email_events.bounce_count) as integer) as bounces,
        cast(count(distinct case when email_events.bounce_count > 0 then email_events.customer_id end) as integer)
            as bounced_record_count,
        cast(
            sum(email_events.bounce_count)
            / nullif(cast(sum(email_events.sent_count) as decimal(18, 6)), 0)
            as decimal(9, 4)
        ) as bounce_rate
    from email_events
    inner join records
        on email_events.customer_id = records.customer_id
    group by
        coalesce(records.source_system, 'unknown'),
        {{ date_part_year('email_events.event_date') }}
)

select * from final
