"""Generate raw data at scale (Parquet, the raw_data_dir layout) for benchmarks.

    python scripts/generate_scale_data.py --transactions 10M --out /tmp/attrition_bench/10M
    python scripts/generate_scale_data.py --out /tmp/attrition_bench/10M --append-day \\
        --append-out /tmp/attrition_bench/10M_append --grown-out /tmp/attrition_bench/10M_grown

Writes OUT/<table>.parquet for the six raw tables, in exactly the columns of the raw
contract (scripts/raw_contract.py), every value as text like the demo data (staging
types it), plus OUT/manifest.json (arguments, row counts, first and last day, timings).
Point dbt at it with --vars '{raw_data_dir: OUT, as_of_date: ...}'.

Size: --transactions N (1M, 10M, 50M, 100M or a number) sets the number of bulk persons
to N / 12.2; the data then holds about N transactions (within a few %), ~N/10 customer
records (a person has ~1.2 records: ~12 % of them 1-3 cross-system duplicates, ~3 % a
second version), ~2N email events and ~N usage events.

What the data looks like: the demo generator's model (scripts/generate_demo_data.py:
four business lines fashion_store/retail, gold_card/credit_card,
streaming_plus/subscription, car_lease/auto_lease; activity patterns active, churned,
returning, new, recent; refunds, zero amounts, card issuances, monthly billing, usage
while engaged, lease contracts and payments; monthly email campaigns; households;
duplicate records of one person in other source systems with the email in another case
or with a +tag, the phone written another way, the street abbreviated; timestamps,
amounts, currencies and opt-ins written the feeds' ways; ~4 % of the rows after the
as-of date; ~0.1 % exact duplicate transaction rows) and the demo's explicit edge-case
rows (scripts/sql/demo_data_edge_cases.sql: rejects, duplicates, boundaries), with the
differences listed at the top of scripts/sql/scale_data_model.sql (wider name, postal
and phone spaces; about 35 % prospects; typos and moves only on duplicate records
without an email), and a few bulk rejects (~0.01 % each: an unknown customer, an
impossible date, a currency not accepted). The data passes every test of `dbt build`
(the identity invariants included: no accidental look-alikes, as in the demo).

--append-day: the next day (the day after the last day of the base data), as a nightly
feed delivers it: that day's transactions, email events and usage events, ~1 % late rows
dated up to 7 days back (rows the base files did not have yet: ~1 % of all rows arrive
1-7 days late, so the base lacks some of its last days' rows), ~0.05 % of the last
7 days' transactions (the default incremental lookback) re-sent with the same
transaction_id and a later transaction_at, and the CRM's changes of the day: ~0.1 % of
the persons' customer records re-sent with that day's updated_at and a consent withdrawn
or given (customers_changed in scripts/sql/scale_data_output.sql; no match key changes).
It reads the base folder's manifest (--out) for the parameters, writes the new rows to
--append-out (customers/transactions/email_events/usage_events .parquet) and, with
--grown-out, the grown raw folder for dbt: base rows then appended rows for those four
tables, and symbolic links to the base files for business_lines and contracts.

Determinism: every pseudo-random number is DuckDB hash(seed, keys..., purpose) (macros of
scripts/sql/demo_data_common.sql), never random(); identifiers are functions of each
row's keys; every file is written with an explicit ORDER BY and
preserve_insertion_order, so the same arguments give byte-identical files whatever the
number of threads (with the pinned DuckDB version).

Speed: set-based DuckDB SQL (range() and unnest() over persons and activity spans, no
Python loop over rows, no window over all transactions). --scratch-db FILE keeps the
intermediate tables in a DuckDB file (and lets DuckDB spill next to it) for the largest
sizes; the file is deleted afterwards.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

import duckdb

from raw_contract import RAW_CONTRACT  # scripts/raw_contract.py: the contract from the sources yml

SQL_DIR = Path(__file__).resolve().parent / "sql"
# The demo generator's helpers and edge cases, then the scale model.
SQL_PARTS = [
    "demo_data_common.sql",
    "demo_data_edge_cases.sql",
    "scale_data_model.sql",
    "scale_data_streams.sql",
    "scale_data_output.sql",
]
# Days of data after the as-of date (~4 % of the rows), as in the demo.
TAIL_DAYS = 40
# Activity spans run this many days past the end of the data, so that later days
# (--append-day) come from the same model.
HORIZON_EXTRA_DAYS = 400
# Transactions per bulk person of the model (measured; persons = N / this).
TX_PER_PERSON = 12.2
APPENDED_TABLES = ("customers", "transactions", "email_events", "usage_events")
# From this size on, the intermediate tables live in a scratch DuckDB file by default
# (in memory they could not be evicted: 100M needs more than a 10GB memory limit).
SCRATCH_FROM = 30_000_000
# Rows per separately sorted part of a table (see copy_parts).
CHUNK_ROWS = 12_000_000
SUFFIXES = {"k": 10**3, "m": 10**6, "g": 10**9, "b": 10**9}


def fingerprint() -> str:
    """A digest of this script and its SQL: cached data made by another version is stale."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for part in SQL_PARTS:
        digest.update((SQL_DIR / part).read_bytes())
    return digest.hexdigest()[:16]


def parse_size(text: str) -> int:
    """'1M' -> 1_000_000, '2.5m' -> 2_500_000, '20k' -> 20_000, '12345' -> 12345."""
    match = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([kKmMgGbB]?)\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (use e.g. 20000, 20k, 1M, 2.5M)")
    value = float(match.group(1)) * SUFFIXES.get(match.group(2).lower(), 1)
    if value < 1:
        raise argparse.ArgumentTypeError(f"size must be at least 1, got {text!r}")
    return int(round(value))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=parse_size, default=parse_size("1M"),
                        help="about how many transactions (1M, 10M, 50M, 100M or a number; default 1M)")
    parser.add_argument("--out", type=Path, required=True, help="output folder (the base data)")
    parser.add_argument("--seed", type=int, default=42, help="seed of every pseudo-random number (default 42)")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 6, 30),
                        help="as-of date the data is placed around (default 2026-06-30)")
    parser.add_argument("--history-days", type=int, default=1460,
                        help="days of history before the as-of date (default 1460)")
    parser.add_argument("--threads", type=int, default=None, help="DuckDB threads (output does not depend on it)")
    parser.add_argument("--memory-limit", default=None, help="DuckDB memory_limit, e.g. 12GB")
    parser.add_argument("--scratch-db", type=Path, default=None,
                        help="DuckDB file for the intermediate tables (spills to disk); deleted afterwards; "
                             f"default from {SCRATCH_FROM:,} transactions on: OUT.scratch.duckdb next to the output")
    parser.add_argument("--append-day", action="store_true",
                        help="write the next day's data (parameters from --out's manifest) to --append-out")
    parser.add_argument("--append-out", type=Path, default=None, help="folder of the appended day (--append-day)")
    parser.add_argument("--grown-out", type=Path, default=None,
                        help="with --append-day: also write the grown raw folder (base + appended day)")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    if args.history_days < 400:
        parser.error("--history-days must be at least 400")
    if not 0 <= args.seed < 2**31:
        parser.error("--seed must be between 0 and 2^31 - 1")
    if args.append_day and args.append_out is None:
        parser.error("--append-day needs --append-out")
    args.scratch_auto = args.scratch_db is None
    if args.scratch_auto and args.transactions >= SCRATCH_FROM and not args.append_day:
        args.scratch_db = args.out.with_name(args.out.name + ".scratch.duckdb")
    if not args.append_day and (args.append_out or args.grown_out):
        parser.error("--append-out and --grown-out go with --append-day")
    return args


def spill_dir(args: argparse.Namespace) -> Path:
    """Where DuckDB may spill (never the current folder): next to --scratch-db, else
    next to the output folder."""
    if args.scratch_db is not None:
        return args.scratch_db.with_name(args.scratch_db.name + ".tmp")
    out = args.append_out if args.append_day else args.out
    return out.with_name(out.name + ".spill.tmp")


def connect(args: argparse.Namespace) -> duckdb.DuckDBPyConnection:
    scratch = args.scratch_db
    if scratch is not None and scratch.exists():
        if not args.scratch_auto:
            raise SystemExit(f"--scratch-db {scratch} already exists; give a new file name")
        scratch.unlink()  # left by an interrupted run
        scratch.with_name(scratch.name + ".wal").unlink(missing_ok=True)
    if scratch is not None:
        scratch.parent.mkdir(parents=True, exist_ok=True)  # (the output folder's parent may not exist yet)
    con = duckdb.connect(str(scratch) if scratch else ":memory:")
    if args.threads:
        con.execute(f"set threads = {int(args.threads)}")
    if args.memory_limit:
        con.execute(f"set memory_limit = '{args.memory_limit}'")
    con.execute(f"set temp_directory = '{spill_dir(args).as_posix()}'")
    # Rows are written in the order of each query's ORDER BY.
    con.execute("set preserve_insertion_order = true")
    con.execute("set enable_progress_bar = false")
    return con


def build_model(con: duckdb.DuckDBPyConnection, params: dict) -> None:
    persons = max(1, int(round(params["transactions"] / TX_PER_PERSON)))
    con.execute(f"set variable seed = {int(params['seed'])}")
    con.execute(f"set variable as_of = date '{params['as_of']}'")
    con.execute(f"set variable history_days = {int(params['history_days'])}")
    con.execute(f"set variable tail_days = {TAIL_DAYS}")
    con.execute(f"set variable horizon_days = {int(params['history_days']) + TAIL_DAYS + HORIZON_EXTRA_DAYS}")
    con.execute(f"set variable n_customers = {persons}")
    for part in SQL_PARTS:
        con.execute((SQL_DIR / part).read_text(encoding="utf-8"))
    if con.execute("select current_setting('access_mode'), (select path from duckdb_databases() where database_name = current_database())").fetchone()[1]:
        # a scratch file: write the model's tables to it, so that DuckDB can evict them
        con.execute("checkpoint")
    params["persons"] = persons


def copy(con: duckdb.DuckDBPyConnection, query: str, columns: list[str], order_by: str, path: Path) -> int:
    """Write `select columns from (query) order by order_by` to a Parquet file; row count."""
    tmp = path.with_name(path.name + ".tmp")
    select = ", ".join(columns)
    count = con.execute(
        f"copy (select {select} from ({query}) order by {order_by}) to '{tmp.as_posix()}' (format parquet)"
    ).fetchone()[0]
    tmp.replace(path)
    return count


def copy_parts(con: duckdb.DuckDBPyConnection, parts: list[tuple[str, str]], columns: list[str], path: Path) -> int:
    """Write each (query, order_by) part with its ORDER BY to a file of its own, then the
    parts one after the other into `path` (a streaming copy: with preserve_insertion_order
    the files are read in list order and each in its row order); row count."""
    files = []
    for j, (query, order_by) in enumerate(parts):
        files.append(path.with_name(f"{path.name}.part{j:04d}"))
        copy(con, query, columns, order_by, files[-1])
    tmp = path.with_name(path.name + ".tmp")
    listed = ", ".join(f"'{f.as_posix()}'" for f in files)
    count = con.execute(
        f"copy (select {', '.join(columns)} from read_parquet([{listed}])) to '{tmp.as_posix()}' (format parquet)"
    ).fetchone()[0]
    tmp.replace(path)
    for f in files:
        f.unlink()
    return count


def day_chunks(last: int, rows: int) -> list[tuple[int, int]]:
    """Days 0..last cut into ranges of about CHUNK_ROWS rows (rows spread evenly)."""
    count = max(1, -(-rows // CHUNK_ROWS))
    bounds = [round(j * (last + 1) / count) for j in range(count + 1)]
    return [(bounds[j], bounds[j + 1] - 1) for j in range(count)]


def write_base(con: duckdb.DuckDBPyConnection, out: Path, last: int, transactions: int,
               timings: dict) -> dict[str, int]:
    """The six tables of the base data (days 0..last), bulk rows in time order, then the
    edge-case rows. Above CHUNK_ROWS rows a table is sorted in day ranges (copy_parts):
    one sort of 100M rows does not fit a 10GB memory limit. (Plain UNION ALL with named
    sort columns: with UNION BY NAME, constant sort keys or a join under the sort,
    DuckDB 1.5 could not spill it.)"""
    c = RAW_CONTRACT
    cols = {table: ", ".join(columns) for table, columns in RAW_CONTRACT.items()}
    streams = {
        # table: (bulk rows of days lo..hi with sort columns, edge rows, bulk order, edge order, rows per transaction)
        "transactions": (
            lambda lo, hi: f"select {cols['transactions']}, d as o1, sec as o2, k as o3, copy_no as o4 "
                           f"from tx_rows({lo}, {hi}, -1000000, {last})",
            f"select {cols['transactions']}, _o1 as o1, _o2 as o2, 0 as o3, 0 as o4 from edge_transactions",
            "o1, o2, o3, o4", 1.0),
        "email_events": (
            lambda lo, hi: f"select {cols['email_events']}, es as o1, k as o2 from email_out({lo}, {hi}, -1000000, {last})",
            f"select {cols['email_events']}, _o1 as o1, _o2 as o2 from edge_email_events",
            "o1, o2", 2.1),
        "usage_events": (
            lambda lo, hi: f"select {cols['usage_events']}, d as o1, sec as o2, k as o3 "
                           f"from usage_out({lo}, {hi}, -1000000, {last})",
            f"select {cols['usage_events']}, _o1 as o1, 0 as o2, 0 as o3 from edge_usage_events",
            "o1, o2, o3", 1.1),
    }
    counts = {}
    for table in RAW_CONTRACT:
        started = time.perf_counter()
        path = out / f"{table}.parquet"
        if table == "customers":
            counts[table] = copy(con, "select * from out_customers", c[table], "_o1, _o2", path)
        elif table == "business_lines":
            counts[table] = copy(con, "select * from out_business_lines", c[table], "_o1, _o2", path)
        elif table == "contracts":
            counts[table] = copy(con, "select * from out_contracts", c[table], "_o1, _o2, _o3", path)
        else:
            bulk, edge, order_by, per_transaction = streams[table]
            chunks = day_chunks(last, int(transactions * per_transaction))
            if len(chunks) == 1:
                query = f"select *, 0 as part from ({bulk(0, last)}) union all select *, 1 from ({edge})"
                counts[table] = copy(con, query, c[table], f"part, {order_by}", path)
            else:
                parts = [(bulk(lo, hi), order_by) for lo, hi in chunks] + [(edge, order_by)]
                counts[table] = copy_parts(con, parts, c[table], path)
        timings[f"write_{table}"] = round(time.perf_counter() - started, 2)
    return counts


def write_append(con: duckdb.DuckDBPyConnection, out: Path, day: int, timings: dict) -> dict[str, int]:
    c = RAW_CONTRACT
    tx_cols = ", ".join(c["transactions"])
    email_cols = ", ".join(c["email_events"])
    usage_cols = ", ".join(c["usage_events"])
    queries = {
        "customers": (f"select {', '.join(c['customers'])}, _o1 as o1 from customers_changed({day})", "o1"),
        "transactions": (
            f"select {tx_cols}, d as o1, sec as o2, k as o3, copy_no as o4 from tx_rows({day - 7}, {day}, {day}, {day}) "
            f"union all select {tx_cols}, {day}, 0, k, copy_no from tx_resent({day})",
            "o1, o2, o3, o4"),
        "email_events": (
            f"select {email_cols}, es as o1, k as o2 from email_out({day - 7}, {day}, {day}, {day})",
            "o1, o2"),
        "usage_events": (
            f"select {usage_cols}, d as o1, sec as o2, k as o3 from usage_out({day - 7}, {day}, {day}, {day})",
            "o1, o2, o3"),
    }
    counts = {}
    for table, (query, order_by) in queries.items():
        started = time.perf_counter()
        counts[table] = copy(con, query, c[table], order_by, out / f"{table}.parquet")
        timings[f"write_{table}"] = round(time.perf_counter() - started, 2)
    return counts


def write_grown(con: duckdb.DuckDBPyConnection, base: Path, append: Path, grown: Path) -> dict[str, int]:
    """The raw folder after the nightly feed: base rows then appended rows (one file per
    table, as var raw_data_dir reads <table>.parquet), links for the unchanged tables."""
    grown.mkdir(parents=True, exist_ok=True)
    counts = {}
    for table, columns in RAW_CONTRACT.items():
        target = grown / f"{table}.parquet"
        if target.is_symlink() or target.exists():
            target.unlink()
        if table in APPENDED_TABLES:
            # the base file then the appended one, each in its row order (a streaming copy:
            # preserve_insertion_order reads the files in list order)
            tmp = target.with_name(target.name + ".tmp")
            counts[table] = con.execute(
                f"copy (select {', '.join(columns)} from read_parquet(['{(base / f'{table}.parquet').as_posix()}', "
                f"'{(append / f'{table}.parquet').as_posix()}'])) to '{tmp.as_posix()}' (format parquet)").fetchone()[0]
            tmp.replace(target)
        else:
            target.symlink_to((base / f"{table}.parquet").resolve())
            counts[table] = con.execute(f"select count(*) from read_parquet('{target.as_posix()}')").fetchone()[0]
    return counts


def file_sizes(folder: Path) -> dict[str, int]:
    return {table: (folder / f"{table}.parquet").stat().st_size for table in RAW_CONTRACT
            if (folder / f"{table}.parquet").exists()}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    timings: dict[str, float] = {}
    if args.append_day:
        manifest_path = args.out / "manifest.json"
        if not manifest_path.exists():
            raise SystemExit(f"{manifest_path} not found: generate the base data into --out first")
        base_manifest = json.loads(manifest_path.read_text())
        params = {key: base_manifest[key] for key in ("transactions", "seed", "as_of", "history_days")}
        if args.scratch_auto and params["transactions"] >= SCRATCH_FROM:
            args.scratch_db = args.append_out.with_name(args.append_out.name + ".scratch.duckdb")
    else:
        params = {"transactions": args.transactions, "seed": args.seed,
                  "as_of": args.as_of.isoformat(), "history_days": args.history_days}
    con = connect(args)
    try:
        build_model(con, params)
        timings["model"] = round(time.perf_counter() - started, 2)
        as_of = dt.date.fromisoformat(params["as_of"])
        last = int(params["history_days"]) + TAIL_DAYS  # last day of the base data (day number)
        first_date = as_of - dt.timedelta(days=int(params["history_days"]))
        last_date = first_date + dt.timedelta(days=last)
        if args.append_day:
            out = args.append_out
            out.mkdir(parents=True, exist_ok=True)
            day = last + 1
            counts = write_append(con, out, day, timings)
            manifest = {**params, "kind": "append", "day": (first_date + dt.timedelta(days=day)).isoformat(),
                        "base": str(args.out.resolve())}
            if args.grown_out is not None:
                step = time.perf_counter()
                grown_counts = write_grown(con, args.out, out, args.grown_out)
                timings["write_grown"] = round(time.perf_counter() - step, 2)
                grown_manifest = {**params, "kind": "grown", "fingerprint": fingerprint(), "persons": params["persons"],
                                  "first_day": first_date.isoformat(),
                                  "last_day": (first_date + dt.timedelta(days=day)).isoformat(),
                                  "rows": grown_counts, "bytes": file_sizes(args.grown_out),
                                  "base": str(args.out.resolve()), "append": str(out.resolve()),
                                  "duckdb_version": duckdb.__version__}
                (args.grown_out / "manifest.json").write_text(json.dumps(grown_manifest, indent=2) + "\n")
        else:
            out = args.out
            out.mkdir(parents=True, exist_ok=True)
            counts = write_base(con, out, last, int(params["transactions"]), timings)
            manifest = {**params, "kind": "base", "first_day": first_date.isoformat(), "last_day": last_date.isoformat()}
    finally:
        con.close()
        shutil.rmtree(spill_dir(args), ignore_errors=True)
        if args.scratch_db is not None:
            for leftover in (args.scratch_db, args.scratch_db.with_name(args.scratch_db.name + ".wal")):
                leftover.unlink(missing_ok=True)
    elapsed = round(time.perf_counter() - started, 2)
    manifest.update({"fingerprint": fingerprint(), "persons": params["persons"], "rows": counts, "bytes": file_sizes(out),
                     "seconds": elapsed, "timings": timings, "threads": args.threads or os.cpu_count(),
                     "duckdb_version": duckdb.__version__})
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    if not args.quiet:
        for table, count in counts.items():
            size = manifest["bytes"].get(table, 0)
            print(f"{out / (table + '.parquet')}: {count} rows, {size / 2**20:.1f} MiB")
        if args.append_day and args.grown_out is not None:
            print(f"{args.grown_out}: grown raw folder (base + {manifest['day']})")
        print(f"generated in {elapsed:.1f} s ({', '.join(f'{k} {v:.1f}' for k, v in timings.items())})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
