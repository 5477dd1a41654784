"""How many rows of each mart a nightly run actually changes: the measurement behind the
marts decision in benchmarks/results/notes.md.

The marts are rewritten whole on every run because every row carries the as-of date
and values that depend on it. This compares the marts of two databases of the same
project, one built as of a day and one as of a later day (e.g. a copy of the full run's
database and the same database after the nightly run), joined on each mart's key:
rows only before, only after, changed apart from the as-of date (and apart also from
the day counts); and for each
column, in how many rows present in both it differs (IS DISTINCT FROM). Prints Markdown.

    .venv/bin/python benchmarks/mart_changes.py --before /tmp/m/full.duckdb --after /tmp/m/nightly.duckdb
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

# each mart's key (its unique or unique_combination_of_columns test in models/marts)
MART_KEYS = {
    "customers": ["customer_key"],
    "customer_statuses": ["customer_key"],
    "households": ["household_key"],
    "customer_contactability": ["customer_key", "channel"],
    "customer_lifecycle": ["customer_key", "business_line"],
    "customer_rfm": ["customer_key", "business_line"],
    "customer_pmg": ["customer_key", "business_line"],
    "customer_identity_map": ["customer_id"],
    "email_bounces_by_source_system": ["source_system", "event_year"],
    "source_system_data_quality": ["source_system"],
}
STAMP_COLUMNS = {"as_of_date"}
# columns that count days up to the as-of date (or decay with them): they move every day
DAY_COUNT_COLUMNS = {"recency_days", "days_inactive", "contactability_score"}


def schema_of(con: duckdb.DuckDBPyConnection, catalog: str, table: str) -> str:
    rows = con.execute(
        "select table_schema from information_schema.tables "
        "where table_catalog = ? and table_name = ? and table_type in ('BASE TABLE', 'VIEW')",
        [catalog, table]).fetchall()
    if len(rows) != 1:
        sys.exit(f"{catalog} holds {len(rows)} tables or views named {table}: "
                 "build the project in both databases first")
    return rows[0][0]


def compare(con: duckdb.DuckDBPyConnection, table: str, keys: list[str]) -> dict:
    before = f'before_db."{schema_of(con, "before_db", table)}"."{table}"'
    after_schema = schema_of(con, "after_db", table)
    after = f'after_db."{after_schema}"."{table}"'
    columns = [name for (name,) in con.execute(
        "select column_name from information_schema.columns "
        "where table_catalog = 'after_db' and table_schema = ? and table_name = ? order by ordinal_position",
        [after_schema, table]).fetchall()]
    compared = [c for c in columns if c not in STAMP_COLUMNS and c not in keys]
    on = " and ".join(f'b."{k}" = a."{k}"' for k in keys)
    differs = [f'(b."{c}" is distinct from a."{c}")' for c in compared]
    any_differs = " or ".join(differs) or "false"
    other_differs = " or ".join(d for c, d in zip(compared, differs) if c not in DAY_COUNT_COLUMNS) or "false"
    in_both = f'a."{keys[0]}" is not null and b."{keys[0]}" is not null'
    per_column_counts = ", ".join(f"count(*) filter (where {in_both} and {d})" for d in differs) or "0"
    counts = con.execute(f"""
        select
            count(*) filter (where a."{keys[0]}" is null) as only_before,
            count(*) filter (where b."{keys[0]}" is null) as only_after,
            count(*) filter (where {in_both} and ({any_differs})) as changed,
            count(*) filter (where {in_both} and ({other_differs})) as changed_apart_from_day_counts,
            {per_column_counts}
        from {before} as b
        full outer join {after} as a on {on}
    """).fetchone()
    only_before, only_after, changed, changed_apart, *per_column = counts
    total_after = con.execute(f"select count(*) from {after}").fetchone()[0]
    by_column = sorted(((n, c) for n, c in zip(per_column, compared) if n), reverse=True)
    return {"table": table, "rows_after": total_after, "only_before": only_before, "only_after": only_after,
            "changed": changed, "changed_apart": changed_apart, "by_column": by_column}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="the database as of the earlier day")
    parser.add_argument("--after", type=Path, required=True, help="the database as of the later day")
    parser.add_argument("--marts", default=",".join(MART_KEYS), help="comma-separated marts (default: all)")
    args = parser.parse_args(argv)
    unknown = [m for m in args.marts.split(",") if m not in MART_KEYS]
    if unknown:
        parser.error(f"unknown mart(s) {unknown}: known are {list(MART_KEYS)}")

    con = duckdb.connect()
    for alias, path in (("before_db", args.before), ("after_db", args.after)):
        if not path.exists():
            parser.error(f"no database at {path}")
        con.execute(f"attach '{path}' as {alias} (read_only)")

    print("| mart | rows (after; all rewritten today) | rows changed, the as-of date aside | "
          "... and the day counts aside | removed / added | share changed, removed or added "
          "(... day counts aside) | columns that differ in the most rows |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for table in args.marts.split(","):
        result = compare(con, table, MART_KEYS[table])
        moved = result["only_before"] + result["only_after"]
        share = (result["changed"] + moved) / max(result["rows_after"], 1)
        share_apart = (result["changed_apart"] + moved) / max(result["rows_after"], 1)
        columns = ", ".join(f"`{c}` {n:,}" for n, c in result["by_column"][:4]) or "none"
        print(f"| `{table}` | {result['rows_after']:,} | {result['changed']:,} | {result['changed_apart']:,} | "
              f"{result['only_before']:,} / {result['only_after']:,} | {share:.1%} ({share_apart:.1%}) | {columns} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
