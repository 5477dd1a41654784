"""Benchmark the dbt project against a hand-written DuckDB query at several data sizes.

    .venv/bin/python benchmarks/run_benchmark.py --sizes 1M,10M     # default: 1M,10M,50M,100M

For each size (generated once with scripts/generate_scale_data.py into --data-dir and
reused), every measured step runs as a child process whose wall time, CPU time
(user + sys) and peak resident memory come from the OS (os.wait4's rusage):

  generate      the base data (only when it is not cached; informational)
  append        the next day of data (generator --append-day; informational)
dbt reads the data as folders of deliveries (raw_data_dir/<table>/<file>.parquet, links
to the generated files: one file per table for the base data, plus the appended day's
file for the grown data), the layout of a nightly feed; the hand-written query reads the
generated single files, which hold the same rows.
  dbt_run_full  `dbt seed` (not measured) then `dbt run --full-refresh` of the whole
                project into a fresh DuckDB file (models only)
  handwritten_base  benchmarks/handwritten_marts.sql on the same base data
  dbt_run_nightly  `dbt run` again on the database of dbt_run_full, with the grown
                deliveries: the incremental models read only the new files
  dbt_build_nightly  the same on a copy of that database with `dbt build` (models,
                data tests and unit tests, as a nightly job runs it)
  dbt_run_nightly_window  the same on single files grown in place (after an untimed full run on them): the
                incremental models re-read an event-time window (informational)
  handwritten_grown  the hand-written query on the grown data
  dbt_run_nothing_new  `dbt run` once more on the nightly run's database, as of the day
                after, with the same deliveries: a night when nothing was delivered,
                the floor of a nightly run (dbt's start-up, and the work every run
                does whatever the night's volume); informational, at every size
  dbt_run_three_marts_full  `dbt run --full-refresh --select +customer_rfm
                +customer_pmg +customer_lifecycle`: only what the hand-written query
                computes (the whole project also builds the customer view, households,
                contactability and data quality marts); informational
  dbt_build_full  `dbt build --full-refresh` with every test (sizes below 50M, or
                with --with-build); informational
At 50M and above (or with --minimal) only dbt_run_full, dbt_run_nightly,
dbt_run_nothing_new and the two hand-written steps run (--all-steps: everything).
--with-build adds the project's main job at any size: dbt_build_full and, under
--minimal, dbt_build_nightly run on dbt_build_full's database afterwards (one dbt
database on disk at a time) and compared with the hand-written query on the grown data.
--typed runs every step on typed Parquet (typed_copy()) and --single-files makes dbt read
one file per table grown in place instead of delivery folders: other shapes of the same
data, each its own section of the results.
For every dbt step the results also keep dbt's own time: the wall time minus the
elapsed time run_results.json gives for running the nodes (start-up, parsing the
project, reading the catalog, writing the artifacts).

The base run uses as_of_date = the last day of the base data and the nightly run the
appended day. After the full and nightly dbt steps, the three marts are compared row by
row with the hand-written query's (not timed); a difference is reported, not hidden.

Writes benchmarks/results/<size>.json (one file per size, replaced when the size is run
again) and renders --results (default benchmarks/RESULTS.md) from every results file:
the machine, one table per size, the ratios dbt / hand-written and the targets.
--profile also saves EXPLAIN ANALYZE of the hand-written statements and of the slowest
dbt model (its compiled SQL, run against the built database) under benchmarks/profiles/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
BENCH_DIR = PROJECT_DIR / "benchmarks"
GENERATOR = PROJECT_DIR / "scripts" / "generate_scale_data.py"
HANDWRITTEN_SQL = BENCH_DIR / "handwritten_marts.sql"
SEEDS_DIR = PROJECT_DIR / "seeds" / "reference"
PYTHON = sys.executable
DBT = shutil.which("dbt", path=str(Path(sys.executable).parent)) or "dbt"
MARTS = ("customer_rfm", "customer_pmg", "customer_lifecycle")
DEFAULT_SIZES = "1M,10M,50M,100M"
GIB = 2**30
# Targets in force.
TARGETS = {
    "full_10M": ("10M", "full `dbt run --full-refresh` within 2.5x of the hand-written query", 2.5),
    "full_50M": ("50M", "full `dbt run --full-refresh` within 2.0x of the hand-written query", 2.0),
    "nightly_50M": ("50M", "nightly incremental `dbt run` within 0.20x of the hand-written full query (grown data)",
                    0.20),
    "nothing_50M": ("50M", "a night with nothing delivered within 0.10x of the hand-written full query", 0.10),
    "peak_100M": ("100M", "100M completes (every step exit 0) under 16 GiB peak memory", 16 * GIB),
}

# The hand-written query, run in its own process: connect to a fresh database file, set
# the inputs, run the script (the three marts are written as tables, as dbt does).
HANDWRITTEN_RUNNER = """
import sys, duckdb
db, raw_dir, as_of, seeds_dir, sql_path, threads, memory_limit = sys.argv[1:8]
con = duckdb.connect(db)
if threads != '0':
    con.execute(f"set threads = {int(threads)}")
if memory_limit:
    con.execute(f"set memory_limit = '{memory_limit}'")
con.execute("set enable_progress_bar = false")
con.execute(f"set variable raw_dir = '{raw_dir}'")
con.execute(f"set variable as_of = date '{as_of}'")
con.execute(f"set variable seeds_dir = '{seeds_dir}'")
con.execute(open(sql_path, encoding='utf-8').read())
con.close()
"""


def generator_fingerprint() -> str:
    """The generator's version (scripts/generate_scale_data.py fingerprint()): cached data
    from another version is generated again."""
    sys.path.insert(0, str(GENERATOR.parent))
    from generate_scale_data import fingerprint
    return fingerprint()


def parse_size(text: str) -> int:
    match = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([kKmM]?)\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r}")
    return int(round(float(match.group(1)) * {"k": 10**3, "m": 10**6, "": 1}[match.group(2).lower()]))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help=f"comma-separated sizes (default {DEFAULT_SIZES})")
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/attrition_bench"),
                        help="generated data (cached) and the benchmark's databases (default /tmp/attrition_bench)")
    parser.add_argument("--results", type=Path, default=BENCH_DIR / "RESULTS.md", help="the results table (Markdown)")
    parser.add_argument("--results-dir", type=Path, default=BENCH_DIR / "results",
                        help="one JSON per size; RESULTS.md is rendered from all of them")
    parser.add_argument("--seed", type=int, default=42, help="generator seed (default 42)")
    parser.add_argument("--with-build", action="store_true",
                        help="also time the project's main job, `dbt build` (models + tests), at every size: "
                             "`dbt build --full-refresh`, and with --minimal (the default at 50M and above) the "
                             "nightly `dbt build` on that database")
    parser.add_argument("--no-build", action="store_true", help="never time `dbt build --full-refresh`")
    parser.add_argument("--minimal", action="store_true",
                        help="only the target steps (full run, nightly run, hand-written x2, and the night "
                             "with nothing delivered): no window-mode run, no three-marts run, and no build unless "
                             "--with-build (the default at 50M and above)")
    parser.add_argument("--all-steps", action="store_true", help="every step at every size")
    parser.add_argument("--no-verify", action="store_true", help="skip the row-by-row comparison of the marts")
    parser.add_argument("--profile", action="store_true",
                        help="save EXPLAIN ANALYZE of the hand-written query and of the slowest dbt model under benchmarks/profiles/")
    parser.add_argument("--profiles-out", type=Path, default=BENCH_DIR / "profiles",
                        help="where --profile writes (default benchmarks/profiles)")
    parser.add_argument("--handwritten-threads", type=int, default=0,
                        help="DuckDB threads of the hand-written query (default: DuckDB's default, all cores)")
    parser.add_argument("--handwritten-memory-limit", default=os.environ.get("ATTRITION_DUCKDB_MEMORY_LIMIT", "12GB"),
                        help="DuckDB memory_limit of the hand-written query (default: the dbt profile's, "
                             "ATTRITION_DUCKDB_MEMORY_LIMIT or 12GB; '' for DuckDB's default)")
    parser.add_argument("--generator-args", default="", help="extra arguments for the generator, e.g. '--scratch-db /tmp/x.duckdb'")
    parser.add_argument("--typed", action="store_true",
                        help="typed Parquet, as a warehouse exports it (TIMESTAMP, DATE, DECIMAL, BOOLEAN columns; "
                             "the generated text converted once, cached), instead of text columns")
    parser.add_argument("--single-files", action="store_true",
                        help="dbt reads one file per table grown in place (the event-time window mode) instead of "
                             "folders of deliveries")
    parser.add_argument("--render-only", action="store_true", help="only render --results from the stored results files")
    args = parser.parse_args(argv)
    args.size_labels = [s.strip().upper() for s in args.sizes.split(",") if s.strip()]
    for label in args.size_labels:
        parse_size(label)
    return args


# ----------------------------------------------------------------------------- running --

def measure(name: str, command: list[str], log: Path, env: dict | None = None, cwd: Path = PROJECT_DIR) -> dict:
    """Run `command` as a child process; its wall time and the OS's accounting of it
    (user and system CPU time, peak resident set size) from os.wait4."""
    log.parent.mkdir(parents=True, exist_ok=True)
    shown = [str(c) if "\n" not in str(c) else "<script>" for c in command]
    print(f"  {name}: {' '.join(shown)[:240]}", flush=True)
    load_before = Path("/proc/loadavg").read_text().split()[0]
    with open(log, "w", encoding="utf-8") as out:
        started = time.perf_counter()
        process = subprocess.Popen([str(c) for c in command], cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    result = {
        "step": name,
        "wall_s": round(wall, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "user_s": round(usage.ru_utime, 2),
        "sys_s": round(usage.ru_stime, 2),
        # ru_maxrss is in KiB on Linux
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
        "exit_code": process.returncode,
        # the 1-minute load average before and after: other work on the machine shows
        # here (this step alone keeps it near the number of cores it uses)
        "load_before": load_before,
        "load_after": Path("/proc/loadavg").read_text().split()[0],
        "log": str(log),
    }
    flag = "" if process.returncode == 0 else f"  EXIT {process.returncode} (see {log})"
    print(f"    {result['wall_s']:.1f} s wall, {result['cpu_s']:.1f} s CPU, {result['peak_rss_mib']:.0f} MiB peak{flag}", flush=True)
    return result


def dbt_env(db_path: Path) -> dict:
    """The database file, and DuckDB's spill folder next to it (profiles.yml's default,
    target/duckdb_spill, would be inside the project)."""
    return {**os.environ, "ATTRITION_DUCKDB_PATH": str(db_path),
            "ATTRITION_DUCKDB_TEMP_DIR": str(db_path.with_name(db_path.stem + "_spill")),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}


def dbt_command(verb: str, work: Path, raw_dir: Path, as_of: str, *extra: str) -> list[str]:
    variables = json.dumps({"raw_data_dir": str(raw_dir), "as_of_date": as_of})
    return [DBT, verb, *extra, "--vars", variables, "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR),
            "--target-path", str(work / "target"), "--log-path", str(work / "logs")]


def day_after(day: str) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()


def fresh(path: Path) -> Path:
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)
    return path


def dbt_node_counts(work: Path) -> dict:
    run_results = work / "target" / "run_results.json"
    if not run_results.exists():
        return {}
    run = json.loads(run_results.read_text())
    results = run["results"]
    counts: dict[str, int] = {}
    for r in results:
        kind = r["unique_id"].split(".")[0]
        counts[f"{kind}:{r['status']}"] = counts.get(f"{kind}:{r['status']}", 0) + 1
    slowest = sorted(results, key=lambda r: -r.get("execution_time", 0))[:5]
    return {"nodes": counts, "slowest": [{"node": r["unique_id"], "seconds": round(r.get("execution_time", 0), 2)}
                                         for r in slowest],
            # the time dbt spent running the nodes; the rest of the wall time is dbt's own
            "nodes_elapsed_s": round(run.get("elapsed_time", 0.0), 2),
            # node times summed (two threads: up to twice the elapsed time)
            "node_seconds": round(sum(r.get("execution_time", 0) for r in results), 1),
            # every node's seconds, slowest first (what a layer costs: sum its nodes)
            "seconds_by_node": {r["unique_id"].split(".", 2)[-1]: round(r.get("execution_time", 0), 2)
                                for r in sorted(results, key=lambda r: -r.get("execution_time", 0))}}


def compare_marts(dbt_db: Path, hw_db: Path) -> dict:
    """Row-by-row comparison of the three marts (every column of the hand-written ones)."""
    script = f"""
import duckdb, json
c = duckdb.connect()
c.execute("attach '{dbt_db}' as d (read_only)")
c.execute("attach '{hw_db}' as h (read_only)")
out = {{}}
for t in {list(MARTS)!r}:
    cols = [r[0] for r in c.execute(
        "select column_name from information_schema.columns where table_catalog = 'h' "
        "and table_schema = 'handwritten' and table_name = ? order by ordinal_position", [t]).fetchall()]
    cl = ', '.join(cols)
    try:
        only_dbt = c.execute(f"select count(*) from (select {{cl}} from d.marts.{{t}} except all select {{cl}} from h.handwritten.{{t}})").fetchone()[0]
        only_hw = c.execute(f"select count(*) from (select {{cl}} from h.handwritten.{{t}} except all select {{cl}} from d.marts.{{t}})").fetchone()[0]
        rows = c.execute(f"select count(*) from h.handwritten.{{t}}").fetchone()[0]
        out[t] = {{'rows': rows, 'only_dbt': only_dbt, 'only_handwritten': only_hw}}
    except Exception as e:
        out[t] = {{'error': str(e)[:300]}}
print(json.dumps(out))
"""
    completed = subprocess.run([PYTHON, "-c", script], capture_output=True, text=True)
    if completed.returncode != 0:
        return {"error": completed.stderr[-500:]}
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    result["equal"] = all(v.get("only_dbt") == 0 and v.get("only_handwritten") == 0 for v in result.values())
    return result


def ensure_data(label: str, args: argparse.Namespace, data: Path, log_dir: Path) -> tuple[dict, list[dict]]:
    """Generate base, appended day and grown folders unless cached with the same arguments."""
    steps = []
    base, append, grown = data / "base", data / "append", data / "grown"
    generator_args = args.generator_args.split()
    if "--memory-limit" not in generator_args and args.handwritten_memory_limit:
        generator_args += ["--memory-limit", args.handwritten_memory_limit]
    manifest_path = base / "manifest.json"
    wanted = {"transactions": parse_size(label), "seed": args.seed, "fingerprint": generator_fingerprint()}
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else None
    if manifest is None or any(manifest.get(k) != v for k, v in wanted.items()):
        for folder in (base, append, grown):
            shutil.rmtree(folder, ignore_errors=True)
        command = [PYTHON, GENERATOR, "--transactions", label, "--seed", str(args.seed), "--out", base, *generator_args]
        steps.append(measure("generate", command, log_dir / "generate.log"))
        if steps[-1]["exit_code"]:
            raise SystemExit(f"generating {label} failed: see {steps[-1]['log']}")
        manifest = json.loads(manifest_path.read_text())
    grown_manifest = json.loads((grown / "manifest.json").read_text()) if (grown / "manifest.json").exists() else {}
    if grown_manifest.get("fingerprint") != wanted["fingerprint"]:
        shutil.rmtree(append, ignore_errors=True)
        shutil.rmtree(grown, ignore_errors=True)
        command = [PYTHON, GENERATOR, "--out", base, "--append-day", "--append-out", append, "--grown-out", grown,
                   *generator_args]
        steps.append(measure("append", command, log_dir / "append.log"))
        if steps[-1]["exit_code"]:
            raise SystemExit(f"appending a day to {label} failed: see {steps[-1]['log']}")
    return manifest, steps


def profile_handwritten(label: str, raw_dir: Path, as_of: str, out: Path) -> list:
    """EXPLAIN ANALYZE of every statement of the hand-written script, into `out`; returns
    [statement, seconds] (the statement's own run, slowest first)."""
    script = f"""
import duckdb, json, time
con = duckdb.connect()
con.execute("set enable_progress_bar = false")
con.execute("set variable raw_dir = '{raw_dir}'")
con.execute("set variable as_of = date '{as_of}'")
con.execute("set variable seeds_dir = '{SEEDS_DIR}'")
timings = []
for statement in duckdb.extract_statements(open('{HANDWRITTEN_SQL}', encoding='utf-8').read()):
    text = statement.query.strip()
    first = next((l for l in text.splitlines() if l.strip() and not l.strip().startswith('--')), '')
    if text.lower().lstrip().startswith(('create or replace temp table', 'create or replace table')) and ' as\\n' in text[:200]:
        head, body = text.split(' as\\n', 1)
        print('=' * 100)
        print(first)
        print('=' * 100)
        for row in con.execute('explain analyze ' + body).fetchall():
            print(row[1])
    started = time.perf_counter()
    con.execute(text)
    timings.append([first.replace('create or replace temp table ', '').replace('create or replace table ', '').replace(' as', ''),
                    round(time.perf_counter() - started, 2)])
print('TIMINGS_JSON ' + json.dumps(timings))
"""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as handle:
        subprocess.run([PYTHON, "-c", script], stdout=handle, stderr=subprocess.STDOUT, check=False)
    print(f"  profile: {out}")
    line = next((l for l in out.read_text().splitlines() if l.startswith("TIMINGS_JSON ")), None)
    return sorted(json.loads(line.split(" ", 1)[1]), key=lambda t: -t[1]) if line else []


def profile_slowest_model(work: Path, db_path: Path, out: Path) -> None:
    run_results = work / "target" / "run_results.json"
    manifest_path = work / "target" / "manifest.json"
    if not run_results.exists() or not manifest_path.exists():
        return
    results = [r for r in json.loads(run_results.read_text())["results"] if r["unique_id"].startswith("model.")]
    if not results:
        return
    slowest = max(results, key=lambda r: r.get("execution_time", 0))
    node = json.loads(manifest_path.read_text())["nodes"][slowest["unique_id"]]
    compiled = work / "target" / "compiled" / node["package_name"] / node["original_file_path"]
    if not compiled.exists():
        return
    script = f"""
import duckdb
con = duckdb.connect('{db_path}', read_only=True)
con.execute("set enable_progress_bar = false")
sql = open('{compiled}', encoding='utf-8').read()
print('-- {slowest["unique_id"]} ({slowest.get("execution_time", 0):.1f} s in the dbt run)')
print('-- compiled SQL: {compiled}')
for row in con.execute('explain analyze ' + sql).fetchall():
    print(row[1])
"""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as handle:
        subprocess.run([PYTHON, "-c", script], stdout=handle, stderr=subprocess.STDOUT, check=False)
    print(f"  profile: {out}")


TABLES = ("customers", "business_lines", "transactions", "email_events", "usage_events", "contracts")


# The generated text converted to the types a warehouse export carries (--typed); a value
# that does not convert is null there, for dbt and the hand-written query alike.
TIMESTAMP_TEXT = ("coalesce(try_cast({c} as timestamp), "
                  "try_strptime({c}, ['%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y']))")
TYPED_COLUMNS = {
    "customers": {"created_at": TIMESTAMP_TEXT, "updated_at": TIMESTAMP_TEXT,
                  "email_opt_in": "try_cast(trim({c}) as boolean)", "sms_opt_in": "try_cast(trim({c}) as boolean)"},
    "transactions": {"transaction_at": TIMESTAMP_TEXT,
                     "amount": "try_cast(replace(replace(trim({c}), ' ', ''), ',', '.') as decimal(18, 2))"},
    "email_events": {"event_at": TIMESTAMP_TEXT},
    "usage_events": {"used_at": TIMESTAMP_TEXT},
    "contracts": {"started_at": "cast(" + TIMESTAMP_TEXT + " as date)", "ends_at": "cast(" + TIMESTAMP_TEXT + " as date)"},
}


def shape_of(args: argparse.Namespace) -> str:
    """The data's shape, named in the results: '' for the generator's own (text Parquet,
    folders of deliveries)."""
    parts = (["typed Parquet"] if args.typed else []) + (["single files"] if args.single_files else [])
    return ", ".join(parts)


def typed_copy(data: Path, log_dir: Path) -> Path:
    """base, append and grown of `data` with typed columns (TYPED_COLUMNS), under
    data/typed; converted again when the generated data changed."""
    import duckdb
    root = data / "typed"
    stamp = json.dumps({v: json.loads((data / v / "manifest.json").read_text()) for v in ("base", "grown")}
                       | {"columns": TYPED_COLUMNS}, sort_keys=True)
    if (root / "source.json").exists() and (root / "source.json").read_text() == stamp:
        return root
    shutil.rmtree(root, ignore_errors=True)
    started = time.time()
    with duckdb.connect() as con:
        for version in ("base", "append", "grown"):
            (root / version).mkdir(parents=True)
            for source in sorted((data / version).glob("*.parquet")):
                columns = [row[0] for row in con.execute(f"describe select * from '{source}'").fetchall()]
                typed = TYPED_COLUMNS.get(source.stem, {})
                select = ", ".join(typed[c].format(c=c) + f" as {c}" if c in typed else c for c in columns)
                con.execute(f"copy (select {select} from '{source}') to '{root / version / source.name}' (format parquet)")
            shutil.copyfile(data / version / "manifest.json", root / version / "manifest.json")
    (root / "source.json").write_text(stamp)
    log_dir.mkdir(parents=True, exist_ok=True)
    (log_dir / "typed.log").write_text(f"converted to typed Parquet in {time.time() - started:.1f} s\n")
    return root


def delivery_folder(data: Path, as_of_base: str) -> Path:
    """The base data as folders of deliveries (raw_data_dir/<table>/<file>.parquet, links to
    the generated files), the layout of a nightly feed: one file per table (the history up
    to as_of_base). deliver_day() adds the appended day's files to the same folder, as a
    feed would (an incremental run from another raw_data_dir stops). dbt reads these (its
    incremental runs then read only the new files); the hand-written query reads the
    single files of `base` and `grown`, which hold the same rows."""
    root = data / "deliveries"
    shutil.rmtree(root, ignore_errors=True)
    for table in TABLES:
        table_dir = root / table
        table_dir.mkdir(parents=True)
        (table_dir / f"history_to_{as_of_base}.parquet").symlink_to((data / "base" / f"{table}.parquet").resolve())
    return root


def deliver_day(data: Path, root: Path, as_of_nightly: str) -> None:
    for table in TABLES:
        appended = data / "append" / f"{table}.parquet"
        if appended.exists():
            (root / table / f"day_{as_of_nightly}.parquet").symlink_to(appended.resolve())


def single_files(data: Path, version: str) -> Path:
    """One file per table that grows in place (links to the `base` or `grown` files, in
    one folder): the event-time window mode."""
    root = data / "single_files"
    root.mkdir(exist_ok=True)
    for table in TABLES:
        link = root / f"{table}.parquet"
        link.unlink(missing_ok=True)
        link.symlink_to((data / version / f"{table}.parquet").resolve())
    return root


def run_size(label: str, args: argparse.Namespace) -> dict:
    shape = shape_of(args)
    print(f"== {label}{f' ({shape})' if shape else ''}", flush=True)
    data = args.data_dir / label
    work = data / ("run" + "".join(f"_{part.split()[0]}" for part in shape.split(", ") if part))
    shutil.rmtree(work, ignore_errors=True)
    log_dir = work / "logs_steps"
    manifest, steps = ensure_data(label, args, data, log_dir)
    if args.typed:
        data = typed_copy(data, log_dir)
    base, grown = data / "base", data / "grown"
    grown_manifest = json.loads((grown / "manifest.json").read_text())
    as_of_base = manifest["last_day"]
    as_of_nightly = grown_manifest["last_day"]

    def raw_base() -> Path:
        return single_files(data, "base") if args.single_files else delivery_folder(data, as_of_base)

    def deliver() -> Path:
        if args.single_files:
            return single_files(data, "grown")
        deliver_day(data, deliveries, as_of_nightly)
        return deliveries

    deliveries = raw_base()
    plan = plan_steps(parse_size(label), args)
    minimal = plan["minimal"]
    checks: dict[str, dict] = {}
    hw_threads = str(args.handwritten_threads)

    def dbt_step(name: str, db: Path, verb: str, raw_dir: Path, as_of: str, *extra: str) -> None:
        step_work = work / name
        step = measure(name, dbt_command(verb, step_work, raw_dir, as_of, *extra), log_dir / f"{name}.log",
                       env=dbt_env(db))
        step.update(dbt_node_counts(step_work))
        steps.append(step)
        if args.profile and step.get("slowest"):
            profile_slowest_model(step_work, db, args.profiles_out / f"{label}_{name}_slowest_model.txt")

    def compare(check: str, dbt_db: Path, hw_db: Path) -> None:
        if not args.no_verify:
            checks[check] = compare_marts(dbt_db, hw_db)
            print(f"    marts equal ({check} vs hand-written): {checks[check].get('equal')}")

    def handwritten(name: str, raw_dir: Path, as_of: str, compare_with: dict[str, Path], keep: bool = False) -> Path:
        hw_db = fresh(work / f"{name}.duckdb")
        steps.append(measure(name, [PYTHON, "-c", HANDWRITTEN_RUNNER, hw_db, raw_dir.resolve(), as_of,
                                    SEEDS_DIR, HANDWRITTEN_SQL, hw_threads, args.handwritten_memory_limit],
                             log_dir / f"{name}.log"))
        for check, dbt_db in compare_with.items():
            compare(check, dbt_db, hw_db)
        return hw_db if keep else fresh(hw_db)

    # 1. the full run (models only) into a fresh database, seeds loaded first (not timed)
    run_db = fresh(work / "dbt_run.duckdb")
    subprocess.run(dbt_command("seed", work / "seed", deliveries, as_of_base), cwd=PROJECT_DIR,
                   env=dbt_env(run_db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    dbt_step("dbt_run_full", run_db, "run", deliveries, as_of_base, "--full-refresh")
    handwritten("handwritten_base", base, as_of_base, {"full run": run_db})
    window_db = fresh(work / "dbt_run_nightly_window.duckdb")
    if not minimal and not args.single_files:
        # the window mode's own base: a full run on the single files (not timed)
        single = single_files(data, "base")
        subprocess.run(dbt_command("seed", work / "seed", single, as_of_base), cwd=PROJECT_DIR,
                       env=dbt_env(window_db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        subprocess.run(dbt_command("run", work / "window_full", single, as_of_base, "--full-refresh"),
                       cwd=PROJECT_DIR, env=dbt_env(window_db), stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)

    # 2. the nightly run: the appended day's files, incrementally, on the full run's
    #    database; a copy of that database gets the nightly `dbt build` (models + tests);
    #    the single files grown in place get the nightly run in the event-time window mode
    build_db = fresh(work / "dbt_build_nightly.duckdb")
    if not minimal:
        shutil.copyfile(run_db, build_db)
    deliveries = deliver()
    dbt_step("dbt_run_nightly", run_db, "run", deliveries, as_of_nightly)
    if not minimal and not args.single_files:
        dbt_step("dbt_build_nightly", build_db, "build", deliveries, as_of_nightly)
        dbt_step("dbt_run_nightly_window", window_db, "run", single_files(data, "grown"), as_of_nightly)
    hw_grown_db = handwritten(
        "handwritten_grown", grown, as_of_nightly,
        {"nightly run": run_db}
        | ({} if minimal or args.single_files else {"nightly build": build_db, "nightly run, window mode": window_db}),
        keep=plan["nightly_build_after_full_build"] and not args.no_verify)
    # a night when nothing was delivered: the day after, the same files (informational)
    dbt_step("dbt_run_nothing_new", run_db, "run", deliveries, day_after(as_of_nightly))
    handwritten_profile = []
    if args.profile:
        handwritten_profile = profile_handwritten(label, grown.resolve(), as_of_nightly,
                                             args.profiles_out / f"{label}_handwritten.txt")
    fresh(run_db)
    fresh(build_db)
    fresh(window_db)

    # 3. informational: only the models the three marts need (the hand-written query's
    #    scope), and the full `dbt build` with every test, on the base deliveries again
    deliveries = raw_base()
    if plan["three_marts_run"]:
        marts_db = fresh(work / "dbt_run_three_marts.duckdb")
        subprocess.run(dbt_command("seed", work / "seed", deliveries, as_of_base), cwd=PROJECT_DIR,
                       env=dbt_env(marts_db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        dbt_step("dbt_run_three_marts_full", marts_db, "run", deliveries, as_of_base, "--full-refresh",
                 "--select", *[f"+{m}" for m in MARTS])
        fresh(marts_db)
    if plan["full_build"]:
        full_db = fresh(work / "dbt_build_full.duckdb")
        dbt_step("dbt_build_full", full_db, "build", deliveries, as_of_base, "--full-refresh")
        if plan["nightly_build_after_full_build"]:
            # --minimal --with-build: the nightly `dbt build` on the full build's database
            # rather than on a copy of the full run's (one dbt database on disk at a time:
            # at 100M each takes ~15-18 GB). Not after a failed full build: a failed test
            # skips the models downstream of it, and the "nightly" build would be partly
            # a full one.
            if steps[-1]["exit_code"] == 0:
                dbt_step("dbt_build_nightly", full_db, "build", deliver(), as_of_nightly)
                compare("nightly build", full_db, hw_grown_db)
            else:
                print("    dbt_build_full failed: the nightly build is not run")
            fresh(hw_grown_db)
        fresh(full_db)

    result = result_of(label, manifest, grown_manifest, as_of_base, as_of_nightly, steps, checks, handwritten_profile)
    return result | {"shape": shape}


def result_key(result: dict) -> str:
    """'10M', or '10M, typed Parquet, single files': the heading and the results file of a run."""
    return result["size"] + (f", {result['shape']}" if result.get("shape") else "")


def plan_steps(size: int, args: argparse.Namespace) -> dict[str, bool]:
    """Which optional steps run at this size. --minimal (the default at 50M and above,
    unless --all-steps) keeps the target steps; --with-build adds the project's main job,
    `dbt build`, at any size: the full build, and under --minimal also the nightly build,
    run on the full build's database after it (not on a copy of the full run's)."""
    minimal = args.minimal or (size >= 50_000_000 and not args.all_steps)
    full_build = not args.no_build and (args.with_build or (not minimal and size < 50_000_000))
    return {
        "minimal": minimal,
        "three_marts_run": not minimal,
        "full_build": full_build,
        "nightly_build_after_full_build": minimal and full_build,
    }


def git_commit() -> str:
    completed = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_DIR, capture_output=True, text=True)
    # the benchmark's own outputs (results, profiles) do not make the measured code dirty:
    # an earlier size of the same run has already rewritten them
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", ".",
                            ":(exclude)benchmarks/RESULTS.md", ":(exclude)benchmarks/results",
                            ":(exclude)benchmarks/profiles"], cwd=PROJECT_DIR,
                           capture_output=True, text=True).stdout.strip()
    return completed.stdout.strip() + ("+uncommitted changes" if dirty else "")


def result_of(label, manifest, grown_manifest, as_of_base, as_of_nightly, steps, checks, handwritten_profile) -> dict:
    return {
        "size": label,
        "transactions_target": parse_size(label),
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "commit": git_commit(),
        "machine": machine(),
        "data": {
            "base_rows": manifest["rows"], "base_bytes": manifest["bytes"],
            "generator_seconds": manifest.get("seconds"), "generator_threads": manifest.get("threads"),
            "appended_day": as_of_nightly, "grown_rows": grown_manifest["rows"],
            "as_of_full": as_of_base, "as_of_nightly": as_of_nightly,
        },
        "steps": steps,
        "checks": checks,
        "handwritten_statements": handwritten_profile,
    }


# --------------------------------------------------------------------------- reporting --

def machine() -> dict:
    def read(path: str) -> str:
        try:
            return Path(path).read_text()
        except OSError:
            return ""
    meminfo = dict(re.findall(r"^(\w+):\s+(\d+) kB", read("/proc/meminfo"), re.M))
    cpu = re.search(r"^model name\s*:\s*(.+)$", read("/proc/cpuinfo"), re.M)
    versions = subprocess.run([PYTHON, "-c", "import duckdb, importlib.metadata as m; "
                               "print(duckdb.__version__, m.version('dbt-core'), m.version('dbt-duckdb'))"],
                              capture_output=True, text=True).stdout.split()
    return {
        "nproc": os.cpu_count(),
        "memory_gib": round(int(meminfo.get("MemTotal", "0")) / 2**20, 1),
        "cpu_model": cpu.group(1).strip() if cpu else platform.processor(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "duckdb": versions[0] if versions else "?",
        "dbt_core": versions[1] if len(versions) > 1 else "?",
        "dbt_duckdb": versions[2] if len(versions) > 2 else "?",
        "load_average_at_start": read("/proc/loadavg").split()[:3],
    }


def step_of(result: dict, name: str) -> dict | None:
    return next((s for s in result["steps"] if s["step"] == name), None)


def ratio(result: dict, numerator: str, denominator: str) -> float | None:
    a, b = step_of(result, numerator), step_of(result, denominator)
    if not a or not b or a["exit_code"] or b["exit_code"] or not b["wall_s"]:
        return None
    return a["wall_s"] / b["wall_s"]


def evaluate_targets(results: dict[str, dict]) -> list[tuple[str, str, str]]:
    """(target, met / missed / pending, measured), each measurement followed by the size
    and commit it comes from (sizes may have been run at different commits)."""
    rows = []
    for key, (label, text, limit) in TARGETS.items():
        measured = [name for name in sorted(results) if results[name]["size"] == label]
        if not measured:
            rows.append((text, "pending", f"{label} not run yet"))
        for name in measured:
            result = results[name]
            status, detail = evaluate_target(key, result, limit)
            rows.append((text, status, f"{detail} ({name}, commit {result.get('commit', 'not recorded')})"))
    return rows


def evaluate_target(key: str, result: dict, limit: float) -> tuple[str, str]:
    if key.startswith(("full", "nightly", "nothing")):
        value = {"full": lambda: ratio(result, "dbt_run_full", "handwritten_base"),
                 "nightly": lambda: ratio(result, "dbt_run_nightly", "handwritten_grown"),
                 "nothing": lambda: ratio(result, "dbt_run_nothing_new", "handwritten_grown")}[key.split("_")[0]]()
        if value is None:
            return "missed", "a step failed"
        if value <= limit:
            return "met", f"{value:.2f}x"
        return "missed", f"{value:.2f}x, {value / limit - 1:.0%} over"
    dbt_steps = [s for s in result["steps"] if s["step"].startswith("dbt_")]
    failed = [s["step"] for s in dbt_steps if s["exit_code"]]
    peak = max((s["peak_rss_mib"] for s in dbt_steps), default=0) * 2**20
    if failed:
        return "missed", f"failed: {', '.join(failed)}"
    if peak < limit:
        return "met", f"peak {peak / GIB:.1f} GiB"
    return "missed", f"peak {peak / GIB:.1f} GiB, {peak / limit - 1:.0%} over"


STEP_LABELS = {
    "generate": "generate base data (informational)",
    "append": "generate the appended day + grown folder (informational)",
    "dbt_run_full": "`dbt run --full-refresh` (models only, the whole project)",
    "handwritten_base": "hand-written query, base data",
    "dbt_run_nightly": "`dbt run` nightly (incremental: the appended day's files, or the grown single files), grown data",
    "dbt_build_nightly": "`dbt build` nightly (incremental, models + tests), grown data",
    "dbt_run_nightly_window": "`dbt run` nightly on the grown single files (event-time window mode; informational)",
    "dbt_run_three_marts_full": "`dbt run --full-refresh` of the three marts and their parents only (informational)",
    "dbt_build_full": "`dbt build --full-refresh` (models + tests; informational)",
    "handwritten_grown": "hand-written query, grown data",
    "dbt_run_nothing_new": "`dbt run` the day after, nothing delivered (the floor of a nightly run; informational)",
}


def render(results: dict[str, dict], path: Path) -> None:
    order = sorted(results, key=lambda key: (parse_size(results[key]["size"]), key))
    lines = ["# Benchmark results", "",
             "Produced by `benchmarks/run_benchmark.py` (see benchmarks/README.md for what is measured and how).",
             "Wall time; CPU = user + sys of the child process; peak = its maximum resident set size",
             "(`os.wait4` rusage). Ratios are wall-time ratios dbt / hand-written on the same files.", ""]
    if not order:
        lines.append("No results yet.")
    # each size records the machine it ran on; sizes run on different days may differ
    machines: dict[tuple, list[str]] = {}
    for label in order:
        m = results[label]["machine"]
        described = (f"{m['nproc']} CPUs ({m['cpu_model']}), {m['memory_gib']} GiB memory, Linux {m['kernel']}",
                     f"DuckDB {m['duckdb']}, dbt-core {m['dbt_core']}, dbt-duckdb {m['dbt_duckdb']}, Python {m['python']}")
        machines.setdefault(described, []).append(label)
    if machines:
        lines += ["## Machine", ""]
        for (hardware, software), labels in machines.items():
            lines.append(f"- {'; '.join(labels)}: {hardware}; {software}")
        lines.append("")
    lines += ["## Targets", "", "| target | status | measured |", "|---|---|---|"]
    for text, status, detail in evaluate_targets(results):
        lines.append(f"| {text} | **{status}** | {detail} |")
    lines.append("")
    for label in order:
        result = results[label]
        data = result["data"]
        rows = data["base_rows"]
        size_mib = sum(data["base_bytes"].values()) / 2**20
        shape = f" ({result['shape']})" if result.get("shape") else ""
        lines += [f"## {result['size']} transactions{shape}", "",
                  f"Run {result['date']} at commit {result.get('commit', 'not recorded')} "
                  f"(load average at start: {' '.join(result['machine']['load_average_at_start'])}). "
                  f"Base data: {rows['transactions']:,} transactions, {rows['customers']:,} customer records, "
                  f"{rows['email_events']:,} email events, {rows['usage_events']:,} usage events, "
                  f"{rows['contracts']:,} contracts ({size_mib:,.0f} MiB of Parquet; generated in "
                  f"{data['generator_seconds']} s). Full run as of {data['as_of_full']}; nightly run as of "
                  f"{data['as_of_nightly']} after appending that day "
                  f"(+{data['grown_rows']['transactions'] - rows['transactions']:,} transaction rows, "
                  f"+{data['grown_rows']['customers'] - rows['customers']:,} customer records).", "",
                  "| step | wall s | CPU s | peak MiB | exit | load before / after |", "|---|---:|---:|---:|---:|---|"]
        for step in result["steps"]:
            load = f"{step['load_before']} / {step['load_after']}" if "load_before" in step else "not recorded"
            lines.append(f"| {STEP_LABELS.get(step['step'], step['step'])} | {step['wall_s']:.1f} | {step['cpu_s']:.1f} | "
                         f"{step['peak_rss_mib']:,.0f} | {step['exit_code']} | {load} |")
        lines.append("")
        ratios = [("full run / hand-written (base)", ratio(result, "dbt_run_full", "handwritten_base")),
                  ("three-marts run / hand-written (base)", ratio(result, "dbt_run_three_marts_full", "handwritten_base")),
                  ("full build / hand-written (base)", ratio(result, "dbt_build_full", "handwritten_base")),
                  ("nightly run / hand-written (grown)", ratio(result, "dbt_run_nightly", "handwritten_grown")),
                  ("nightly build / hand-written (grown)", ratio(result, "dbt_build_nightly", "handwritten_grown")),
                  ("nightly run in window mode / hand-written (grown)",
                   ratio(result, "dbt_run_nightly_window", "handwritten_grown")),
                  ("nothing-delivered run / hand-written (grown)",
                   ratio(result, "dbt_run_nothing_new", "handwritten_grown"))]
        lines.append("Ratios dbt / hand-written (wall): " + "; ".join(
            f"{name} **{value:.2f}x**" for name, value in ratios if value is not None) + ".")
        for name, check in result.get("checks", {}).items():
            if "equal" in check:
                detail = ", ".join(f"{t} {v.get('rows', '?'):,} rows" if isinstance(v, dict) and 'rows' in v else f"{t} {v}"
                                   for t, v in check.items() if t != "equal")
                verdict = "equal row by row" if check["equal"] else "**DIFFERENT**"
                lines.append(f"Marts after the {name} vs the hand-written query: {verdict} ({detail}).")
            else:
                lines.append(f"Marts after the {name}: comparison failed ({check.get('error', '')[:200]}).")
        own = [(step, step["wall_s"] - step["nodes_elapsed_s"]) for step in result["steps"]
               if step["step"].startswith("dbt_") and step.get("nodes_elapsed_s")]
        if own:
            lines.append("dbt's own time (wall time minus the nodes' elapsed time in run_results.json: start-up, "
                         "parsing, catalog, artifacts) / node time summed over the threads: " + "; ".join(
                             f"{STEP_LABELS.get(step['step'], step['step']).split(' (')[0]} {seconds:.1f} s / "
                             f"{step['node_seconds']:.1f} s" for step, seconds in own) + ".")
        for step in result["steps"]:
            if step["step"].startswith("dbt_") and step.get("slowest"):
                lines.append(f"Slowest nodes of {STEP_LABELS.get(step['step'], step['step'])}: " + ", ".join(
                    f"`{n['node'].split('.')[2]}` {n['seconds']} s" for n in step["slowest"]) + ".")
        if result.get("handwritten_statements"):
            lines.append("Hand-written query (grown data, `--profile`), slowest statements: " + ", ".join(
                f"`{name}` {seconds} s" for name, seconds in result["handwritten_statements"][:5]) + ".")
        lines.append("")
    notes = BENCH_DIR / "results" / "notes.md"
    if notes.exists():
        lines += [notes.read_text().rstrip(), ""]
    pending = [label for label in DEFAULT_SIZES.split(",") if label not in {r["size"] for r in results.values()}]
    if pending:
        lines += [f"Pending sizes: {', '.join(pending)} (run `benchmarks/run_benchmark.py --sizes {','.join(pending)}`).", ""]
    path.write_text("\n".join(lines))
    print(f"wrote {path}")


def load_results(results_dir: Path) -> dict[str, dict]:
    results = {}
    for file in sorted(results_dir.glob("*.json")):
        result = json.loads(file.read_text())
        results[result_key(result)] = result
    return results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.results_dir.mkdir(parents=True, exist_ok=True)
    if not args.render_only:
        args.data_dir.mkdir(parents=True, exist_ok=True)
        for label in args.size_labels:
            result = run_size(label, args)
            file_name = re.sub(r"[^A-Za-z0-9]+", "-", result_key(result)).strip("-")
            (args.results_dir / f"{file_name}.json").write_text(json.dumps(result, indent=2) + "\n")
    render(load_results(args.results_dir), args.results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
