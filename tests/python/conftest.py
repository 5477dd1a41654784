from __future__ import annotations

import sys
from pathlib import Path

import pytest

from dbt_project_runner import DbtProject

# scripts/ holds raw_contract.py, shared by the demo generator and the tests
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))


@pytest.fixture(scope="session")
def demo_project(tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    """The bundled demo data built once with `dbt build` (models and data tests)."""
    project = DbtProject(tmp_path_factory.mktemp("demo"))
    project.run("build", min_nodes=50)
    return project


@pytest.fixture
def project(tmp_path: Path) -> DbtProject:
    """An empty database for one test."""
    return DbtProject(tmp_path)
