-- =====================================================================================
-- Scale data generator, part 1: the population (persons, records, households, lines,
-- activity spans, lease contracts, email recipients). Run by
-- scripts/generate_scale_data.py after the demo generator's scripts/sql/demo_data_common.sql
-- (deterministic randomness u*/z*, formatting helpers, name and city lists, table `lines`)
-- and scripts/sql/demo_data_edge_cases.sql (the explicit edge-case rows and customers,
-- numbered after the n_customers bulk persons; customer_id_width, dup_id_base()).
--
-- Variables (SET VARIABLE by the driver): seed, as_of, history_days, tail_days,
-- n_customers (bulk persons), horizon_days (activity spans run until this day, beyond
-- the data, so that a later day can be generated with the same model: --append-day).
--
-- Differences from the demo generator, all for speed at 10^7-10^8 rows (no
-- per-person rounds of collision checks, no window over all transactions):
--   * names, postal codes, phone numbers and email addresses come from spaces large
--     enough for millions of persons: ~1,300 last names (the demo's list plus composed
--     French-sounding names), ~100-1,000 postal codes per city, phone digits unique
--     per person by construction (an affine bijection modulo 10^8), email local parts
--     made unique by a rank within their base form (as the demo does);
--   * households are pairs of consecutive persons (anchor n odd, housemate n + 1);
--   * every attribute of a person is a pure function of (seed, n, purpose), so that a
--     housemate reads its anchor's address without a join;
--   * ~35 % prospects (the demo: 15 %), so that a person has ~12 transactions and the
--     data ~N/10 customer records and ~2N email events for N transactions;
--   * typos and moves only on duplicate records without an email (a customer spanning
--     two emails keeps a link between records of each: the project's identity test).
-- As in the demo, two persons never share a folded last name and postal code with alike
-- first names (4 rounds of redraws), so no unrelated records are merged.
-- =====================================================================================

create or replace macro horizon() as cast(getvariable('horizon_days') as integer);
create or replace macro n_persons() as cast(getvariable('n_customers') as bigint);

-- ----- person attributes (pure functions of n) -------------------------------------------
create or replace macro name_prefixes() as [
    'Bou', 'Char', 'Del', 'Fer', 'Gar', 'Lav', 'Mar', 'Per', 'Rou', 'Tes', 'Val', 'Ber', 'Cha',
    'Dan', 'Fou', 'Gir', 'Jou', 'Lem', 'Mon', 'Pas', 'Ren', 'Sal', 'Tho', 'Vig', 'Bar', 'Col',
    'Dur', 'Gau', 'Lan', 'Mau', 'Bel', 'Cour', 'Duc', 'Fla', 'Guil', 'Hu', 'Lar', 'Mic', 'Pel',
    'Roch'];
create or replace macro name_suffixes() as [
    'ard', 'eau', 'ier', 'in', 'et', 'on', 'ot', 'and', 'ault', 'el', 'ès', 'ieux', 'y', 'aud',
    'elin', 'enne', 'ois', 'ain', 'eron', 'illon', 'ant', 'ouin', 'ac', 'as', 'ert', 'ange',
    'ourd', 'ez', 'iot', 'ollet'];
create or replace macro country_of(n) as case
    when u(n, 'country') < 0.90 then 'FR'
    when u(n, 'country') < 0.95 then 'BE'
    when u(n, 'country') < 0.98 then 'CH'
    else 'LU'
end;
create or replace macro place_of(n, country) as case country
    when 'FR' then pick(fr_cities(), pow(u(n, 'city'), 1.7))
    when 'BE' then pick(be_cities(), u(n, 'city'))
    when 'CH' then pick(ch_cities(), u(n, 'city'))
    else pick(lu_cities(), u(n, 'city'))
end;
-- Postal codes from a wide range per city: the city's department (FR: 1,000 codes) or
-- hundred (BE, CH, LU: 100 codes); every code fits its country's pattern.
create or replace macro scale_postal(country, place, x) as case country
    when 'FR' then lpad(cast(cast(place.p // 1000 * 1000 + floor(x * 1000) as bigint) as varchar), 5, '0')
    else cast(cast(place.p // 100 * 100 + floor(x * 100) as bigint) as varchar)
end;
create or replace macro is_female_of(n) as u(n, 'gender') < 0.52;
create or replace macro first_name_of(n) as case
    when is_female_of(n) then pick(female_first_names(), u(n, 'first_name'))
    else pick(male_first_names(), u(n, 'first_name'))
end;
create or replace macro last_name_of(n) as case
    when u(n, 'last_name_kind') < 0.35 then pick(last_names(), pow(u(n, 'last_name'), 1.3))
    else pick(name_prefixes(), pow(u(n, 'last_name'), 1.2)) || pick(name_suffixes(), u(n, 'last_name_suffix'))
end;
-- 8 digits unique per person (n < 10^8): an affine bijection modulo 10^8.
create or replace macro phone_digits_of(n) as
    lpad(cast((n * 73939133 + hash(getvariable('seed'), 'phone_offset') % 100000000) % 100000000 as varchar), 8, '0');
-- Households: ~8 % of the odd-numbered bulk persons are anchors living with person n + 1.
create or replace macro is_anchor(n) as
    n % 2 = 1 and n + 1 <= n_persons() and u(n, 'household') < 0.08;
create or replace macro anchor_of(n) as case
    when n <= n_persons() and n % 2 = 0 and is_anchor(n - 1) then n - 1
    else n
end;
-- A French anchor whose household shares a landline (about half of them).
create or replace macro shares_landline(a) as country_of(a) = 'FR' and u(a, 'household_landline') < 0.55;
create or replace macro own_lead_digit(n) as case
    when u(n, 'mobile') < 0.65 then pick(['6', '7'], u(n, 'mobile_prefix'))
    else pick(['1', '2', '3', '4', '5', '9'], u(n, 'landline_prefix'))
end;

-- ----- persons: bulk 1..P, edge cases P+1..P+n_edge, one record without id ------------------
-- Two folded first names a matcher could take for one ('lea'/'leo', 'jean'/'jeanluc'):
-- within one typo, or a Jaro-Winkler similarity of 0.8 or more (the project's rule is
-- 0.85 on its own normalisation: a margin).
create or replace macro scale_alike(a, b) as damerau_levenshtein(a, b) <= 1 or jaro_winkler_similarity(a, b) >= 0.8;
-- The first names a housemate of someone called `anchor` may have, per pool: F and M
-- (another initial, at least 3 edits away, not alike), T for a twin (the same initial,
-- not alike) and X (either gender, another initial: a twin's fallback).
create or replace table housemate_names as
with names as (
    select unnest(female_first_names()) as nm, 'F' as pool
    union all
    select unnest(male_first_names()), 'M'
),

anchors as (select distinct nm as anchor from names)

select a.anchor, p.pool, list(n.nm order by n.nm) as allowed
from anchors as a
cross join (values ('F'), ('M'), ('T'), ('X')) as p (pool)
inner join names as n on p.pool in ('T', 'X') or n.pool = p.pool
where not scale_alike(fold(n.nm), fold(a.anchor))
    and damerau_levenshtein(fold(n.nm), fold(a.anchor)) >= 3
    and case when p.pool = 'T' then left(fold(n.nm), 1) = left(fold(a.anchor), 1)
             else left(fold(n.nm), 1) <> left(fold(a.anchor), 1) end
group by all;

-- (a table, not range() directly: a table scan runs on every thread)
create or replace table person_numbers as
select range as n from range(1, n_persons() + getvariable('n_edge') + 2);

create or replace table persons_base as
with base as (
    select
        t.n,
        t.n > n_persons() as is_edge,
        t.n > n_persons() + getvariable('n_edge') as is_missing_id,
        e.code as edge_code,
        anchor_of(t.n) as addr_n,
        case
            when u(t.n, 'source') < 0.40 then 'crm'
            when u(t.n, 'source') < 0.70 then 'web'
            when u(t.n, 'source') < 0.90 then 'store'
            else 'after_sales'
        end as source_system
    from person_numbers as t
    left join edge_codes as e on t.n = e.n
),

roled as (
    select
        *,
        case
            when addr_n = n then case when is_anchor(n) then 'anchor' else 'single' end
            when u(addr_n, 'household_kind') < 0.12 then 'twin'
            when u(addr_n, 'household_kind') < 0.37 then 'child'
            else 'spouse'
        end as role,
        country_of(addr_n) as country,
        first_name_of(addr_n) as anchor_first_name,
        last_name_of(addr_n) as anchor_last_name
    from base
),

named as (
    select
        *,
        place_of(addr_n, country) as place,
        scale_postal(country, place_of(addr_n, country), u(addr_n, 'postal')) as postal,
        case role
            when 'twin' then u(n, 'gender') < 0.5
            when 'spouse' then case when u(n, 'household_gender') < 0.85 then not is_female_of(addr_n) else is_female_of(addr_n) end
            else is_female_of(n)
        end as is_female,
        case
            when role = 'twin' then anchor_last_name
            when role = 'child' and u(n, 'household_last_name') < 0.90 then anchor_last_name
            when role = 'spouse' and u(n, 'household_last_name') < 0.75 then anchor_last_name
            when role in ('anchor', 'single') then anchor_last_name
            else last_name_of(n)
        end as last_name
    from roled
),

pooled as (
    select
        *,
        case when role = 'twin' then 'T' when is_female then 'F' else 'M' end as pool
    from named
),

first_named as (
    -- a housemate's first name is unlike the anchor's (housemate_names)
    select
        p.*,
        case
            when p.role in ('anchor', 'single') then p.anchor_first_name
            else coalesce(pick(h.allowed, u(p.n, 'household_first_name')), pick(x.allowed, u(p.n, 'household_first_name')))
        end as first_name,
        phone_digits_of(p.n) as own_digits,
        case
            when p.role = 'anchor' and shares_landline(p.n) then pick(['1', '2', '3', '4', '5', '9'], u(p.n, 'landline_prefix'))
            when p.role not in ('anchor', 'single') and shares_landline(p.addr_n) then pick(['6', '7'], u(p.n, 'mobile_prefix'))
            else own_lead_digit(p.n)
        end as own_lead
    from pooled as p
    left join housemate_names as h on p.role not in ('anchor', 'single') and h.anchor = p.anchor_first_name and h.pool = p.pool
    left join housemate_names as x on p.role = 'twin' and x.anchor = p.anchor_first_name and x.pool = 'X'
),

phoned as (
    select
        *,
        -- ~60 % of the housemates of a landline household give the landline
        role not in ('anchor', 'single') and shares_landline(addr_n) and u(n, 'household_same_line') < 0.6 as phone_copy
    from first_named
)

select
    * exclude (own_digits, own_lead, anchor_first_name, anchor_last_name),
    case when phone_copy then phone_digits_of(addr_n) else own_digits end as digits,
    case when phone_copy then pick(['1', '2', '3', '4', '5', '9'], u(addr_n, 'landline_prefix')) else own_lead end as lead_digit,
    case
        when country <> 'FR' and u(n, 'local_domain') < 0.4 then
            case country
                when 'BE' then pick(['skynet.be', 'telenet.be', 'proximus.be'], u(n, 'domain'))
                when 'CH' then pick(['bluewin.ch', 'sunrise.ch'], u(n, 'domain'))
                else pick(['pt.lu', 'internet.lu'], u(n, 'domain'))
            end
        else pick(fr_email_domains(), pow(u(n, 'domain'), 1.5))
    end as domain,
    u(n, 'email_missing') < case when source_system = 'store' then 0.10 else 0.03 end as email_missing,
    u(n, 'email_opt_in') < 0.62 as email_opt_in,
    u(n, 'sms_opt_in') < 0.40 as sms_opt_in,
    u(n, 'prospect') < 0.35 and not is_edge as is_prospect,
    role <> 'single' and not is_edge as in_household,
    fold(last_name) as fl
from phoned;

-- No accidental look-alikes (as the demo): two persons with the same folded last name
-- and postal code never have alike first names. Rounds: of each clashing pair, the
-- person of lower priority (edge cases first, then households, then by number) draws
-- another first name (a housemate under its household's constraint).
create or replace table names_cur as
select
    n, addr_n, role, pool, is_edge, fl, postal, first_name, fold(first_name) as ff,
    case when is_edge then 0 when in_household then 1 else 2 end as prio,
    -- the housemate (anchor n <-> n + 1), whose name a redraw must stay unlike
    case when role = 'single' or is_edge then null when role = 'anchor' then n + 1 else addr_n end as mate_n
from persons_base;

create or replace macro name_round(r) as table
with losers as (
    select distinct case when b.prio < a.prio then a.n else b.n end as n
    from names_cur as a
    inner join names_cur as b on a.fl = b.fl and a.postal = b.postal and a.n < b.n
    where scale_alike(a.ff, b.ff) and not (a.is_edge and b.is_edge)
),

redrawn as (
    select
        c.n,
        case
            when c.role = 'single' or c.is_edge then
                pick(case when c.pool = 'F' then female_first_names() else male_first_names() end, u2(c.n, r, 'first_name_redraw'))
            else coalesce(
                pick(h.allowed, u2(c.n, r, 'first_name_redraw')),
                pick(x.allowed, u2(c.n, r, 'first_name_redraw')))
        end as first_name
    from names_cur as c
    inner join losers as l on c.n = l.n
    -- the housemate's current name (an equi-join: never a nested loop)
    left join names_cur as o on o.n = c.mate_n
    left join housemate_names as h on h.anchor = o.first_name
        and h.pool = case when c.role = 'twin' then 'T' when c.role = 'anchor' then case when c.pool = 'F' then 'F' else 'M' end else c.pool end
    left join housemate_names as x on x.anchor = o.first_name and x.pool = 'X'
)

select c.* replace (coalesce(d.first_name, c.first_name) as first_name, coalesce(fold(d.first_name), c.ff) as ff)
from names_cur as c
left join redrawn as d on c.n = d.n;

create or replace table names_next as from name_round(1);
create or replace table names_cur as from names_next;
create or replace table names_next as from name_round(2);
create or replace table names_cur as from names_next;
create or replace table names_next as from name_round(3);
create or replace table names_cur as from names_next;
create or replace table names_next as from name_round(4);
create or replace table names_cur as from names_next;

-- Email local parts, built from the names, unique across persons (as the demo: the
-- first keeps the base form, the next ones get 2..9, then 1000 + rank; edge cases first).
create or replace table persons as
with named as (
    select
        p.* replace (c.first_name as first_name),
        regexp_replace(strip_accents(lower(c.first_name)), '[^a-z-]', '', 'g') as email_first,
        regexp_replace(strip_accents(lower(p.last_name)), '[^a-z-]', '', 'g') as email_last
    from persons_base as p
    inner join names_cur as c on p.n = c.n
),

formed as (
    select
        *,
        case
            when u(n, 'email_form') < 0.45 then email_first || '.' || email_last
            when u(n, 'email_form') < 0.60 then left(email_first, 1) || email_last
            when u(n, 'email_form') < 0.75 then email_first || '.' || email_last || lpad(cast(hash(getvariable('seed'), n, 'email_num') % 100 as varchar), 2, '0')
            when u(n, 'email_form') < 0.85 then email_first || email_last
            when u(n, 'email_form') < 0.93 then email_last || '.' || email_first
            else email_first || '_' || email_last
        end as base_local
    from named
),

ranked as (
    select
        *,
        row_number() over (partition by base_local order by is_edge desc, n) as local_rank
    from formed
)

select
    * exclude (base_local, local_rank, email_first, email_last),
    case
        when local_rank = 1 then base_local
        when local_rank <= 9 then base_local || cast(local_rank as varchar)
        else base_local || cast(1000 + local_rank as varchar)
    end as email_local
from ranked;

drop table persons_base;
drop table names_next;
drop table person_numbers;

-- People per folded last name and postal code: a duplicate record's typo or move must not
-- create a look-alike of someone else.
create or replace table name_crowd as
select fl, postal, count(*) as persons
from persons
group by all;

-- ----- lines and activity spans (the demo's patterns) ----------------------------------------
-- Lines per customer: weighted sampling without replacement (exponential keys), 1-3 lines.
create or replace table cust_lines as
with drawn as (
    select
        n,
        case
            when u(n, 'n_lines') < 0.78 then 1
            when u(n, 'n_lines') < 0.97 then 2
            else 3
        end as n_lines,
        list_sort([
            {'k': -ln(1 - u2(n, 1, 'line_pick')) / 0.58, 'line_idx': 1},
            {'k': -ln(1 - u2(n, 2, 'line_pick')) / 0.14, 'line_idx': 2},
            {'k': -ln(1 - u2(n, 3, 'line_pick')) / 0.20, 'line_idx': 3},
            {'k': -ln(1 - u2(n, 4, 'line_pick')) / 0.05, 'line_idx': 4}
        ]) as keys
    from persons
    where not is_edge and not is_prospect
),

picked as (
    select n, unnest(list_slice(keys, 1, n_lines)).line_idx as line_idx
    from drawn
)

select
    p.n,
    p.line_idx,
    l.industry,
    l.dormant_days,
    u2(p.n, p.line_idx, 'pattern') as pu
from picked as p
inner join lines as l on p.line_idx = l.line_idx;

-- A span is a period during which the customer buys / uses the line (demo patterns:
-- active, churned, returning after a gap of 1-2x the dormant threshold, new, recent).
-- Ongoing spans run until horizon(), past the end of the data.
create or replace table spans as
with patterned as (
    select
        *,
        getvariable('history_days') as h,
        horizon() as t,
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
)

select n, line_idx, industry, pattern, 1 as span_no, s1 as s, least(e1, t) as e
from bounded
union all
select n, line_idx, industry, pattern, 2 as span_no, cast(e1 + ceil(dormant_days * (1 + ug)) as integer) as s, t as e
from bounded
where pattern = 'returning' and e1 + ceil(dormant_days * (1 + ug)) <= t;

-- Lease contracts (demo): first contract from two years before the history start until
-- a month before as-of, 24/36/48 months, 6 % open-ended; 35 % renew right away, 15 %
-- come back 1-3 years later. Only contracts started by the end of the base data exist
-- (the contracts file is not appended to).
create or replace table lease_contracts as
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
),

all_contracts as (
    select n, line_idx, contract_no, start_date, end_date, is_open_ended
    from first_dated
    union all
    select
        n, line_idx, contract_no, start_date,
        case when not is_open_ended then cast(start_date + to_months(months) - interval 1 day as date) end,
        is_open_ended
    from second_contract
)

select
    *,
    cast(start_date - hist_start() as integer) as s,
    cast(coalesce(end_date, day_date(horizon())) - hist_start() as integer) as e,
    round(189 + 560 * u3(n, line_idx, contract_no, 'lease_rent'), 0)
        - case when u3(n, line_idx, contract_no, 'rent_cents') < 0.5 then 0.01 else 0 end as rent
from all_contracts
where start_date <= day_date(last_day());

-- First and last activity day of each bulk person, and the creation day of every record
-- of a person (demo: up to 4 months before the first activity; prospects any time;
-- edge cases long before the history start).
create or replace table person_dates as
with activity as (
    select n, min(first_day) as first_day, max(last_active_day) as last_active_day
    from (
        select n, s as first_day, least(e, getvariable('history_days')) as last_active_day from spans
        union all
        select n, s, least(e, getvariable('history_days')) from lease_contracts
    )
    group by n
)

select
    p.n,
    cast(case
        when p.is_edge then -800 - floor(u(p.n, 'created') * 200)
        when a.first_day is not null then a.first_day - 1 - floor(u(p.n, 'created') * 120)
        else floor(u(p.n, 'created') * (last_day() + 730)) - 730
    end as integer) as created_day,
    a.n is not null as is_active,
    coalesce(a.last_active_day, 0) as last_active_day
from persons as p
left join activity as a on p.n = a.n;

-- ----- duplicate records (demo part 5, section 4, without the collision rounds) -------------
-- dup_count(n) extra records (~12 % of the bulk persons, 1 to 3) in as many other source
-- systems, numbered after every person in a hashed order.
create or replace table dup_base as
with others as (
    select
        p.n,
        s.sys,
        row_number() over (partition by p.n order by hash(getvariable('seed'), p.n, s.sys, 'dup_system'), s.sys) as k
    from persons as p
    cross join (select unnest(['crm', 'web', 'store', 'after_sales']) as sys) as s
    where not p.is_edge and dup_count(p.n) > 0 and s.sys <> p.source_system
),

numbered as (
    select
        n,
        k,
        sys as source_system,
        dup_id_base() + row_number() over (order by hash(getvariable('seed'), n, k, 'dup_id'), n, k) as rec_no,
        -- ~0.5 % share nothing with the person's first record (unlinkable by design)
        u2(n, k, 'unlinkable') < 0.005 as unlinkable
    from others
    where k <= dup_count(n)
)

select
    d.*,
    p.* exclude (n, source_system),
    c.created_day as person_created_day,
    day_ts(c.created_day, 8 * 3600 + floor(u(d.n, 'created_tod') * 12 * 3600)) as person_created_ts,
    not p.email_missing as person_has_email,
    u2(d.n, case when u(d.n, 'second_version') < 0.03 then 'v2' else '' end, 'phone_missing') >= 0.05
        and (p.country <> 'FR' or p.lead_digit in ('6', '7')) as person_has_mobile,
    case
        when d.unlinkable then case when d.source_system = 'web' or u2(d.n, d.k, 'email_kind') < 0.5 then 'changed' else 'missing' end
        when u2(d.n, d.k, 'email_kind') < case d.source_system
            when 'store' then 0.50 when 'after_sales' then 0.15 when 'crm' then 0.08 else 0 end then 'missing'
        when u2(d.n, d.k, 'email_kind') < case d.source_system
            when 'store' then 0.56 when 'after_sales' then 0.21 when 'crm' then 0.14 else 0.06 end then 'changed'
        else 'same'
    end as email_kind,
    not d.unlinkable and u2(d.n, d.k, 'phone_missing') >= case d.source_system
        when 'store' then 0.30 when 'web' then 0.20 when 'crm' then 0.10 else 0.05 end as has_phone
from numbered as d
inner join persons as p on d.n = p.n
inner join person_dates as c on d.n = c.n;

-- The duplicate records as the source systems write them (demo variations).
create or replace table dup_records as
with flagged as (
    select
        *,
        (email_kind = 'same' and person_has_email) or (has_phone and person_has_mobile) as linked
    from dup_base
),

candidates as (
    select
        *,
        -- moves (~8 % of the linked duplicates without an email, and the unlinkable ones):
        -- another city. Typos and moves stay off records holding an email: a customer
        -- spanning two emails must keep a link between records of each (the project's
        -- identity test), which the name rules only give on equal names and postal codes.
        unlinkable or (linked and email_kind = 'missing' and u2(n, k, 'moved') < 0.08) as wants_move,
        case country
            when 'FR' then pick(fr_cities(), pow(u2(n, k, 'move_city'), 1.7))
            when 'BE' then pick(be_cities(), u2(n, k, 'move_city'))
            when 'CH' then pick(ch_cities(), u2(n, k, 'move_city'))
            else pick(lu_cities(), u2(n, k, 'move_city'))
        end as move_place,
        -- a one-letter typo in the first name (~10 % of the other linked duplicates without
        -- an email), close
        -- enough to be recognised
        typo(first_name, u2(n, k, 'typo_pos'), u2(n, k, 'typo_kind'), u2(n, k, 'typo_letter')) as typo_name
    from flagged
),

moved as (
    select
        c.*,
        -- a move to a place where someone has that last name is cancelled; so is a typo
        -- where someone else has it
        c.wants_move and m.fl is null and scale_postal(c.country, c.move_place, u2(c.n, c.k, 'move_postal')) <> c.postal
            as is_moved,
        not c.unlinkable and c.linked and c.email_kind = 'missing' and not c.wants_move and u2(c.n, c.k, 'typo') < 0.10
            and jaro_winkler_similarity(fold(c.typo_name), fold(c.first_name)) >= 0.9
            and h.persons = 1 as has_typo
    from candidates as c
    left join name_crowd as m
        on m.fl = fold(c.last_name) and m.postal = scale_postal(c.country, c.move_place, u2(c.n, c.k, 'move_postal'))
    left join name_crowd as h on h.fl = fold(c.last_name) and h.postal = c.postal
),

placed as (
    select
        *,
        case when is_moved then move_place else place end as rec_place
    from moved
),

dated as (
    select
        *,
        case when is_moved then scale_postal(country, rec_place, u2(n, k, 'move_postal')) else postal end as rec_postal,
        case when is_moved then street_number_of(rec_no, 'moved') else street_number_of(addr_n, '') end as rec_number,
        case when is_moved then street_of(rec_no, 'moved', country) else street_of(addr_n, '', country) end as rec_street,
        case when is_moved then '' else complement_of(addr_n) end as rec_complement,
        greatest(person_created_ts, day_ts(
            least(
                person_created_day + floor(u2(n, k, 'created') * greatest(
                    case when person_created_day < getvariable('history_days') then getvariable('history_days') else last_day() end
                    - person_created_day, 0)),
                last_day()),
            8 * 3600 + floor(u2(n, k, 'created_tod') * 12 * 3600))) as created_ts
    from placed
),

timed as (
    select
        *,
        cast(cast(created_ts as date) - hist_start() as integer) as created_day,
        created_ts + to_seconds(cast(86400 + floor(u2(n, k, 'updated')
            * greatest(epoch(day_ts(last_day(), 0)) - epoch(created_ts) - 86400, 0)) as bigint)) as updated_ts
    from dated
),

named as (
    select
        *,
        case
            when has_typo then typo_name
            when strpos(first_name, '-') > 0 and u2(n, k, 'first_hyphen') < 0.5 then replace(first_name, '-', ' ')
            when strip_accents(first_name) <> first_name and u2(n, k, 'first_accents') < 0.4 then strip_accents(first_name)
            else first_name
        end as first_written,
        case
            when source_system = 'store' and u2(n, k, 'last_case') < 0.45 then upper(last_name)
            when source_system = 'store' and u2(n, k, 'last_case') < 0.65 then upper(strip_accents(last_name))
            when source_system = 'crm' and u2(n, k, 'last_case') < 0.10 then upper(last_name)
            when u2(n, k, 'last_case') >= 0.85 then strip_accents(last_name)
            when strpos(last_name, '-') > 0 and u2(n, k, 'last_case') >= 0.65 then replace(last_name, '-', ' ')
            else last_name
        end as last_written,
        case
            when country <> 'FR' then rec_street
            when u2(n, k, 'abbreviate') < 0.55 then abbreviate_street(rec_street, u2(n, k, 'abbreviation_form'))
            else rec_street
        end as street_written,
        case when u2(n, k, 'complement_dropped') < 0.5 then '' else rec_complement end as complement_written
    from timed
),

addressed as (
    select
        *,
        case
            when country = 'FR' then rec_number || ' ' || street_written || complement_written
            when country = 'LU' then rec_number || ', ' || lower(left(street_written, 1)) || substr(street_written, 2)
            else street_written || ' ' || rec_number
        end as address_plain
    from named
)

select
    rec_no,
    n,
    k,
    source_system,
    created_day,
    case
        when source_system = 'web' and u2(n, k, 'first_case') < 0.10 then lower(first_written)
        when source_system = 'store' and u2(n, k, 'first_case') < 0.25 then upper(first_written)
        else first_written
    end as first_name,
    last_written as last_name,
    case email_kind
        when 'missing' then null
        when 'changed' then email_local || '@' || pick(list_filter(
            ['wanadoo.fr', 'orange.fr', 'free.fr', 'club-internet.fr', 'aol.fr', 'neuf.fr'], dm -> dm <> domain), u2(n, k, 'old_domain'))
        else case
            when u2(n, k, 'email_form') < 0.40 then email_local || '@' || domain
            when u2(n, k, 'email_form') < 0.52 then upper(email_local || '@' || domain)
            when u2(n, k, 'email_form') < 0.60 then upper(left(email_local, 1)) || substr(email_local, 2) || '@' || domain
            when u2(n, k, 'email_form') < 0.66 then ' ' || email_local || '@' || domain || ' '
            when u2(n, k, 'email_form') < 0.70 then email_local || '@' || domain || ' '
            when u2(n, k, 'email_form') < 0.92 then email_local || '+'
                || pick(['promo', 'shop', 'news', 'boutique', 'sav', 'fidelite'], u2(n, k, 'email_tag')) || '@' || domain
            else upper(email_local || '+' || pick(['promo', 'shop', 'news'], u2(n, k, 'email_tag')) || '@' || domain)
        end
    end as email,
    case when has_phone then fmt_phone(country, lead_digit, digits, cast(floor(u2(n, k, 'phone_form') * 7) as integer)) end as phone,
    case
        when u2(n, k, 'address_missing') < case source_system when 'store' then 0.20 else 0.10 end then null
        when source_system = 'store' and u2(n, k, 'address_case') < 0.40 then upper(address_plain)
        when u2(n, k, 'address_case') < 0.08 then upper(address_plain)
        when u2(n, k, 'address_case') < 0.22 then strip_accents(address_plain)
        when u2(n, k, 'address_case') < 0.32 then trim(regexp_replace(regexp_replace(address_plain, '[,.''-]', ' ', 'g'), ' +', ' ', 'g'))
        else address_plain
    end as address_line,
    case
        when country = 'FR' and u2(n, k, 'postal_form') < 0.03 then left(rec_postal, 2) || ' ' || substr(rec_postal, 3)
        when country = 'LU' and u2(n, k, 'postal_form') < 0.5 then 'L-' || rec_postal
        else rec_postal
    end as postal_code,
    case
        when source_system = 'store' and u2(n, k, 'city_case') < 0.4 then upper(rec_place.c)
        when u2(n, k, 'city_case') >= 0.9 then strip_accents(rec_place.c)
        else rec_place.c
    end as city,
    case when country = 'FR' and u2(n, k, 'country_case') < 0.03 then 'fr' else country end as country_code,
    fmt_flag(case when u2(n, k, 'email_consent') < 0.9 then email_opt_in else not email_opt_in end,
        source_system, u2(n, k, 'email_opt_in_fmt')) as email_opt_in,
    fmt_flag(case when u2(n, k, 'sms_consent') < 0.9 then sms_opt_in else not sms_opt_in end,
        source_system, u2(n, k, 'sms_opt_in_fmt')) as sms_opt_in,
    fmt_ts(created_ts, u2(n, k, 'created_fmt')) as created_at,
    fmt_ts(updated_ts, u2(n, k, 'updated_fmt')) as updated_at
from addressed;

-- Which duplicate record activity is entered under (demo): fashion_store refunds and
-- exchanges under the after-sales record, store purchases under the store record, web
-- and app purchases under the web record (from the record's creation on, ~90 % of the
-- rows); a streaming_plus subscription taken after the web record exists is billed and
-- used under it. One row per person with duplicates.
create or replace table dup_owner as
select
    n,
    max(case when source_system = 'after_sales' then rec_no end) as as_rec,
    max(case when source_system = 'after_sales' then created_day end) as as_day,
    max(case when source_system = 'store' then rec_no end) as store_rec,
    max(case when source_system = 'store' then created_day end) as store_day,
    max(case when source_system = 'web' then rec_no end) as web_rec,
    max(case when source_system = 'web' then created_day end) as web_day
from dup_records
group by n;

-- The spans again, with the person's duplicate records (the streams carry them, so that
-- the output needs no join: a join under the big sorts kept DuckDB from spilling).
create or replace table spans as
select s.*, o.* exclude (n)
from spans as s
left join dup_owner as o on s.n = o.n;

-- ----- email recipients (demo): bulk persons with an email and an explicit opt-in ---------
-- Campaign m (one a month, CMP-YYYY-MM) is sent on day campaign_day(m).
create or replace macro campaign_date(m) as
    cast(date_trunc('month', hist_start()) + to_months(cast(m as integer))
        + to_days(cast(2 + floor(u(m, 'campaign_day') * 6) as integer)) as date);
create or replace macro campaign_day(m) as cast(campaign_date(m) - hist_start() as integer);
create or replace macro month_of_day(d) as
    cast(date_diff('month', date_trunc('month', hist_start()), day_date(d)) as bigint);

create or replace table campaigns as
select
    m,
    'CMP-' || strftime(campaign_date(m), '%Y-%m') as campaign_id,
    campaign_day(m) as cday,
    -- whole seconds as an integer: event times are integer seconds, days are es // 86400
    cast(8 * 3600 + floor(u(m, 'campaign_tod') * 3 * 3600) as bigint) as csec
from range(0, month_of_day(horizon()) + 2) as t (m)
where campaign_day(m) >= 0;

create or replace table email_recipients as
with eligible as (
    select
        p.n,
        d.created_day,
        -- prospects stay engaged for a while after signing up
        case when d.is_active then d.last_active_day else d.created_day + 120 end as last_active_day,
        0.06 + 0.55 * pow(u(p.n, 'open_propensity'), 1.2) as open_p,
        u(p.n, 'bad_email') < 0.02 as has_bad_email,
        month_of_day(d.created_day) as m_created
    from persons as p
    inner join person_dates as d on p.n = d.n
    where not p.is_edge
        and not p.email_missing
        and p.email_opt_in
        and u(p.n, 'email_opt_in_fmt') >= 0.04  -- written, not empty (see fmt_flag)
),

first_campaign as (
    select
        *,
        greatest(case when campaign_day(m_created) >= created_day then m_created else m_created + 1 end, 0) as m_first
    from eligible
)

select
    *,
    -- mailings stop after an unsubscription or a complaint (geometric, ~0.45 % a
    -- campaign); a hard-bouncing address is suppressed after two sends
    case
        when has_bad_email then m_first + 1
        else m_first + cast(floor(ln(1 - u(n, 'unsubscribe_after')) / ln(1 - 0.0045)) as bigint)
    end as m_stop
from first_campaign;
