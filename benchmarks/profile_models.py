"""EXPLAIN ANALYZE some models of a built project, to see which operators dominate.

Runs each model's compiled SELECT (from a dbt target folder) under DuckDB's EXPLAIN
ANALYZE, read-only, against the database the run wrote, and writes the plan with its
timings to <out>/<prefix>_<model>.txt. Prints, per model, the total time and the
operators that took the most of it.

    .venv/bin/python benchmarks/profile_models.py --db /tmp/attrition_bench/10M/run/dbt_run.duckdb \
        --target /tmp/attrition_bench/10M/run/dbt_run_nightly/target --prefix 10M_nightly \
        int_transactions_rolled_up_to_customer_days int_customer_line_activity

Profile only models whose inputs are still as the run left them: an incremental model's
compiled SELECT reads its own table's high-water mark, which the run has moved on.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import duckdb

BENCH_DIR = Path(__file__).resolve().parent


def plan_lines(node: dict, depth: int = 0) -> list[str]:
    """The profiled plan as an indented tree: operator, its own time, rows out, details."""
    extra = node.get("extra_info") or {}
    detail = "; ".join(f"{k}: {' '.join(v) if isinstance(v, list) else v}" for k, v in extra.items()
                       if k in ("Table", "Join Type", "Conditions", "Groups", "Aggregates", "Filters", "Function"))
    line = (f"{'  ' * depth}{node.get('operator_name') or node.get('operator_type')}"
            f"  {float(node.get('operator_timing', 0.0)):.2f} s  {int(node.get('operator_cardinality', 0)):,} rows"
            + (f"  [{detail[:300]}]" if detail else ""))
    lines = [line]
    for child in node.get("children", []):
        lines += plan_lines(child, depth + 1)
    return lines


def operator_times(node: dict) -> list[tuple[float, str]]:
    found = [(float(node.get("operator_timing", 0.0)), node.get("operator_name") or node.get("operator_type") or "?")]
    for child in node.get("children", []):
        found += operator_times(child)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="+", help="model names")
    parser.add_argument("--db", type=Path, required=True, help="the DuckDB file the dbt run wrote")
    parser.add_argument("--target", type=Path, required=True, help="that run's target folder (compiled SQL)")
    parser.add_argument("--prefix", required=True, help="file name prefix, e.g. 10M_nightly")
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "profiles", help="default benchmarks/profiles")
    args = parser.parse_args(argv)

    manifest = json.loads((args.target / "manifest.json").read_text())
    by_name = {node["name"]: node for node in manifest["nodes"].values() if node["resource_type"] == "model"}
    unknown = [m for m in args.models if m not in by_name]
    if unknown:
        print(f"unknown model(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(args.db), read_only=True)
    con.execute("set enable_progress_bar = false")
    for name in args.models:
        node = by_name[name]
        compiled = args.target / "compiled" / node["package_name"] / node["original_file_path"]
        sql = compiled.read_text(encoding="utf-8")
        profile = json.loads(con.execute("explain (analyze, format json) " + sql).fetchall()[0][1])
        top = sorted(operator_times(profile), reverse=True)[:4]
        summary = (f"{name}: {profile.get('latency', 0):.2f} s wall, {profile.get('cpu_time', 0):.2f} s CPU in operators; "
                   "slowest operators: " + ", ".join(f"{op} {t:.2f} s" for t, op in top))
        (args.out / f"{args.prefix}_{name}.txt").write_text(
            f"-- {node['unique_id']}\n-- compiled SQL: {compiled}\n-- {summary}\n"
            + "\n".join(plan_lines(profile)) + "\n", encoding="utf-8")
        print(summary, flush=True)
    con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
