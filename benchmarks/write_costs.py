"""What writing a built table costs in DuckDB, column by column.

Copies each table or view you name from a built database into a scratch DuckDB file
(a persistent write, as a model's CREATE TABLE AS does: the statement and the
checkpoint that puts its rows in the file are timed together), whole and then one
column at a time, and into an in-memory temporary table (the same read, nothing
written to the file), with the project's settings (preserve_insertion_order off, the
profile's memory limit). Prints a Markdown table per table: column, type, non-null
values, approximate distinct values (HyperLogLog: it can exceed the non-null count),
seconds to write it to the file and seconds to copy it in memory, the costliest write
first. The difference between the two times is what persisting the column costs. For a
view, both times include running its query.

    .venv/bin/python benchmarks/write_costs.py --db attrition.duckdb \\
        staging.base_raw__email_events marts.customers

The database is attached read-only under its file name (the project's views name schemas,
not the database, so any name works); it is never changed. The scratch file is written
next to it, on the same disk, and deleted afterwards. The benchmark deletes its
databases at the end of each size: to measure one, build it yourself (`dbt seed`, then
`dbt run --full-refresh` with ATTRITION_DUCKDB_PATH and the benchmark's vars). Run it
alone on the machine: it measures time.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import duckdb


SCRATCH_NAME = "write_costs_scratch"


def identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def timed(con: duckdb.DuckDBPyConnection, statements: list[str], repeat: int, cleanup: str) -> float:
    """The fastest of `repeat` runs of the statements, running cleanup after each."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for sql in statements:
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

    alias = args.db.stem
    if alias == SCRATCH_NAME or alias in ("memory", "temp", "system"):
        print(f"cannot attach {args.db} under its name {alias!r}: copy it under another name", file=sys.stderr)
        return 2
    # next to the database: the scratch file is written to the same disk
    with tempfile.TemporaryDirectory(prefix="write_costs_", dir=args.db.resolve().parent) as scratch_dir, \
            duckdb.connect(str(Path(scratch_dir) / f"{SCRATCH_NAME}.duckdb")) as con:
        con.execute("set enable_progress_bar = false")
        con.execute("set preserve_insertion_order = false")
        con.execute(f"set memory_limit = {literal(args.memory_limit)}")
        con.execute(f"set temp_directory = {literal((Path(scratch_dir) / 'spill').as_posix())}")
        con.execute(f"attach {literal(args.db.resolve().as_posix())} as {identifier(alias)} (read_only)")
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
            source = ".".join(identifier(part) for part in (alias, schema or "main", name))
            rows = con.execute(f"select count(*) from {source}").fetchone()[0]

            def costs(select: str) -> tuple[float, float]:
                on_file = timed(con, [f"create table written as select {select} from {source}", "checkpoint"],
                                args.repeat, "drop table written")
                in_memory = timed(con, [f"create temp table copied as select {select} from {source}"],
                                  args.repeat, "drop table copied")
                return on_file, in_memory

            measured = []
            for column, data_type in columns:
                quoted = identifier(column)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
