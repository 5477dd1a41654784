-- =====================================================================================
-- Demo data generator, part 4: customer records and email campaigns.
-- =====================================================================================

-- First and last activity day of each bulk customer (spans and lease contracts).
create or replace table cust_activity as
select n, min(first_day) as first_day, max(last_active_day) as last_active_day
from (
    select n, s as first_day, least(e, getvariable('history_days')) as last_active_day from spans
    union all
    select
        n,
        cast(start_date - hist_start() as integer),
        cast(least(coalesce(end_date, getvariable('as_of')), getvariable('as_of')) - hist_start() as integer)
    from lease_contracts_bulk
)
group by n;

-- ----- customer profiles: bulk customers, edge-case customers, one record without id ----
create or replace table cust_profile as
with base as (
    select
        t.n,
        t.n > getvariable('n_customers') as is_edge,
        t.n > getvariable('n_customers') + getvariable('n_edge') as is_missing_id,
        e.code as edge_code,
        case
            when u(t.n, 'source') < 0.40 then 'crm'
            when u(t.n, 'source') < 0.70 then 'web'
            when u(t.n, 'source') < 0.90 then 'store'
            else 'after_sales'
        end as source_system,
        u(t.n, 'gender') < 0.52 as is_female,
        case
            when u(t.n, 'country') < 0.90 then 'FR'
            when u(t.n, 'country') < 0.95 then 'BE'
            when u(t.n, 'country') < 0.98 then 'CH'
            else 'LU'
        end as country
    from range(1, getvariable('n_customers') + getvariable('n_edge') + 2) as t (n)
    left join edge_codes as e on t.n = e.n
),

named as (
    select
        *,
        case when is_female then pick(female_first_names(), u(n, 'first_name'))
             else pick(male_first_names(), u(n, 'first_name')) end as first_name,
        pick(last_names(), pow(u(n, 'last_name'), 1.3)) as last_name,
        case country
            when 'FR' then pick(fr_cities(), pow(u(n, 'city'), 1.7))
            when 'BE' then pick(be_cities(), u(n, 'city'))
            when 'CH' then pick(ch_cities(), u(n, 'city'))
            else pick(lu_cities(), u(n, 'city'))
        end as place,
        -- 8 random digits of the phone number, and its first digit
        lpad(cast(hash(getvariable('seed'), n, 'phone_digits') % 100000000 as varchar), 8, '0') as digits,
        case when u(n, 'mobile') < 0.65 then pick(['6', '7'], u(n, 'mobile_prefix'))
             else pick(['1', '2', '3', '4', '5', '9'], u(n, 'landline_prefix')) end as lead_digit
    from base
),

contact as (
    select
        *,
        regexp_replace(strip_accents(lower(first_name)), '[^a-z-]', '', 'g') as email_first,
        regexp_replace(strip_accents(lower(last_name)), '[^a-z-]', '', 'g') as email_last,
        case
            when country <> 'FR' and u(n, 'local_domain') < 0.4 then
                case country
                    when 'BE' then pick(['skynet.be', 'telenet.be', 'proximus.be'], u(n, 'domain'))
                    when 'CH' then pick(['bluewin.ch', 'sunrise.ch'], u(n, 'domain'))
                    else pick(['pt.lu', 'internet.lu'], u(n, 'domain'))
                end
            else pick(fr_email_domains(), pow(u(n, 'domain'), 1.5))
        end as domain
    from named
)

select
    *,
    case
        when u(n, 'email_form') < 0.45 then email_first || '.' || email_last
        when u(n, 'email_form') < 0.60 then left(email_first, 1) || email_last
        when u(n, 'email_form') < 0.75 then email_first || '.' || email_last || lpad(cast(hash(getvariable('seed'), n, 'email_num') % 100 as varchar), 2, '0')
        when u(n, 'email_form') < 0.85 then email_first || email_last
        when u(n, 'email_form') < 0.93 then email_last || '.' || email_first
        else email_first || '_' || email_last
    end as email_local,
    -- missing email: 3 %, 10 % in stores
    u(n, 'email_missing') < case when source_system = 'store' then 0.10 else 0.03 end as email_missing,
    u(n, 'email_opt_in') < 0.62 as email_opt_in,
    u(n, 'sms_opt_in') < 0.40 as sms_opt_in
from contact;

-- Creation day: up to 4 months before the first activity (bulk customers), any time for
-- prospects, long before the history start for edge-case customers.
create or replace table cust_dates as
select
    p.n,
    cast(case
        when p.is_edge then -800 - floor(u(p.n, 'created') * 200)
        when a.first_day is not null then a.first_day - 1 - floor(u(p.n, 'created') * 120)
        else floor(u(p.n, 'created') * (last_day() + 730)) - 730
    end as integer) as created_day,
    coalesce(a.last_active_day, 0) as last_active_day
from cust_profile as p
left join cust_activity as a on p.n = a.n;

-- ----- email campaigns -------------------------------------------------------------------
-- One campaign a month (campaign_id CMP-YYYY-MM), sent early in the month at 8-11 am.
create or replace table campaigns as
with months as (
    select
        m,
        cast(date_trunc('month', hist_start()) + to_months(m) as date)
            + cast(2 + floor(u(m, 'campaign_day') * 6) as integer) as campaign_date
    from range(0, cast(ceil(last_day() / 28.0) as bigint) + 2) as t (m)
)
select
    m,
    'CMP-' || strftime(campaign_date, '%Y-%m') as campaign_id,
    cast(campaign_date - hist_start() as integer) as cday,
    8 * 3600 + floor(u(m, 'campaign_tod') * 3 * 3600) as csec
from months
-- (the schedule stops two weeks before the end of the data: events trail each send)
where campaign_date between hist_start() and day_date(last_day() - 14);

-- Recipients: bulk customers with an email and an explicit opt-in (an empty opt-in is
-- unknown consent: not mailed), from their creation on; each campaign targets ~65 %.
create or replace table email_recipients as
with eligible as (
    select
        p.n,
        d.created_day,
        -- prospects stay engaged for a while after signing up
        case when a.n is null then d.created_day + 120 else d.last_active_day end as last_active_day,
        0.06 + 0.55 * pow(u(p.n, 'open_propensity'), 1.2) as open_p,
        u(p.n, 'bad_email') < 0.02 as has_bad_email
    from cust_profile as p
    inner join cust_dates as d on p.n = d.n
    left join cust_activity as a on p.n = a.n
    where not p.is_edge
        and not p.email_missing
        and p.email_opt_in
        and u(p.n, 'email_opt_in_fmt') >= 0.04  -- written, not empty (see fmt_flag)
),

targeted as (
    select
        e.*,
        c.m,
        c.campaign_id,
        c.cday,
        c.csec,
        -- disengaged customers (inactive for 60+ days) rarely open
        e.open_p * case when c.cday > e.last_active_day + 60 then 0.2 else 1 end as p_open,
        u2(e.n, c.m, 'unsubscribe') < case when c.cday > e.last_active_day + 60 then 0.008 else 0.003 end as unsubscribes,
        u2(e.n, c.m, 'complaint') < 0.0006 as complains
    from eligible as e
    inner join campaigns as c on c.cday >= e.created_day
    where u2(e.n, c.m, 'target') < 0.65
),

stopped as (
    select
        *,
        min(case when unsubscribes or complains then m end) over (partition by n) as stop_m,
        row_number() over (partition by n order by m) as send_no
    from targeted
)

select *
from stopped
where m <= coalesce(stop_m, m)
    -- a hard-bouncing address is suppressed after two bounces
    and (not has_bad_email or send_no <= 2);

create or replace table email_bulk as
with sends as (
    select
        *,
        day_ts(cday, csec + floor(u2(n, m, 'send_delay') * 7200)) as sent_at,
        has_bad_email or u2(n, m, 'soft_bounce') < 0.008 as bounced,
        u2(n, m, 'open') < p_open as opened
    from email_recipients
),

timed as (
    select
        *,
        sent_at + to_seconds(cast(2 + floor(u2(n, m, 'delivery_delay') * 300) as bigint)) as delivered_at,
        sent_at + to_seconds(cast(300 + least(floor(-ln(1 - u2(n, m, 'open_delay')) * 8 * 3600), 9 * 86400) as bigint)) as opened_at
    from sends
)

-- every event of a send, in one pass: sent; bounced or delivered; opened; clicked (~16 %
-- of openers, minutes after opening, and a few clicks with no open event: images
-- blocked); unsubscribed / complained on the campaign that stops the customer's mailings
select n, m, ev.type_no, ev.event_type, ev.event_ts
from (
    select
        n,
        m,
        unnest(list_filter([
            {'type_no': 1, 'event_type': 'sent', 'event_ts': sent_at},
            case when bounced then {'type_no': 2, 'event_type': 'bounced', 'event_ts':
                sent_at + to_seconds(cast(30 + floor(u2(n, m, 'bounce_delay') * 870) as bigint))} end,
            case when not bounced then {'type_no': 2, 'event_type': 'delivered', 'event_ts': delivered_at} end,
            case when not bounced and opened then {'type_no': 3, 'event_type': 'opened', 'event_ts': opened_at} end,
            case when not bounced and opened and u2(n, m, 'click') < 0.16 then {'type_no': 4, 'event_type': 'clicked', 'event_ts':
                opened_at + to_seconds(cast(10 + floor(u2(n, m, 'click_delay') * 890) as bigint))} end,
            case when not bounced and not opened and u2(n, m, 'blind_click') < 0.004 then {'type_no': 4, 'event_type': 'clicked', 'event_ts':
                delivered_at + to_seconds(cast(600 + floor(u2(n, m, 'click_delay') * 86400) as bigint))} end,
            case when not bounced and unsubscribes and m = stop_m then {'type_no': 5, 'event_type': 'unsubscribed', 'event_ts':
                greatest(delivered_at, opened_at) + to_seconds(cast(60 + floor(u2(n, m, 'unsub_delay') * 3600) as bigint))} end,
            case when not bounced and complains and m = stop_m then {'type_no': 6, 'event_type': 'complained', 'event_ts':
                delivered_at + to_seconds(cast(3600 + floor(u2(n, m, 'complaint_delay') * 86400) as bigint))} end
        ], x -> x is not null)) as ev
    from timed
);
