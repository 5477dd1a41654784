-- =====================================================================================
-- Scale data generator, part 2: the event streams as table macros over a window of days.
--
--   tx_events(lo, hi)     transactions dated day lo..hi (days counted from the history
--                         start; the as-of date is day history_days)
--   usage_rows(lo, hi)    usage events dated day lo..hi
--   email_rows(lo, hi)    email events dated day lo..hi
--
-- Every row is a pure function of its keys (person n, line, span, sequence i, kind), so
-- a window yields exactly the rows a longer run would have for those days: the base
-- files are days 0..last_day, --append-day is day last_day + 1 (plus late arrivals).
-- Repeated events sit on a jittered lattice (event i near s + i x step), which lets a
-- window expand only the i that can fall in it (no running sums, no global windows).
-- Distributions follow the demo generator (scripts/sql/demo_data_activity.sql). The
-- rows carry the person's duplicate records (spans' as_rec ... web_day, see dup_owner)
-- for the output to choose the record a row is entered under without a join.
-- =====================================================================================

-- ----- transactions ----------------------------------------------------------------------
create or replace macro tx_events(lo, hi) as table
with retail_spans as (
    select
        n, line_idx, span_no, s, e, as_rec, as_day, store_rec, store_day, web_rec, web_day,
        22 + 140 * pow(u2(n, line_idx, 'retail_gap_mean'), 1.5) as g
    from spans
    where industry = 'retail' and s <= hi and e >= lo - 21
),

-- purchases every ~g days (gaps uniform in [0.1, 1.9] x g); refunds follow a purchase
-- by up to 21 days, so purchases from lo - 21 are expanded
retail_candidates as (
    select
        n, line_idx, span_no, s, e, g, as_rec, as_day, store_rec, store_day, web_rec, web_day,
        unnest(range(
            greatest(cast(floor((lo - 21 - s) / g) as bigint) - 1, 0),
            least(cast(floor((e - s) / g) as bigint) + 2, cast(ceil((hi - s) / g) as bigint) + 2)
        )) as i
    from retail_spans
),

retail_purchases as (
    select
        n, line_idx, span_no, i, as_rec, as_day, store_rec, store_day, web_rec, web_day,
        case when i = 0 then s
             else s + cast(floor(g * (i + 0.45 * (2 * u4(n, line_idx, span_no, i, 'retail_gap') - 1))) as integer)
        end as d,
        e,
        case
            when u2(n, line_idx, 'retail_channel_loyal') < 0.75 then
                case when u2(n, line_idx, 'retail_channel') < 0.55 then 'store'
                     when u2(n, line_idx, 'retail_channel') < 0.88 then 'web' else 'app' end
            else
                case when u4(n, line_idx, span_no, i, 'channel') < 0.5 then 'store'
                     when u4(n, line_idx, span_no, i, 'channel') < 0.85 then 'web' else 'app' end
        end as channel
    from retail_candidates
),

retail_priced as (
    select
        *,
        case
            -- ~1 % zero-amount rows (exchanges)
            when u4(n, line_idx, span_no, i, 'zero') < 0.01 then 0
            else shop_price(
                greatest(4.9, least(1500, exp(ln(55) + 0.55 * z2(n, line_idx, 'retail_basket') + 0.5 * z4(n, line_idx, span_no, i, 'amount')))),
                u4(n, line_idx, span_no, i, 'cents')
            )
        end as amount
    from retail_purchases
    where d <= e
),

card_spans as (
    select
        sp.n, sp.line_idx, sp.span_no, sp.s, sp.e,
        case
            when u2(sp.n, sp.line_idx, 'card_type') < 0.40 then 'transactor'  -- many small
            when u2(sp.n, sp.line_idx, 'card_type') < 0.86 then 'revolver'    -- fewer, larger
            else 'never_used'                                                 -- issuance only
        end as card_type
    from spans as sp
    where sp.industry = 'credit_card' and sp.s - 20 <= hi and sp.e >= lo - 10
),

card_rated as (
    select
        *,
        greatest(e - s, 1) as len,
        cast(round(case card_type
            when 'transactor' then 1.0 + 1.4 * u2(n, line_idx, 'card_rate')
            when 'revolver' then 0.3 + 0.5 * u2(n, line_idx, 'card_rate')
            else 0
        end * (e - s) / 30.44) as bigint) as k
    from card_spans
),

-- k uses stratified over the span: use i on day s + 1 + floor((i + x) * len / k)
card_candidates as (
    select
        *,
        unnest(range(
            greatest(cast(floor((lo - 11 - s) * k / len) as bigint) - 1, 0),
            least(k, cast(ceil((hi - s) * k / len) as bigint) + 1)
        )) as i
    from card_rated
    where k > 0
),

card_uses as (
    select
        n, line_idx, span_no, i,
        s + 1 + cast(floor((i + u4(n, line_idx, span_no, i, 'card_day')) * len / k) as integer) as d,
        case when u4(n, line_idx, span_no, i, 'channel') < 0.6 then 'store'
             when u4(n, line_idx, span_no, i, 'channel') < 0.9 then 'web' else 'app' end as channel,
        round(case card_type
            when 'transactor' then greatest(1.5, least(400, exp(ln(22) + 0.8 * z4(n, line_idx, span_no, i, 'amount'))))
            else greatest(15, least(4000, exp(ln(140) + 0.9 * z4(n, line_idx, span_no, i, 'amount'))))
        end, 2) as amount,
        e
    from card_candidates
),

sub_spans as (
    select
        n, line_idx, span_no, s, e, as_rec, as_day, store_rec, store_day, web_rec, web_day,
        case
            when u3(n, line_idx, span_no, 'plan') < 0.45 then 9.99
            when u3(n, line_idx, span_no, 'plan') < 0.85 then 14.99
            else 19.99
        end as price,
        case when u2(n, line_idx, 'sub_channel') < 0.6 then 'web' else 'app' end as channel
    from spans
    where industry = 'subscription' and s <= hi and e >= lo
),

-- monthly billing on the subscription day
sub_bills as (
    select
        n, line_idx, span_no, i, price, channel, e, s, as_rec, as_day, store_rec, store_day, web_rec, web_day,
        cast(cast(day_date(s) + to_months(cast(i as integer)) as date) - hist_start() as integer) as d
    from (
        select
            *,
            unnest(range(
                greatest(cast(floor((lo - s) / 31.0) as bigint) - 1, 0),
                least(cast(ceil((e - s) / 28.0) as bigint) + 1, cast(ceil((hi - s) / 28.0) as bigint) + 2)
            )) as i
        from sub_spans
    )
),

lease_candidates as (
    select
        *,
        unnest(range(
            greatest(cast(floor((lo - s) / 31.0) as bigint) - 1, 0),
            least(cast(ceil((e - s) / 28.0) as bigint) + 1, cast(ceil((hi - s) / 28.0) as bigint) + 2)
        )) as i
    from lease_contracts
    where s <= hi and e >= lo
),

-- monthly lease payments while a contract runs (the first one a 3-month deposit);
-- payments before the history start are outside the extract
lease_payments as (
    select
        n, line_idx, contract_no, i, rent, e,
        cast(cast(start_date + to_months(cast(i as integer)) as date) - hist_start() as integer) as d
    from lease_candidates
)

-- purchases, and for ~3 % of them a refund (fully or partly) 2-21 days later: one pass
-- over the purchases (each row once: no materialised intermediate)
select n, line_idx, span_no, i, kind, d, s, sec, amount, channel, as_rec, as_day, store_rec, store_day, web_rec, web_day
from (
    select
        n, line_idx, span_no, i, kind, as_rec, as_day, store_rec, store_day, web_rec, web_day,
        case kind when 1 then d
            else d + 2 + cast(floor(u4(n, line_idx, span_no, i, 'refund_delay') * 20) as integer) end as d,
        null::integer as s,
        case kind
            when 1 then case when channel = 'store' then 9 * 3600 + floor(u4(n, line_idx, span_no, i, 'tod') * 11 * 3600)
                             else 7 * 3600 + floor(u4(n, line_idx, span_no, i, 'tod') * 17 * 3600) end
            else 10 * 3600 + floor(u4(n, line_idx, span_no, i, 'refund_tod') * 9 * 3600)
        end as sec,
        case kind when 1 then amount
            else -case when u4(n, line_idx, span_no, i, 'refund_full') < 0.7 then amount
                       else round(amount * (0.2 + 0.6 * u4(n, line_idx, span_no, i, 'refund_part')), 2) end
        end as amount,
        channel
    from (
        select
            *,
            unnest(case when amount > 0 and u4(n, line_idx, span_no, i, 'refund') < 0.03 then [1, 2] else [1] end) as kind
        from retail_priced
    )
)
where d between lo and hi
union all
-- card issuance: a zero-amount operation when the card is opened (the only row of a
-- card that is never used)
select n, line_idx, span_no, -1 as i, 0 as kind,
    greatest(s - cast(floor(u2(n, line_idx, 'issuance_lead') * 20) as integer), 0) as d, null::integer as s,
    9 * 3600 + floor(u2(n, line_idx, 'issuance_tod') * 9 * 3600) as sec,
    0.0 as amount,
    case when u2(n, line_idx, 'issuance_channel') < 0.6 then 'web' else 'store' end as channel,
    null::bigint as as_rec, null::integer as as_day, null::bigint as store_rec, null::integer as store_day, null::bigint as web_rec, null::integer as web_day
from card_spans
where span_no = 1 and greatest(s - cast(floor(u2(n, line_idx, 'issuance_lead') * 20) as integer), 0) between lo and hi
union all
-- card uses, and ~1.5 % merchant refunds 1-10 days later (one pass)
select n, line_idx, span_no, i, kind, d, s, sec, amount, channel, null::bigint as as_rec, null::integer as as_day, null::bigint as store_rec, null::integer as store_day, null::bigint as web_rec, null::integer as web_day
from (
    select
        n, line_idx, span_no, i, kind,
        case kind when 1 then d
            else d + 1 + cast(floor(u4(n, line_idx, span_no, i, 'refund_delay') * 10) as integer) end as d,
        null::integer as s,
        case kind
            when 1 then 6 * 3600 + floor(u4(n, line_idx, span_no, i, 'tod') * 17 * 3600)
            else 8 * 3600 + floor(u4(n, line_idx, span_no, i, 'refund_tod') * 12 * 3600)
        end as sec,
        case kind when 1 then amount else -amount end as amount,
        channel
    from (
        select
            *,
            unnest(case when u4(n, line_idx, span_no, i, 'refund') < 0.015 then [1, 2] else [1] end) as kind
        from card_uses
        where d <= e
    )
)
where d between lo and hi
union all
select n, line_idx, span_no, i, 1 as kind, d, s,
    2 * 3600 + floor(u4(n, line_idx, span_no, i, 'tod') * 4 * 3600) as sec,
    price as amount, channel, as_rec, as_day, store_rec, store_day, web_rec, web_day
from sub_bills
where d between lo and hi and d <= e
union all
select n, line_idx, contract_no as span_no, i, 1 as kind, d, null::integer as s,
    case when i = 0 then 10 * 3600 + floor(u4(n, line_idx, contract_no, i, 'tod') * 8 * 3600)
         else 5 * 3600 + floor(u4(n, line_idx, contract_no, i, 'tod') * 3600) end as sec,
    case when i = 0 then 3 * rent else rent end as amount,
    case when i = 0 then 'store' else 'web' end as channel,
    null::bigint as as_rec, null::integer as as_day, null::bigint as store_rec, null::integer as store_day, null::bigint as web_rec, null::integer as web_day
from lease_payments
where d between greatest(lo, 0) and hi and d <= e;

-- ----- usage events (subscribers) -------------------------------------------------------
create or replace macro usage_rows(lo, hi) as table
with usage_periods as (
    select
        n, line_idx, span_no, s, as_rec, as_day, store_rec, store_day, web_rec, web_day,
        case
            when u2(n, line_idx, 'engagement') < 0.70 then e                  -- engaged
            -- dormant payers stop using 10-70 % of the way into their subscription
            else s + cast(floor((least(e, getvariable('history_days')) - s)
                * (0.1 + 0.6 * u3(n, line_idx, span_no, 'usage_stop'))) as integer)
        end as usage_end,
        2 + 6 * u2(n, line_idx, 'usage_rate') as uses_per_month
    from spans
    where industry = 'subscription'
        and u2(n, line_idx, 'engagement') < 0.88                              -- 12 % never use it
        and s <= hi
),

counted as (
    select
        *,
        greatest(usage_end - s + 1, 1) as len,
        cast(round(uses_per_month * greatest(usage_end - s, 0) / 30.44) as bigint) as k
    from usage_periods
    where usage_end >= lo
),

candidates as (
    select
        *,
        unnest(range(
            greatest(cast(floor((lo - s) * k / len) as bigint) - 1, 0),
            least(k, cast(ceil((hi - s + 1) * k / len) as bigint) + 1)
        )) as i
    from counted
    where k > 0
)

select
    n, line_idx, span_no, i, s, as_rec, as_day, store_rec, store_day, web_rec, web_day,
    s + cast(floor((i + u4(n, line_idx, span_no, i, 'usage_day')) * len / k) as integer) as d,
    case
        when u4(n, line_idx, span_no, i, 'evening') < 0.6 then 18 * 3600 + floor(u4(n, line_idx, span_no, i, 'tod') * 6 * 3600)
        else 7 * 3600 + floor(u4(n, line_idx, span_no, i, 'tod') * 17 * 3600)
    end as sec
from candidates
where s + cast(floor((i + u4(n, line_idx, span_no, i, 'usage_day')) * len / k) as integer) between lo and hi;

-- ----- email events (monthly campaigns, demo behaviour) -------------------------------
-- Times are seconds since the history start (integer arithmetic; ts_of() makes the
-- timestamp once). Each send has up to 8 event slots: sent; bounced or delivered;
-- opened (~25 %); clicked (~16 % of the openers, and ~0.4 % of the others: images
-- blocked); unsubscribed or complained on the campaign that stops the mailings.
create or replace macro email_rows(lo, hi) as table
with targeted as (
    select
        r.n,
        r.has_bad_email,
        r.m_stop,
        c.m,
        c.cday,
        c.csec,
        -- disengaged customers (inactive for 60+ days) rarely open
        r.open_p * case when c.cday > r.last_active_day + 60 then 0.2 else 1 end as p_open,
        u(r.n, 'stop_kind') < 0.15 as complains
    from (
        select
            *,
            unnest(range(
                greatest(m_first, month_of_day(lo - 11)),
                least(m_stop, month_of_day(hi)) + 1
            )) as m
        from email_recipients
    ) as r
    inner join campaigns as c on r.m = c.m
    where (r.has_bad_email or u2(r.n, c.m, 'target') < 0.72)
        and c.cday between lo - 11 and hi
),

sends as (
    select
        n, m, m_stop, complains,
        cast(cday as bigint) * 86400 + csec + cast(floor(u2(n, m, 'send_delay') * 7200) as bigint) as sent_s,
        has_bad_email or u2(n, m, 'soft_bounce') < 0.008 as bounced,
        u2(n, m, 'open') < p_open as opened
    from targeted
),

timed as (
    select
        *,
        sent_s + 2 + cast(floor(u2(n, m, 'delivery_delay') * 300) as bigint) as delivered_s,
        sent_s + 300 + cast(least(floor(-ln(1 - u2(n, m, 'open_delay')) * 8 * 3600), 9 * 86400) as bigint) as opened_s
    from sends
),

slotted as (
    select
        *,
        unnest(case
            when bounced then [1, 2]
            when m = m_stop and opened then [1, 3, 4, 5, 7, 8]
            when m = m_stop then [1, 3, 6, 7, 8]
            when opened then [1, 3, 4, 5]
            else [1, 3, 6]
        end) as slot
    from timed
),

events as (
    select
        n, m,
        case slot when 1 then 1 when 2 then 2 when 3 then 2 when 4 then 3 when 5 then 4 when 6 then 4 when 7 then 5 else 6 end as type_no,
        case slot
            when 1 then 'sent' when 2 then 'bounced' when 3 then 'delivered' when 4 then 'opened'
            when 5 then 'clicked' when 6 then 'clicked' when 7 then 'unsubscribed' else 'complained'
        end as event_type,
        case slot
            when 1 then sent_s
            when 2 then sent_s + 30 + cast(floor(u2(n, m, 'bounce_delay') * 870) as bigint)
            when 3 then delivered_s
            when 4 then opened_s
            when 5 then opened_s + 10 + cast(floor(u2(n, m, 'click_delay') * 890) as bigint)
            when 6 then delivered_s + 600 + cast(floor(u2(n, m, 'click_delay') * 86400) as bigint)
            when 7 then greatest(delivered_s, opened_s) + 60 + cast(floor(u2(n, m, 'unsub_delay') * 3600) as bigint)
            else delivered_s + 3600 + cast(floor(u2(n, m, 'complaint_delay') * 86400) as bigint)
        end as es
    from slotted
    where case slot
        when 5 then u2(n, m, 'click') < 0.16
        when 6 then u2(n, m, 'blind_click') < 0.004
        when 7 then not complains
        when 8 then complains
        else true
    end
)

select n, m, type_no, event_type, es, cast(es // 86400 as integer) as d
from events
where es // 86400 between lo and hi;
