-- =====================================================================================
-- Demo data generator, part 5: identity. One person may be entered several times across
-- the source systems (crm, web, store, after_sales); people live together; namesakes
-- exist. This part
--   1. groups ~8 % of the bulk persons into households (spouse, adult child, twins);
--   2. plans a few dozen namesakes (same first and last name, another postal code);
--   3. removes accidental look-alikes: two different persons never share a folded last
--      name and postal code with first names within one typo, an email local part or a
--      phone number (the edge-case customers keep their values, the others give way);
--   4. writes ~12 % of the bulk persons again, 1 to 3 times, in other source systems
--      (dup_records), with the variations of real data, and moves some of their activity
--      to those records (tx_owner, sub_span_owner);
--   5. keeps the truth: person and household of every customer_id (truth).
-- It rewrites cust_profile (the person attributes the output part formats) and adds
-- addr_n (whose address the person lives at), in_household and postal (without 'L-').
-- =====================================================================================

-- ----- helpers ------------------------------------------------------------------------
create or replace macro first_names_of(pool) as case pool
    when 'F' then female_first_names()
    when 'M' then male_first_names()
    else list_concat(female_first_names(), male_first_names())
end;
-- Two folded first names a matcher could take for one ('lea'/'leo', 'clement'/'clemence'):
-- within one typo, or a Jaro-Winkler similarity of 0.8 or more.
create or replace macro alike(a, b) as damerau_levenshtein(a, b) <= 1 or jaro_winkler_similarity(a, b) >= 0.8;
-- A first name of the pool unlike every name of `avoid` (the housemates'): another initial,
-- an edit distance of at least 3 once folded, not alike.
create or replace macro housemate_first_name(pool, x, avoid) as coalesce(
    pick(list_filter(first_names_of(pool), nm -> len(list_filter(avoid, a ->
        left(fold(a), 1) = left(fold(nm), 1) or damerau_levenshtein(fold(a), fold(nm)) < 3
        or alike(fold(a), fold(nm)))) = 0), x),
    pick(first_names_of(pool), x));
-- A twin's first name: the same initial as the other twin's, an edit distance of at least
-- 3, not alike.
create or replace macro twin_first_name(twin, x) as coalesce(
    pick(list_filter(first_names_of('A'), nm -> left(fold(nm), 1) = left(fold(twin), 1)
        and damerau_levenshtein(fold(nm), fold(twin)) >= 3 and not alike(fold(nm), fold(twin))), x),
    housemate_first_name('A', x, [twin]));
create or replace macro phone_key(country, lead, digits) as
    country || ':' || case when country = 'FR' then lead else '' end || digits;

-- ----- 1. households ------------------------------------------------------------------
-- ~8 % of the bulk persons (never an edge case, never a planned namesake), taken in a
-- hashed order and grouped by two (every tenth group by three); the first of a group is
-- its anchor, whose address everybody shares.
create or replace table hh_groups as
with picked as (
    select n, row_number() over (order by hash(getvariable('seed'), n, 'household_order'), n) as r
    from cust_profile
    where not is_edge and u(n, 'household') < 0.08 and u(n, 'namesake') >= 0.012
),

grouped as (
    select n, r, (r - 1) // 21 * 10 + least(((r - 1) % 21) // 2, 9) as hh_no
    from picked
)

select
    n,
    hh_no,
    row_number() over (partition by hh_no order by r) as pos,
    count(*) over (partition by hh_no) as hh_size,
    first_value(n) over (partition by hh_no order by r) as anchor_n
from grouped
qualify count(*) over (partition by hh_no) >= 2;

create or replace table persons as
with roled as (
    select
        p.*,
        g.hh_no,
        coalesce(g.anchor_n, p.n) as addr_n,
        case
            when g.n is null then 'single'
            when g.pos = 1 then 'anchor'
            when g.hh_size = 3 then case when g.pos = 2 then 'spouse' else 'child' end
            when u(g.anchor_n, 'household_kind') < 0.12 then 'twin'
            when u(g.anchor_n, 'household_kind') < 0.37 then 'child'
            else 'spouse'
        end as role
    from cust_profile as p
    left join hh_groups as g on p.n = g.n
)

select
    r.* replace (
        a.country as country,
        a.place as place,
        -- spouses usually (unmarried couples not), adult children mostly, twins always
        -- carry the anchor's last name
        case
            when r.role = 'twin' then a.last_name
            when r.role = 'child' and u(r.n, 'household_last_name') < 0.90 then a.last_name
            when r.role = 'spouse' and u(r.n, 'household_last_name') < 0.75 then a.last_name
            else r.last_name
        end as last_name
    ),
    case
        when r.role = 'twin' then 'A'
        when r.role = 'spouse' and u(r.n, 'household_gender') < 0.85 then case when a.is_female then 'M' else 'F' end
        when r.role = 'spouse' then case when a.is_female then 'F' else 'M' end
        else case when r.is_female then 'F' else 'M' end
    end as pool,
    case when r.role not in ('single', 'anchor') then a.first_name end as anchor_first_name,
    r.role <> 'single' as in_household
from roled as r
-- the anchor (oneself for anchors and people living alone)
inner join cust_profile as a on r.addr_n = a.n;

-- First names of the housemates: spouses and twins first, then the adult children (who
-- must differ from both parents).
update persons set first_name = case role
    when 'twin' then twin_first_name(anchor_first_name, u(n, 'household_first_name'))
    else housemate_first_name(pool, u(n, 'household_first_name'), [anchor_first_name])
end
where role in ('spouse', 'twin');

update persons set first_name = housemate_first_name(pool, u(persons.n, 'household_first_name'), h.names)
from (
    select c.n, list(o.first_name order by o.n) as names
    from persons as c
    inner join persons as o on c.hh_no = o.hh_no and c.n <> o.n
    where c.role = 'child'
    group by c.n
) as h
where persons.n = h.n;

alter table persons add column postal varchar;
update persons set postal = postal_of(country, place, u(addr_n, 'postal'));

-- ----- 2. namesakes -------------------------------------------------------------------
-- ~1.2 % of the bulk persons living alone carry the first and last name of another bulk
-- person (any one) who lives at another postal code.
alter table persons add column namesake_of bigint;
update persons set first_name = s.first_name, last_name = s.last_name, pool = s.pool, namesake_of = s.n
from persons as s
where persons.role = 'single' and not persons.is_edge and u(persons.n, 'namesake') < 0.012
    and s.n = 1 + (hash(getvariable('seed'), persons.n, 'namesake_of') % getvariable('n_customers'))
    and s.n <> persons.n and s.postal <> persons.postal;

-- ----- 3. no accidental look-alikes -------------------------------------------------------
-- Two different persons with the same folded last name and postal code must not have
-- alike first names (more than one typo apart, Jaro-Winkler below 0.8). Rounds: of each clashing pair, the person of lower
-- priority (edge cases first, then namesakes, then households, then by number) draws
-- another first name (housemates and twins under their constraints).
create or replace table names_cur as
select
    n, is_edge, hh_no, role, pool, anchor_first_name, first_name, postal,
    fold(last_name) as fl,
    fold(first_name) as ff,
    case
        when is_edge then 0
        when namesake_of is not null or n in (select namesake_of from persons) then 1
        when in_household then 2
        else 3
    end as prio
from persons;

create or replace macro name_round(r) as table
with losers as (
    select distinct case when b.prio < a.prio then a.n else b.n end as n
    from names_cur as a
    inner join names_cur as b on a.fl = b.fl and a.postal = b.postal and a.n < b.n
    where alike(a.ff, b.ff) and not (a.is_edge and b.is_edge)
),

housemates as (
    select c.n, list(o.first_name order by o.n) as names
    from names_cur as c
    inner join names_cur as o on c.hh_no = o.hh_no and c.n <> o.n
    where c.n in (select n from losers)
    group by c.n
),

redrawn as (
    select
        c.n,
        case
            when c.role = 'twin' then twin_first_name(c.anchor_first_name, u2(c.n, r, 'first_name_redraw'))
            when c.hh_no is not null then housemate_first_name(c.pool, u2(c.n, r, 'first_name_redraw'), h.names)
            else pick(first_names_of(c.pool), u2(c.n, r, 'first_name_redraw'))
        end as first_name
    from names_cur as c
    inner join losers as l on c.n = l.n
    left join housemates as h on c.n = h.n
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
update persons set first_name = c.first_name from names_cur as c where persons.n = c.n;

-- Email local parts, built from the names (part 4), made unique: the edge cases keep
-- theirs; any other person whose local part is taken gets a number (2..9, then 1010..):
-- a local part ends in 0 digits, 1, 2 (form name.last + 2 digits), 3, 4 or 6, never
-- ambiguously, so that two persons never share an address whatever the domain.
create or replace table email_locals as
with base as (
    select
        n,
        is_edge,
        regexp_replace(strip_accents(lower(first_name)), '[^a-z-]', '', 'g') as ef,
        regexp_replace(strip_accents(lower(last_name)), '[^a-z-]', '', 'g') as el
    from persons
),

formed as (
    select
        n,
        is_edge,
        case
            when u(n, 'email_form') < 0.45 then ef || '.' || el
            when u(n, 'email_form') < 0.60 then left(ef, 1) || el
            when u(n, 'email_form') < 0.75 then ef || '.' || el || lpad(cast(hash(getvariable('seed'), n, 'email_num') % 100 as varchar), 2, '0')
            when u(n, 'email_form') < 0.85 then ef || el
            when u(n, 'email_form') < 0.93 then el || '.' || ef
            else ef || '_' || el
        end as base_local
    from base
),

ranked as (
    select
        *,
        count(*) filter (where is_edge) over (partition by base_local) as edges_in,
        row_number() over (partition by base_local order by is_edge desc, n) as rk
    from formed
)

select
    n,
    case
        when is_edge then base_local
        when rk - edges_in + case when edges_in > 0 then 1 else 0 end = 1 then base_local
        when rk - edges_in + case when edges_in > 0 then 1 else 0 end <= 9
            then base_local || cast(rk - edges_in + case when edges_in > 0 then 1 else 0 end as varchar)
        else base_local || cast(1000 + rk - edges_in + case when edges_in > 0 then 1 else 0 end as varchar)
    end as email_local
from ranked;

-- Phones. About half of the French households share a landline: the anchor's phone is
-- the landline, ~60 % of the others give it too, the rest their own mobile.
alter table persons add column phone_copy boolean default false;
update persons set lead_digit = case
    when lead_digit in ('6', '7') then pick(['1', '2', '3', '4', '5', '9'], u(n, 'landline_prefix'))
    else lead_digit end
where role = 'anchor' and country = 'FR' and u(n, 'household_landline') < 0.55;
update persons set
    phone_copy = u(persons.n, 'household_same_line') < 0.6,
    lead_digit = case when u(persons.n, 'household_same_line') < 0.6 then persons.lead_digit
                      else pick(['6', '7'], u(persons.n, 'mobile_prefix')) end
from persons as a
where persons.role not in ('single', 'anchor') and a.n = persons.addr_n
    and a.country = 'FR' and u(a.n, 'household_landline') < 0.55;

-- Every number once (edge cases keep theirs; the others draw again, three rounds), then
-- the housemates giving the household landline copy it.
create or replace macro phone_round(r) as table
with ranked as (
    select
        n,
        row_number() over (partition by phone_key(country, lead_digit, digits) order by is_edge desc, n) as rk
    from persons
    where not phone_copy
)

select
    n,
    lpad(cast(hash(getvariable('seed'), n, 'phone_digits', r) % 100000000 as varchar), 8, '0') as digits
from ranked
where rk > 1 and n <= getvariable('n_customers');

update persons set digits = d.digits from phone_round(1) as d where persons.n = d.n;
update persons set digits = d.digits from phone_round(2) as d where persons.n = d.n;
update persons set digits = d.digits from phone_round(3) as d where persons.n = d.n;
update persons set digits = a.digits, lead_digit = a.lead_digit
from persons as a
where persons.phone_copy and a.n = persons.addr_n;

-- The person attributes the output part formats.
create or replace table cust_profile as
select
    p.* replace (
        f.first_name as first_name,
        f.last_name as last_name,
        f.country as country,
        f.place as place,
        f.digits as digits,
        f.lead_digit as lead_digit,
        e.email_local as email_local
    ),
    f.addr_n,
    f.in_household,
    f.postal
from cust_profile as p
inner join persons as f on p.n = f.n
inner join email_locals as e on p.n = e.n;

-- ----- 4. duplicate records -------------------------------------------------------------
-- dup_count(n) extra records (part 1) in as many other source systems, numbered after
-- every person in a hashed order.
create or replace table dup_base as
with others as (
    select
        p.n,
        s.sys,
        row_number() over (partition by p.n order by hash(getvariable('seed'), p.n, s.sys, 'dup_system'), s.sys) as k
    from cust_profile as p
    cross join (select unnest(['crm', 'web', 'store', 'after_sales']) as sys) as s
    where dup_count(p.n) > 0 and s.sys <> p.source_system
),

numbered as (
    select
        n,
        k,
        sys as source_system,
        dup_id_base() + row_number() over (order by hash(getvariable('seed'), n, k, 'dup_id'), n, k) as rec_no,
        -- ~0.5 % share nothing with the person's first record (unlinkable by design)
        row_number() over (order by hash(getvariable('seed'), n, k, 'unlinkable'), n, k)
            <= ceil(0.005 * count(*) over ()) as unlinkable
    from others
    where k <= dup_count(n)
)

select
    d.*,
    p.* exclude (n, source_system),
    c.created_day as person_created_day,
    day_ts(c.created_day, 8 * 3600 + floor(u(d.n, 'created_tod') * 12 * 3600)) as person_created_ts,
    -- what the person's latest record (the one staging keeps) shows
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
inner join cust_profile as p on d.n = p.n
inner join cust_dates as c on d.n = c.n;

alter table dup_base add column linked boolean;
-- linked by the email or the mobile of the person's record (a typo or a move stays findable)
update dup_base set linked = (email_kind = 'same' and person_has_email) or (has_phone and person_has_mobile);

-- Moves (~4 % of the linked duplicates, and the unlinkable ones): another city of the
-- country, another postal code; cancelled when the destination already has a person of
-- that folded last name (no new look-alike).
create or replace table dup_moves as
with candidates as (
    select
        n,
        k,
        fold(last_name) as fl,
        postal as old_postal,
        country,
        case country
            when 'FR' then [pick(fr_cities(), pow(u2(n, k, 'move_city'), 1.7)), pick(fr_cities(), u2(n, k, 'move_city_2'))]
            when 'BE' then [pick(be_cities(), u2(n, k, 'move_city')), pick(be_cities(), u2(n, k, 'move_city_2'))]
            when 'CH' then [pick(ch_cities(), u2(n, k, 'move_city')), pick(ch_cities(), u2(n, k, 'move_city_2'))]
            else [pick(lu_cities(), u2(n, k, 'move_city')), pick(lu_cities(), u2(n, k, 'move_city_2'))]
        end as places
    from dup_base
    where unlinkable or (linked and u2(n, k, 'moved') < 0.04)
),

chosen as (
    select
        n, k, fl, country,
        case when postal_of(country, places[1], u2(n, k, 'move_postal')) <> old_postal then places[1] else places[2] end as place
    from candidates
),

placed as (
    select *, postal_of(country, place, u2(n, k, 'move_postal')) as postal
    from chosen
),

crowd as (
    select fl, postal, n from placed
    union
    select fold(last_name), postal, n from persons
)

select m.n, m.k, m.place, m.postal
from placed as m
inner join cust_profile as p on m.n = p.n
where m.postal <> p.postal
    and (select count(distinct c.n) from crowd as c where c.fl = m.fl and c.postal = m.postal) = 1;

-- Typos (~5 % of the linked duplicates that did not move), only where nobody else has
-- that folded last name at that postal code, and close enough to be recognised
-- (Jaro-Winkler >= 0.9: not on the shortest names).
create or replace table dup_typos as
select d.n, d.k, d.typo_name
from (
    select *, typo(first_name, u2(n, k, 'typo_pos'), u2(n, k, 'typo_kind'), u2(n, k, 'typo_letter')) as typo_name
    from dup_base
) as d
where d.linked and u2(d.n, d.k, 'typo') < 0.05
    and jaro_winkler_similarity(fold(d.typo_name), fold(d.first_name)) >= 0.9
    and not exists (select 1 from dup_moves as m where m.n = d.n and m.k = d.k)
    and not exists (
        select 1 from persons as o
        where o.n <> d.n and fold(o.last_name) = fold(d.last_name) and o.postal = d.postal)
    and not exists (
        select 1 from dup_moves as m
        where m.n <> d.n and fold(d.last_name) = (select fold(last_name) from persons where n = m.n) and m.postal = d.postal);

-- The records as the source systems write them.
create or replace table dup_records as
with flagged as (
    select
        d.*,
        m.n is not null as moved,
        t.n is not null as has_typo,
        t.typo_name,
        coalesce(m.place, d.place) as rec_place,
        coalesce(m.postal, d.postal) as rec_postal,
        case when m.n is not null then street_number_of(d.rec_no, 'moved') else street_number_of(d.addr_n, '') end as rec_number,
        case when m.n is not null then street_of(d.rec_no, 'moved', d.country) else street_of(d.addr_n, '', d.country) end as rec_street,
        case when m.n is not null then '' else complement_of(d.addr_n) end as rec_complement,
        least(
            d.person_created_day + floor(u2(d.n, d.k, 'created') * greatest(
                case when d.person_created_day < getvariable('history_days') then getvariable('history_days') else last_day() end
                - d.person_created_day, 0)),
            last_day()) as created_day_draw
    from dup_base as d
    left join dup_moves as m on d.n = m.n and d.k = m.k
    left join dup_typos as t on d.n = t.n and d.k = t.k
),

dated as (
    select
        *,
        greatest(person_created_ts, day_ts(created_day_draw, 8 * 3600 + floor(u2(n, k, 'created_tod') * 12 * 3600))) as created_ts
    from flagged
),

timed as (
    select
        *,
        cast(cast(created_ts as date) - hist_start() as integer) as created_day,
        -- updated at least a day later (a date-only updated_at never precedes created_at)
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
        -- the street written another way (French addresses), before the case and accents
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
    unlinkable,
    moved,
    has_typo,
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

-- Activity recorded under the duplicates, from their creation on (~90 % of the rows, as
-- the till or the site finds that record rather than the first one):
--   fashion_store refunds and exchanges under the after-sales record, store purchases
--   under the store record, web and app purchases under the web record; a streaming_plus
--   subscription taken after the web record exists is billed and used under it.
create or replace table sub_span_owner as
select sp.n, sp.line_idx, sp.span_no, w.rec_no as owner
from sub_spans as sp
inner join dup_records as w on sp.n = w.n and w.source_system = 'web' and sp.s > w.created_day;

create or replace table tx_owner as
select tx_num, owner
from (
    select
        t.tx_num,
        coalesce(
            so.owner,
            case when t.line_idx = 1 and u2(t.tx_num, t.n, 'owner') < 0.9 then coalesce(
                case when t.amount <= 0 and t.d > a.created_day then a.rec_no end,
                case when t.channel = 'store' and t.d > s.created_day then s.rec_no end,
                case when t.channel in ('web', 'app') and t.d > w.created_day then w.rec_no end
            ) end
        ) as owner
    from tx_bulk as t
    left join dup_records as a on t.n = a.n and a.source_system = 'after_sales'
    left join dup_records as s on t.n = s.n and s.source_system = 'store'
    left join dup_records as w on t.n = w.n and w.source_system = 'web'
    left join sub_span_owner as so on t.n = so.n and t.line_idx = so.line_idx and t.span_no = so.span_no
)
where owner is not null;

-- ----- 5. the truth ------------------------------------------------------------------------
-- Every customer_id with its person (P + the person's number) and household (H + the
-- number of its first member; the person's own number for people living alone).
create or replace table truth as
select
    cid(n) as customer_id,
    'P' || lpad(cast(n as varchar), getvariable('customer_id_width'), '0') as person_id,
    'H' || lpad(cast(addr_n as varchar), getvariable('customer_id_width'), '0') as household_id
from cust_profile
where not is_missing_id
union all
select
    cid(d.rec_no),
    'P' || lpad(cast(d.n as varchar), getvariable('customer_id_width'), '0'),
    'H' || lpad(cast(p.addr_n as varchar), getvariable('customer_id_width'), '0')
from dup_records as d
inner join cust_profile as p on d.n = p.n;

drop table names_cur;
drop table names_next;
