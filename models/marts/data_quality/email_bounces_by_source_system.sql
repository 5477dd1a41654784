{#
    One row per source system and calendar year of email events up to the as-of date:
    emails sent, bounces, and the bounce rate, by the source system of the customer
    record the email went to (data decay shows as a rising bounce rate).
#}
with

email_days as (
    -- the per-record daily counts of every email event (one row per record and day
    -- with any event), not the events themselves
    select * from {{ ref('int_email_events_rolled_up_to_record_days') }}
    where event_date <= {{ as_of_date() }}
),

records as (
    -- known customer records only (the events of others are in rejected_rows)
    select * from {{ ref('stg_raw__customers') }}
),

final as (
    select
        coalesce(records.source_system, 'unknown') as source_system,
        cast({{ date_part_year('email_days.event_date') }} as integer) as event_year,
        cast(sum(email_days.sent_count) as integer) as emails_sent,
        cast(sum(email_days.bounce_count) as integer) as bounces,
        cast(count(distinct case when email_days.bounce_count > 0 then email_days.customer_id end) as integer)
            as bounced_record_count,
        cast(
            sum(email_days.bounce_count)
            / nullif(cast(sum(email_days.sent_count) as decimal(18, 6)), 0)
            as decimal(9, 4)
        ) as bounce_rate
    from email_days
    inner join records
        on email_days.customer_id = records.customer_id
    group by
        coalesce(records.source_system, 'unknown'),
        {{ date_part_year('email_days.event_date') }}
)

select * from final
