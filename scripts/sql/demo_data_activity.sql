-- =====================================================================================
-- Demo data generator, part 2: the bulk population and its behaviour per industry.
-- Customers 1..n_customers; every random draw is u*(keys, 'purpose') (part 1).
-- =====================================================================================

-- ----- customers: prospect or active in 1-3 lines -------------------------------------
create or replace table cust_base as
select
    n,
    u(n, 'prospect') < 0.15 as is_prospect,  -- ~15 % never buy anything
    case
        when u(n, 'n_lines') < 0.75 then 1
        when u(n, 'n_lines') < 0.96 then 2
        else 3
    end as n_lines
from range(1, getvariable('n_customers') + 1) as t (n);

-- Lines per customer: weighted sampling without replacement (exponential keys).
create or replace table cust_lines as
select
    c.n,
    l.line_idx,
    l.industry,
    l.dormant_days,
    u2(c.n, l.line_idx, 'pattern') as pu
from cust_base as c
cross join lines as l
where not c.is_prospect
qualify row_number() over (
    partition by c.n
    order by -ln(1 - u2(c.n, l.line_idx, 'line_pick')) / l.weight, l.line_idx
) <= c.n_lines;

-- ----- activity spans (retail, credit card, subscription) ------------------------------
-- A span is a period during which the customer buys / uses the line. Patterns:
--   active    - started any time, still going after the as-of date;
--   churned   - stopped between 30 days after starting and 30 days before as-of;
--   returning - stopped, then came back after a gap of 1-2x the dormant threshold
--               (the second span), possibly within the last 90 days (reactivated);
--   new       - started from 89 days before as-of to 29 days after it;
--   recent    - started 90 to 450 days before as-of, still going.
create or replace table spans as
with patterned as (
    select
        *,
        getvariable('history_days') as h,
        last_day() as t,
        case
            when pu < 0.30 then 'active'
            when pu < 0.70 then 'churned'
            when pu < 0.82 then 'returning'
            when pu < 0.90 then 'new'
            else 'recent'
        end as pattern,
        u2(n, line_idx, 'span_start') as us,
        u2(n, line_idx, 'span_end') as ue,
        u2(n, line_idx, 'span_gap') as ug
    from cust_lines
    where industry <> 'auto_lease'
),

first_span as (
    select
        *,
        cast(case pattern
            when 'active' then floor(us * (h - 120))
            when 'churned' then floor(us * (h - 200))
            when 'returning' then floor(us * greatest(h - dormant_days - 300, 1))
            when 'new' then h - 89 + floor(us * 119)
            else h - 450 + floor(us * 361)
        end as integer) as s1
    from patterned
),

bounded as (
    select
        *,
        cast(case pattern
            when 'churned' then s1 + 30 + floor(ue * greatest(h - 60 - s1, 0))
            when 'returning' then s1 + 60 + floor(ue * 300)
            else t
        end as integer) as e1
    from first_span
),

second_span as (
    select
        *,
        cast(e1 + ceil(dormant_days * (1 + ug)) as integer) as s2
    from bounded
)

select n, line_idx, industry, pattern, 1 as span_no, s1 as s, least(e1, t) as e
from second_span
union all
select n, line_idx, industry, pattern, 2 as span_no, s2 as s, t as e
from second_span
where pattern = 'returning' and s2 <= t;

-- ----- retail: purchases every ~20-150 days, log-normal amounts, refunds, exchanges ---
create or replace table tx_retail as
with candidates as (
    select
        sp.*,
        20 + 130 * pow(u2(n, line_idx, 'retail_gap_mean'), 1.5) as gap_mean,
        unnest(range(cast(ceil((e - s) / (10 + 65 * pow(u2(n, line_idx, 'retail_gap_mean'), 1.5))) as bigint) + 1)) as i
    from spans as sp
    where industry = 'retail'
),

-- purchase days: cumulative sum of gaps uniform in [0.5, 1.5] x the customer's mean gap
dated as (
    select
        *,
        s + sum(case when i = 0 then 0 else floor(gap_mean * (0.5 + u4(n, line_idx, span_no, i, 'retail_gap'))) end)
            over (partition by n, line_idx, span_no order by i rows between unbounded preceding and current row) as d
    from candidates
),

purchases as (
    select
        n,
        line_idx,
        span_no,
        i,
        cast(d as integer) as d,
        case
            when u2(n, line_idx, 'retail_channel_loyal') < 0.75 then
                case when u2(n, line_idx, 'retail_channel') < 0.55 then 'store'
                     when u2(n, line_idx, 'retail_channel') < 0.88 then 'web' else 'app' end
            else
                case when u4(n, line_idx, span_no, i, 'channel') < 0.5 then 'store'
                     when u4(n, line_idx, span_no, i, 'channel') < 0.85 then 'web' else 'app' end
        end as channel,
        case
            -- ~1 % zero-amount rows (exchanges)
            when u4(n, line_idx, span_no, i, 'zero') < 0.01 then 0
            else shop_price(
                greatest(4.9, least(1500, exp(ln(55) + 0.55 * z2(n, line_idx, 'retail_basket') + 0.5 * z4(n, line_idx, span_no, i, 'amount')))),
                u4(n, line_idx, span_no, i, 'cents')
            )
        end as amount
    from dated
    where d <= e
)

select
    n, line_idx, span_no, i, 1 as kind, d,
    case when channel = 'store' then 9 * 3600 + floor(u4(n, line_idx, span_no, i, 'tod') * 11 * 3600)
         else 7 * 3600 + floor(u4(n, line_idx, span_no, i, 'tod') * 17 * 3600) end as sec,
    amount, channel
from purchases
union all
-- ~3 % of purchases are refunded (fully or partly) 2-21 days later
select
    n, line_idx, span_no, i, 2 as kind,
    d + 2 + cast(floor(u4(n, line_idx, span_no, i, 'refund_delay') * 20) as integer) as d,
    10 * 3600 + floor(u4(n, line_idx, span_no, i, 'refund_tod') * 9 * 3600) as sec,
    -case when u4(n, line_idx, span_no, i, 'refund_full') < 0.7 then amount
          else round(amount * (0.2 + 0.6 * u4(n, line_idx, span_no, i, 'refund_part')), 2) end as amount,
    channel
from purchases
where amount > 0
    and u4(n, line_idx, span_no, i, 'refund') < 0.03
    and d + 2 + cast(floor(u4(n, line_idx, span_no, i, 'refund_delay') * 20) as integer) <= last_day();

-- ----- credit card: transactors, revolvers, cards never used --------------------------
create or replace table tx_card as
with holders as (
    select
        n,
        line_idx,
        case
            when u2(n, line_idx, 'card_type') < 0.40 then 'transactor'  -- many small
            when u2(n, line_idx, 'card_type') < 0.86 then 'revolver'    -- fewer, larger
            else 'never_used'                                           -- issuance only
        end as card_type
    from cust_lines
    where industry = 'credit_card'
),

card_spans as (
    select
        sp.*,
        h.card_type,
        case h.card_type
            when 'transactor' then 1.2 + 1.6 * u2(sp.n, sp.line_idx, 'card_rate')
            when 'revolver' then 0.3 + 0.5 * u2(sp.n, sp.line_idx, 'card_rate')
            else 0
        end as per_month
    from spans as sp
    inner join holders as h on sp.n = h.n and sp.line_idx = h.line_idx
),

candidates as (
    select
        *,
        unnest(range(cast(round(per_month * (e - s) / 30.44) as bigint))) as i
    from card_spans
),

uses as (
    select
        n,
        line_idx,
        span_no,
        i,
        s + 1 + cast(floor(u4(n, line_idx, span_no, i, 'card_day') * (e - s)) as integer) as d,
        case when u4(n, line_idx, span_no, i, 'channel') < 0.6 then 'store'
             when u4(n, line_idx, span_no, i, 'channel') < 0.9 then 'web' else 'app' end as channel,
        round(case card_type
            when 'transactor' then greatest(1.5, least(400, exp(ln(22) + 0.8 * z4(n, line_idx, span_no, i, 'amount'))))
            else greatest(15, least(4000, exp(ln(140) + 0.9 * z4(n, line_idx, span_no, i, 'amount'))))
        end, 2) as amount
    from candidates
)

-- card issuance: a zero-amount operation when the card is opened (the only row of a
-- card that is never used)
select
    n, line_idx, span_no, -1 as i, 0 as kind,
    greatest(s - cast(floor(u2(n, line_idx, 'issuance_lead') * 20) as integer), 0) as d,
    9 * 3600 + floor(u2(n, line_idx, 'issuance_tod') * 9 * 3600) as sec,
    0.0 as amount,
    case when u2(n, line_idx, 'issuance_channel') < 0.6 then 'web' else 'store' end as channel
from card_spans
where span_no = 1
union all
select
    n, line_idx, span_no, i, 1 as kind, d,
    6 * 3600 + floor(u4(n, line_idx, span_no, i, 'tod') * 17 * 3600) as sec,
    amount, channel
from uses
union all
-- ~1.5 % merchant refunds
select
    n, line_idx, span_no, i, 2 as kind,
    d + 1 + cast(floor(u4(n, line_idx, span_no, i, 'refund_delay') * 10) as integer) as d,
    8 * 3600 + floor(u4(n, line_idx, span_no, i, 'refund_tod') * 12 * 3600) as sec,
    -amount, channel
from uses
where u4(n, line_idx, span_no, i, 'refund') < 0.015
    and d + 1 + cast(floor(u4(n, line_idx, span_no, i, 'refund_delay') * 10) as integer) <= last_day();

-- ----- subscription: monthly billing at a fixed plan price, usage while engaged -------
create or replace table sub_spans as
select
    sp.*,
    -- plan price, chosen again when a subscriber comes back
    case
        when u3(n, line_idx, span_no, 'plan') < 0.45 then 9.99
        when u3(n, line_idx, span_no, 'plan') < 0.85 then 14.99
        else 19.99
    end as price,
    case
        when u2(n, line_idx, 'engagement') < 0.70 then 'engaged'
        when u2(n, line_idx, 'engagement') < 0.88 then 'dormant_payer'  -- pays, stopped using
        else 'never_used'                                             -- pays, never used
    end as engagement,
    case when u2(n, line_idx, 'sub_channel') < 0.6 then 'web' else 'app' end as channel,
    2 + 6 * u2(n, line_idx, 'usage_rate') as uses_per_month
from spans as sp
where industry = 'subscription';

create or replace table tx_sub as
with candidates as (
    select
        *,
        unnest(range(cast(ceil((e - s) / 28.0) as bigint) + 1)) as i
    from sub_spans
),

billed as (
    select
        *,
        cast(day_date(s) + to_months(i) as date) as bill_date
    from candidates
)

select
    n, line_idx, span_no, i, 1 as kind,
    cast(bill_date - hist_start() as integer) as d,
    2 * 3600 + floor(u4(n, line_idx, span_no, i, 'tod') * 4 * 3600) as sec,
    price as amount,
    channel
from billed
where bill_date <= day_date(e);

create or replace table usage_bulk as
with usage_periods as (
    select
        *,
        case engagement
            when 'engaged' then e
            -- dormant payers stop using 10-70 % of the way into their subscription
            else s + cast(floor((least(e, getvariable('history_days')) - s)
                * (0.1 + 0.6 * u3(n, line_idx, span_no, 'usage_stop'))) as integer)
        end as usage_end
    from sub_spans
    where engagement <> 'never_used'
),

candidates as (
    select
        *,
        unnest(range(cast(round(uses_per_month * greatest(usage_end - s, 0) / 30.44) as bigint))) as i
    from usage_periods
)

select
    n,
    line_idx,
    span_no,
    i,
    s + cast(floor(u4(n, line_idx, span_no, i, 'usage_day') * (usage_end - s + 1)) as integer) as d,
    case
        when u4(n, line_idx, span_no, i, 'evening') < 0.6 then 18 * 3600 + floor(u4(n, line_idx, span_no, i, 'tod') * 6 * 3600)
        else 7 * 3600 + floor(u4(n, line_idx, span_no, i, 'tod') * 17 * 3600)
    end as sec
from candidates;

-- ----- auto lease: contracts of 24/36/48 months, renewals, comebacks, open-ended ------
-- First contract starts up to two years before the history start (ended long ago) and
-- until a month before as-of; 6 % are open-ended. Then 35 % renew right away, 15 %
-- come back 1-3 years later, when that is before the end of the data.
create or replace table lease_contracts_bulk as
with first_contract as (
    select
        n,
        line_idx,
        1 as contract_no,
        cast(day_date(-730 + floor(u2(n, line_idx, 'lease_start') * (getvariable('history_days') + 700))) as date) as start_date,
        pick([24, 36, 48], u2(n, line_idx, 'lease_months')) as months,
        u2(n, line_idx, 'lease_open') < 0.06 as is_open_ended,
        u2(n, line_idx, 'lease_next') as un
    from cust_lines
    where industry = 'auto_lease'
),

first_dated as (
    select
        *,
        case when not is_open_ended then cast(start_date + to_months(months) - interval 1 day as date) end as end_date
    from first_contract
),

second_contract as (
    select
        n,
        line_idx,
        2 as contract_no,
        case
            when un < 0.35 then end_date + 1 + cast(floor(u2(n, line_idx, 'renewal_delay') * 25) as integer)
            else end_date + 365 + cast(floor(u2(n, line_idx, 'comeback_delay') * 700) as integer)
        end as start_date,
        pick([24, 36, 48], u2(n, line_idx, 'lease_months_2')) as months,
        u2(n, line_idx, 'lease_open_2') < 0.05 as is_open_ended
    from first_dated
    where not is_open_ended and un < 0.50
)

select n, line_idx, contract_no, start_date, end_date, is_open_ended
from first_dated
union all
select
    n, line_idx, contract_no, start_date,
    case when not is_open_ended then cast(start_date + to_months(months) - interval 1 day as date) end as end_date,
    is_open_ended
from second_contract
where start_date <= day_date(last_day());

-- Monthly lease payments while a contract runs (the first one is a 3-month deposit);
-- payments before the history start are outside the extract.
create or replace table tx_lease as
with contracts as (
    select
        *,
        round(189 + 560 * u3(n, line_idx, contract_no, 'lease_rent'), 0) - case when u3(n, line_idx, contract_no, 'rent_cents') < 0.5 then 0.01 else 0 end as rent
    from lease_contracts_bulk
),

candidates as (
    select
        *,
        unnest(range(cast(ceil((least(coalesce(end_date, day_date(last_day())), day_date(last_day())) - start_date) / 28.0) as bigint) + 1)) as i
    from contracts
),

paid as (
    select *, cast(start_date + to_months(i) as date) as pay_date
    from candidates
)

select
    n, line_idx, contract_no as span_no, i, 1 as kind,
    cast(pay_date - hist_start() as integer) as d,
    case when i = 0 then 10 * 3600 + floor(u4(n, line_idx, contract_no, i, 'tod') * 8 * 3600)
         else 5 * 3600 + floor(u4(n, line_idx, contract_no, i, 'tod') * 3600) end as sec,
    case when i = 0 then 3 * rent else rent end as amount,
    case when i = 0 then 'store' else 'web' end as channel
from paid
where pay_date <= coalesce(end_date, day_date(last_day()))
    and pay_date <= day_date(last_day())
    and pay_date >= hist_start();

-- ----- all bulk transactions, numbered in time order ----------------------------------
-- One HUGEINT sort key (second of the history, customer, line, kind, span, sequence)
-- orders the rows totally and sorts fast at any size.
create or replace table tx_bulk as
select
    *,
    row_number() over (order by sort_key) as tx_num
from (
    select
        *,
        (((((cast(d as hugeint) * 86400 + cast(sec as bigint)) * 4294967296 + n) * 8 + line_idx) * 4 + kind) * 4 + span_no)
            * 65536 + (i + 1) as sort_key
    from (
        select * from tx_retail
        union all
        select * from tx_card
        union all
        select * from tx_sub
        union all
        select * from tx_lease
    )
    where d >= 0 and d <= last_day()
);

drop table tx_retail;
drop table tx_card;
drop table tx_sub;
drop table tx_lease;
