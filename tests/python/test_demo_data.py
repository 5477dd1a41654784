"""The demo data generator (scripts/generate_demo_data.py) and the committed demo CSVs.

1. seeds/demo/raw_*.csv are exactly what the generator writes with its defaults;
2. the generator is deterministic (same seed -> same bytes; another seed -> other data);
3. `--format parquet --prefix ''` writes the raw_data_dir layout with the contract columns;
4. the data has the promised shape and every documented edge case (one small DuckDB query
   each over the generated CSVs, read as text).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
GENERATOR = PROJECT_DIR / "scripts" / "generate_demo_data.py"
DEMO_DIR = PROJECT_DIR / "seeds" / "demo"
AS_OF = dt.date(2026, 6, 30)

from raw_contract import RAW_CONTRACT  # noqa: E402  (scripts/ is on sys.path, see conftest.py)
INDUSTRIES = {"retail", "credit_card", "subscription", "auto_lease"}
# Default var lifecycle_rules of dbt_project.yml: (dormant_after_days, lost_after_days).
THRESHOLDS = {
    "retail": (243, 730),
    "credit_card": (182, 547),
    "subscription": (60, 365),
    "auto_lease": (365, 1095),
}


def generate(out: Path, *args: str) -> Path:
    subprocess.run([sys.executable, str(GENERATOR), "--out", str(out), "--quiet", *args],
                   cwd=PROJECT_DIR, check=True)
    return out


def file_bytes(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def default_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generator's output with default arguments, in a temporary folder."""
    return generate(tmp_path_factory.mktemp("demo_default"))


# ----- 1. the committed CSVs come from the script ------------------------------------------

def test_committed_demo_csvs_are_the_generator_output(default_output: Path):
    expected = file_bytes(default_output)
    assert sorted(expected) == [f"raw_{table}.csv" for table in sorted(RAW_CONTRACT)]
    committed = {name: (DEMO_DIR / name).read_bytes() for name in expected if (DEMO_DIR / name).exists()}
    assert sorted(committed) == sorted(expected), "missing demo CSVs: run scripts/generate_demo_data.py"
    stale = [name for name in expected if committed[name] != expected[name]]
    assert not stale, f"{stale} differ from the generator output: run scripts/generate_demo_data.py"


# ----- 2. determinism ------------------------------------------------------------------------

def test_same_seed_gives_identical_bytes_and_another_seed_other_data(tmp_path: Path):
    first = file_bytes(generate(tmp_path / "a", "--customers", "400", "--seed", "7"))
    second = file_bytes(generate(tmp_path / "b", "--customers", "400", "--seed", "7", "--threads", "1"))
    other = file_bytes(generate(tmp_path / "c", "--customers", "400", "--seed", "8"))
    assert first == second
    assert first["raw_transactions.csv"] != other["raw_transactions.csv"]
    assert first["raw_customers.csv"] != other["raw_customers.csv"]
    assert first["raw_business_lines.csv"] == other["raw_business_lines.csv"]


# ----- 3. parquet, raw_data_dir layout --------------------------------------------------------

def test_parquet_without_prefix_writes_the_raw_contract(tmp_path: Path):
    out = generate(tmp_path / "raw", "--customers", "200", "--format", "parquet", "--prefix", "")
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{table}.parquet" for table in RAW_CONTRACT)
    with duckdb.connect() as con:
        for table, columns in RAW_CONTRACT.items():
            described = con.execute(f"describe select * from read_parquet('{out / table}.parquet')").fetchall()
            assert [row[0] for row in described] == columns, table
            assert {row[1] for row in described} == {"VARCHAR"}, table
            assert con.execute(f"select count(*) from read_parquet('{out / table}.parquet')").fetchone()[0] > 0


# ----- 4. shape and edge cases -----------------------------------------------------------------

@pytest.fixture(scope="module")
def con(default_output: Path):
    """DuckDB over the generated CSVs (all text), with parsed helper views."""
    connection = duckdb.connect()
    connection.execute("set TimeZone = 'UTC'")
    for table in RAW_CONTRACT:
        connection.execute(
            f"create table {table} as select * from read_csv('{default_output / ('raw_' + table + '.csv')}', "
            "header = true, all_varchar = true, auto_detect = false, "
            f"columns = {{{', '.join(repr(c) + ': ' + repr('VARCHAR') for c in RAW_CONTRACT[table])}}})"
        )
    connection.execute(f"set variable as_of = date '{AS_OF.isoformat()}'")
    # The project's parsing rules (macros/parsing/), restated.
    connection.execute(r"""
        create macro parse_ts(x) as case
            when regexp_matches(trim(x), '[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*[+-]\d{2}(:?\d{2})?$')
                then try_cast(try_cast(trim(x) as timestamptz) at time zone 'UTC' as timestamp)
            else coalesce(try_cast(trim(x) as timestamp),
                          try_strptime(trim(x), ['%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y']))
        end;
        create macro parse_amount(x) as try_cast(case
            when strpos(trim(x), ',') > 0 and strpos(trim(x), '.') = 0 then replace(trim(x), ',', '.')
            else trim(x) end as decimal(18, 2));
        create macro days_before(d) as getvariable('as_of') - d;
        create view known_customers as select distinct customer_id from customers where customer_id is not null;
        create view known_lines as select distinct business_line, industry from business_lines;
        create table tx as
            select t.customer_id, t.business_line, l.industry, t.transaction_id,
                   cast(parse_ts(t.transaction_at) as date) as d, parse_amount(t.amount) as amount, t.channel
            from transactions t
            join known_lines l using (business_line)
            where t.customer_id in (select customer_id from known_customers)
              and parse_ts(t.transaction_at) is not null and parse_amount(t.amount) is not null
              and upper(trim(t.currency)) = 'EUR';
        create table usage as
            select u.customer_id, u.business_line, cast(parse_ts(u.used_at) as date) as d
            from usage_events u join known_lines using (business_line)
            where u.customer_id in (select customer_id from known_customers) and parse_ts(u.used_at) is not null;
        create table contracts_ok as
            select contract_id, customer_id, business_line,
                   cast(parse_ts(started_at) as date) as s, cast(parse_ts(ends_at) as date) as e
            from contracts
            where customer_id in (select customer_id from known_customers) and parse_ts(started_at) is not null
              and (ends_at is null or parse_ts(ends_at) >= parse_ts(started_at));
        create table emails as
            select event_id, customer_id, event_type, cast(parse_ts(event_at) as date) as d, campaign_id
            from email_events
            where customer_id in (select customer_id from known_customers) and parse_ts(event_at) is not null;
    """)
    # The lifecycle rules of the project (models/marts/lifecycle), restated, as of AS_OF.
    rules = " ".join(f"when '{i}' then {d}" for i, (d, _) in THRESHOLDS.items())
    lost = " ".join(f"when '{i}' then {lo}" for i, (_, lo) in THRESHOLDS.items())
    connection.execute(f"""
        create table lifecycle as
        with
        tx_in as (select * from tx where d <= getvariable('as_of')),
        lines_of as (
            select customer_id, business_line from tx_in
            union select customer_id, business_line from usage where d <= getvariable('as_of')
            union select customer_id, business_line from contracts_ok where s <= getvariable('as_of')),
        purchase_days as (select distinct customer_id, business_line, d from tx_in where amount > 0),
        purchases as (
            select customer_id, business_line, min(d) as first_p, max(d) as last_p, count(*) as purchase_days,
                   max(d) filter (where rn = 2) as prev_p
            from (select *, row_number() over (partition by customer_id, business_line order by d desc) as rn
                  from purchase_days)
            group by all),
        trans as (select customer_id, business_line, max(d) as last_t, sum(amount) as net from tx_in group by all),
        used as (select customer_id, business_line, max(d) as last_u from usage where d <= getvariable('as_of') group by all),
        leased as (
            select customer_id, business_line,
                   bool_or(e is null or e >= getvariable('as_of')) as running,
                   max(e) filter (where e < getvariable('as_of')) as last_end
            from contracts_ok where s <= getvariable('as_of') group by all),
        engaged as (
            select customer_id, max(d) as last_engagement from emails
            where event_type in ('opened', 'clicked') and d <= getvariable('as_of') group by all),
        joined as (
            select lo.customer_id, lo.business_line, kl.industry, p.first_p, p.last_p, p.prev_p,
                   coalesce(p.purchase_days, 0) as purchase_days, t.last_t, t.net, u.last_u,
                   coalesce(l.running, false) as running, l.last_end, e.last_engagement,
                   case kl.industry {rules} end as dormant_days,
                   case kl.industry {lost} end as lost_days
            from lines_of lo
            join known_lines kl using (business_line)
            left join purchases p using (customer_id, business_line)
            left join trans t using (customer_id, business_line)
            left join used u using (customer_id, business_line)
            left join leased l using (customer_id, business_line)
            left join engaged e using (customer_id)),
        measured as (
            select *,
                case industry
                    when 'retail' then greatest(last_p, last_engagement)
                    when 'credit_card' then last_t
                    when 'subscription' then greatest(last_u, first_p)
                    when 'auto_lease' then case when running then getvariable('as_of') else greatest(last_end, last_p) end
                end as activity
            from joined)
        select *,
            days_before(activity) as days_inactive,
            case
                when first_p is null then 'never_purchased'
                when days_before(first_p) < 90 then 'recent_first_purchase'
                when days_before(last_p) < 90 and last_p - prev_p >= dormant_days then 'returned_after_gap'
                else 'industry_activity'
            end as rule
        from measured
    """)
    yield connection
    connection.close()


def scalar(con: duckdb.DuckDBPyConnection, sql: str):
    return con.execute(sql).fetchone()[0]


def test_history_spans_at_least_three_years(con):
    first = scalar(con, "select min(d) from tx")
    assert first <= AS_OF - dt.timedelta(days=3 * 365), first


def test_four_business_lines_one_per_industry(con):
    rows = con.execute("select distinct business_line, industry from business_lines").fetchall()
    assert len(rows) == 4
    assert {industry for _, industry in rows} == INDUSTRIES  # never an industry outside the four


def test_customer_count(con):
    assert 2000 <= scalar(con, "select count(distinct customer_id) from customers") <= 6000


def test_volumes_follow_the_customer_count(con):
    customers = scalar(con, "select count(distinct customer_id) from customers")
    transactions = scalar(con, "select count(*) from transactions")
    emails = scalar(con, "select count(*) from email_events")
    assert 10 <= transactions / customers <= 20
    assert 1 <= emails / transactions <= 2


@pytest.mark.parametrize("table, column", [
    ("transactions", "transaction_at"), ("email_events", "event_at"), ("usage_events", "used_at")])
def test_a_few_percent_of_rows_fall_after_the_as_of_date(con, table, column):
    share = scalar(con, f"""
        select avg(case when cast(parse_ts({column}) as date) > getvariable('as_of') then 1.0 else 0 end)
        from {table} where parse_ts({column}) is not null""")
    latest = scalar(con, f"select max(cast(parse_ts({column}) as date)) from {table}")
    assert 0.02 <= share <= 0.05, share
    assert latest <= AS_OF + dt.timedelta(days=62), latest


def test_prospects_and_multi_line_customers(con):
    shares = con.execute("""
        with active as (
            select customer_id, count(distinct business_line) as lines from (
                select customer_id, business_line from tx
                union all select customer_id, business_line from usage
                union all select customer_id, business_line from contracts_ok)
            group by all)
        select avg(case when a.customer_id is null then 1.0 else 0 end),
               max(a.lines), min(a.lines),
               count(*) filter (where a.customer_id is null and k.customer_id in (select customer_id from emails))
        from known_customers k left join active a using (customer_id)""").fetchone()
    prospect_share, max_lines, min_lines, mailed_prospects = shares
    assert 0.10 <= prospect_share <= 0.20
    assert (min_lines, max_lines) == (1, 3)
    assert mailed_prospects > 0


def test_identifier_and_value_formats(con):
    assert scalar(con, "select bool_and(regexp_full_match(customer_id, 'C\\d{6}')) from customers") is True
    assert scalar(con, "select bool_and(regexp_full_match(event_id, 'E\\d{7}')) from email_events") is True
    assert scalar(con, "select bool_and(regexp_full_match(campaign_id, 'CMP-\\d{4}-\\d{2}')) from email_events") is True
    assert set(r[0] for r in con.execute("select distinct source_system from customers").fetchall()) == {
        "crm", "web", "store", "after_sales"}
    assert set(r[0] for r in con.execute("select distinct upper(country_code) from customers").fetchall()) == {
        "FR", "BE", "CH", "LU"}
    assert scalar(con, "select avg(case when upper(country_code) = 'FR' then 1.0 else 0 end) from customers") > 0.8
    assert scalar(con, """select bool_and(regexp_full_match(postal_code, '\\d{5}')) from customers
                          where upper(country_code) = 'FR'""") is True
    spellings = {r[0] for r in con.execute(
        "select distinct coalesce(email_opt_in, '') from customers union select distinct coalesce(sms_opt_in, '') from customers").fetchall()}
    assert {"true", "false", "1", "0", "yes", "no", "Y", "N", "oui", "non", ""} <= spellings
    for pattern in [r"0\d( \d\d){4}", r"\+33 \d( \d\d){4}", r"0\d{9}", r"0\d(\.\d\d){4}"]:
        assert scalar(con, f"select count(*) from customers where regexp_full_match(phone, '{pattern}')") > 0, pattern
    assert scalar(con, "select count(*) from customers where regexp_matches(last_name, '^(de|Le|du|d'')[ '']')") > 0
    assert scalar(con, "select count(*) from customers where regexp_matches(first_name || last_name, '[éèëïçâôÉ]')") > 0
    assert scalar(con, "select bool_and(try_cast(updated_at is not null and parse_ts(updated_at) >= parse_ts(created_at) as boolean)) from customers") is True


def test_raw_text_variants(con):
    ts = "transaction_at"
    for pattern in [r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ",
                    r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+02:00", r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d", r"\d\d/\d\d/\d{4}"]:
        assert scalar(con, f"select count(*) from transactions where regexp_full_match({ts}, '{pattern}')") > 0, pattern
    assert scalar(con, "select avg(case when regexp_full_match(transaction_at, '\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d') then 1.0 else 0 end) from transactions") > 0.9
    assert scalar(con, "select count(*) from transactions where regexp_full_match(amount, '-?\\d+,\\d\\d')") > 0
    assert scalar(con, "select count(*) from transactions where currency = 'eur'") > 0
    assert scalar(con, "select count(*) from transactions where currency = ' EUR '") > 0
    assert scalar(con, "select avg(case when currency = 'EUR' then 1.0 else 0 end) from transactions") > 0.95


def test_industry_behaviour(con):
    # retail: ~3 % refunds, ~1 % zero amounts, store/web/app
    refunds, zeros, channels = con.execute("""
        select avg(case when amount < 0 then 1.0 else 0 end), avg(case when amount = 0 then 1.0 else 0 end),
               list(distinct channel order by channel)
        from tx where industry = 'retail'""").fetchone()
    assert 0.015 <= refunds <= 0.05 and 0.005 <= zeros <= 0.02 and channels == ["app", "store", "web"]
    # credit card: holders whose only transaction is the zero-amount issuance
    assert scalar(con, """select count(*) from (select customer_id from tx where industry = 'credit_card'
                          group by all having count(*) = 1 and max(amount) = 0)""") >= 5
    # subscription: plan prices only; dormant payers (billed lately, no recent usage); never used
    assert {r[0] for r in con.execute("select distinct amount from tx where industry = 'subscription'").fetchall()} == {
        Decimal(p) for p in ("9.99", "14.99", "19.99")}
    assert scalar(con, "select count(*) from lifecycle where industry = 'subscription' and days_before(last_p) < 35 and (last_u is null or days_before(last_u) > 90)") > 5
    assert scalar(con, "select count(*) from lifecycle where industry = 'subscription' and last_u is null and first_p is not null") > 5
    # auto lease: 24/36/48-month contracts, open-ended ones, renewals
    months = {r[0] for r in con.execute("select distinct date_diff('month', s, e + 1) from contracts_ok where e is not null").fetchall()}
    assert {24, 36, 48} <= months
    assert scalar(con, """select count(*) from contracts_ok a join contracts_ok b
                          on a.customer_id = b.customer_id and b.s between a.e and a.e + 30""") > 3
    # email: open rate 20-30 %, click rate 3-5 % of delivered
    opened, clicked = con.execute("""
        select count(*) filter (where event_type = 'opened') / count(*) filter (where event_type = 'delivered'),
               count(*) filter (where event_type = 'clicked') / count(*) filter (where event_type = 'delivered')
        from email_events""").fetchone()
    assert 0.20 <= opened <= 0.30 and 0.03 <= clicked <= 0.05
    assert {r[0] for r in con.execute("select distinct event_type from email_events").fetchall()} >= {
        "sent", "delivered", "opened", "clicked", "bounced", "unsubscribed", "complained"}


def test_lifecycle_patterns(con):
    counts = dict(con.execute("""
        select industry || ':' || case rule when 'industry_activity' then
            case when days_inactive >= lost_days then 'lost' when days_inactive >= dormant_days then 'dormant' else 'active' end
            else rule end, count(*)
        from lifecycle group by all""").fetchall())
    for industry in INDUSTRIES:
        for status in ["active", "dormant", "lost", "recent_first_purchase", "returned_after_gap"]:
            assert counts.get(f"{industry}:{status}", 0) > 0, (industry, status, counts)


# ----- explicit edge cases ----------------------------------------------------------------------

EDGE_CASES = {
    # transactions
    "exact duplicate transaction": """select count(*) from (select * from transactions group by all having count(*) > 1)""",
    "same transaction_id, different transaction_at": """select count(*) from (select transaction_id from transactions
        group by 1 having count(distinct transaction_at) > 1)""",
    "same transaction_id and transaction_at, different amount": """select count(*) from (select transaction_id from transactions
        group by transaction_id, transaction_at having count(distinct amount) > 1)""",
    "empty customer_id": "select count(*) from transactions where customer_id is null",
    "unknown customer_id": """select count(*) from transactions where customer_id is not null
        and customer_id not in (select customer_id from known_customers)""",
    "empty business_line": "select count(*) from transactions where business_line is null",
    "unknown business_line": """select count(*) from transactions where business_line is not null
        and business_line not in (select business_line from known_lines)""",
    "transaction_at 'not a date'": "select count(*) from transactions where transaction_at = 'not a date'",
    "transaction_at '2024-02-30 10:00:00'": "select count(*) from transactions where transaction_at = '2024-02-30 10:00:00' and parse_ts(transaction_at) is null",
    "transaction_at '31/13/2024'": "select count(*) from transactions where transaction_at = '31/13/2024' and parse_ts(transaction_at) is null",
    "empty transaction_at": "select count(*) from transactions where transaction_at is null",
    "amount 'abc'": "select count(*) from transactions where amount = 'abc'",
    "amount '12.3.4'": "select count(*) from transactions where amount = '12.3.4' and parse_amount(amount) is null",
    "empty amount": "select count(*) from transactions where amount is null",
    "currency USD": "select count(*) from transactions where currency = 'USD'",
    "currency GBP": "select count(*) from transactions where currency = 'GBP'",
    "empty currency": "select count(*) from transactions where currency is null",
    "customer with refunds only": """select count(*) from (select customer_id from tx group by 1
        having max(amount) < 0)""",
    "customer whose only transaction is a zero amount": """select count(*) from (select customer_id from tx
        group by 1 having count(*) = 1 and max(amount) = 0)""",
    "two customers of a line with the same net revenue (retail)": """select count(*) from (select net from lifecycle
        where industry = 'retail' and net is not null group by net having count(*) >= 2)""",
    "several customers with the same recency and frequency": """select count(*) from (select business_line from lifecycle
        where first_p is not null group by business_line, last_p, purchase_days having count(*) >= 3)""",
    # lifecycle
    "retail: last purchase 400 days ago, opened an email 10 days ago": """select count(*) from lifecycle
        where industry = 'retail' and days_before(last_p) = 400 and days_before(last_engagement) = 10""",
    "a click without an open event": """select count(*) from (select customer_id, campaign_id from emails group by all
        having count(*) filter (where event_type = 'clicked') > 0 and count(*) filter (where event_type = 'opened') = 0)""",
    "new customers (first purchase within the last 90 days), every line": """select count(distinct industry) = 4
        from lifecycle where days_before(first_p) < 90""",
    "first purchase exactly 90 days before as-of, every line": """select count(distinct industry) = 4
        from lifecycle where days_before(first_p) = 90""",
    "reactivated customer, every line": """select count(distinct industry) = 4 from lifecycle where rule = 'returned_after_gap'""",
    # auto lease
    "contract running on the as-of date, no purchase for 2 years": """select count(*) from lifecycle
        where industry = 'auto_lease' and running and days_before(last_p) > 730""",
    "contract ending exactly on the as-of date": "select count(*) from contracts_ok where e = getvariable('as_of')",
    "open-ended contract": "select count(*) from contracts where ends_at is null",
    "contract starting after the as-of date": "select count(*) from contracts_ok where s > getvariable('as_of')",
    "contract ending before it starts": "select count(*) from contracts where parse_ts(ends_at) < parse_ts(started_at)",
    "duplicate contract_id": "select count(*) from (select contract_id from contracts group by 1 having count(*) > 1)",
    "contract of an unknown customer": """select count(*) from contracts
        where customer_id not in (select customer_id from known_customers)""",
    "renewed lease (second contract right after the first)": """select count(*) from contracts_ok a join contracts_ok b
        on a.customer_id = b.customer_id and b.s = a.e + 1""",
    # customers, business lines
    "customer_id twice with different updated_at": """select count(*) from (select customer_id from customers
        where customer_id is not null group by 1 having count(distinct updated_at) > 1)""",
    "customer record with an empty customer_id": "select count(*) from customers where customer_id is null",
    "exact duplicate business line": "select count(*) from (select * from business_lines group by all having count(*) > 1)",
    # email events
    "event_type 'forwarded'": "select count(*) from email_events where event_type = 'forwarded'",
    "email event of an unknown customer": """select count(*) from email_events
        where customer_id not in (select customer_id from known_customers)""",
    "unparseable event_at": "select count(*) from email_events where event_at is not null and parse_ts(event_at) is null",
    "duplicate event_id": "select count(*) from (select event_id from email_events group by 1 having count(*) > 1)",
    # usage events
    "exact duplicate usage event": "select count(*) from (select * from usage_events group by all having count(*) > 1)",
    "usage event of an unknown customer": """select count(*) from usage_events
        where customer_id not in (select customer_id from known_customers)""",
    "usage event of an unknown business line": """select count(*) from usage_events
        where business_line not in (select business_line from known_lines)""",
    "unparseable used_at": "select count(*) from usage_events where used_at is not null and parse_ts(used_at) is null",
}


@pytest.mark.parametrize("name", list(EDGE_CASES))
def test_edge_case_is_present(con, name):
    assert scalar(con, EDGE_CASES[name]), name


@pytest.mark.parametrize("industry", sorted(INDUSTRIES))
@pytest.mark.parametrize("threshold", ["dormant", "lost"])
@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_lifecycle_boundary_customers(con, industry, threshold, offset):
    """A customer whose last activity is exactly threshold + offset days before as-of (and
    who is neither new nor reactivated); retail ones have no email event at all."""
    days = THRESHOLDS[industry][0 if threshold == "dormant" else 1] + offset
    no_email = "and customer_id not in (select customer_id from email_events where customer_id is not null)" \
        if industry == "retail" else ""
    found = scalar(con, f"""
        select count(*) from lifecycle
        where industry = '{industry}' and rule = 'industry_activity' and days_inactive = {days} {no_email}""")
    assert found >= 1, (industry, threshold, offset)
