"""The benchmark tools: the scale generator (scripts/generate_scale_data.py) and the
hand-written reference query (benchmarks/handwritten_marts.sql).

1. the generator writes the raw contract (columns in order, all text) and is
   deterministic (same arguments -> same bytes, whatever the number of threads);
2. --append-day writes the next day (plus late rows, re-sent ids and changed customer
   records) and a grown folder that is exactly base + appended rows;
3. the hand-written query gives the same customer_rfm, customer_pmg and
   customer_lifecycle as `dbt build`, row by row and column by column, on generated data
   (which carries the demo's edge cases: rejects, duplicates, boundaries).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from dbt_project_runner import DbtProject

PROJECT_DIR = Path(__file__).resolve().parents[2]
GENERATOR = PROJECT_DIR / "scripts" / "generate_scale_data.py"
HANDWRITTEN_SQL = PROJECT_DIR / "benchmarks" / "handwritten_marts.sql"
SEEDS_DIR = PROJECT_DIR / "seeds" / "reference"
SIZE = "20k"
AS_OF = "2026-06-30"

from raw_contract import RAW_CONTRACT  # noqa: E402  (scripts/ is on sys.path, see conftest.py)

# one worker runs this module (pytest -n 2 --dist loadgroup): its module fixtures are built once
pytestmark = pytest.mark.xdist_group("test_benchmark_tools")

# Every business column of the three marts (the dbt models' columns).
MART_COLUMNS = {
    "customer_rfm": ["customer_key", "business_line", "industry", "last_purchase_date", "recency_days", "frequency",
                     "monetary", "r_score", "f_score", "m_score", "rfm_segment", "scoring_method", "as_of_date"],
    "customer_pmg": ["customer_key", "business_line", "industry", "net_revenue", "revenue_before", "line_revenue",
                     "revenue_share_before", "pmg_tier", "as_of_date"],
    "customer_lifecycle": ["customer_key", "business_line", "industry", "lifecycle_status", "lifecycle_rule",
                           "activity_date", "activity_source", "days_inactive", "dormant_after_days", "lost_after_days",
                           "first_purchase_date", "last_purchase_date", "previous_purchase_date", "purchase_days",
                           "as_of_date"],
}


def generate(*args: str) -> None:
    subprocess.run([sys.executable, str(GENERATOR), "--quiet", *args], cwd=PROJECT_DIR, check=True)


def file_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.parquet"))}


def run_handwritten(raw_dir: Path, as_of: str, db: Path) -> None:
    with duckdb.connect(str(db)) as con:
        con.execute(f"set variable raw_dir = '{raw_dir}'")
        con.execute(f"set variable as_of = date '{as_of}'")
        con.execute(f"set variable seeds_dir = '{SEEDS_DIR}'")
        con.execute(HANDWRITTEN_SQL.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def scale_data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A small generated dataset, its appended day and grown folder."""
    root = tmp_path_factory.mktemp("scale")
    base, append, grown = root / "base", root / "append", root / "grown"
    generate("--transactions", SIZE, "--out", str(base), "--threads", "2")
    generate("--out", str(base), "--append-day", "--append-out", str(append), "--grown-out", str(grown))
    return {"root": root, "base": base, "append": append, "grown": grown}


# ----- 1. contract and determinism -------------------------------------------------------------

def test_parse_size():
    sys.path.insert(0, str(PROJECT_DIR / "scripts"))
    from generate_scale_data import parse_size
    assert [parse_size(s) for s in ["20000", "20k", "1M", "2.5m", "100M"]] == [20_000, 20_000, 10**6, 2_500_000, 10**8]


def test_files_hold_the_raw_contract_as_text(scale_data):
    with duckdb.connect() as con:
        for table, columns in RAW_CONTRACT.items():
            described = con.execute(f"describe select * from '{scale_data['base'] / (table + '.parquet')}'").fetchall()
            assert [row[0] for row in described] == columns, table
            assert {row[1] for row in described} == {"VARCHAR"}, table


def test_shape_of_the_data(scale_data):
    manifest = json.loads((scale_data["base"] / "manifest.json").read_text())
    rows = manifest["rows"]
    assert 0.9 * 20_000 <= rows["transactions"] <= 1.15 * 20_000
    assert 0.08 * 20_000 <= rows["customers"] <= 0.13 * 20_000  # ~ N / 10
    assert 1.6 * 20_000 <= rows["email_events"] <= 2.5 * 20_000  # ~ 2 N
    with duckdb.connect() as con:
        tx = f"'{scale_data['base'] / 'transactions.parquet'}'"
        lines = {r[0] for r in con.execute(f"select distinct business_line from {tx}").fetchall()}
        assert {"fashion_store", "gold_card", "streaming_plus", "car_lease"} <= lines
        after, refunds, duplicate_ids = con.execute(
            f"select avg(case when left(transaction_at, 10) > '{AS_OF}' and transaction_at like '20%' then 1 else 0 end), "
            f"avg(case when amount like '-%' then 1 else 0 end), count(*) - count(distinct transaction_id) from {tx}").fetchone()
        assert 0.02 < after < 0.07  # ~4 % after the as-of date
        assert refunds > 0.005 and duplicate_ids > 0
        systems = con.execute(f"select count(distinct source_system) from '{scale_data['base'] / 'customers.parquet'}'").fetchone()[0]
        assert systems == 4


def test_generator_is_deterministic(scale_data, tmp_path):
    again = tmp_path / "again"
    generate("--transactions", SIZE, "--out", str(again), "--threads", "1")
    assert file_bytes(again) == file_bytes(scale_data["base"])
    other_seed = tmp_path / "other_seed"
    generate("--transactions", SIZE, "--out", str(other_seed), "--seed", "7")
    assert file_bytes(other_seed)["transactions.parquet"] != file_bytes(scale_data["base"])["transactions.parquet"]


def test_large_sizes_sorted_in_day_ranges_give_the_same_rows(scale_data, tmp_path, monkeypatch):
    """From CHUNK_ROWS rows on, a table is generated and sorted in day ranges: the rows and
    their order must be those of one sort (windows of the streams are exact)."""
    import generate_scale_data
    monkeypatch.setattr(generate_scale_data, "CHUNK_ROWS", 4_000)
    chunked = tmp_path / "chunked"
    generate_scale_data.main(["--transactions", SIZE, "--out", str(chunked), "--quiet"])
    with duckdb.connect() as con:
        for table in ("transactions", "email_events", "usage_events"):
            rows = [f"select *, file_row_number as position from read_parquet('{folder / (table + '.parquet')}', "
                    f"file_row_number = true)" for folder in (scale_data["base"], chunked)]
            assert con.execute(f"select count(*) from (({rows[0]}) except all ({rows[1]}))").fetchone()[0] == 0, table
            assert con.execute(f"select count(*) from (({rows[1]}) except all ({rows[0]}))").fetchone()[0] == 0, table


# ----- 2. the appended day ------------------------------------------------------------------------

def test_append_day_and_grown_folder(scale_data):
    manifest = json.loads((scale_data["base"] / "manifest.json").read_text())
    day = dt.date.fromisoformat(manifest["last_day"]) + dt.timedelta(days=1)
    append, base, grown = scale_data["append"], scale_data["base"], scale_data["grown"]
    assert sorted(p.name for p in append.glob("*.parquet")) == ["customers.parquet", "email_events.parquet",
                                                               "transactions.parquet", "usage_events.parquet"]
    with duckdb.connect() as con:
        # the CRM's changes of the day: records of the base re-sent with that day's updated_at
        # and a consent changed, nothing else of the record
        changed = con.execute(
            f"select count(*), count(*) filter (where b.customer_id is null), "
            f"count(*) filter (where a.updated_at is null or left(a.updated_at, 10) not in "
            f"('{day.isoformat()}', '{day.strftime('%d/%m/%Y')}')), "
            f"count(*) filter (where a.email_opt_in is distinct from b.email_opt_in "
            f"or a.sms_opt_in is distinct from b.sms_opt_in), "
            f"count(*) filter (where a.email is distinct from b.email or a.phone is distinct from b.phone "
            f"or a.last_name is distinct from b.last_name or a.postal_code is distinct from b.postal_code) "
            f"from '{append / 'customers.parquet'}' a "
            f"left join (select * from '{base / 'customers.parquet'}' "
            f"qualify row_number() over (partition by customer_id order by updated_at desc) = 1) b "
            f"using (customer_id)").fetchone()
        resent, new_ids, other_day, consent_changed, keys_changed = changed
        assert resent >= 10 and new_ids == 0 and other_day == 0 and keys_changed == 0
        assert consent_changed >= resent // 2
        dates = con.execute(
            f"select min(left(transaction_at, 10)), max(left(transaction_at, 10)), count(*) "
            f"from '{append / 'transactions.parquet'}' where transaction_at like '20%'").fetchone()
        assert dates[2] > 0
        assert dates[0] >= (day - dt.timedelta(days=7)).isoformat() and dates[1] <= day.isoformat()
        # nothing of the appended day is in the base already (re-sent ids carry a later time)
        overlap = con.execute(
            f"select count(*) from '{append / 'transactions.parquet'}' a "
            f"join '{base / 'transactions.parquet'}' b using (transaction_id) "
            f"where a.transaction_at <= b.transaction_at").fetchone()[0]
        assert overlap == 0
        # email events every day (a campaign's events trail it by up to ten days)
        assert con.execute(f"select count(*) from '{append / 'email_events.parquet'}'").fetchone()[0] > 0
        for table in RAW_CONTRACT:
            # the grown folder is the base rows then the appended rows, in that order
            parts = [f"select * from '{base / (table + '.parquet')}'"]
            if (append / f"{table}.parquet").exists():
                parts.append(f"select * from '{append / (table + '.parquet')}'")
            expected = " union all ".join(
                f"(select *, {j} as part, row_number() over () as position from ({p}))" for j, p in enumerate(parts))
            grown_rows = (f"select * exclude (file_row_number), file_row_number + 1 as position "
                          f"from read_parquet('{grown / (table + '.parquet')}', file_row_number = true)")
            mismatched = con.execute(
                f"select count(*) from (select * exclude (part, position), row_number() over (order by part, position) as position "
                f"from ({expected}) except all ({grown_rows}))").fetchone()[0]
            assert mismatched == 0, table


# ----- 3. the hand-written query equals the dbt marts ---------------------------------------------------

@pytest.fixture(scope="module")
def built_project(scale_data, tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    """`dbt build` on the generated base data (DuckDB's spill folder outside the project:
    profiles.yml's default is under target/)."""
    work = tmp_path_factory.mktemp("built")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ATTRITION_DUCKDB_TEMP_DIR", str(work / "spill"))
        project = DbtProject(work / "dbt")
        project.run("build", vars={"raw_data_dir": str(scale_data["base"]), "as_of_date": AS_OF}, min_nodes=50)
    return project


def assert_marts_equal(dbt_db: Path, hw_db: Path) -> duckdb.DuckDBPyConnection:
    """The three marts of a dbt database equal the hand-written query's, row by row; returns
    a connection with both attached (d and h)."""
    con = duckdb.connect()
    con.execute(f"attach '{dbt_db}' as d (read_only)")
    con.execute(f"attach '{hw_db}' as h (read_only)")
    for table, columns in MART_COLUMNS.items():
        cols = ", ".join(columns)
        dbt_rows = con.execute(f"select count(*) from d.marts.{table}").fetchone()[0]
        assert dbt_rows > 500, table
        assert con.execute(f"select count(*) from h.handwritten.{table}").fetchone()[0] == dbt_rows, table
        difference = con.execute(
            f"(select 'dbt only' as side, {cols} from d.marts.{table} except all select 'dbt only', {cols} from h.handwritten.{table}) "
            f"union all (select 'hand-written only', {cols} from h.handwritten.{table} "
            f"except all select 'hand-written only', {cols} from d.marts.{table}) limit 10").fetchall()
        assert difference == [], f"{table} differs:\n" + "\n".join(map(str, difference))
    return con


def test_handwritten_marts_equal_dbt_marts(scale_data, built_project, tmp_path):
    project = built_project
    hw_db = tmp_path / "reference.duckdb"  # (a file named handwritten.duckdb would clash with the schema)
    run_handwritten(scale_data["base"], AS_OF, hw_db)
    with assert_marts_equal(project.db_path, hw_db) as con:
        # the data exercises every lifecycle status and every PMG tier
        statuses = {r[0] for r in con.execute("select distinct lifecycle_status from h.handwritten.customer_lifecycle").fetchall()}
        assert statuses == {"prospect", "new", "reactivated", "active", "dormant", "lost"}
        tiers = {r[0] for r in con.execute("select distinct pmg_tier from h.handwritten.customer_pmg").fetchall()}
        assert tiers == {"gros", "moyen", "petit"}


def test_typed_parquet_gives_the_same_marts_to_dbt_and_the_handwritten_query(scale_data, tmp_path):
    """The benchmark's --typed data (TIMESTAMP, DATE, DECIMAL, BOOLEAN columns): dbt takes
    the typed columns as they are, and its marts equal the hand-written query's."""
    sys.path.insert(0, str(PROJECT_DIR / "benchmarks"))
    import run_benchmark
    typed = run_benchmark.typed_copy(scale_data["root"], tmp_path / "logs") / "base"
    with duckdb.connect() as con:
        types = dict(con.execute(f"select column_name, column_type from (describe select * from "
                                 f"'{typed / 'transactions.parquet'}')").fetchall())
    assert (types["transaction_at"], types["amount"]) == ("TIMESTAMP", "DECIMAL(18,2)")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ATTRITION_DUCKDB_TEMP_DIR", str(tmp_path / "spill"))
        project = DbtProject(tmp_path / "dbt")
        raw = {"raw_data_dir": str(typed), "as_of_date": AS_OF}
        project.run("seed", vars=raw)
        project.run("run", "--select", *[f"+{mart}" for mart in MART_COLUMNS], vars=raw, min_nodes=20)
    hw_db = tmp_path / "reference.duckdb"
    run_handwritten(typed, AS_OF, hw_db)
    assert_marts_equal(project.db_path, hw_db).close()


def test_profile_models_writes_the_plan_of_each_model(built_project, tmp_path):
    script = PROJECT_DIR / "benchmarks" / "profile_models.py"
    target = built_project.workdir / "target_1"
    command = [sys.executable, str(script), "--db", str(built_project.db_path), "--target", str(target),
               "--prefix", "t", "--out", str(tmp_path)]
    completed = subprocess.run([*command, "int_customer_line_activity", "customer_rfm"],
                               capture_output=True, text=True, check=True)
    assert completed.stdout.startswith("int_customer_line_activity: "), completed.stdout
    plan = (tmp_path / "t_int_customer_line_activity.txt").read_text()
    # the tree names the operators, their rows and the tables they read
    assert "HASH_GROUP_BY" in plan and " rows" in plan
    assert "Table: " in plan and "int_transactions_rolled_up_to_customer_lines" in plan
    assert (tmp_path / "t_customer_rfm.txt").exists()
    # a mistyped model name is an error, not an empty profile
    wrong = subprocess.run([*command, "int_customer_line_activty"], capture_output=True, text=True)
    assert wrong.returncode == 2 and "unknown model(s): int_customer_line_activty" in wrong.stderr


def test_write_costs_measures_each_column_and_leaves_the_database_alone(built_project):
    """benchmarks/write_costs.py: a row per column of each table (views too: they resolve
    under the file's name) with both times, the whole table's times, the database opened
    read-only, no scratch file left, and an unknown table is an error."""
    script = PROJECT_DIR / "benchmarks" / "write_costs.py"
    db = built_project.db_path
    tables = (("staging", "base_raw__transactions"), ("marts", "customer_contactability"))
    # held open read-only while the tool runs: a read-write attach would fail on the lock
    with duckdb.connect(str(db), read_only=True) as con:
        columns = {table: [row[0] for row in con.execute(
            "select column_name from duckdb_columns() where schema_name = ? and table_name = ?", table).fetchall()]
            for table in tables}
        rows = con.execute("select count(*) from staging.base_raw__transactions").fetchone()[0]
        assert all(columns.values()) and rows > 1000
        command = [sys.executable, str(script), "--db", str(db)]
        completed = subprocess.run([*command, "staging.base_raw__transactions", "marts.customer_contactability"],
                                   capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    out = completed.stdout
    seconds = r"(\d+\.\d\d) s"
    whole = re.search(rf"staging\.base_raw__transactions: {rows:,} rows, {len(columns[tables[0]])} columns; "
                      rf"the whole table: {seconds} written to the file, {seconds} copied in memory", out)
    assert whole, out
    assert re.search(rf"marts\.customer_contactability: [\d,]+ rows, {len(columns[tables[1]])} columns; "
                     rf"the whole table: {seconds} written", out), out  # a view of the project
    cells = [[cell.strip() for cell in line.split("|")[1:-1]] for line in out.splitlines() if line.startswith("| `")]
    assert sorted(cell[0].strip("`") for cell in cells) == sorted(columns[tables[0]] + columns[tables[1]]), out
    for cell in cells:
        assert re.fullmatch(r"\d+\.\d\d", cell[4]) and re.fullmatch(r"\d+\.\d\d", cell[5]), cell
    # writing the whole table to the file is timed, and is slower than an empty statement
    assert float(whole.group(1)) > 0, out
    assert not list(db.parent.glob("write_costs_*")), "the scratch folder is left behind"
    wrong = subprocess.run([*command, "staging.base_raw__transactons"], capture_output=True, text=True)
    assert wrong.returncode == 2 and "unknown table(s)" in wrong.stderr and "base_raw__transactons" in wrong.stderr


def test_mart_changes_counts_the_rows_a_day_changed(built_project, tmp_path):
    """benchmarks/mart_changes.py: rows changed apart from the as-of date, apart also from
    the day counts, removed and added, and the columns that differ, per mart."""
    script = PROJECT_DIR / "benchmarks" / "mart_changes.py"
    after = tmp_path / "after.duckdb"
    shutil.copyfile(built_project.db_path, after)
    with duckdb.connect(str(after)) as con:
        rows = con.execute("select count(*) from marts.customer_rfm").fetchone()[0]
        keys = con.execute("select customer_key, business_line from marts.customer_rfm order by all limit 4").fetchall()
        # a day later: every row's as-of date and day count move; one segment changes,
        # two rows go and another comes
        con.execute("update marts.customer_rfm set as_of_date = as_of_date + 1, "
                    "recency_days = coalesce(recency_days, 0) + 1")
        con.execute("update marts.customer_rfm set rfm_segment = rfm_segment || '*' "
                    "where customer_key = ? and business_line = ?", list(keys[0]))
        for removed in keys[1:3]:
            con.execute("delete from marts.customer_rfm where customer_key = ? and business_line = ?", list(removed))
        con.execute("insert into marts.customer_rfm select * replace ('added' as customer_key) from marts.customer_rfm "
                    "where customer_key = ? and business_line = ?", list(keys[3]))
    command = [sys.executable, str(script), "--before", str(built_project.db_path), "--after", str(after)]
    completed = subprocess.run([*command, "--marts", "customer_rfm,customer_identity_map"],
                               capture_output=True, text=True, check=True)
    lines = {line.split("|")[1].strip(): [cell.strip() for cell in line.split("|")[2:-1]]
             for line in completed.stdout.splitlines() if line.startswith("| `")}
    assert set(lines) == {"`customer_rfm`", "`customer_identity_map`"}, completed.stdout
    rfm = lines["`customer_rfm`"]
    in_both, rows_after = rows - 2, rows - 1
    assert rfm[:4] == [f"{rows_after:,}", f"{in_both:,}", "1", "2 / 1"], completed.stdout
    assert rfm[4] == f"{(in_both + 3) / rows_after:.1%} ({4 / rows_after:.1%})", completed.stdout
    assert rfm[5].startswith(f"`recency_days` {in_both:,}, `rfm_segment` 1"), completed.stdout
    assert lines["`customer_identity_map`"][1:] == ["0", "0", "0 / 0", "0.0% (0.0%)", "none"], completed.stdout
    # a mistyped mart is an error
    wrong = subprocess.run([*command, "--marts", "customer_rmf"], capture_output=True, text=True)
    assert wrong.returncode == 2 and "unknown mart(s) ['customer_rmf']" in wrong.stderr


def test_results_page_shows_the_floor_and_dbts_own_time(tmp_path):
    """run_benchmark.render(): each dbt step's own time (wall minus the nodes' elapsed time),
    the night when nothing was delivered with its ratio, and a target judged from its step."""
    sys.path.insert(0, str(PROJECT_DIR / "benchmarks"))
    try:
        import run_benchmark
    finally:
        sys.path.remove(str(PROJECT_DIR / "benchmarks"))

    def step(name, wall, elapsed=None, node_seconds=None):
        measured = {"step": name, "wall_s": wall, "cpu_s": wall * 1.5, "peak_rss_mib": 1000.0, "exit_code": 0}
        if elapsed is not None:
            measured |= {"nodes_elapsed_s": elapsed, "node_seconds": node_seconds,
                         "slowest": [{"node": "model.customer_attrition.customers", "seconds": 3.25},
                                     {"node": "test.customer_attrition.unique_stg_raw__email_events_event_id.cb29c17f80",
                                      "seconds": 1.5}]}
        return measured

    rows = {"transactions": 50_000_000, "customers": 5_000_000, "email_events": 1, "usage_events": 1, "contracts": 1}
    result = {
        "size": "50M", "date": "2026-12-02T16:00:00", "commit": "abc1234",
        "machine": {"nproc": 2, "cpu_model": "test CPU", "memory_gib": 23.5, "kernel": "6", "python": "3.11",
                    "duckdb": "1.5.6", "dbt_core": "1.11", "dbt_duckdb": "1.11", "load_average_at_start": ["1", "1", "1"]},
        "data": {"base_rows": rows, "base_bytes": {"transactions": 2**20}, "generator_seconds": 1.0,
                 "appended_day": "2026-08-10", "grown_rows": {**rows, "transactions": rows["transactions"] + 5},
                 "as_of_full": "2026-08-09", "as_of_nightly": "2026-08-10"},
        "steps": [step("dbt_run_full", 300.0, 290.0, 570.0), step("handwritten_base", 100.0),
                  step("dbt_run_nightly", 60.0, 51.0, 95.5), step("handwritten_grown", 100.0),
                  step("dbt_run_nothing_new", 40.0, 31.5, 58.0)],
        "checks": {},
    }
    page = tmp_path / "RESULTS.md"
    run_benchmark.render({"50M": result}, page)
    text = page.read_text()
    assert "| `dbt run` the day after, nothing delivered (the floor of a nightly run; informational) | 40.0 |" in text
    assert "nightly run / hand-written (grown) **0.60x**" in text
    assert "nothing-delivered run / hand-written (grown) **0.40x**" in text
    assert ("`dbt run --full-refresh` 10.0 s / 570.0 s; `dbt run` nightly 9.0 s / 95.5 s; "
            "`dbt run` the day after, nothing delivered 8.5 s / 58.0 s.") in text
    assert "| nightly incremental `dbt run` within 0.20x of the hand-written full query" in text
    assert "| **missed** | 0.60x, 200% over (50M, commit abc1234) |" in text
    assert "| a night with nothing delivered within 0.10x of the hand-written full query | **missed** | 0.40x, 300% over" in text
    # nodes by name: a generic test's unique_id ends with a hash
    assert "`customers` 3.25 s, `unique_stg_raw__email_events_event_id` 1.5 s." in text
    # results written before these fields existed still render
    for old in result["steps"]:
        old.pop("nodes_elapsed_s", None)
    run_benchmark.render({"50M": result}, page)
    assert "dbt's own time (wall time minus" not in page.read_text()


def test_with_build_adds_the_main_job_at_every_size():
    """run_benchmark.plan_steps(): --with-build times `dbt build` at 50M and above too
    (under --minimal, the default there, it used to be ignored), with the nightly build
    after the full build; without it, the large sizes keep the target steps only."""
    sys.path.insert(0, str(PROJECT_DIR / "benchmarks"))
    try:
        import run_benchmark
    finally:
        sys.path.remove(str(PROJECT_DIR / "benchmarks"))

    def plan(size, *flags):
        return run_benchmark.plan_steps(run_benchmark.parse_size(size), run_benchmark.parse_args(["--sizes", size, *flags]))

    assert plan("100M") == {"minimal": True, "three_marts_run": False, "full_build": False,
                            "nightly_build_after_full_build": False}
    assert plan("100M", "--with-build") == {"minimal": True, "three_marts_run": False, "full_build": True,
                                            "nightly_build_after_full_build": True}
    assert plan("100M", "--with-build", "--no-build")["full_build"] is False
    # below 50M every step runs; the nightly build runs on a copy of the full run's database
    assert plan("10M") == {"minimal": False, "three_marts_run": True, "full_build": True,
                           "nightly_build_after_full_build": False}
    assert plan("10M", "--minimal", "--with-build")["nightly_build_after_full_build"] is True
    assert plan("50M", "--all-steps") == {"minimal": False, "three_marts_run": True, "full_build": False,
                                          "nightly_build_after_full_build": False}
    assert plan("50M", "--all-steps", "--with-build")["full_build"] is True
