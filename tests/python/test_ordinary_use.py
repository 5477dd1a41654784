"""Ordinary use never leaves silently wrong marts: switching the raw source, replaying
an earlier as-of date and coming back, delivery folders that mix formats, odd amounts,
files that are empty or missing, a database held open by another program. Each case
either gives the right marts or stops before writing them with one line that says what
to do."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dbt_project_runner import PROJECT_DIR, DbtProject, write_raw_tables
from test_configuration_and_inputs import small_world
from test_incremental_equivalence import differences

MARTS = ("customer_lifecycle", "customer_rfm", "customer_pmg", "customers")


def unequal(found: dict[str, tuple[int, int, int, int]]) -> dict[str, tuple[int, int, int, int]]:
    return {name: counts for name, counts in found.items() if counts[2] or counts[3] or counts[0] != counts[1]}


def test_switching_the_raw_source_stops_an_incremental_run(project: DbtProject, tmp_path: Path):
    """Built from one folder, then pointed at another without --full-refresh: the run
    stops before any model, naming both sources and --full-refresh; with it, the marts
    hold the new source's customers only."""
    first = write_raw_tables(tmp_path / "first", small_world())
    other = small_world()
    other["customers"]["customer_id"] = ["D1", "D2", "D3"]
    other["transactions"]["customer_id"] = ["D1", "D1", "D2", "D9", "D2"]
    second = write_raw_tables(tmp_path / "second", other)
    project.run("build", vars={"raw_data_dir": str(first)}, min_nodes=50)
    before = project.query("select customer_key from marts.customer_lifecycle order by 1")

    stopped = project.run("build", vars={"raw_data_dir": str(second)}, expect_ok=False)
    assert not stopped.ok and not stopped.results  # nothing ran
    message = " ".join(stopped.output.split())
    assert f"was built from files in {first}, this run reads files in {second}" in message, stopped.output[-2000:]
    assert "run with --full-refresh" in message
    assert project.query("select customer_key from marts.customer_lifecycle order by 1").equals(before)

    project.run("build", "--full-refresh", vars={"raw_data_dir": str(second)}, min_nodes=50)
    keys = set(project.query("select customer_key from marts.customers")["customer_key"])
    assert keys == {"D1", "D2", "D3"}
    # and the next run from the same folder goes on incrementally
    project.run("run", vars={"raw_data_dir": str(second)}, min_nodes=30)


def test_an_as_of_date_moved_back_then_forward_equals_a_full_build(demo_project: DbtProject, tmp_path: Path):
    """The demo as of 06-30, then 06-15, then 06-30 again: the build passes and every
    relation equals a build straight to 06-30 (line activity redoes the days between
    its last as-of date and this one, both ways)."""
    project = DbtProject(tmp_path)
    project.run("build", min_nodes=50)
    project.run("run", vars={"as_of_date": "2026-06-15"}, min_nodes=30)
    project.run("build", min_nodes=50)
    found = differences(project.db_path, demo_project.db_path)
    assert found["marts.customer_lifecycle"][0] > 0
    assert not unequal(found), unequal(found)


def test_a_failed_reconciliation_stops_the_marts(project: DbtProject, tmp_path: Path):
    """A delivery removed from its folder after it was loaded: raw rows no longer add
    up to staged + rejected + duplicates. `dbt build` fails that test and skips every
    mart instead of writing them from rows that are not in the raw data any more."""
    folder = write_raw_tables(tmp_path / "raw", {k: v for k, v in small_world().items() if k != "transactions"})
    (folder / "transactions").mkdir()
    transactions = small_world()["transactions"]
    transactions.iloc[:3].to_csv(folder / "transactions" / "feed_1.csv", index=False)
    transactions.iloc[3:].to_csv(folder / "transactions" / "feed_2.csv", index=False)
    project.run("build", vars={"raw_data_dir": str(folder)}, min_nodes=50)
    (folder / "transactions" / "feed_1.csv").unlink()
    result = project.run("build", vars={"raw_data_dir": str(folder)}, expect_ok=False)
    assert not result.ok
    statuses = {r["unique_id"].split(".")[-1] if r["unique_id"].startswith("model.") else r["unique_id"]: r["status"]
                for r in result.results}
    failed = [name for name, status in statuses.items() if status == "fail"]
    assert any("row_count_reconciles_stg_raw__transactions" in name for name in failed), failed
    assert {mart: statuses.get(mart) for mart in MARTS} == dict.fromkeys(MARTS, "skipped")


def test_amounts_that_cannot_be_sales_are_rejects_and_french_ones_are_read(project: DbtProject, tmp_path: Path):
    """An absurd amount (valid for decimal(18, 2)) and an amount with three decimals are
    rejects with their reason; a French Excel amount with a non-breaking space and a
    two-digit year are read. The build passes."""
    world = small_world()
    world["transactions"] = pd.concat([world["transactions"], pd.DataFrame({
        "transaction_id": ["T20", "T21", "T22"], "customer_id": ["C1", "C1", "C2"],
        "business_line": ["shop", "shop", "shop"], "transaction_at": ["2026-06-01", "2026-06-02", "15/03/24"],
        "amount": ["9999999999999999.99", "12.345", "1\u00a0000,00"], "currency": ["EUR"] * 3,
        "channel": ["web"] * 3})], ignore_index=True)
    project.run("build", vars={"raw_data_dir": str(write_raw_tables(tmp_path / "raw", world))}, min_nodes=50)
    rejects = project.query("""
        select source_key, reject_reason from marts.rejected_rows
        where source_table = 'transactions' order by 1""").values.tolist()
    assert ["T20", "amount_out_of_range"] in rejects and ["T21", "amount_with_more_than_two_decimals"] in rejects
    staged = project.query("""
        select cast(amount as varchar) as amount, cast(transaction_date as varchar) as day
        from staging.stg_raw__transactions where transaction_id = 'T22'""").values.tolist()
    assert staged == [["1000.00", "2024-03-15"]]


def test_a_table_given_twice_or_an_empty_file_stops_with_its_name(project: DbtProject, tmp_path: Path):
    folder = write_raw_tables(tmp_path / "raw", small_world())
    with duckdb.connect() as connection:
        connection.execute(f"copy (select * from read_csv('{folder / 'contracts.csv'}', all_varchar = true)) "
                           f"to '{folder / 'contracts.parquet'}' (format parquet)")
    result = project.run("run", vars={"raw_data_dir": str(folder)}, expect_ok=False)
    assert "has both contracts.csv and contracts.parquet: keep one of them" in " ".join(result.output.split())
    (folder / "contracts.parquet").unlink()
    (folder / "usage_events.csv").write_text("")
    result = project.run("run", vars={"raw_data_dir": str(folder)}, expect_ok=False)
    assert f"raw file '{folder}/usage_events.csv' is empty (0 bytes)" in " ".join(result.output.split())
    result = project.run("run", vars={"raw_data_dir": str(tmp_path / "nowhere")}, expect_ok=False)
    assert f"raw_data_dir '{tmp_path / 'nowhere'}' has no files: it does not exist or is empty" in " ".join(
        result.output.split())


def test_an_empty_delivery_is_skipped(project: DbtProject, tmp_path: Path):
    folder = write_raw_tables(tmp_path / "raw", {k: v for k, v in small_world().items() if k != "email_events"})
    (folder / "email_events").mkdir()
    small_world()["email_events"].to_csv(folder / "email_events" / "feed_1.csv", index=False)
    (folder / "email_events" / "feed_2.csv").write_text("")
    result = project.run("build", vars={"raw_data_dir": str(folder)}, min_nodes=50)
    assert "Skipping raw file" in result.output and "feed_2.csv" in result.output
    assert project.query("select count(*) as n from staging.stg_raw__email_events")["n"][0] == 1


def test_score_bins_that_the_segment_map_does_not_cover_are_named(project: DbtProject, tmp_path: Path):
    folder = write_raw_tables(tmp_path / "raw", small_world())
    result = project.run("build", vars={"raw_data_dir": str(folder), "rfm_score_bins": 7}, expect_ok=False)
    assert "var 'rfm_score_bins' is 7 but seed rfm_segment_map maps scores 1..5" in " ".join(result.output.split())
    assert not result.results  # stopped before anything ran


def test_an_as_of_date_far_from_the_data_is_warned_about(project: DbtProject, tmp_path: Path):
    folder = write_raw_tables(tmp_path / "raw", small_world())
    quiet = project.run("build", vars={"raw_data_dir": str(folder), "as_of_date": "2026-05-20"}, min_nodes=30)
    assert "as_of_date is" not in quiet.output
    loud = project.run("run", vars={"raw_data_dir": str(folder), "as_of_date": "2028-06-30"}, min_nodes=30)
    assert "as_of_date is 2028-06-30, but no transaction is dated in the 30 days up to it" in " ".join(
        loud.output.split())


def wrapper(*args: str, db: Path, **kwargs) -> subprocess.CompletedProcess:
    """./scripts/dbt with a PATH without uv (as on a machine where pip put uv elsewhere)."""
    env = {**os.environ, "ATTRITION_DUCKDB_PATH": str(db), "PATH": "/usr/bin:/bin"}
    return subprocess.run([str(PROJECT_DIR / "scripts" / "dbt"), *args], cwd=PROJECT_DIR, env=env,
                          capture_output=True, text=True, **kwargs)


def test_the_dbt_wrapper_needs_no_uv_and_makes_a_private_database(tmp_path: Path):
    """The README's command after the two (./scripts/dbt) works without uv on PATH, and
    the database file it creates is readable by its owner only."""
    assert shutil.which("uv", path="/usr/bin:/bin") is None
    db = tmp_path / "attrition.duckdb"
    done = wrapper("seed", "--select", "reject_reasons", "--target-path", str(tmp_path / "target"),
                   "--log-path", str(tmp_path / "logs"), db=db)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    for file in (db, db.with_name(db.name + ".wal")):
        if file.exists():
            assert stat.S_IMODE(file.stat().st_mode) & 0o077 == 0, oct(file.stat().st_mode)
    readme = (PROJECT_DIR / "README.md").read_text()
    assert "uv run" not in readme  # the README never asks for uv on PATH


def test_a_database_held_open_elsewhere_stops_with_one_line(tmp_path: Path):
    db = tmp_path / "attrition.duckdb"
    duckdb.connect(str(db)).close()
    holder = subprocess.Popen([str(PROJECT_DIR / ".venv" / "bin" / "python"), "-c",
                               f"import duckdb, time; c = duckdb.connect('{db}'); print('open', flush=True); "
                               "time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        done = wrapper("run", db=db, timeout=120)
    finally:
        holder.kill()
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "is open by" in lines[0] and f"PID {holder.pid}" in lines[0], done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_malformed_csv_rows_are_rejects_and_a_latin_1_file_is_read(project: DbtProject, tmp_path: Path):
    """A row with a field too many becomes a malformed_row reject naming its file and
    line (the other rows are read, nothing is lost); a customers file exported in
    Latin-1 is read with its accents. The build, reconciliation tests included, passes."""
    world = small_world()
    world["customers"].loc[0, "first_name"] = "Hélène"
    folder = write_raw_tables(tmp_path / "raw", world)
    (folder / "customers.csv").write_bytes((folder / "customers.csv").read_text().encode("latin-1"))
    lines = (folder / "transactions.csv").read_text().splitlines()
    lines.insert(3, "T99,C1,shop,2026-05-11,10,EUR,web,one field too many")
    (folder / "transactions.csv").write_text("\n".join(lines) + "\n")
    project.run("build", vars={"raw_data_dir": str(folder)}, min_nodes=50)
    malformed = project.query("""
        select source_table, json_extract_string(raw_record, '$.file_name') as file_name,
            json_extract_string(raw_record, '$.line') as line, json_extract_string(raw_record, '$.csv_line') as csv_line
        from marts.rejected_rows where reject_reason = 'malformed_row'""").values.tolist()
    assert malformed == [["transactions", "transactions.csv", "4", "T99,C1,shop,2026-05-11,10,EUR,web,one field too many"]]
    assert project.query("select count(*) as n from staging.stg_raw__transactions")["n"][0] == 5  # T1-T5
    names = project.query("select first_name from staging.stg_raw__customers where customer_id = 'C1'")
    assert names["first_name"].tolist() == ["Hélène"]


def test_an_unclosed_quote_stops_the_run_naming_the_file_and_line(project: DbtProject, tmp_path: Path):
    """Past the rows DuckDB samples to detect the dialect, an unclosed quote would read
    every following line as one value: the run stops naming the file and the line,
    instead of losing those rows inside a single reject. Two names of one table that
    differ only in case stop it too."""
    world = small_world()
    many = pd.DataFrame({"transaction_id": [f"T{i}" for i in range(30000)], "customer_id": "C1",
                         "business_line": "shop", "transaction_at": "2026-05-10", "amount": "1,00",  # quoted
                         "currency": "EUR", "channel": "web"})
    world["transactions"] = many
    folder = write_raw_tables(tmp_path / "raw", world)
    lines = (folder / "transactions.csv").read_text().splitlines()
    lines.insert(25001, 'T-BAD,C1,shop,2026-05-10,"1.00,EUR,web')
    (folder / "transactions.csv").write_text("\n".join(lines) + "\n")
    result = project.run("run", vars={"raw_data_dir": str(folder)}, expect_ok=False)
    assert f"raw file '{folder}/transactions.csv' has an unclosed quote on line 25002" in " ".join(
        result.output.split()), result.output[-2000:]
    assert not result.results
    (folder / "transactions.csv").write_text("\n".join(lines[:25001] + lines[25002:]) + "\n")
    (folder / "transactions.CSV").write_text("\n".join(lines[:3]) + "\n")
    result = project.run("run", vars={"raw_data_dir": str(folder)}, expect_ok=False)
    assert "has both transactions.CSV and transactions.csv: keep one of them" in " ".join(result.output.split()) or \
        "has both transactions.csv and transactions.CSV: keep one of them" in " ".join(result.output.split())
