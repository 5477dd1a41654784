"""The raw input contract, read from its one definition: the `raw` source in
models/staging/raw/_raw__sources.yml (tables and columns, in order).

Python code that writes or reads raw tables (the demo generator, the tests) imports it
from here; tests/python/test_raw_contract.py checks that the dbt side
(macros/raw/raw_contract.sql, the demo seeds' column types) says the same.
"""

from __future__ import annotations

from pathlib import Path

import yaml

SOURCES_YML = Path(__file__).resolve().parents[1] / "models" / "staging" / "raw" / "_raw__sources.yml"


def load_raw_contract(path: Path = SOURCES_YML) -> dict[str, list[str]]:
    """{table: [column, ...]} of source 'raw', in the order of the yml."""
    sources = yaml.safe_load(path.read_text(encoding="utf-8"))["sources"]
    raw = next(source for source in sources if source["name"] == "raw")
    return {table["name"]: [column["name"] for column in table["columns"]] for table in raw["tables"]}


RAW_CONTRACT = load_raw_contract()
