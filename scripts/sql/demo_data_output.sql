-- =====================================================================================
-- Demo data generator, part 6: the six raw tables as text (views out_<table>), in the
-- column order of the public raw contract, plus the sort keys (_o1, _o2) the driver
-- writes them in.
-- Empty fields are NULL (written as an empty CSV field).
-- =====================================================================================

-- ----- customers ----------------------------------------------------------------------------
create or replace view out_customers as
with versions as (
    -- every record once; ~3 % of bulk customers (and the edge customer 'versioned') a
    -- second time with a later updated_at, after a move and a new phone format
    select p.*, 1 as version from cust_profile as p
    union all
    select p.*, 2 as version from cust_profile as p
    where (not p.is_edge and u(p.n, 'second_version') < 0.03) or p.edge_code = 'versioned'
),

dated as (
    select
        v.*,
        d.created_day,
        day_ts(d.created_day, 8 * 3600 + floor(u(v.n, 'created_tod') * 12 * 3600)) as created_ts
    from versions as v
    inner join cust_dates as d on v.n = d.n
),

first_update as (
    select
        *,
        created_ts + to_seconds(cast(floor(u(n, 'updated') * greatest(getvariable('history_days') - created_day, 1) * 86400) as bigint))
            as first_updated_ts
    from dated
),

updated as (
    select
        *,
        -- the second version is updated later, at the latest at the end of the data
        case
            when version = 2 then first_updated_ts + to_seconds(cast(60 + floor(u(n, 'updated_v2')
                * greatest(epoch(day_ts(last_day(), 0)) - epoch(first_updated_ts), 3600)) as bigint))
            else first_updated_ts
        end as updated_ts,
        -- version 2 moved (new street number) and has its phone written another way
        case when version = 2 then 'v2' else '' end as vkey
    from first_update
),

addressed as (
    -- the address of the person's household (addr_n: the household's first member, or
    -- the person); people living with others keep it in both versions
    select
        *,
        street_number_of(addr_n, case when in_household then '' else vkey end) as street_number,
        street_of(addr_n, case when in_household then '' else vkey end, country) as street,
        complement_of(addr_n) as complement
    from updated
),

primaries as (
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
)

select * from primaries
union all
-- duplicate records of bulk persons (scripts/sql/demo_data_identity.sql), after every
-- person in customer_id order
select
    cid(rec_no), source_system, first_name, last_name, email, phone, address_line, postal_code, city,
    country_code, email_opt_in, sms_opt_in, created_at, updated_at, rec_no, 1
from dup_records;

-- ----- business lines (one exact duplicate row) ----------------------------------------------
create or replace view out_business_lines as
select business_line, industry, line_idx as _o1, 1 as _o2 from lines
union all
-- [edge] an exact duplicate row of a line
select business_line, industry, line_idx, 2 from lines where industry = 'retail';

-- ----- transactions -------------------------------------------------------------------------
set variable tx_id_width = (
    select greatest(8, length(cast((select count(*) from tx_bulk) + (select count(*) from edge_tx_spec) as varchar))));

create or replace view out_transactions as
with bulk as (
    select
        'T' || lpad(cast(t.tx_num as varchar), getvariable('tx_id_width'), '0') as transaction_id,
        -- the person's record, or the duplicate record the row was entered under
        cid(coalesce(o.owner, t.n)) as customer_id,
        l.business_line,
        fmt_ts(day_ts(t.d, t.sec), u2(t.tx_num, t.n, 'ts_fmt')) as transaction_at,
        fmt_amount(t.amount, u2(t.tx_num, t.n, 'amount_fmt')) as amount,
        fmt_currency(u2(t.tx_num, t.n, 'currency_fmt')) as currency,
        t.channel,
        t.tx_num as _o1,
        -- bulk exact duplicates: ~0.1 % of the rows delivered twice by the feed
        unnest(case when u2(t.tx_num, t.n, 'replayed') < 0.001 then [1, 2] else [1] end) as _o2
    from tx_bulk as t
    inner join lines as l on t.line_idx = l.line_idx
    left join tx_owner as o on t.tx_num = o.tx_num
),

edge_numbered as (
    select
        s.*,
        row_number() over (order by s.block, s.code, s.transaction_at, s.amount, s.business_line, s.customer_literal, s.currency) as r
    from edge_tx_spec as s
),

edge_grouped as (
    select
        *,
        min(r) over (partition by coalesce(id_group, 'row ' || cast(r as varchar))) as group_r
    from edge_numbered
),

edge as (
    select
        'T' || lpad(cast((select count(*) from tx_bulk) + dense_rank() over (order by group_r) as varchar), getvariable('tx_id_width'), '0') as transaction_id,
        coalesce(cid(e.n), g.customer_literal) as customer_id,
        g.business_line,
        g.transaction_at,
        g.amount,
        g.currency,
        g.channel,
        (select count(*) from tx_bulk) + g.group_r as _o1,
        g.r as _o2
    from edge_grouped as g
    left join edge_codes as e on g.code = e.code
)

select * from bulk
union all
select * from edge;

-- ----- email events --------------------------------------------------------------------------
create or replace table email_numbered as
select
    *,
    row_number() over (order by
        ((cast(epoch(event_ts) as hugeint) * 4294967296 + n) * 65536 + m) * 8 + type_no) as event_num
from email_bulk
where cast(event_ts as date) <= day_date(last_day());

set variable event_id_width = (
    select greatest(7, length(cast((select count(*) from email_numbered) + (select count(*) from edge_email_spec) as varchar))));

create or replace view out_email_events as
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
    'E' || lpad(cast(email_numbered.event_num as varchar), getvariable('event_id_width'), '0') as event_id,
    cid(email_numbered.n) as customer_id,
    email_numbered.event_type,
    fmt_ts(email_numbered.event_ts, u3(email_numbered.n, m, email_numbered.type_no, 'event_fmt')) as event_at,
    c.campaign_id,
    event_num as _o1,
    1 as _o2
from email_numbered
inner join campaigns as c using (m)
union all
select
    'E' || lpad(cast((select count(*) from email_numbered) + dense_rank() over (order by g.group_r) as varchar), getvariable('event_id_width'), '0'),
    coalesce(cid(e.n), g.customer_literal),
    g.event_type,
    g.event_at,
    g.campaign_id,
    (select count(*) from email_numbered) + g.group_r,
    g.r
from edge_grouped as g
left join edge_codes as e on g.code = e.code;

-- ----- usage events ---------------------------------------------------------------------------
create or replace view out_usage_events as
select
    cid(coalesce(so.owner, ub.n)) as customer_id,
    l.business_line,
    fmt_ts(day_ts(ub.d, ub.sec), u4(ub.n, ub.span_no, ub.i, 'x', 'used_fmt')) as used_at,
    ((((cast(ub.d as hugeint) * 86400 + cast(ub.sec as bigint)) * 4294967296 + ub.n) * 4 + ub.span_no) * 65536 + ub.i) as _o1,
    1 as _o2
from usage_bulk as ub
inner join lines as l on ub.line_idx = l.line_idx
left join sub_span_owner as so on ub.n = so.n and ub.line_idx = so.line_idx and ub.span_no = so.span_no
where ub.d <= last_day()
union all
select
    coalesce(cid(e.n), s.customer_literal),
    s.business_line,
    s.used_at,
    cast(last_day() + 1 as hugeint) * 86400 * 4294967296 * 4 * 65536,
    row_number() over (order by s.block, s.code, s.used_at, s.business_line, s.customer_literal)
from edge_usage_spec as s
left join edge_codes as e on s.code = e.code;

-- ----- contracts --------------------------------------------------------------------------------
set variable contract_id_width = (
    select greatest(6, length(cast((select count(*) from lease_contracts_bulk) + (select count(*) from edge_contracts) as varchar))));

create or replace view out_contracts as
with bulk as (
    select
        *,
        row_number() over (order by start_date, n, contract_no) as contract_num
    from lease_contracts_bulk
),

edge_numbered as (
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
    'LC' || lpad(cast(contract_num as varchar), getvariable('contract_id_width'), '0') as contract_id,
    cid(n) as customer_id,
    'car_lease' as business_line,
    fmt_date(start_date, u3(n, contract_no, 'start', 'date_fmt')) as started_at,
    fmt_date(end_date, u3(n, contract_no, 'end', 'date_fmt')) as ends_at,
    contract_num as _o1,
    1 as _o2
from bulk
union all
select
    'LC' || lpad(cast((select count(*) from lease_contracts_bulk) + dense_rank() over (order by g.group_r) as varchar), getvariable('contract_id_width'), '0'),
    coalesce(cid(e.n), g.customer_literal),
    'car_lease',
    strftime(g.start_date, '%Y-%m-%d'),
    strftime(g.end_date, '%Y-%m-%d'),
    (select count(*) from lease_contracts_bulk) + g.group_r,
    g.r
from edge_grouped as g
left join edge_codes as e on g.code = e.code;
