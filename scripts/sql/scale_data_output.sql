-- =====================================================================================
-- Scale data generator, part 3: the six raw tables as text, in the columns of the raw
-- contract, with the sort keys (_o1, _o2, ...) the driver writes them in.
--
-- Delivery: a row dated day d is delivered on day d + late, late = 0 for ~99 % of the
-- rows and 1-7 days for the others (late arrivals). The base files hold the rows
-- delivered by the last day of the data; --append-day holds those delivered the next
-- day. Identifiers are functions of the row's keys (not row numbers), so a row has the
-- same id whichever run writes it:
--   transaction_id 'T' + ((((n * 8 + line) * 4 + span) * 4 + kind) * 8192 + i + 1)
--   event_id       'E' + ((n * 1024 + campaign) * 8 + event type)
--   contract_id    'LC' + (n * 4 + contract number)
-- and the edge-case rows (scripts/sql/demo_data_edge_cases.sql) get 'TE', 'EE', 'LCE' ids.
-- =====================================================================================

create or replace macro tx_key(n, line_idx, span_no, kind, i) as
    (((cast(n as bigint) * 8 + line_idx) * 4 + span_no) * 4 + kind) * 8192 + (i + 1);
set variable tx_id_width = length(cast(tx_key(n_persons() + 1, 7, 3, 3, 8190) as varchar));
set variable event_id_width = length(cast((n_persons() + 1) * 8192 + 8191 as varchar));
set variable tx_id_base = cast(pow(10, getvariable('tx_id_width')) as bigint);
set variable event_id_base = cast(pow(10, getvariable('event_id_width')) as bigint);
set variable contract_id_width = greatest(6, length(cast((n_persons() + 1) * 4 + 3 as varchar)));
-- A timestamp from seconds since the history start, and its raw-feed text (fmt_ts of
-- demo_data_common.sql; its first, most frequent form as a cheap cast).
set variable hist_epoch = cast(epoch(cast(hist_start() as timestamp)) as bigint);
create or replace macro ts_of(sec) as make_timestamp(cast((getvariable('hist_epoch') + sec) * 1000000 as bigint));
create or replace macro fast_fmt_ts(ts, x) as case when x < 0.950 then cast(ts as varchar) else fmt_ts(ts, x) end;
set variable line_names = (select list(business_line order by line_idx) from lines);
-- Campaign ids by campaign number (a list lookup instead of a join).
set variable campaign_ids = (
    select list('CMP-' || strftime(campaign_date(m), '%Y-%m') order by m)
    from range(0, (select max(m) + 1 from campaigns)) as t (m));
-- Days late: ~1 % of the rows arrive 1 to 7 days after their date.
create or replace macro late_days(key, p) as
    case when u(key, p || ':late') < 0.01 then 1 + cast(floor(u(key, p || ':late_days') * 7) as integer) else 0 end;
-- The delivery filter: rows dated within 8 days of del_hi get a lateness, older ones
-- were delivered long ago (cheap: the hash is only computed near the end).
create or replace macro delivered(key, p, d, del_lo, del_hi) as
    d + case when d > del_hi - 8 then late_days(key, p) else 0 end between del_lo and del_hi;

-- ----- transactions ----------------------------------------------------------------------
create or replace macro tx_rows(lo, hi, del_lo, del_hi) as table
with keyed as (
    select
        t.*,
        tx_key(t.n, t.line_idx, t.span_no, t.kind, t.i) as k
    from tx_events(lo, hi) as t
),

delivered_rows as (
    select * from keyed where delivered(k, 'tx', d, del_lo, del_hi)
),

owned as (
    -- the record the row was entered under: the person's, or a duplicate record's
    select
        t.*,
        coalesce(case
            when t.line_idx = 3 and t.s > t.web_day then t.web_rec
            when t.line_idx = 1 and u(t.k, 'owner') < 0.9 then coalesce(
                case when t.amount <= 0 and t.d > t.as_day then t.as_rec end,
                case when t.channel = 'store' and t.d > t.store_day then t.store_rec end,
                case when t.channel in ('web', 'app') and t.d > t.web_day then t.web_rec end)
        end, t.n) as owner
    from delivered_rows as t
)

select
    k,
    d,
    sec,
    'T' || substr(cast(k + getvariable('tx_id_base') as varchar), 2) as transaction_id,
    -- a few rejects: an unknown customer, an impossible date, a currency not accepted
    case when u(k, 'reject') < 0.0001 then cid(owner) || 'X' else cid(owner) end as customer_id,
    getvariable('line_names')[t.line_idx] as business_line,
    case when u(k, 'reject') between 0.0001 and 0.0002
        then strftime(day_date(d), '%Y-%m-') || '32' || strftime(day_ts(d, sec), ' %H:%M:%S')
        else fast_fmt_ts(ts_of(d * 86400 + sec), u(k, 'ts_fmt')) end as transaction_at,
    fmt_amount(amount, u(k, 'amount_fmt')) as amount,
    case when u(k, 'reject') between 0.0002 and 0.0003 then 'USD' else fmt_currency(u(k, 'currency_fmt')) end as currency,
    channel,
    -- ~0.1 % of the rows delivered twice by the feed (exact duplicates)
    unnest(case when u(k, 'replayed') < 0.001 then [1, 2] else [1] end) as copy_no
from owned as t;

-- Re-sent rows (append day): ~0.05 % of the rows of the last 7 days (the default
-- incremental lookback: older re-sends need a --full-refresh) delivered again
-- with the same transaction_id and a later transaction_at (the later one wins).
create or replace macro tx_resent(day) as table
with keyed as (
    select t.*, tx_key(t.n, t.line_idx, t.span_no, t.kind, t.i) as k
    from tx_events(day - 7, day - 1) as t
),

picked as (
    select *, 3600 + floor(u(k, 'resend_delay') * 5 * 3600) as delay
    from keyed
    where u(k, 'resend') < 0.0005
        and u(k, 'reject') >= 0.0003
        and delivered(k, 'tx', d, -1000000, day - 1)
)

select
    k,
    d,
    sec,
    'T' || substr(cast(k + getvariable('tx_id_base') as varchar), 2) as transaction_id,
    cid(coalesce(case
        when t.line_idx = 3 and t.s > t.web_day then t.web_rec
        when t.line_idx = 1 and u(t.k, 'owner') < 0.9 then coalesce(
            case when t.amount <= 0 and t.d > t.as_day then t.as_rec end,
            case when t.channel = 'store' and t.d > t.store_day then t.store_rec end,
            case when t.channel in ('web', 'app') and t.d > t.web_day then t.web_rec end)
    end, t.n)) as customer_id,
    getvariable('line_names')[t.line_idx] as business_line,
    fast_fmt_ts(ts_of(d * 86400 + sec + delay), u(k, 'ts_fmt')) as transaction_at,
    fmt_amount(amount, u(k, 'amount_fmt')) as amount,
    fmt_currency(u(k, 'currency_fmt')) as currency,
    channel,
    3 as copy_no
from picked as t;

-- Edge-case transactions (demo), after the bulk rows.
create or replace view edge_transactions as
with edge_numbered as (
    select
        s.*,
        row_number() over (order by s.block, s.code, s.transaction_at, s.amount, s.business_line, s.customer_literal, s.currency) as r
    from edge_tx_spec as s
),

edge_grouped as (
    select *, min(r) over (partition by coalesce(id_group, 'row ' || cast(r as varchar))) as group_r
    from edge_numbered
)

select
    'TE' || lpad(cast(dense_rank() over (order by g.group_r) as varchar), 6, '0') as transaction_id,
    coalesce(cid(e.n), g.customer_literal) as customer_id,
    g.business_line,
    g.transaction_at,
    g.amount,
    g.currency,
    g.channel,
    g.group_r as _o1,
    g.r as _o2
from edge_grouped as g
left join edge_codes as e on g.code = e.code;

-- ----- email events ---------------------------------------------------------------------------
create or replace macro email_out(lo, hi, del_lo, del_hi) as table
select
    ev.es,
    (cast(ev.n as bigint) * 1024 + ev.m) * 8 + ev.type_no as k,
    'E' || substr(cast((cast(ev.n as bigint) * 1024 + ev.m) * 8 + ev.type_no + getvariable('event_id_base') as varchar), 2) as event_id,
    cid(ev.n) as customer_id,
    ev.event_type,
    fast_fmt_ts(ts_of(ev.es), u3(ev.n, ev.m, ev.type_no, 'event_fmt')) as event_at,
    getvariable('campaign_ids')[ev.m + 1] as campaign_id
from email_rows(lo, hi) as ev
where delivered((cast(ev.n as bigint) * 1024 + ev.m) * 8 + ev.type_no, 'email', ev.d, del_lo, del_hi);

create or replace view edge_email_events as
with edge_numbered as (
    select
        s.*,
        row_number() over (order by s.block, s.code, s.event_at, s.event_type, s.customer_literal) as r
    from edge_email_spec as s
),

edge_grouped as (
    select *, min(r) over (partition by coalesce(id_group, 'row ' || cast(r as varchar))) as group_r
    from edge_numbered
)

select
    'EE' || lpad(cast(dense_rank() over (order by g.group_r) as varchar), 6, '0') as event_id,
    coalesce(cid(e.n), g.customer_literal) as customer_id,
    g.event_type,
    g.event_at,
    g.campaign_id,
    g.group_r as _o1,
    g.r as _o2
from edge_grouped as g
left join edge_codes as e on g.code = e.code;

-- ----- usage events -----------------------------------------------------------------------------
create or replace macro usage_out(lo, hi, del_lo, del_hi) as table
with keyed as (
    select
        ub.*,
        ((cast(ub.n as bigint) * 4 + ub.span_no) * 65536 + ub.i) * 8 + ub.line_idx as k
    from usage_rows(lo, hi) as ub
    where delivered(((cast(ub.n as bigint) * 4 + ub.span_no) * 65536 + ub.i) * 8 + ub.line_idx, 'usage', ub.d, del_lo, del_hi)
)

select
    ub.d,
    ub.sec,
    ub.k,
    cid(case when ub.s > ub.web_day then ub.web_rec else ub.n end) as customer_id,
    getvariable('line_names')[ub.line_idx] as business_line,
    fast_fmt_ts(ts_of(ub.d * 86400 + ub.sec), u(ub.k, 'used_fmt')) as used_at
from keyed as ub;

create or replace view edge_usage_events as
select
    coalesce(cid(e.n), s.customer_literal) as customer_id,
    s.business_line,
    s.used_at,
    row_number() over (order by s.block, s.code, s.used_at, s.business_line, s.customer_literal) as _o1
from edge_usage_spec as s
left join edge_codes as e on s.code = e.code;

-- ----- customers ------------------------------------------------------------------------------
create or replace view out_customers as
with versions as (
    -- every record once; ~3 % of bulk persons (and the edge customer 'versioned') a
    -- second time with a later updated_at, after a move and a new phone format
    select p.*, 1 as version from persons as p
    union all
    select p.*, 2 as version from persons as p
    where (not p.is_edge and u(p.n, 'second_version') < 0.03) or p.edge_code = 'versioned'
),

dated as (
    select
        v.*,
        d.created_day,
        day_ts(d.created_day, 8 * 3600 + floor(u(v.n, 'created_tod') * 12 * 3600)) as created_ts
    from versions as v
    inner join person_dates as d on v.n = d.n
),

updated as (
    select
        *,
        created_ts + to_seconds(cast(floor(u(n, 'updated') * greatest(getvariable('history_days') - created_day, 1) * 86400) as bigint))
            as first_updated_ts,
        case when version = 2 then 'v2' else '' end as vkey
    from dated
),

addressed as (
    select
        *,
        case
            when version = 2 then first_updated_ts + to_seconds(cast(60 + floor(u(n, 'updated_v2')
                * greatest(epoch(day_ts(last_day(), 0)) - epoch(first_updated_ts), 3600)) as bigint))
            else first_updated_ts
        end as updated_ts,
        -- people living with others keep the household's address in both versions
        street_number_of(addr_n, case when in_household then '' else vkey end) as street_number,
        street_of(addr_n, case when in_household then '' else vkey end, country) as street,
        complement_of(addr_n) as complement
    from updated
)

select
    case when is_missing_id then null else cid(n) end as customer_id,
    source_system,
    case when source_system = 'web' and u(n, 'first_name_case') < 0.04 then lower(first_name) else first_name end as first_name,
    case
        when source_system = 'store' and u(n, 'last_name_case') < 0.6 then upper(last_name)
        when source_system = 'crm' and u(n, 'last_name_case') < 0.1 then upper(last_name)
        else last_name
    end as last_name,
    case
        when email_missing then null
        when edge_code = 'versioned' and version = 1 then email_local || '@wanadoo.fr'  -- old address
        when u(n, 'email_case') < 0.02 then upper(email_local || '@' || domain)
        else email_local || '@' || domain
    end as email,
    case
        when u2(n, vkey, 'phone_missing') < 0.05 then null
        when country = 'BE' then '+32 4' || substr(digits, 1, 2) || ' ' || substr(digits, 3, 2) || ' ' || substr(digits, 5, 2) || ' ' || substr(digits, 7, 2)
        when country = 'CH' then '+41 7' || substr(digits, 1, 1) || ' ' || substr(digits, 2, 3) || ' ' || substr(digits, 5, 2) || ' ' || substr(digits, 7, 2)
        when country = 'LU' then '+352 6' || substr(digits, 1, 2) || ' ' || substr(digits, 3, 3) || ' ' || substr(digits, 6, 3)
        when u2(n, vkey, 'phone_form') < 0.40 then '0' || lead_digit || ' ' || substr(digits, 1, 2) || ' ' || substr(digits, 3, 2) || ' ' || substr(digits, 5, 2) || ' ' || substr(digits, 7, 2)
        when u2(n, vkey, 'phone_form') < 0.60 then '+33 ' || lead_digit || ' ' || substr(digits, 1, 2) || ' ' || substr(digits, 3, 2) || ' ' || substr(digits, 5, 2) || ' ' || substr(digits, 7, 2)
        when u2(n, vkey, 'phone_form') < 0.80 then '0' || lead_digit || digits
        when u2(n, vkey, 'phone_form') < 0.92 then '0' || lead_digit || '.' || substr(digits, 1, 2) || '.' || substr(digits, 3, 2) || '.' || substr(digits, 5, 2) || '.' || substr(digits, 7, 2)
        else '+33' || lead_digit || digits
    end as phone,
    case
        when u(n, 'address_missing') < 0.02 then null
        when country = 'FR' and source_system = 'store' and u(n, 'address_case') < 0.4 then upper(street_number || ' ' || street || complement)
        when country = 'FR' then street_number || ' '
            || replace(replace(street,
                'boulevard ', case when u(n, 'abbreviation') < 0.2 then 'bd ' else 'boulevard ' end),
                'avenue ', case when u(n, 'abbreviation') < 0.2 then 'av. ' else 'avenue ' end)
            || complement
        when country = 'LU' then street_number || ', ' || lower(left(street, 1)) || substr(street, 2)
        else street || ' ' || street_number
    end as address_line,
    case when country = 'LU' and u(n, 'lu_postal') < 0.6 then 'L-' else '' end || postal as postal_code,
    place.c as city,
    case when country = 'FR' and u(n, 'country_case') < 0.02 then 'fr' else country end as country_code,
    fmt_flag(email_opt_in, source_system, u(n, 'email_opt_in_fmt')) as email_opt_in,
    fmt_flag(sms_opt_in, source_system, u(n, 'sms_opt_in_fmt')) as sms_opt_in,
    fmt_ts(created_ts, u(n, 'created_fmt')) as created_at,
    fmt_ts(updated_ts, u2(n, version, 'updated_fmt')) as updated_at,
    n as _o1,
    version as _o2
from addressed
union all
-- duplicate records of bulk persons, numbered after every person
select
    cid(rec_no), source_system, first_name, last_name, email, phone, address_line, postal_code, city,
    country_code, email_opt_in, sms_opt_in, created_at, updated_at, rec_no, 1
from dup_records;

-- The customer records a CRM re-sends on day d (--append-day): the latest version of ~0.1 %
-- of the bulk persons' records (at least ~20, for small sizes), each with a later
-- updated_at on day d and one change: half withdraw their email consent, a quarter their SMS
-- consent, a quarter give their email consent again, written the way their source system
-- writes flags (fmt_flag: ~4 % stay empty). Match keys do not change, so the identity
-- groups stay those of the base data; every changed record is staged, normalised and
-- resolved again. No new record: every person's record already exists in the base data.
create or replace macro customers_changed(d) as table
with latest as (
    select *
    from out_customers
    where _o1 <= n_persons()
        and u2(_o1, d, 'customer_change') < greatest(0.001, 20.0 / n_persons())
    qualify row_number() over (partition by _o1 order by _o2 desc) = 1
)

select
    customer_id, source_system, first_name, last_name, email, phone, address_line, postal_code, city,
    country_code,
    case
        when u2(_o1, d, 'change_kind') < 0.50 then fmt_flag(false, source_system, u(_o1, 'email_opt_in_fmt'))
        when u2(_o1, d, 'change_kind') >= 0.75 then fmt_flag(true, source_system, u(_o1, 'email_opt_in_fmt'))
        else email_opt_in
    end as email_opt_in,
    case
        when u2(_o1, d, 'change_kind') >= 0.50 and u2(_o1, d, 'change_kind') < 0.75
            then fmt_flag(false, source_system, u(_o1, 'sms_opt_in_fmt'))
        else sms_opt_in
    end as sms_opt_in,
    created_at,
    fmt_ts(day_ts(d, 6 * 3600 + floor(u2(_o1, d, 'change_tod') * 16 * 3600)), u2(_o1, d, 'change_fmt')) as updated_at,
    _o1
from latest;

-- ----- business lines (one exact duplicate row) ------------------------------------------------
create or replace view out_business_lines as
select business_line, industry, line_idx as _o1, 1 as _o2 from lines
union all
select business_line, industry, line_idx, 2 from lines where industry = 'retail';

-- ----- contracts ---------------------------------------------------------------------------------
create or replace view out_contracts as
with edge_numbered as (
    select
        s.*,
        row_number() over (order by s.block, s.code, s.start_date, s.end_date, s.customer_literal) as r
    from edge_contracts as s
),

edge_grouped as (
    select *, min(r) over (partition by coalesce(id_group, 'row ' || cast(r as varchar))) as group_r
    from edge_numbered
)

select
    'LC' || lpad(cast(cast(n as bigint) * 4 + contract_no as varchar), getvariable('contract_id_width'), '0') as contract_id,
    cid(n) as customer_id,
    'car_lease' as business_line,
    fmt_date(start_date, u3(n, contract_no, 'start', 'date_fmt')) as started_at,
    fmt_date(end_date, u3(n, contract_no, 'end', 'date_fmt')) as ends_at,
    0 as _o1,
    s as _o2,
    cast(n as bigint) * 4 + contract_no as _o3
from lease_contracts
union all
select
    'LCE' || lpad(cast(dense_rank() over (order by g.group_r) as varchar), 6, '0'),
    coalesce(cid(e.n), g.customer_literal),
    'car_lease',
    strftime(g.start_date, '%Y-%m-%d'),
    strftime(g.end_date, '%Y-%m-%d'),
    1,
    g.group_r,
    g.r
from edge_grouped as g
left join edge_codes as e on g.code = e.code;
