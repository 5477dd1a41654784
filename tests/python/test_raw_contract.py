"""The raw contract is defined once, in models/staging/raw/_raw__sources.yml; the
places that must repeat it for dbt (the raw_contract macro used by the raw_data_dir
loader and the base models, the demo seeds' text column types) say exactly the same."""

from __future__ import annotations

import re

import yaml

from dbt_project_runner import PROJECT_DIR
from raw_contract import RAW_CONTRACT


def test_contract_has_the_six_public_tables():
    assert list(RAW_CONTRACT) == ["customers", "business_lines", "transactions", "email_events", "usage_events",
                                  "contracts"]
    assert RAW_CONTRACT["transactions"] == ["transaction_id", "customer_id", "business_line", "transaction_at",
                                            "amount", "currency", "channel"]


def test_raw_contract_macro_matches_the_sources_yml():
    macro = (PROJECT_DIR / "macros" / "raw" / "raw_contract.sql").read_text()
    tables = dict(re.findall(r"'(\w+)': \[([^\]]*)\]", macro))
    assert {name: re.findall(r"'(\w+)'", columns) for name, columns in tables.items()} == RAW_CONTRACT


def test_demo_seeds_load_every_contract_column_as_text():
    seeds = yaml.safe_load((PROJECT_DIR / "seeds" / "demo" / "_demo__seeds.yml").read_text())["seeds"]
    column_types = {seed["config"]["alias"]: seed["config"]["column_types"] for seed in seeds}
    assert {table: list(types) for table, types in column_types.items()} == RAW_CONTRACT
    assert {kind for types in column_types.values() for kind in types.values()} == {"varchar"}
