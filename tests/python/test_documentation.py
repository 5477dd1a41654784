"""The documentation matches the project.

- Every model, seed and source is described, and so is every column that the built
  relations actually have (read from dbt's catalog, so an undocumented new column or a
  renamed one fails).
- README.md documents every var of dbt_project.yml in its vars table, and no var that
  is gone; it stays a guide (at most 220 lines), and the files it and DECISIONLOG.md
  name exist.
- benchmarks/RESULTS.md is what `benchmarks/run_benchmark.py --render-only` writes from
  benchmarks/results/ (the results files and the hand-written notes).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from dbt_project_runner import DbtProject

PROJECT_DIR = Path(__file__).resolve().parents[2]
README = PROJECT_DIR / "README.md"
DECISIONLOG = PROJECT_DIR / "DECISIONLOG.md"
README_MAX_LINES = 220
DECISIONLOG_MAX_LINES = 250


def test_every_node_and_built_column_is_described(demo_project: DbtProject):
    demo_project.run("docs", "generate")
    manifest = demo_project.artifact("manifest.json")
    catalog = demo_project.artifact("catalog.json")

    nodes = {
        uid: node for uid, node in {**manifest["nodes"], **manifest["sources"]}.items()
        if node["resource_type"] in {"model", "seed", "source", "analysis"}
        and node.get("package_name", "customer_attrition") == "customer_attrition"
    }
    assert len(nodes) > 30
    undescribed = sorted(uid for uid, node in nodes.items() if not node.get("description", "").strip())
    assert undescribed == [], f"nodes without a description: {undescribed}"

    missing = []
    for uid, entry in {**catalog["nodes"], **catalog["sources"]}.items():
        node = nodes.get(uid)
        if node is None:
            continue
        documented = {name.lower(): column.get("description", "").strip() for name, column in node["columns"].items()}
        for column in entry["columns"]:
            if not documented.get(column.lower()):
                missing.append(f"{uid}.{column}")
    assert missing == [], f"built columns without a description: {missing}"


def project_vars() -> set[str]:
    project = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    return set(project["vars"])


def readme_vars_table(text: str) -> set[str]:
    """The var names in the first cell of each row of README's `| var | default | meaning |` table."""
    lines = text.splitlines()
    header = next((i for i, line in enumerate(lines) if re.fullmatch(r"\|\s*var\s*\|.*", line.strip())), None)
    assert header is not None, "README.md has no `| var | default | meaning |` table"
    names: set[str] = set()
    for line in lines[header + 2:]:
        if not line.startswith("|"):
            break
        names.update(re.findall(r"`([a-z_][a-z0-9_]*)`", line.split("|")[1]))
    return names


def undocumented_and_stale(text: str) -> tuple[list[str], list[str]]:
    documented, defined = readme_vars_table(text), project_vars()
    return sorted(defined - documented), sorted(documented - defined)


def test_readme_documents_every_var():
    text = README.read_text(encoding="utf-8")
    undocumented, stale = undocumented_and_stale(text)
    assert undocumented == [], f"vars of dbt_project.yml missing from README.md's vars table: {undocumented}"
    assert stale == [], f"README.md's vars table names vars that dbt_project.yml no longer has: {stale}"
    # the check can fail: without the row of as_of_date, the var is reported
    without_row = "\n".join(line for line in text.splitlines() if not line.startswith("| `as_of_date`"))
    assert "as_of_date" in undocumented_and_stale(without_row)[0]


def test_readme_is_a_guide_not_an_archive():
    text = README.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines (at most {README_MAX_LINES})"
    for command in ("./scripts/build", "./scripts/test", "./scripts/dbt"):
        assert command in text, f"README.md does not mention {command}"
    assert "uv run" not in text, "README.md tells users to type `uv run`: use ./scripts/dbt or .venv/bin/python"
    # commit hashes date a guide: sessions and past numbers belong to git
    hashes = re.findall(r"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{7,40}\b", text)
    assert hashes == [], f"README.md names commits: {hashes}"
    decisionlog = DECISIONLOG.read_text(encoding="utf-8").splitlines()
    assert len(decisionlog) <= DECISIONLOG_MAX_LINES, (
        f"DECISIONLOG.md has {len(decisionlog)} lines (at most {DECISIONLOG_MAX_LINES}): the decisions in force only")


def referenced_paths(text: str) -> set[str]:
    """Repository paths a document names: Markdown links and paths under the project's
    top-level folders (placeholders such as <table> and globs are left out)."""
    paths = {target for target in re.findall(r"\]\(([^)#\s]+)", text) if "://" not in target}
    for path in re.findall(r"(?<![\w./-])(?:\./)?((?:scripts|benchmarks|models|macros|seeds|tests|analyses)/[\w./-]*)", text):
        paths.add(path.rstrip("."))
    return {path for path in paths if not re.search(r"[<>*]", path)}


def test_files_named_by_the_docs_exist():
    missing = []
    for doc in (README, DECISIONLOG):
        for path in sorted(referenced_paths(doc.read_text(encoding="utf-8"))):
            if not (doc.parent / path).exists():
                missing.append(f"{doc.name}: {path}")
    assert missing == [], f"the docs name files that do not exist: {missing}"
    # the check can fail
    assert referenced_paths("see [x](models/nowhere.sql) and `scripts/none.py`.") == {"models/nowhere.sql", "scripts/none.py"}


def test_results_page_is_what_the_benchmark_renders(tmp_path):
    """benchmarks/RESULTS.md is generated: edit benchmarks/results/notes.md, then run
    `.venv/bin/python benchmarks/run_benchmark.py --render-only`."""
    sys.path.insert(0, str(PROJECT_DIR / "benchmarks"))
    try:
        import run_benchmark
    finally:
        sys.path.remove(str(PROJECT_DIR / "benchmarks"))
    rendered = tmp_path / "RESULTS.md"
    run_benchmark.render(run_benchmark.load_results(PROJECT_DIR / "benchmarks" / "results"), rendered)
    committed = (PROJECT_DIR / "benchmarks" / "RESULTS.md").read_text(encoding="utf-8")
    assert committed == rendered.read_text(encoding="utf-8"), (
        "benchmarks/RESULTS.md differs from what run_benchmark.py renders: run it with --render-only")
