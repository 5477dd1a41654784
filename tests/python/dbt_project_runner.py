"""Run dbt commands of this project from pytest, each in its own DuckDB file.

dbt runs in the test's process (dbtRunner), which spares each call the start of a
Python interpreter and dbt's imports (about 1.7 s a call, a few hundred calls); after
each call the adapters and dbt-duckdb's DuckDB instance are closed, so the file can be
read or opened by another process. ATTRITION_TEST_DBT_SUBPROCESS=1 runs each call in
a subprocess instead. Every call gets its own target folder, so its artifacts stay
readable; it starts from the previous call's partial-parse state of the same database
(dbt parses the whole project again when the vars or files changed), so tests never
share it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

PROJECT_DIR = Path(__file__).resolve().parents[2]
DBT_EXECUTABLE = shutil.which("dbt", path=str(Path(sys.executable).parent)) or "dbt"


@dataclass
class DbtResult:
    returncode: int
    output: str
    results: list[dict[str, Any]]

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def statuses(self) -> dict[str, str]:
        return {r["unique_id"]: r["status"] for r in self.results}


class DbtProject:
    """One DuckDB database file and the dbt invocations that write it."""

    def __init__(self, workdir: Path, project_dir: Path = PROJECT_DIR):
        self.project_dir = Path(project_dir)
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.db_path = self.workdir / "attrition.duckdb"
        self._calls = 0

    def run(self, *args: str, vars: dict[str, Any] | None = None, expect_ok: bool = True,
            min_nodes: int = 1) -> DbtResult:
        """Run `dbt <args>`; fail the test on an unexpected exit code, and when a
        command selects fewer than `min_nodes` nodes (a mistyped --select selects
        nothing and still succeeds)."""
        if args and args[0] == "build" and not any("resource-type" in arg for arg in args):
            # unit tests read their fixtures, not this database: scripts/test runs them
            # once, in its build of the demo data
            args = (*args, "--exclude-resource-type", "unit_test")
        self._calls += 1
        target = self.workdir / f"target_{self._calls}"
        previous = self.workdir / f"target_{self._calls - 1}" / "partial_parse.msgpack"
        if previous.exists():
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(previous, target / "partial_parse.msgpack")
        command = [DBT_EXECUTABLE, *args, "--target-path", str(target),
                   "--log-path", str(self.workdir / "logs")]
        if vars:
            command += ["--vars", json.dumps(vars, default=str)]
        env = {"ATTRITION_DUCKDB_PATH": str(self.db_path), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
        if os.environ.get("ATTRITION_TEST_DBT_SUBPROCESS") == "1":
            completed = subprocess.run(command, cwd=self.project_dir, env={**os.environ, **env},
                                       capture_output=True, text=True)
            returncode, output = completed.returncode, completed.stdout + completed.stderr
        else:
            returncode, output = invoke_in_process(command[1:], self.project_dir, env)
        run_results = target / "run_results.json"
        results = json.loads(run_results.read_text())["results"] if run_results.exists() else []
        result = DbtResult(returncode, output, results)
        if expect_ok and not result.ok:
            raise AssertionError(f"dbt {' '.join(args)} failed:\n{output[-6000:]}")
        if expect_ok and args and args[0] in {"build", "run", "test", "seed"} and len(results) < min_nodes:
            raise AssertionError(f"dbt {' '.join(args)} ran {len(results)} nodes, expected at least {min_nodes}:\n{output[-3000:]}")
        return result

    def artifact(self, name: str) -> dict[str, Any]:
        """A JSON artifact (manifest.json, catalog.json...) of the latest invocation."""
        return json.loads((self.workdir / f"target_{self._calls}" / name).read_text())

    def query(self, sql: str) -> pd.DataFrame:
        """Read from the database (read-only, after dbt's process has exited)."""
        with duckdb.connect(str(self.db_path), read_only=True) as connection:
            return connection.execute(sql).df()


def invoke_in_process(args: list[str], project_dir: Path, env: dict[str, str]) -> tuple[int, str]:
    """`dbt <args>` in this process, from `project_dir` with `env` set: its exit code as
    dbt's command line gives it (0, 1 for failures, 2 for an error) and its messages at
    info level and above, as the command line prints them."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    from dbt.adapters.factory import reset_adapters
    from dbt.cli.main import dbtRunner

    messages: list[str] = []

    def capture(event) -> None:
        if event.info.level in ("info", "warn", "error"):
            messages.append(event.info.msg)

    saved_env = {name: os.environ.get(name) for name in env}
    saved_cwd = os.getcwd()
    os.environ.update(env)
    os.chdir(project_dir)
    try:
        outcome = dbtRunner(callbacks=[capture]).invoke(args)
    finally:
        os.chdir(saved_cwd)
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        reset_adapters()
        with DuckDBConnectionManager._LOCK:
            if DuckDBConnectionManager._ENV is not None:
                DuckDBConnectionManager._ENV.close()
                DuckDBConnectionManager._ENV = None
            DuckDBConnectionManager._LOGGED_MESSAGES.clear()
    text = "\n".join(messages)
    if outcome.exception is not None and str(outcome.exception) not in text:
        text += "\n" + str(outcome.exception)  # as the command line prints it, once
    returncode = 0 if outcome.success else 2 if outcome.exception is not None else 1
    return returncode, text


def write_raw_tables(folder: Path, tables: dict[str, pd.DataFrame]) -> Path:
    """Write raw tables as <table>.csv (every value as text) for var raw_data_dir."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        frame.to_csv(folder / f"{name}.csv", index=False)
    return folder
