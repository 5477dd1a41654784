"""Generate the raw demo data (seeds/demo/raw_*.csv): a French brand group with four business lines.

The generation is set-based DuckDB SQL (scripts/sql/demo_data_*.sql, run in order); this
script only sets the parameters and writes the six raw tables. It scales with
--customers, the number of bulk persons (about 17 transactions, 22 email events and 18
usage events per person; ~1.2 customer records per person).

Usage:
    python scripts/generate_demo_data.py [--customers 3000] [--seed 42] [--as-of 2026-06-30]
        [--history-days 1460] [--out seeds/demo] [--prefix raw_] [--format csv|parquet]
        [--threads N] [--scratch-db FILE]   # large runs: intermediate tables in a file
        [--truth-out FILE]                  # identity truth, see "Identity" below

With the defaults it rewrites the committed demo CSVs. `--out DIR --prefix ''` writes
DIR/<table>.csv (or .parquet), the layout of the project's var raw_data_dir.
`--truth-out FILE` also writes the truth of identity resolution, never into --out:
    python scripts/generate_demo_data.py --out /tmp/demo --truth-out /tmp/demo_truth.csv

Every value is text exactly as a raw feed delivers it (empty field = missing), in the
columns of the public raw contract (the raw source, models/staging/raw/_raw__sources.yml).

Determinism
-----------
Every pseudo-random number is derived from DuckDB's hash() of (seed, entity keys, purpose),
e.g. u2(customer_num, line, 'pattern') = (hash(seed, customer_num, line, 'pattern') % 1e6) / 1e6;
random() is never used (its sequence depends on thread scheduling). Identifiers are numbered
with row_number() over a total order, and every file is written sorted on explicit keys, so
the same arguments produce byte-identical files on every run (with the pinned DuckDB version:
another version may hash differently). A different --seed gives different data.

What the data looks like
------------------------
History from --as-of minus --history-days until 40 days after --as-of: rows after the as-of
date (~4 %) are valid and ignored for that as-of date. About 15 % of customers are prospects
(no purchase, contract or usage; the opted-in ones still get emails); the others are active
in 1-3 lines, each with a pattern: active, churned, returning after a gap of 1-2x the line's
dormant threshold, new (first purchase in the last 90 days) or recent.
  fashion_store  (retail)       purchases every ~20-150 days, log-normal amounts, ~3 % refunds,
                                ~1 % zero-amount exchanges, channels store/web/app;
  gold_card      (credit_card)  transactors (many small), revolvers (fewer, larger), cards never
                                used (one zero-amount issuance), lapsed holders (churned);
  streaming_plus (subscription) monthly billing at 9.99/14.99/19.99, usage events while engaged,
                                dormant payers (pay, stopped using), never-used subscriptions;
  car_lease      (auto_lease)   24/36/48-month contracts, open-ended ones, renewals, comebacks,
                                contracts ended long ago, monthly payments (first = deposit).
Monthly email campaigns (CMP-YYYY-MM) to opted-in customers: sent, delivered or bounced,
opened (~25 %), clicked (~4 %, a few with no open), unsubscribed, complained.
Formats: timestamps mostly 'YYYY-MM-DD HH:MM:SS' (UTC), a few 'YYYY-MM-DDTHH:MM:SSZ',
'...+02:00' / '+01:00', 'DD/MM/YYYY HH:MM:SS', 'DD/MM/YYYY'; amounts with a dot, ~1 % with a
decimal comma; currency 'EUR', a few 'eur' / ' EUR '; opt-ins as each source system writes
them (true/false, 1/0, oui/non, Y/N, yes/no, empty); French names, phones and addresses.
About 0.1 % of bulk transactions are delivered twice (exact duplicates) and ~3 % of
customers have a second, later record version (same customer_id).

Identity (scripts/sql/demo_data_identity.sql)
---------------------------------------------
One person may be entered in several of the four source systems (crm, web, store,
after_sales) under different customer_ids; the generator knows who is who.
  - Duplicate records: ~12 % of the bulk persons have 1 to 3 more records (about 600 with
    the defaults), each in another source system than the person's first record (a
    person's records are in distinct systems), with a new customer_id numbered after every
    person and unknown id in a hashed order (the width of cid()), created at or after the
    first record, updated later. They vary as real records do: the email with another
    case, surrounding spaces or a +tag ('jean.dupont+promo@gmail.com'), missing (half of
    the store records, never on the web) or changed to an old provider (same local part
    at wanadoo.fr, orange.fr...); the same phone in another written form ('06 12 34 56 78',
    '+33 6 12 34 56 78', '0612345678', '06.12.34.56.78', '+33612345678', '0033612345678',
    '+33 (0)6-12-34-56-78'; '0032 4..' etc. abroad) or missing; names in upper case
    (stores), without accents, 'Jean Pierre' for 'Jean-Pierre', rarely a one-letter typo
    in the first name; the street abbreviated ('bd', 'av.', 'r.', 'pl.', 'che.', 'St-',
    'Ste-'...), in upper case, without accents or punctuation, without its complement, or
    missing; a postal code '75 011' or 'L-1450'; opt-ins in the system's spelling. A typo
    or a move (~4 %: another city) only on a record still linked by the email or a mobile.
    Every duplicate is linkable to the person's first record (the version staging keeps)
    by (a) the email once trimmed, lower-cased and without its +tag, (b) the mobile in
    E.164 (French 06/07, and the Belgian, Swiss, Luxembourg numbers), or (c) the folded
    last name (case, accents, hyphens, spaces), a first name equal once folded or one typo
    apart, and the postal code without spaces or 'L-' -- except ~0.5 % of them that share
    nothing (changed or no email, no phone, moved): unmatchable by design.
  - Activity of duplicates: fashion_store refunds and exchanges (zero amounts) under the
    after-sales record, store purchases under the store record, web/app purchases under
    the web record (each from the record's creation on, ~90 % of those rows), and a
    streaming_plus subscription taken after the web record exists is billed and used
    under it. Email events and contracts stay on the first record.
  - Households: ~8 % of the bulk persons live with another one (anchor + spouse, adult
    child or twin; a few of three): same address, postal code and city (in both record
    versions), usually the same last name (spouses 75 %, children 90 %, twins always),
    first names far apart (another initial; twins share the initial). About half of the
    French households have a landline as the anchor's phone, which ~60 % of the others
    give too (the rest their own mobile).
  - Look-alikes: ~1.2 % of the persons living alone are planned namesakes of another
    person (same first and last name, another postal code); many more namesakes arise
    from the name lists.
  - No accidental collisions: two persons never share an email local part (a number is
    appended: 'jean.martin2'), a phone number (except a household landline), nor a folded
    last name and postal code with alike first names (within one typo, or Jaro-Winkler
    >= 0.8): the later person draws again (4 rounds; with hundreds of thousands of persons
    a few true homonyms may remain). Edge-case customers never change, have no duplicate
    and no household; the others give way to them.
  - Truth (--truth-out): a CSV customer_id,person_id,household_id, one row per non-empty
    customer_id, sorted by customer_id; person_id 'P' + the person's number, household_id
    'H' + the number of the household's anchor (the person's own for people living alone).

Edge cases (explicit rows on dedicated customers, scripts/sql/demo_data_edge_cases.sql;
days are counted back from --as-of, so they follow it; with a short --history-days the
oldest of them fall before the history start)
-----------------------------------------------------------------------------------------
transactions
  - an exact duplicate row; a transaction_id twice with a different transaction_at (the later
    wins downstream); a transaction_id twice with the same transaction_at and another amount;
  - empty customer_id; unknown customer_id; empty business_line; unknown business_line
    (home_insurance); transaction_at 'not a date', '2024-02-30 10:00:00', '31/13/2024', empty;
    amount 'abc', '12.3.4', empty; currency USD, GBP, empty;
  - valid variants: '19,90', '-5,00', 'eur', ' EUR ', every accepted timestamp form;
  - a customer with refunds only (negative net revenue); one with a single zero-amount row;
    a card never used (one zero-amount issuance); two retail customers with the same net
    revenue (150.00); three retail customers with the same recency and frequency;
  - lifecycle boundaries for each line: last activity exactly (threshold - 1), threshold and
    (threshold + 1) days before as-of, for dormant and lost (retail 243/730, credit_card
    182/547, subscription 60/365, auto_lease 365/1095; these customers have no email event);
  - retail: last purchase 400 days ago but an email opened 10 days ago; a click with no open;
  - a reactivated customer in each line (gap >= dormant threshold, then one purchase in the
    last 90 days); a new customer in each line; first purchase exactly 90 days before as-of
    in each line; first purchase 89 days before as-of (retail);
  - auto_lease: a contract running on the as-of date with no purchase for over two years; a
    contract ending exactly on the as-of date; an open-ended contract; a contract starting after
    the as-of date; ends_at before started_at; a duplicate contract_id (amended end date);
    a renewed lease; a contract of an unknown customer.
customers: a customer_id twice with different updated_at (the latest wins downstream); a record
  with an empty customer_id (not in the truth).
business_lines: one exact duplicate row (never an industry outside the four: that stops the
  build by design).
email_events: event_type 'forwarded'; an unknown customer; unparseable event_at ('yesterday',
  '2025-13-01 09:00:00'); a duplicate event_id (exact) and an event_id twice with another time.
usage_events: an exact duplicate row; an unknown customer; an unknown business line
  (streaming_max); unparseable used_at ('not a date', '2025-02-29 20:00:00').
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

import duckdb

from raw_contract import RAW_CONTRACT  # scripts/raw_contract.py: the contract from the sources yml

SQL_DIR = Path(__file__).resolve().parent / "sql"
SQL_PARTS = [
    "demo_data_common.sql",
    "demo_data_activity.sql",
    "demo_data_edge_cases.sql",
    "demo_data_customers_emails.sql",
    "demo_data_identity.sql",
    "demo_data_output.sql",
]
# Days of data after the as-of date (valid rows, out of scope for that as-of date).
TAIL_DAYS = 40



def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=3000, help="bulk customers (default 3000)")
    parser.add_argument("--seed", type=int, default=42, help="seed of every pseudo-random number (default 42)")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 6, 30),
                        help="as-of date the edge cases are placed around (default 2026-06-30)")
    parser.add_argument("--history-days", type=int, default=1460,
                        help="days of history before the as-of date (default 1460)")
    parser.add_argument("--out", type=Path, default=Path("seeds/demo"), help="output folder (default seeds/demo)")
    parser.add_argument("--prefix", default="raw_", help="file name prefix (default raw_)")
    parser.add_argument("--format", choices=["csv", "parquet"], default="csv")
    parser.add_argument("--threads", type=int, default=None, help="DuckDB threads (output does not depend on it)")
    parser.add_argument("--scratch-db", type=Path, default=None,
                        help="DuckDB file for the intermediate tables (large runs: lets DuckDB spill to "
                             "disk); default in memory; the file is deleted afterwards")
    parser.add_argument("--truth-out", type=Path, default=None,
                        help="also write the identity truth, a CSV customer_id,person_id,household_id "
                             "(never into --out)")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    if args.customers < 1:
        parser.error("--customers must be at least 1")
    if args.history_days < 400:
        parser.error("--history-days must be at least 400")
    if not 0 <= args.seed < 2**31:
        parser.error("--seed must be between 0 and 2^31 - 1")
    return args


def generate(args: argparse.Namespace) -> dict[str, int]:
    """Run the SQL and write the six tables; return the row count per table."""
    scratch = args.scratch_db
    if scratch is not None and scratch.exists():
        raise SystemExit(f"--scratch-db {scratch} already exists; give a new file name")
    con = duckdb.connect(str(scratch) if scratch else ":memory:")
    if args.threads:
        con.execute(f"set threads = {int(args.threads)}")
    # Rows are written in the order of each query's ORDER BY.
    con.execute("set preserve_insertion_order = true")
    con.execute(f"set variable seed = {int(args.seed)}")
    con.execute(f"set variable as_of = date '{args.as_of.isoformat()}'")
    con.execute(f"set variable history_days = {int(args.history_days)}")
    con.execute(f"set variable tail_days = {TAIL_DAYS}")
    con.execute(f"set variable n_customers = {int(args.customers)}")
    for part in SQL_PARTS:
        con.execute((SQL_DIR / part).read_text(encoding="utf-8"))

    args.out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for table, columns in RAW_CONTRACT.items():
        path = args.out / f"{args.prefix}{table}.{args.format}"
        select = ", ".join(columns)
        options = "format csv, header true, delimiter ','" if args.format == "csv" else "format parquet"
        # COPY returns the number of rows written.
        counts[table] = con.execute(
            f"copy (select {select} from out_{table} order by _o1, _o2) "
            f"to '{path.as_posix()}' ({options})"
        ).fetchone()[0]
    if args.truth_out is not None:
        args.truth_out.parent.mkdir(parents=True, exist_ok=True)
        counts["truth"] = con.execute(
            "copy (select customer_id, person_id, household_id from truth order by customer_id) "
            f"to '{args.truth_out.as_posix()}' (format csv, header true, delimiter ',')"
        ).fetchone()[0]
    con.close()
    if scratch is not None:
        for leftover in (scratch, scratch.with_name(scratch.name + ".wal")):
            leftover.unlink(missing_ok=True)
    return counts


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    counts = generate(args)
    if not args.quiet:
        for table, count in counts.items():
            if table == "truth":
                print(f"{args.truth_out}: {count} rows")
            else:
                print(f"{args.out / (args.prefix + table + '.' + args.format)}: {count} rows")
        print(f"generated in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
