"""Generate the raw demo data (seeds/demo/raw_*.csv): a French brand group with four business lines.

The generation is set-based DuckDB SQL (scripts/sql/demo_data_*.sql, run in order); this
script only sets the parameters and writes the six raw tables. It scales with
--customers (about 17 transactions, 22 email events and 18 usage events per customer).

Usage:
    python scripts/generate_demo_data.py [--customers 3000] [--seed 42] [--as-of 2026-06-30]
        [--history-days 1460] [--out seeds/demo] [--prefix raw_] [--format csv|parquet]
        [--threads N] [--scratch-db FILE]   # large runs: intermediate tables in a file

With the defaults it rewrites the committed demo CSVs. `--out DIR --prefix ''` writes
DIR/<table>.csv (or .parquet), the layout of the project's var raw_data_dir.

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
customers have a second, later record version.

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
  with an empty customer_id.
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
            print(f"{args.out / (args.prefix + table + '.' + args.format)}: {count} rows")
        print(f"generated in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
