-- =====================================================================================
-- The three marts customer_rfm, customer_pmg and customer_lifecycle, written by hand as
-- one DuckDB SQL script: the reference the dbt project is benchmarked against
-- (benchmarks/run_benchmark.py). Same rules and same results as the dbt models (proved
-- row by row by tests/python/test_benchmark_tools.py), written for speed.
--
-- Inputs, set by the caller before running the script:
--   SET VARIABLE raw_dir   = '/abs/folder';   -- <table>.parquet of the six raw tables
--   SET VARIABLE as_of     = DATE '2026-06-30';
--   SET VARIABLE seeds_dir = '/abs/project/seeds/reference';  -- the reference seeds
-- Output: tables handwritten.customer_rfm, handwritten.customer_pmg,
-- handwritten.customer_lifecycle (the dbt marts' columns).
--
-- The other vars are dbt_project.yml's defaults, hard-coded: accepted currency EUR,
-- timestamp formats, 5 RFM bins (quantile), no RFM/PMG window, PMG shares 0.5/0.8,
-- new 90 days, reactivation 90 days, the four industries' thresholds, default country
-- FR, first-name similarity 0.85 (Jaro-Winkler), 10 grouping steps.
--
-- What makes it fast (compared with a model per step):
--   * one pass over each big raw table, typed only as far as the marts need;
--   * deduplication by id without sorting or grouping every row by its id text: rows
--     are grouped by the 64-bit hash of their id (a count, no payload); only the few
--     ids seen more than once go through the exact rule (latest timestamp, then the
--     raw row's JSON text, as the dbt base models do). Email events: only the
--     engaged rows (opened/clicked, ~10 %) and the rows sharing their ids are looked at;
--   * a cheap guard before the ISO-offset regular expression of parse_timestamp;
--   * customers are integers (the rank of their group's anchor record) from the
--     identity map on; transactions are rolled up per customer, line and day once,
--     and that rollup feeds the three marts;
--   * usage events need no deduplication (only min/max dates are used).
-- =====================================================================================

create schema if not exists handwritten;

-- ----- helpers ------------------------------------------------------------------------
-- parse_timestamp of macros/parsing/parse_timestamp.sql on already cleaned text: an ISO
-- offset is only possible when a + or - sits 3, 5 or 6 characters from the end
-- (w = the width of the offset, +hh / +hhmm / +hh:mm), and is applied by arithmetic.
create or replace temp macro hw_ts_offset(t, w) as case
    when cast(substr(right(t, w), 2, 2) as integer) <= 14
        and (w = 3 or cast(right(t, 2) as integer) <= 59)
        then try_cast(rtrim(left(t, length(t) - w)) as timestamp)
            - to_minutes((case when left(right(t, w), 1) = '-' then -1 else 1 end)
                * (cast(substr(right(t, w), 2, 2) as integer) * 60
                    + case when w = 3 then 0 else cast(right(t, 2) as integer) end))
end;
create or replace temp macro hw_ts(t) as case
    when (substr(t, -3, 1) in ('+', '-') or substr(t, -5, 1) in ('+', '-') or substr(t, -6, 1) in ('+', '-'))
        and regexp_matches(t, '^\d{4}-\d{1,2}-\d{1,2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*[+-]\d{2}(:?\d{2})?$')
        then hw_ts_offset(t, case when substr(t, -3, 1) in ('+', '-') then 3 when substr(t, -5, 1) in ('+', '-') then 5 else 6 end)
    when year(try_cast(t as timestamp)) between 1000 and 9999 then try_cast(t as timestamp)
    when year(try_strptime(t, ['%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y'])) between 1000 and 9999
        then try_strptime(t, ['%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y'])
    else coalesce(try_strptime(t, ['%d/%m/%y %H:%M:%S', '%d/%m/%y %H:%M', '%d/%m/%y']),
        case when right(t, 1) in ('Z', 'z') then try_cast(left(t, length(t) - 1) as timestamp) end)
end;
-- clean_text: trimmed text, empty as null (trim() only when there is a space to remove)
create or replace temp macro hw_text(x) as nullif(case
    when starts_with(cast(x as varchar), ' ') or ends_with(cast(x as varchar), ' ') then trim(cast(x as varchar))
    else cast(x as varchar) end, '');
-- a raw timestamp column: taken as it is when it arrives typed (DATE, TIMESTAMP), as
-- parse_timestamp does; parsed from its text otherwise
create or replace temp macro hw_ts_raw(x) as case
    when typeof(x) in ('DATE', 'TIMESTAMP', 'TIMESTAMP_S', 'TIMESTAMP_MS', 'TIMESTAMP_NS')
        then case when year(try_cast(x as timestamp)) between 1000 and 9999 then try_cast(x as timestamp) end
    else hw_ts(hw_text(x))
end;
-- parse_amount (spaces, non-breaking spaces removed, a lone decimal comma read as a point);
-- text without a space or a comma is cast directly; more than two decimals or an absurd
-- amount (var max_transaction_amount, 1e9) is not an amount
create or replace temp macro hw_amount_text(t) as case
    when strpos(t, ' ') = 0 and strpos(t, ',') = 0 and strpos(t, chr(160)) = 0 and strpos(t, chr(8239)) = 0 then t
    when strpos(replace(replace(replace(t, ' ', ''), chr(160), ''), chr(8239), ''), ',') > 0 and strpos(t, '.') = 0
        then replace(replace(replace(replace(t, ' ', ''), chr(160), ''), chr(8239), ''), ',', '.')
    else replace(replace(replace(t, ' ', ''), chr(160), ''), chr(8239), '')
end;
create or replace temp macro hw_amount(t) as case
    when try_cast(hw_amount_text(t) as double) = round(try_cast(hw_amount_text(t) as double), 2)
        and abs(try_cast(hw_amount_text(t) as double)) < 1000000000
        then try_cast(hw_amount_text(t) as decimal(18, 2))
end;
-- fold_accents of macros/contact/fold_accents.sql; plain ASCII text (byte length =
-- character length) is returned as is, which skips translate() for most values.
create or replace temp macro hw_fold(x) as case when strlen(x) = length(x) then x else
    replace(replace(replace(replace(replace(translate(x,
        'àâäáãåāèéêëēėęìíîïīįòóôöõøōùúûüūýÿçćčñńšśžźżÀÂÄÁÃÅĀÈÉÊËĒĖĘÌÍÎÏĪĮÒÓÔÖÕØŌÙÚÛÜŪÝŸÇĆČÑŃŠŚŽŹŻ',
        'aaaaaaaeeeeeeeiiiiiiooooooouuuuuyycccnnsszzzAAAAAAAEEEEEEEIIIIIIOOOOOOOUUUUUYYCCCNNSSZZZ'),
        'œ', 'oe'), 'Œ', 'OE'), 'æ', 'ae'), 'Æ', 'AE'), 'ß', 'ss') end;
create or replace temp macro hw_name(x) as nullif(trim(regexp_replace(upper(hw_fold(hw_text(x))), '[^A-Z0-9]+', ' ', 'g')), '');

-- regexp_matches(number, <pattern of the country with this calling code>) with the
-- patterns of seed country_contact_formats written as constants (a pattern read from a
-- column is compiled again for every row): phone_national_pattern and mobile_pattern.
create or replace temp macro hw_national_ok(calling_code, x) as case calling_code
    when '33' then regexp_matches(x, '^[1-9][0-9]{8}$')
    when '32' then regexp_matches(x, '^[1-9][0-9]{7,8}$')
    when '41' then regexp_matches(x, '^[1-9][0-9]{8}$')
    when '352' then regexp_matches(x, '^[2-9][0-9]{5,10}$')
    when '49' then regexp_matches(x, '^[1-9][0-9]{6,12}$')
    when '34' then regexp_matches(x, '^[6-9][0-9]{8}$')
    when '39' then regexp_matches(x, '^[03][0-9]{5,10}$')
    when '31' then regexp_matches(x, '^[1-9][0-9]{8}$')
    when '44' then regexp_matches(x, '^[1-9][0-9]{9}$')
    when '377' then regexp_matches(x, '^[4689][0-9]{7,8}$')
end;
create or replace temp macro hw_mobile_ok(calling_code, x) as case calling_code
    when '33' then regexp_matches(x, '^[67][0-9]{8}$')
    when '32' then regexp_matches(x, '^4[5-9][0-9]{7}$')
    when '41' then regexp_matches(x, '^7[5-9][0-9]{7}$')
    when '352' then regexp_matches(x, '^6[0-9]{8}$')
    when '49' then regexp_matches(x, '^1[5-7][0-9]{8,9}$')
    when '34' then regexp_matches(x, '^[67][0-9]{8}$')
    when '39' then regexp_matches(x, '^3[0-9]{8,9}$')
    when '31' then regexp_matches(x, '^6[0-9]{8}$')
    when '44' then regexp_matches(x, '^7[0-9]{9}$')
    when '377' then regexp_matches(x, '^6[0-9]{8}$')
end;

-- ----- reference data -------------------------------------------------------------------
create or replace temp table hw_country_formats as
select * from read_csv(getvariable('seeds_dir') || '/country_contact_formats.csv', header = true, all_varchar = true);
create or replace temp table hw_role_local_parts as
select local_part from read_csv(getvariable('seeds_dir') || '/email_role_local_parts.csv', header = true, all_varchar = true);
create or replace temp table hw_disposable_domains as
select domain from read_csv(getvariable('seeds_dir') || '/email_disposable_domains.csv', header = true, all_varchar = true);
create or replace temp table hw_segment_map as
select cast(r_score as integer) as r_score, cast(f_score as integer) as f_score, cast(m_score as integer) as m_score, rfm_segment
from read_csv(getvariable('seeds_dir') || '/rfm_segment_map.csv', header = true, all_varchar = true);

-- ----- business lines: a line with one industry is known ------------------------------
create or replace temp table hw_lines as
select business_line, min(industry) as industry
from (
    select lower(hw_text(business_line)) as business_line, lower(hw_text(industry)) as industry
    from read_parquet(getvariable('raw_dir') || '/business_lines.parquet')
)
where business_line is not null and industry is not null
group by business_line
having count(distinct industry) = 1;

-- ----- customers: the latest version of each customer_id ---------------------------------
create or replace temp table hw_customers as
with raw as (
    select
        *,
        hw_text(customer_id) as cid,
        hw_ts_raw(created_at) as created_ts,
        hw_ts_raw(updated_at) as updated_ts
    from read_parquet(getvariable('raw_dir') || '/customers.parquet')
),

repeated as (
    select cid from raw where cid is not null group by cid having count(*) > 1
),

single as (
    select r.* from raw as r anti join repeated as d on r.cid = d.cid where r.cid is not null
),

versioned as (
    select r.*
    from raw as r semi join repeated as d on r.cid = d.cid
    qualify row_number() over (
        partition by r.cid
        order by r.updated_ts desc nulls last, r.created_ts desc nulls last,
            cast(to_json({'customer_id': cast(r.customer_id as varchar), 'source_system': cast(r.source_system as varchar),
                'first_name': cast(r.first_name as varchar), 'last_name': cast(r.last_name as varchar),
                'email': cast(r.email as varchar), 'phone': cast(r.phone as varchar),
                'address_line': cast(r.address_line as varchar), 'postal_code': cast(r.postal_code as varchar),
                'city': cast(r.city as varchar), 'country_code': cast(r.country_code as varchar),
                'email_opt_in': cast(r.email_opt_in as varchar), 'sms_opt_in': cast(r.sms_opt_in as varchar),
                'created_at': cast(r.created_at as varchar), 'updated_at': cast(r.updated_at as varchar)}) as varchar) asc
    ) = 1
)

select cid as customer_id, first_name, last_name, email, phone, postal_code, country_code, created_ts as created_at
from single
union all
select cid, first_name, last_name, email, phone, postal_code, country_code, created_ts
from versioned;

-- ----- identity: normalised match keys (int_customer_records_normalised) -----------------
create or replace temp table hw_records as
with located as (
    select
        c.customer_id,
        c.created_at,
        coalesce(upper(hw_text(c.country_code)), 'FR') as contact_country_code,
        hw_name(c.first_name) as first_name_normalised,
        hw_name(c.last_name) as last_name_normalised,
        nullif(replace(lower(hw_text(c.email)), ' ', ''), '') as email_cleaned,
        nullif(regexp_replace(upper(hw_text(c.postal_code)), '^[A-Z]{1,2}-|[^A-Z0-9]', '', 'g'), '') as postal_code_normalised,
        regexp_replace(hw_text(c.phone), '[(]0[)]', '', 'g') as phone_written,
        f.calling_code as country_calling_code,
        f.trunk_prefix as country_trunk_prefix
    from hw_customers as c
    left join hw_country_formats as f on coalesce(upper(hw_text(c.country_code)), 'FR') = f.country_code
),

candidates as (
    select
        *,
        regexp_replace(email_cleaned, '[+][^@]*@', '@', 'g') as email_normalised,
        regexp_replace(phone_written, '[^0-9]', '', 'g') as phone_digits
    from located
),

phoned as (
    select
        *,
        case
            when nullif(phone_digits, '') is null then null
            when phone_written like '+%' then '+' || phone_digits
            when phone_digits like '00%' then '+' || substr(phone_digits, 3)
            when country_calling_code is null then null
            when coalesce(country_trunk_prefix, '') <> '' and phone_digits like coalesce(country_trunk_prefix, '') || '%'
                then '+' || country_calling_code || substr(phone_digits, length(coalesce(country_trunk_prefix, '')) + 1)
            else '+' || country_calling_code || phone_digits
        end as phone_candidate
    from candidates
),

phone_located as (
    select
        p.*,
        f.calling_code as phone_calling_code,
        f.trunk_prefix as phone_trunk_prefix,
        f.phone_national_pattern,
        f.mobile_pattern,
        substr(p.phone_candidate, length(f.calling_code) + 2) as phone_national_written,
        substr(p.phone_candidate, length(f.calling_code) + length(f.trunk_prefix) + 2) as phone_national_untrunked
    from phoned as p
    left join hw_country_formats as f on p.phone_candidate like '+' || f.calling_code || '%'
),

phone_national as (
    select
        *,
        case
            when coalesce(phone_trunk_prefix, '') <> ''
                and phone_national_written like phone_trunk_prefix || '%'
                and not hw_national_ok(phone_calling_code, phone_national_written)
                and hw_national_ok(phone_calling_code, phone_national_untrunked)
                then phone_national_untrunked
            else phone_national_written
        end as phone_national_number
    from phone_located
),

checked as (
    select
        *,
        coalesce(regexp_matches(email_cleaned, '^[a-z0-9_%+''-]+([.][a-z0-9_%+''-]+)*@[a-z0-9]([a-z0-9-]*[a-z0-9])?([.][a-z0-9]([a-z0-9-]*[a-z0-9])?)*[.][a-z]{2,}$'), false) as is_email_valid,
        case
            when phone_calling_code is not null then coalesce(hw_national_ok(phone_calling_code, phone_national_number), false)
            else coalesce(regexp_matches(phone_candidate, '^[+][1-9][0-9]{7,14}$'), false)
        end as is_phone_valid
    from phone_national
)

select
    c.customer_id,
    c.created_at,
    c.contact_country_code,
    c.first_name_normalised,
    c.last_name_normalised,
    c.postal_code_normalised,
    case when c.is_email_valid and r.local_part is null and d.domain is null then c.email_normalised end as email_match_key,
    case
        when c.is_phone_valid and c.phone_calling_code is not null then '+' || c.phone_calling_code || c.phone_national_number
        when c.is_phone_valid then c.phone_candidate
    end as phone_e164,
    case
        when not c.is_phone_valid then null
        when c.phone_calling_code is null then 'unknown'
        when hw_mobile_ok(c.phone_calling_code, c.phone_national_number) then 'mobile'
        else 'landline'
    end as phone_line_type,
    row_number() over (order by c.created_at asc nulls last, c.customer_id asc) as node_rank
from checked as c
left join hw_role_local_parts as r on split_part(c.email_normalised, '@', 1) = r.local_part
left join hw_disposable_domains as d on split_part(c.email_cleaned, '@', 2) = d.domain;

-- ----- identity: links (int_customer_record_links; the rule does not matter here) ---------
create or replace temp table hw_links as
with r as (select * from hw_records)
select a.node_rank as node_a, b.node_rank as node_b
from r as a
inner join r as b on a.email_match_key = b.email_match_key and a.customer_id < b.customer_id
where a.first_name_normalised is null or b.first_name_normalised is null
    or jaro_winkler_similarity(a.first_name_normalised, b.first_name_normalised) >= 0.85
union all
select a.node_rank, b.node_rank
from r as a
inner join r as b on a.phone_e164 = b.phone_e164 and a.customer_id < b.customer_id
where a.phone_line_type = 'mobile'
    and (a.first_name_normalised is null or b.first_name_normalised is null
        or jaro_winkler_similarity(a.first_name_normalised, b.first_name_normalised) >= 0.85)
union all
select a.node_rank, b.node_rank
from r as a
inner join r as b
    on a.phone_e164 = b.phone_e164 and a.last_name_normalised = b.last_name_normalised and a.customer_id < b.customer_id
where a.phone_line_type <> 'mobile'
    and jaro_winkler_similarity(a.first_name_normalised, b.first_name_normalised) >= 0.85
    and (a.first_name_normalised = b.first_name_normalised or not (
        coalesce(a.email_match_key <> b.email_match_key, false)
        or coalesce(a.phone_line_type = 'mobile' and b.phone_line_type = 'mobile' and a.phone_e164 <> b.phone_e164, false)))
union all
select a.node_rank, b.node_rank
from r as a
inner join r as b
    on a.last_name_normalised = b.last_name_normalised
    and a.postal_code_normalised = b.postal_code_normalised
    and a.contact_country_code = b.contact_country_code
    and a.customer_id < b.customer_id
where jaro_winkler_similarity(a.first_name_normalised, b.first_name_normalised) >= 0.85
    and (a.first_name_normalised = b.first_name_normalised or not (
        coalesce(a.email_match_key <> b.email_match_key, false)
        or coalesce(a.phone_line_type = 'mobile' and b.phone_line_type = 'mobile' and a.phone_e164 <> b.phone_e164, false)));

-- ----- identity: groups (connected_components, 10 steps of min-label propagation over the
-- linked records only) and the map customer_id -> customer_key (as an integer: the rank
-- of the group's anchor record) ----------------------------------------------------------
create or replace temp table hw_arcs as
select node_a as src, node_b as dst from hw_links
union
select node_b, node_a from hw_links
union
select node_a, node_a from hw_links
union
select node_b, node_b from hw_links;

create or replace temp table hw_labels as
with s0 as (select distinct src as node, src as label from hw_arcs),
s1 as (select a.dst as node, min(s.label) as label from hw_arcs as a inner join s0 as s on a.src = s.node group by a.dst),
s2 as (select a.dst as node, min(s.label) as label from hw_arcs as a inner join s1 as s on a.src = s.node group by a.dst),
s3 as (select a.dst as node, min(s.label) as label from hw_arcs as a inner join s2 as s on a.src = s.node group by a.dst),
s4 as (select a.dst as node, min(s.label) as label from hw_arcs as a inner join s3 as s on a.src = s.node group by a.dst),
s5 as (select a.dst as node, min(s.label) as label from hw_arcs as a inner join s4 as s on a.src = s.node group by a.dst),
s6 as (select a.dst as node, min(s.label) as label from hw_arcs as a inner join s5 as s on a.src = s.node group by a.dst),
s7 as (select a.dst as node, min(s.label) as label from hw_arcs as a inner join s6 as s on a.src = s.node group by a.dst),
s8 as (select a.dst as node, min(s.label) as label from hw_arcs as a inner join s7 as s on a.src = s.node group by a.dst),
s9 as (select a.dst as node, min(s.label) as label from hw_arcs as a inner join s8 as s on a.src = s.node group by a.dst),
s10 as (select a.dst as node, min(s.label) as label from hw_arcs as a inner join s9 as s on a.src = s.node group by a.dst)
select node, label from s10;

create or replace temp table hw_identity as
select r.customer_id, coalesce(l.label, r.node_rank) as key_rank
from hw_records as r
left join hw_labels as l on r.node_rank = l.node;

create or replace temp table hw_keys as
select node_rank as key_rank, customer_id as customer_key from hw_records;

-- ----- transactions: usable, deduplicated, rolled up per customer, line and day ------------
-- (each CTE is read once, or marked not materialized: no wide intermediate copy)
create or replace temp table hw_tx_repeated as
-- transaction ids seen more than once, by the hash of the cleaned id (a collision only
-- sends a unique id down the exact path)
select hash(hw_text(transaction_id)) as tid_hash
from read_parquet(getvariable('raw_dir') || '/transactions.parquet')
where hw_text(transaction_id) is not null
group by 1
having count(*) > 1;

create or replace temp table hw_tx_days as
with typed as (
    -- rows passing the cheap checks (id, known customer and line, currency), typed once;
    -- the timestamp and amount checks are applied through the aggregates below (a WHERE
    -- on a parsed value would be pushed down and re-parse every row)
    select
        hash(hw_text(r.transaction_id)) as tid_hash,
        i.key_rank,
        lower(hw_text(r.business_line)) as line,
        hw_ts_raw(r.transaction_at) as ts,
        hw_amount(hw_text(r.amount)) as amt
    from read_parquet(getvariable('raw_dir') || '/transactions.parquet') as r
    inner join hw_identity as i on hw_text(r.customer_id) = i.customer_id
    where hw_text(r.transaction_id) is not null
        and lower(hw_text(r.business_line)) in (select business_line from hw_lines)
        and upper(hw_text(r.currency)) = 'EUR'
),

single as (
    select t.key_rank, t.line, t.ts, t.amt
    from typed as t
    anti join hw_tx_repeated as d on t.tid_hash = d.tid_hash
),

-- per transaction_id the latest transaction_at among the rows passing the row-level checks
-- wins, exact ties to the smallest (customer, line, amount, currency, channel); then its
-- customer and line must be known (only the ids delivered more than once)
versioned as (
    select i.key_rank, t.line, t.ts, t.amt
    from (
        select
            t.*,
            t.ts is not null and t.amt is not null as is_usable
        from (
            select
                hw_text(r.transaction_id) as tid,
                hw_text(r.customer_id) as cid,
                lower(hw_text(r.business_line)) as line,
                hw_ts_raw(r.transaction_at) as ts,
                hw_amount(hw_text(r.amount)) as amt,
                upper(hw_text(r.currency)) as ccy,
                lower(hw_text(r.channel)) as chan
            from read_parquet(getvariable('raw_dir') || '/transactions.parquet') as r
            semi join hw_tx_repeated as d on hash(hw_text(r.transaction_id)) = d.tid_hash
            where hw_text(r.transaction_id) is not null
                and hw_text(r.customer_id) is not null
                and hw_text(r.business_line) is not null
                and upper(hw_text(r.currency)) = 'EUR'
        ) as t
        qualify row_number() over (
            partition by tid order by is_usable desc, ts desc, cid, line, amt, ccy, chan nulls first
        ) = 1
    ) as t
    inner join hw_identity as i on t.cid = i.customer_id
    where t.is_usable
        and t.line in (select business_line from hw_lines)
),

kept as (
    select * from single
    union all
    select * from versioned
)

select
    key_rank,
    line,
    cast(ts as date) as day,
    count(*) filter (where amt is not null) as usable_count,
    count(*) filter (where amt > 0) as purchase_count,
    sum(amt) as net_amount
from kept
group by key_rank, line, cast(ts as date);

-- (a separate statement: the as-of filter is not pushed into the parsing)
delete from hw_tx_days where day is null or usable_count = 0 or day > getvariable('as_of');

-- ----- email engagement per customer: the last opened/clicked event (deduplicated) --------
-- Only engaged events can give an engagement date; an engaged event loses only to another
-- row with its event_id, so only those ids are deduplicated.
create or replace temp table hw_email_engaged as
select hash(hw_text(r.event_id)) as eid_hash, i.key_rank, hw_ts_raw(r.event_at) as ts
from read_parquet(getvariable('raw_dir') || '/email_events.parquet') as r
inner join hw_identity as i on hw_text(r.customer_id) = i.customer_id
where hw_text(r.event_id) is not null and lower(hw_text(r.event_type)) in ('opened', 'clicked');

create or replace temp table hw_email_repeated as
select hash(hw_text(r.event_id)) as eid_hash
from read_parquet(getvariable('raw_dir') || '/email_events.parquet') as r
semi join hw_email_engaged as e on hash(hw_text(r.event_id)) = e.eid_hash
where hw_text(r.event_id) is not null
group by 1
having count(*) > 1;

create or replace temp table hw_email as
with versioned as (
    -- the exact rule for those ids: among the rows passing the row-level checks the
    -- latest event_at wins, exact ties to the smallest (customer, type, campaign); then
    -- its customer must be known
    select i.key_rank, t.etype, t.ts
    from (
        select
            t.*,
            t.ts is not null
                and t.etype in ('sent', 'delivered', 'opened', 'clicked', 'bounced', 'unsubscribed', 'complained') as is_usable
        from (
            select
                hw_text(r.event_id) as eid,
                hw_text(r.customer_id) as cid,
                lower(hw_text(r.event_type)) as etype,
                hw_ts_raw(r.event_at) as ts,
                hw_text(r.campaign_id) as campaign
            from read_parquet(getvariable('raw_dir') || '/email_events.parquet') as r
            semi join hw_email_repeated as d on hash(hw_text(r.event_id)) = d.eid_hash
            where hw_text(r.event_id) is not null
                and hw_text(r.customer_id) is not null
        ) as t
        qualify row_number() over (
            partition by eid order by is_usable desc, ts desc, cid, etype, campaign nulls first
        ) = 1
    ) as t
    inner join hw_identity as i on t.cid = i.customer_id
    where t.is_usable
),

kept as (
    select e.key_rank, e.ts
    from hw_email_engaged as e
    anti join hw_email_repeated as d on e.eid_hash = d.eid_hash
    union all
    select key_rank, ts from versioned where etype in ('opened', 'clicked')
)

select key_rank, max(cast(ts as date)) filter (where cast(ts as date) <= getvariable('as_of')) as last_email_engagement_date
from kept
group by key_rank;

-- ----- usage: last use per customer and line (min/max need no deduplication) --------------
create or replace temp table hw_usage as
select
    i.key_rank,
    lower(hw_text(u.business_line)) as line,
    max(cast(hw_ts_raw(u.used_at) as date))
        filter (where cast(hw_ts_raw(u.used_at) as date) <= getvariable('as_of')) as last_usage_date
from read_parquet(getvariable('raw_dir') || '/usage_events.parquet') as u
inner join hw_identity as i on hw_text(u.customer_id) = i.customer_id
where lower(hw_text(u.business_line)) in (select business_line from hw_lines)
group by all;

delete from hw_usage where last_usage_date is null;

-- ----- contracts: deduplicated (small table: the exact window rule directly) ---------------
create or replace temp table hw_contracts as
with typed as (
    select
        i.key_rank,
        hw_text(r.contract_id) as contract_id,
        lower(hw_text(r.business_line)) as line,
        hw_ts_raw(r.started_at) as started_at,
        hw_text(r.ends_at) as ends_at_text,
        hw_ts_raw(r.ends_at) as ends_at,
        cast(to_json({'contract_id': cast(r.contract_id as varchar), 'customer_id': cast(r.customer_id as varchar),
            'business_line': cast(r.business_line as varchar), 'started_at': cast(r.started_at as varchar),
            'ends_at': cast(r.ends_at as varchar)}) as varchar) as raw_record
    from read_parquet(getvariable('raw_dir') || '/contracts.parquet') as r
    inner join hw_identity as i on hw_text(r.customer_id) = i.customer_id
),

usable as (
    select * from typed
    where contract_id is not null
        and line in (select business_line from hw_lines)
        and started_at is not null
        and not (ends_at_text is not null and ends_at is null)
        and not coalesce(ends_at < started_at, false)
    qualify row_number() over (
        partition by contract_id order by started_at desc, ends_at desc nulls first, raw_record asc
    ) = 1
)

select
    key_rank,
    line,
    count(*) as contract_count,
    max(case when cast(ends_at as date) < getvariable('as_of') then cast(ends_at as date) end) as last_contract_end_date,
    coalesce(max(case when ends_at is null or cast(ends_at as date) >= getvariable('as_of') then 1 else 0 end) = 1, false)
        as has_running_contract
from usable
where cast(started_at as date) <= getvariable('as_of')
group by key_rank, line;

-- ----- per customer and line: every signal of the three marts -----------------------------
create or replace temp table hw_activity as
with purchases as (
    select
        key_rank,
        line,
        count(*) filter (where purchase_count > 0) as purchase_days,
        min(day) filter (where purchase_count > 0) as first_purchase_date,
        max(day, 2) filter (where purchase_count > 0) as last_two_purchase_dates,
        max(day) as last_transaction_date,
        sum(net_amount) as net_revenue
    from hw_tx_days
    group by key_rank, line
),

customer_lines as (
    select key_rank, line from purchases
    union
    select key_rank, line from hw_usage
    union
    select key_rank, line from hw_contracts
)

select
    k.customer_key,
    cl.key_rank,
    cl.line as business_line,
    b.industry,
    p.first_purchase_date,
    p.last_two_purchase_dates[1] as last_purchase_date,
    p.last_two_purchase_dates[2] as previous_purchase_date,
    p.last_transaction_date,
    e.last_email_engagement_date,
    u.last_usage_date,
    c.last_contract_end_date,
    coalesce(p.purchase_days, 0) as purchase_days,
    coalesce(p.net_revenue, 0) as net_revenue,
    coalesce(c.has_running_contract, false) as has_running_contract
from customer_lines as cl
inner join hw_lines as b on cl.line = b.business_line
inner join hw_keys as k on cl.key_rank = k.key_rank
left join purchases as p on cl.key_rank = p.key_rank and cl.line = p.line
left join hw_usage as u on cl.key_rank = u.key_rank and cl.line = u.line
left join hw_contracts as c on cl.key_rank = c.key_rank and cl.line = c.line
left join hw_email as e on cl.key_rank = e.key_rank;

-- ----- customer_rfm -------------------------------------------------------------------------
create or replace table handwritten.customer_rfm as
with scored as (
    select
        *,
        least(5, 1 + floor(5 * percent_rank() over (partition by business_line order by recency_days desc))) as r_score,
        least(5, 1 + floor(5 * percent_rank() over (partition by business_line order by frequency asc))) as f_score,
        least(5, 1 + floor(5 * percent_rank() over (partition by business_line order by monetary asc))) as m_score
    from (
        select
            customer_key, business_line, industry, last_purchase_date,
            getvariable('as_of') - last_purchase_date as recency_days,
            purchase_days as frequency,
            net_revenue as monetary
        from hw_activity
        where purchase_days > 0
    )
)

select
    s.customer_key,
    s.business_line,
    s.industry,
    s.last_purchase_date,
    cast(s.recency_days as integer) as recency_days,
    cast(s.frequency as integer) as frequency,
    cast(s.monetary as decimal(18, 2)) as monetary,
    cast(s.r_score as integer) as r_score,
    cast(s.f_score as integer) as f_score,
    cast(s.m_score as integer) as m_score,
    m.rfm_segment,
    'quantile' as scoring_method,
    getvariable('as_of') as as_of_date
from scored as s
left join hw_segment_map as m on s.r_score = m.r_score and s.f_score = m.f_score and s.m_score = m.m_score;

-- ----- customer_pmg -------------------------------------------------------------------------
create or replace table handwritten.customer_pmg as
with levels as (
    select business_line, net_revenue, sum(net_revenue) as level_revenue
    from hw_activity
    group by business_line, net_revenue
),

cumulated as (
    select
        business_line,
        net_revenue,
        coalesce(sum(level_revenue) over (
            partition by business_line order by net_revenue desc rows between unbounded preceding and 1 preceding
        ), 0) as revenue_before,
        sum(case when net_revenue > 0 then level_revenue else 0 end) over (partition by business_line) as line_revenue
    from levels
)

select
    a.customer_key,
    a.business_line,
    a.industry,
    cast(a.net_revenue as decimal(18, 2)) as net_revenue,
    cast(c.revenue_before as decimal(18, 2)) as revenue_before,
    cast(c.line_revenue as decimal(18, 2)) as line_revenue,
    cast(case when c.line_revenue > 0 then c.revenue_before / c.line_revenue end as double) as revenue_share_before,
    case
        when a.net_revenue <= 0 or c.line_revenue <= 0 then 'petit'
        when c.revenue_before < 0.5 * c.line_revenue then 'gros'
        when c.revenue_before < 0.8 * c.line_revenue then 'moyen'
        else 'petit'
    end as pmg_tier,
    getvariable('as_of') as as_of_date
from hw_activity as a
inner join cumulated as c on a.business_line = c.business_line and a.net_revenue = c.net_revenue;

-- ----- customer_lifecycle -------------------------------------------------------------------
create or replace table handwritten.customer_lifecycle as
with ruled as (
    select
        *,
        case industry when 'auto_lease' then 365 when 'credit_card' then 182 when 'retail' then 243 when 'subscription' then 60 end
            as dormant_after_days,
        case industry when 'auto_lease' then 1095 when 'credit_card' then 547 when 'retail' then 730 when 'subscription' then 365 end
            as lost_after_days,
        case industry
            when 'auto_lease' then case when has_running_contract then getvariable('as_of')
                else greatest(coalesce(last_contract_end_date, last_purchase_date), coalesce(last_purchase_date, last_contract_end_date)) end
            when 'credit_card' then last_transaction_date
            when 'retail' then greatest(coalesce(last_purchase_date, last_email_engagement_date), coalesce(last_email_engagement_date, last_purchase_date))
            when 'subscription' then greatest(coalesce(last_usage_date, first_purchase_date), coalesce(first_purchase_date, last_usage_date))
        end as activity_date,
        case industry
            when 'auto_lease' then case when has_running_contract then 'running_contract'
                when last_contract_end_date > last_purchase_date or (last_purchase_date is null and last_contract_end_date is not null) then 'contract_end'
                when last_purchase_date is not null then 'purchase' end
            when 'credit_card' then case when last_transaction_date is not null then 'transaction' end
            when 'retail' then case
                when last_email_engagement_date > last_purchase_date or (last_purchase_date is null and last_email_engagement_date is not null) then 'email_engagement'
                when last_purchase_date is not null then 'purchase' end
            when 'subscription' then case
                when last_usage_date >= first_purchase_date or (first_purchase_date is null and last_usage_date is not null) then 'usage'
                when first_purchase_date is not null then 'first_purchase' end
        end as activity_source
    from hw_activity
),

classified as (
    select
        *,
        getvariable('as_of') - activity_date as days_inactive,
        case
            when first_purchase_date is null then 'never_purchased'
            when getvariable('as_of') - first_purchase_date < 90 then 'recent_first_purchase'
            when getvariable('as_of') - last_purchase_date < 90
                and last_purchase_date - previous_purchase_date >= dormant_after_days then 'returned_after_gap'
            else 'industry_activity'
        end as lifecycle_rule
    from ruled
)

select
    customer_key,
    business_line,
    industry,
    case lifecycle_rule
        when 'never_purchased' then 'prospect'
        when 'recent_first_purchase' then 'new'
        when 'returned_after_gap' then 'reactivated'
        else case
            when days_inactive >= lost_after_days then 'lost'
            when days_inactive >= dormant_after_days then 'dormant'
            else 'active'
        end
    end as lifecycle_status,
    lifecycle_rule,
    activity_date,
    activity_source,
    cast(days_inactive as integer) as days_inactive,
    cast(dormant_after_days as integer) as dormant_after_days,
    cast(lost_after_days as integer) as lost_after_days,
    first_purchase_date,
    last_purchase_date,
    previous_purchase_date,
    cast(purchase_days as integer) as purchase_days,
    getvariable('as_of') as as_of_date
from classified;
