from __future__ import annotations

from pathlib import Path

import pytest

from dbt_project_runner import DbtProject


@pytest.fixture(scope="session")
def demo_project(tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    """The bundled demo data built once with `dbt build` (models, data and unit tests)."""
    project = DbtProject(tmp_path_factory.mktemp("demo"))
    project.run("build", min_nodes=50)
    return project


@pytest.fixture
def project(tmp_path: Path) -> DbtProject:
    """An empty database for one test."""
    return DbtProject(tmp_path)
