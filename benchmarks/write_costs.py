"""What writing a built table costs in DuckDB, column by column.

Copies each table of a built database into a scratch DuckDB file (a persistent write,
as a model's CREATE TABLE AS does), whole and then one column at a time, and into an
in-memory temporary table (the same read, no write to the file), with the project's
settings (preserve_insertion_order off, the profile's memory limit). Prints a Markdown
table per table: column, type, non-null values, approximate distinct values, seconds
to write it to the file and seconds to copy it in memory. The difference between the
two is what persisting the column costs.

    .venv/bin/python benchmarks/write_costs.py --db /tmp/attrition_bench/10M/run/dbt_run.duckdb \\
        staging.base_raw__email_events marts.customers

The built database is attached read-only under its file name (so that the project's
views resolve) and never changed; the scratch file is deleted afterwards. Run it alone
on the machine: it measures time.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import duckdb


def timed(con: duckdb.DuckDBPyConnection, sql: str, repeat: int, cleanup: str) -> float:
    """The fastest of `repeat` runs of sql, running cleanup after each."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        con.execute(sql)
        best = min(best, time.perf_counter() - started)
        con.execute(cleanup)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tables", nargs="+", help="schema.table of the built database")
    parser.add_argument("--db", type=Path, required=True, help="the DuckDB file a dbt run wrote")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measure, the fastest kept (default 1)")
    parser.add_argument("--memory-limit", default=os.environ.get("ATTRITION_DUCKDB_MEMORY_LIMIT", "12GB"),
                        help="DuckDB memory_limit (default the profile's 12GB)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error(f"--repeat must be at least 1, got {args.repeat}")
    if not args.db.exists():
        print(f"no database at {args.db}", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="write_costs_") as scratch_dir:
        con = duckdb.connect(str(Path(scratch_dir) / "scratch.duckdb"))
        con.execute("set enable_progress_bar = false")
        con.execute("set preserve_insertion_order = false")
        con.execute(f"set memory_limit = '{args.memory_limit}'")
        con.execute(f"set temp_directory = '{Path(scratch_dir).as_posix()}/spill'")
        alias = args.db.stem
        con.execute(f"attach '{args.db.as_posix()}' as \"{alias}\" (read_only)")
        columns_of = {}
        for table in args.tables:
            schema, _, name = table.rpartition(".")
            columns_of[table] = con.execute(
                "select column_name, data_type from duckdb_columns() "
                "where database_name = ? and schema_name = ? and table_name = ? order by column_index",
                [alias, schema or "main", name]).fetchall()
        unknown = [table for table, columns in columns_of.items() if not columns]
        if unknown:
            print(f"unknown table(s) in {args.db}: {', '.join(unknown)}", file=sys.stderr)
            return 2

        for table, columns in columns_of.items():
            schema, _, name = table.rpartition(".")
            source = f'"{alias}"."{schema or "main"}"."{name}"'
            rows = con.execute(f"select count(*) from {source}").fetchone()[0]

            def costs(select: str) -> tuple[float, float]:
                on_file = timed(con, f"create table written as select {select} from {source}", args.repeat,
                                "drop table written; checkpoint")
                in_memory = timed(con, f"create temp table copied as select {select} from {source}", args.repeat,
                                  "drop table copied")
                return on_file, in_memory

            measured = []
            for column, data_type in columns:
                quoted = '"' + column.replace('"', '""') + '"'
                non_null, distinct = con.execute(
                    f"select count({quoted}), approx_count_distinct({quoted}) from {source}").fetchone()
                measured.append((column, data_type, non_null, distinct, *costs(quoted)))
            whole = costs("*")
            print(f"\n{table}: {rows:,} rows, {len(columns)} columns; the whole table: "
                  f"{whole[0]:.2f} s written to the file, {whole[1]:.2f} s copied in memory; "
                  f"the columns one at a time: {sum(m[4] for m in measured):.2f} s and "
                  f"{sum(m[5] for m in measured):.2f} s\n")
            print("| column | type | non-null | ~distinct | written s | in memory s |")
            print("|---|---|---:|---:|---:|---:|")
            for column, data_type, non_null, distinct, on_file, in_memory in sorted(measured, key=lambda m: -m[4]):
                print(f"| `{column}` | {data_type} | {non_null:,} | {distinct:,} | {on_file:.2f} | {in_memory:.2f} |")
        con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
