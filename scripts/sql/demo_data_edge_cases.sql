-- =====================================================================================
-- Demo data generator, part 3: explicit edge-case rows.
-- Each edge case belongs to its own dedicated customer (customer numbers after the bulk
-- population, never touched by the bulk generators, never sent bulk emails), so that
-- its activity is exactly what is written here. Days are counted back from the as-of
-- date (ago(days, 'hh:mm:ss')), so the boundaries follow --as-of.
-- =====================================================================================

-- ----- the edge-case customers ----------------------------------------------------------
create or replace table edge_codes as
with codes as (
    -- [1] lifecycle boundaries, per line: last activity (threshold - 1), threshold and
    --     (threshold + 1) days before as-of, for the dormant and the lost thresholds
    select 1 as block, l.industry || '_' || k.kind || '_' || o.tag as code
    from lines as l
    cross join (values ('dormant'), ('lost')) as k (kind)
    cross join (values ('minus_1'), ('exact'), ('plus_1')) as o (tag)
    union all
    select block, code from (values
        (2, 'retail_email_400'), (2, 'retail_click_no_open'),
        (3, 'reactivated_retail'), (3, 'reactivated_credit_card'),
        (3, 'reactivated_subscription'), (3, 'reactivated_auto_lease'),
        (4, 'new_retail'), (4, 'new_credit_card'), (4, 'new_subscription'), (4, 'new_auto_lease'),
        (4, 'new_90_days_retail'), (4, 'new_90_days_credit_card'),
        (4, 'new_90_days_subscription'), (4, 'new_90_days_auto_lease'), (4, 'new_89_days_retail'),
        (5, 'refund_only'), (5, 'zero_only'), (5, 'card_never_used'),
        (5, 'tie_revenue_a'), (5, 'tie_revenue_b'), (5, 'same_rf_1'), (5, 'same_rf_2'), (5, 'same_rf_3'),
        (6, 'dup_exact'), (6, 'dup_later_wins'), (6, 'dup_tie'),
        (7, 'data_quality'), (7, 'format_variants'),
        (8, 'lease_running_no_purchase'), (8, 'lease_ends_on_as_of'), (8, 'lease_open_ended'),
        (8, 'lease_future_start'), (8, 'lease_ends_before_start'), (8, 'lease_duplicate_id'),
        (8, 'lease_renewed'),
        (9, 'versioned'),
        (10, 'email_dq'), (10, 'usage_dq')
    ) as v (block, code)
)
select block, code, getvariable('n_customers') + row_number() over (order by block, code) as n
from codes;

set variable n_edge = (select count(*) from edge_codes);
-- Duplicate records (other customer_ids of bulk persons) are numbered from
-- dup_id_base() + 1 on, after the persons and the unknown customer ids below.
set variable n_dup = (select coalesce(sum(dup_count(n)), 0) from range(1, getvariable('n_customers') + 1) as t (n));
create or replace macro dup_id_base() as getvariable('n_customers') + getvariable('n_edge') + 1000;
set variable customer_id_width = (
    select greatest(6, length(cast(dup_id_base() + getvariable('n_dup') as varchar))));
-- Customer ids that are in no customer record (unknown customers).
create or replace macro unknown_cid(j) as cid(getvariable('n_customers') + getvariable('n_edge') + 900 + j);

-- Boundary customers: t = days between the last activity and the as-of date.
create or replace table edge_boundary as
select
    l.industry || '_' || k.kind || '_' || o.tag as code,
    l.business_line,
    l.industry,
    case k.kind when 'dormant' then l.dormant_days else l.lost_days end + o.off as t
from lines as l
cross join (values ('dormant'), ('lost')) as k (kind)
cross join (values ('minus_1', -1), ('exact', 0), ('plus_1', 1)) as o (tag, off);

-- ----- subscriptions of edge customers (billed monthly from start_date to end_date) ----
create or replace table edge_subs as
-- [1] boundaries: subscribed 180 days before the last usage, cancelled 30 days after it
select code, ago_date(t + 180) as start_date, ago_date(greatest(t - 30, 0)) as end_date, 14.99 as price
from edge_boundary where industry = 'subscription'
union all
select code, start_date, end_date, price from (values
    -- [3] reactivated: 10 months of billing until ~426 days ago, back 20 days ago
    ('reactivated_subscription', ago_date(700), cast(ago_date(700) + interval 9 month as date), 9.99),
    ('reactivated_subscription', ago_date(20), null, 9.99),
    -- [4] new: first billing 40 days ago; first billing exactly 90 days ago
    ('new_subscription', ago_date(40), null, 19.99),
    ('new_90_days_subscription', ago_date(90), null, 14.99),
    -- [10] the subscriber carrying the usage_events data-quality rows
    ('usage_dq', ago_date(300), null, 9.99)
) as v (code, start_date, end_date, price);

-- ----- contracts of edge customers (auto_lease) -----------------------------------------
-- pay: 'monthly' = a payment every month while the contract runs (first = 3x deposit),
-- 'first' = the first payment only, 'none' = no payment.
create or replace table edge_contracts as
-- [1] boundaries: a 24-month contract that ended exactly t days before as-of
select
    1 as block, code, null as customer_literal, null as id_group,
    cast(ago_date(t) - interval 24 month + interval 1 day as date) as start_date,
    ago_date(t) as end_date, 'monthly' as pay, 329.00 as rent
from edge_boundary where industry = 'auto_lease'
union all
select * from (values
    -- [3] reactivated: first lease ended ~1.6 years ago, new lease 25 days ago
    (3, 'reactivated_auto_lease', null, null, ago_date(1300), cast(ago_date(1300) + interval 24 month - interval 1 day as date), 'monthly', 279.00),
    (3, 'reactivated_auto_lease', null, null, ago_date(25), cast(ago_date(25) + interval 36 month - interval 1 day as date), 'monthly', 359.00),
    -- [4] new lease 30 days ago; lease (first payment) exactly 90 days ago
    (4, 'new_auto_lease', null, null, ago_date(30), cast(ago_date(30) + interval 36 month - interval 1 day as date), 'monthly', 399.00),
    (4, 'new_90_days_auto_lease', null, null, ago_date(90), cast(ago_date(90) + interval 36 month - interval 1 day as date), 'monthly', 449.00),
    -- [8] a contract running on the as-of date but no purchase for over two years
    --     (only the deposit, 800 days ago)
    (8, 'lease_running_no_purchase', null, null, ago_date(800), cast(ago_date(800) + interval 48 month - interval 1 day as date), 'first', 310.00),
    -- [8] a contract ending exactly on the as-of date (still running that day)
    (8, 'lease_ends_on_as_of', null, null, cast(ago_date(0) - interval 36 month + interval 1 day as date), ago_date(0), 'monthly', 289.00),
    -- [8] an open-ended contract (empty ends_at)
    (8, 'lease_open_ended', null, null, ago_date(500), null, 'monthly', 499.00),
    -- [8] a contract that starts after the as-of date
    (8, 'lease_future_start', null, null, ago_date(-15), cast(ago_date(-15) + interval 36 month - interval 1 day as date), 'monthly', 379.00),
    -- [8] ends_at before started_at (rejected downstream)
    (8, 'lease_ends_before_start', null, null, ago_date(300), ago_date(400), 'none', 0.00),
    -- [8] the same contract_id twice: the original 36-month version and an amendment
    --     extending it to 48 months (same start, later end wins downstream)
    (8, 'lease_duplicate_id', null, 'dup_contract', ago_date(600), cast(ago_date(600) + interval 36 month - interval 1 day as date), 'monthly', 339.00),
    (8, 'lease_duplicate_id', null, 'dup_contract', ago_date(600), cast(ago_date(600) + interval 48 month - interval 1 day as date), 'none', 339.00),
    -- [8] renewed: a second contract the day after the first one ended
    (8, 'lease_renewed', null, null, ago_date(1400), cast(ago_date(1400) + interval 24 month - interval 1 day as date), 'monthly', 259.00),
    (8, 'lease_renewed', null, null, cast(ago_date(1400) + interval 24 month as date), cast(ago_date(1400) + interval 60 month - interval 1 day as date), 'monthly', 299.00),
    -- [8] a contract of an unknown customer
    (8, null, unknown_cid(3), null, ago_date(200), cast(ago_date(200) + interval 36 month - interval 1 day as date), 'none', 0.00)
) as v (block, code, customer_literal, id_group, start_date, end_date, pay, rent);

-- ----- transactions of edge customers ---------------------------------------------------
create or replace table edge_tx_spec as
-- [1] boundaries, retail: purchases 90 days before and exactly t days before as-of
--     (no email events, so the last purchase is the activity)
select 1 as block, code, null as customer_literal, null as id_group, business_line,
    ago(t + 90, '11:20:00') as transaction_at, '45.00' as amount, 'EUR' as currency, 'store' as channel
from edge_boundary where industry = 'retail'
union all
select 1, code, null, null, business_line, ago(t, '16:05:00'), '62.50', 'EUR', 'web'
from edge_boundary where industry = 'retail'
union all
-- [1] boundaries, credit card: issuance, a few uses, the last transaction exactly t days ago
select 1, code, null, null, business_line, ago(t + 400, '10:00:00'), '0.00', 'EUR', 'web'
from edge_boundary where industry = 'credit_card'
union all
select 1, code, null, null, business_line, ago(t + 200, '12:14:00'), '54.30', 'EUR', 'store'
from edge_boundary where industry = 'credit_card'
union all
select 1, code, null, null, business_line, ago(t + 120, '19:40:00'), '23.10', 'EUR', 'web'
from edge_boundary where industry = 'credit_card'
union all
select 1, code, null, null, business_line, ago(t, '13:02:00'), '12.40', 'EUR', 'store'
from edge_boundary where industry = 'credit_card'
union all
-- [1][3][4][10] subscription billing of the edge subscribers (edge_subs)
select * from (
    select 1 as block, code, null, null, 'streaming_plus',
        strftime(cast(start_date + to_months(i) as date), '%Y-%m-%d') || ' 03:00:00', cast(price as varchar), 'EUR', 'web'
    from (select *, unnest(range(60)) as i from edge_subs)
    where cast(start_date + to_months(i) as date) <= least(coalesce(end_date, ago_date(-getvariable('tail_days'))), ago_date(-getvariable('tail_days')))
)
union all
-- [1][3][4][8] lease payments of the edge contracts (edge_contracts)
select * from (
    select block, code, customer_literal, null, 'car_lease',
        strftime(cast(start_date + to_months(i) as date), '%Y-%m-%d') || ' 05:30:00',
        cast(cast(case when i = 0 then 3 * rent else rent end as decimal(18, 2)) as varchar),
        'EUR', case when i = 0 then 'store' else 'web' end
    from (select *, unnest(range(80)) as i from edge_contracts where pay <> 'none')
    where (pay = 'monthly' or i = 0)
        and cast(start_date + to_months(i) as date) <= least(coalesce(end_date, ago_date(-getvariable('tail_days'))), ago_date(-getvariable('tail_days')))
        and cast(start_date + to_months(i) as date) >= hist_start()
)
union all
select block, code, null, id_group, business_line, ago(days, hms), amount, 'EUR', channel from (values
    -- [2] retail: last purchase 400 days ago but an email opened 10 days ago (see emails)
    (2, 'retail_email_400', null, 'fashion_store', 520, '11:02:13', '52.00', 'store'),
    (2, 'retail_email_400', null, 'fashion_store', 400, '15:45:00', '38.90', 'store'),
    -- [2] retail: a click without an open event 20 days ago (see emails)
    (2, 'retail_click_no_open', null, 'fashion_store', 300, '17:21:40', '71.20', 'web'),
    -- [3] reactivated, retail: a 470-day gap (>= 243), then a purchase 30 days ago
    (3, 'reactivated_retail', null, 'fashion_store', 700, '10:30:00', '64.00', 'store'),
    (3, 'reactivated_retail', null, 'fashion_store', 500, '14:10:00', '89.90', 'store'),
    (3, 'reactivated_retail', null, 'fashion_store', 30, '18:05:00', '42.00', 'web'),
    -- [3] reactivated, credit card: used until 700 days ago, again 45 days ago
    (3, 'reactivated_credit_card', null, 'gold_card', 900, '09:30:00', '0.00', 'store'),
    (3, 'reactivated_credit_card', null, 'gold_card', 850, '12:00:00', '35.20', 'store'),
    (3, 'reactivated_credit_card', null, 'gold_card', 800, '20:15:00', '12.99', 'web'),
    (3, 'reactivated_credit_card', null, 'gold_card', 760, '13:45:00', '48.00', 'store'),
    (3, 'reactivated_credit_card', null, 'gold_card', 700, '11:11:00', '22.50', 'store'),
    (3, 'reactivated_credit_card', null, 'gold_card', 45, '16:30:00', '18.75', 'app'),
    -- [4] new: first purchase within the last 90 days
    (4, 'new_retail', null, 'fashion_store', 30, '15:00:00', '58.00', 'store'),
    (4, 'new_retail', null, 'fashion_store', 10, '12:40:00', '24.90', 'web'),
    (4, 'new_credit_card', null, 'gold_card', 35, '10:00:00', '0.00', 'web'),
    (4, 'new_credit_card', null, 'gold_card', 30, '12:30:00', '19.99', 'store'),
    (4, 'new_credit_card', null, 'gold_card', 20, '19:12:00', '7.50', 'web'),
    (4, 'new_credit_card', null, 'gold_card', 5, '08:45:00', '64.10', 'store'),
    -- [4] first purchase exactly 90 days before as-of (no longer new) and 89 days (new)
    (4, 'new_90_days_retail', null, 'fashion_store', 90, '11:00:00', '45.00', 'store'),
    (4, 'new_90_days_retail', null, 'fashion_store', 40, '17:30:00', '30.00', 'store'),
    (4, 'new_90_days_credit_card', null, 'gold_card', 95, '10:00:00', '0.00', 'web'),
    (4, 'new_90_days_credit_card', null, 'gold_card', 90, '12:00:00', '25.00', 'store'),
    (4, 'new_90_days_credit_card', null, 'gold_card', 60, '18:20:00', '14.20', 'store'),
    (4, 'new_90_days_credit_card', null, 'gold_card', 20, '09:05:00', '9.90', 'web'),
    (4, 'new_89_days_retail', null, 'fashion_store', 89, '11:00:00', '33.00', 'store'),
    -- [5] a customer whose only transactions are refunds (negative net revenue)
    (5, 'refund_only', null, 'fashion_store', 200, '14:00:00', '-35.00', 'store'),
    (5, 'refund_only', null, 'fashion_store', 150, '16:30:00', '-12.50', 'web'),
    -- [5] a customer whose only transaction is a zero amount (an exchange)
    (5, 'zero_only', null, 'fashion_store', 100, '15:20:00', '0.00', 'store'),
    -- [5] a card holder who never used the card: one zero-amount issuance
    (5, 'card_never_used', null, 'gold_card', 400, '10:30:00', '0.00', 'web'),
    -- [5] two retail customers with exactly the same net revenue (150.00)
    (5, 'tie_revenue_a', null, 'fashion_store', 300, '11:00:00', '100.00', 'store'),
    (5, 'tie_revenue_a', null, 'fashion_store', 200, '11:00:00', '50.00', 'store'),
    (5, 'tie_revenue_b', null, 'fashion_store', 250, '12:00:00', '180.00', 'store'),
    (5, 'tie_revenue_b', null, 'fashion_store', 245, '12:00:00', '-30.00', 'store'),
    -- [5] three retail customers with the same recency (40 days) and frequency (2)
    (5, 'same_rf_1', null, 'fashion_store', 100, '10:00:00', '20.00', 'store'),
    (5, 'same_rf_1', null, 'fashion_store', 40, '10:00:00', '30.00', 'store'),
    (5, 'same_rf_2', null, 'fashion_store', 100, '14:00:00', '45.00', 'web'),
    (5, 'same_rf_2', null, 'fashion_store', 40, '14:00:00', '55.00', 'web'),
    (5, 'same_rf_3', null, 'fashion_store', 100, '18:00:00', '80.00', 'app'),
    (5, 'same_rf_3', null, 'fashion_store', 40, '18:00:00', '120.00', 'app'),
    -- [6] an exact duplicate row (same transaction_id, every column equal)
    (6, 'dup_exact', null, 'fashion_store', 200, '10:45:00', '27.90', 'store'),
    (6, 'dup_exact', 'dup_exact', 'fashion_store', 60, '16:20:00', '44.00', 'store'),
    (6, 'dup_exact', 'dup_exact', 'fashion_store', 60, '16:20:00', '44.00', 'store'),
    -- [6] the same transaction_id twice with a different transaction_at: the later wins
    (6, 'dup_later_wins', 'dup_later', 'fashion_store', 50, '10:00:00', '30.00', 'store'),
    (6, 'dup_later_wins', 'dup_later', 'fashion_store', 48, '09:15:00', '35.00', 'store'),
    -- [6] the same transaction_id twice, same transaction_at, different amount (a tie)
    (6, 'dup_tie', 'dup_tie', 'fashion_store', 70, '14:00:00', '25.00', 'web'),
    (6, 'dup_tie', 'dup_tie', 'fashion_store', 70, '14:00:00', '27.50', 'web'),
    -- [7] a valid purchase of the customer carrying the data-quality rows
    (7, 'data_quality', null, 'fashion_store', 120, '13:00:00', '51.90', 'store')
) as v (block, code, id_group, business_line, days, hms, amount, channel)
union all
select block, code, customer_literal, null, business_line, transaction_at, amount, currency, channel from (values
    -- [7] data quality, each row wrong in exactly one way (rejected downstream):
    -- empty customer_id; a customer_id in no customer record
    (7, null, null, 'fashion_store', ago(110, '10:00:00'), '20.00', 'EUR', 'store'),
    (7, null, unknown_cid(1), 'fashion_store', ago(109, '10:00:00'), '21.00', 'EUR', 'store'),
    -- empty business_line; a business_line in no business_lines row
    (7, 'data_quality', null, null, ago(108, '10:00:00'), '22.00', 'EUR', 'store'),
    (7, 'data_quality', null, 'home_insurance', ago(107, '10:00:00'), '23.00', 'EUR', 'web'),
    -- unparseable transaction_at (not a date, 30 February, month 13); empty transaction_at
    (7, 'data_quality', null, 'fashion_store', 'not a date', '24.00', 'EUR', 'store'),
    (7, 'data_quality', null, 'fashion_store', '2024-02-30 10:00:00', '25.00', 'EUR', 'store'),
    (7, 'data_quality', null, 'fashion_store', '31/13/2024', '26.00', 'EUR', 'store'),
    (7, 'data_quality', null, 'fashion_store', null, '27.00', 'EUR', 'store'),
    -- non-numeric amounts; empty amount
    (7, 'data_quality', null, 'fashion_store', ago(106, '10:00:00'), 'abc', 'EUR', 'store'),
    (7, 'data_quality', null, 'fashion_store', ago(105, '10:00:00'), '12.3.4', 'EUR', 'store'),
    (7, 'data_quality', null, 'fashion_store', ago(104, '10:00:00'), null, 'EUR', 'store'),
    -- currencies not accepted; empty currency
    (7, 'data_quality', null, 'fashion_store', ago(103, '10:00:00'), '28.00', 'USD', 'web'),
    (7, 'data_quality', null, 'fashion_store', ago(102, '10:00:00'), '29.00', 'GBP', 'web'),
    (7, 'data_quality', null, 'fashion_store', ago(101, '10:00:00'), '30.00', null, 'web'),
    -- [7] valid variants: decimal comma, lower-case / padded currency, every accepted
    --     timestamp form (ISO Z, ISO +02:00, day-first with and without time)
    (7, 'format_variants', null, 'fashion_store', ago(150, '10:00:00'), '19,90', 'EUR', 'store'),
    (7, 'format_variants', null, 'fashion_store', ago(149, '10:00:00'), '-5,00', 'EUR', 'store'),
    (7, 'format_variants', null, 'fashion_store', ago(140, '10:00:00'), '34.50', 'eur', 'web'),
    (7, 'format_variants', null, 'fashion_store', ago(130, '10:00:00'), '41.00', ' EUR ', 'web'),
    (7, 'format_variants', null, 'fashion_store', strftime(ago_date(125), '%Y-%m-%d') || 'T09:30:00Z', '15.00', 'EUR', 'app'),
    (7, 'format_variants', null, 'fashion_store', strftime(ago_date(124), '%Y-%m-%d') || 'T11:30:00+02:00', '16.00', 'EUR', 'app'),
    (7, 'format_variants', null, 'fashion_store', strftime(ago_date(123), '%d/%m/%Y') || ' 09:30:00', '17.00', 'EUR', 'store'),
    (7, 'format_variants', null, 'fashion_store', strftime(ago_date(122), '%d/%m/%Y'), '18.00', 'EUR', 'store')
) as v (block, code, customer_literal, business_line, transaction_at, amount, currency, channel);

-- ----- usage events of edge customers ----------------------------------------------------
create or replace table edge_usage_spec as
-- [1] boundaries, subscription: the last usage exactly t days before as-of
select 1 as block, code, null as customer_literal, 'streaming_plus' as business_line, ago(t + d, '20:30:00') as used_at
from edge_boundary, (values (150), (90), (30), (0)) as v (d)
where industry = 'subscription'
union all
select block, code, customer_literal, business_line, used_at from (values
    -- [3] reactivated subscriber: used while subscribed, then again after coming back
    (3, 'reactivated_subscription', null, 'streaming_plus', ago(690, '21:00:00')),
    (3, 'reactivated_subscription', null, 'streaming_plus', ago(600, '21:00:00')),
    (3, 'reactivated_subscription', null, 'streaming_plus', ago(500, '21:00:00')),
    (3, 'reactivated_subscription', null, 'streaming_plus', ago(450, '21:00:00')),
    (3, 'reactivated_subscription', null, 'streaming_plus', ago(15, '21:00:00')),
    (3, 'reactivated_subscription', null, 'streaming_plus', ago(5, '21:00:00')),
    -- [4] new subscribers
    (4, 'new_subscription', null, 'streaming_plus', ago(38, '19:45:00')),
    (4, 'new_subscription', null, 'streaming_plus', ago(25, '20:10:00')),
    (4, 'new_subscription', null, 'streaming_plus', ago(12, '22:00:00')),
    (4, 'new_subscription', null, 'streaming_plus', ago(3, '21:30:00')),
    (4, 'new_90_days_subscription', null, 'streaming_plus', ago(85, '20:00:00')),
    (4, 'new_90_days_subscription', null, 'streaming_plus', ago(50, '20:00:00')),
    (4, 'new_90_days_subscription', null, 'streaming_plus', ago(10, '20:00:00')),
    -- [10] usage data quality
    (10, 'usage_dq', null, 'streaming_plus', ago(100, '20:00:00')),
    (10, 'usage_dq', null, 'streaming_plus', ago(50, '20:00:00')),
    -- an exact duplicate row
    (10, 'usage_dq', null, 'streaming_plus', ago(20, '20:15:00')),
    (10, 'usage_dq', null, 'streaming_plus', ago(20, '20:15:00')),
    -- an unknown customer; an unknown business line
    (10, null, unknown_cid(4), 'streaming_plus', ago(15, '20:00:00')),
    (10, 'usage_dq', null, 'streaming_max', ago(14, '20:00:00')),
    -- unparseable used_at
    (10, 'usage_dq', null, 'streaming_plus', 'not a date'),
    (10, 'usage_dq', null, 'streaming_plus', '2025-02-29 20:00:00')
) as v (block, code, customer_literal, business_line, used_at);

-- ----- email events of edge customers ------------------------------------------------------
create or replace macro campaign_of(days) as 'CMP-' || strftime(ago_date(days), '%Y-%m');
create or replace table edge_email_spec as
select * from (values
    -- [2] retail customer with a 400-day-old last purchase who opened an email 10 days ago
    (2, 'retail_email_400', null, null, 'sent', ago(10, '08:00:00'), campaign_of(10)),
    (2, 'retail_email_400', null, null, 'delivered', ago(10, '08:00:41'), campaign_of(10)),
    (2, 'retail_email_400', null, null, 'opened', ago(10, '19:42:10'), campaign_of(10)),
    -- [2] a click without an open event (images blocked)
    (2, 'retail_click_no_open', null, null, 'sent', ago(20, '08:00:00'), campaign_of(20)),
    (2, 'retail_click_no_open', null, null, 'delivered', ago(20, '08:00:12'), campaign_of(20)),
    (2, 'retail_click_no_open', null, null, 'clicked', ago(20, '12:31:05'), campaign_of(20)),
    -- [10] email data quality (a prospect: no line, so nothing downstream depends on it)
    (10, 'email_dq', null, null, 'sent', ago(60, '08:00:00'), campaign_of(60)),
    (10, 'email_dq', null, null, 'delivered', ago(60, '08:00:05'), campaign_of(60)),
    -- an event type outside the seven known ones
    (10, 'email_dq', null, null, 'forwarded', ago(59, '09:10:00'), campaign_of(60)),
    -- an exact duplicate event (same event_id, every column equal)
    (10, 'email_dq', null, 'dup_event', 'opened', ago(58, '10:00:00'), campaign_of(60)),
    (10, 'email_dq', null, 'dup_event', 'opened', ago(58, '10:00:00'), campaign_of(60)),
    -- the same event_id twice with a different event_at (the later wins)
    (10, 'email_dq', null, 'dup_event_later', 'clicked', ago(58, '12:00:00'), campaign_of(60)),
    (10, 'email_dq', null, 'dup_event_later', 'clicked', ago(58, '12:05:00'), campaign_of(60)),
    -- unparseable event_at
    (10, 'email_dq', null, null, 'opened', 'yesterday', campaign_of(60)),
    (10, 'email_dq', null, null, 'delivered', '2025-13-01 09:00:00', campaign_of(60)),
    -- an unknown customer
    (10, null, unknown_cid(2), null, 'sent', ago(30, '08:00:00'), campaign_of(30))
) as v (block, code, customer_literal, id_group, event_type, event_at, campaign_id);
