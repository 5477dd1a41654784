"""BI reads the built DuckDB file however it opens it: the views of the project (two
marts among them: customer_contactability, customer_identity_map) work in a copy of
the file under another name, and in the file attached under another alias. DuckDB binds
a view's names when it is read; a view that names the database it was built in
("attrition"."marts"...) fails anywhere else (macros/schema/ref.sql). Tables and tests
keep the full name: a two-part name would be ambiguous next to an attached database
named like a schema."""

from __future__ import annotations

import shutil

import duckdb

from dbt_project_runner import DbtProject


def view_counts(connection: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, int]:
    views = connection.execute(
        "select schema_name, view_name from duckdb_views() where not internal and database_name = ? order by 1, 2",
        [catalog]).fetchall()
    return {f"{schema}.{view}": connection.execute(f'select count(*) from "{catalog}"."{schema}"."{view}"').fetchone()[0]
            for schema, view in views}


def test_views_work_in_a_renamed_copy_and_under_another_alias(demo_project: DbtProject, tmp_path):
    with duckdb.connect(str(demo_project.db_path), read_only=True) as connection:
        expected = view_counts(connection, "attrition")
    assert {"marts.customer_contactability", "marts.customer_identity_map"} <= set(expected)
    assert expected["marts.customer_contactability"] > 0

    copy = tmp_path / "marketing_copy.duckdb"
    shutil.copyfile(demo_project.db_path, copy)
    with duckdb.connect(str(copy), read_only=True) as connection:
        assert view_counts(connection, "marketing_copy") == expected

    with duckdb.connect() as connection:
        connection.execute(f"attach '{demo_project.db_path}' as bi (read_only)")
        assert view_counts(connection, "bi") == expected


def test_only_views_leave_the_database_out(demo_project: DbtProject):
    # Compile the whole project here: other tests on this fixture compile a selection,
    # and the latest manifest would then hold compiled code for that selection only.
    demo_project.run("compile")
    nodes = [node for node in demo_project.artifact("manifest.json")["nodes"].values()
             if node["resource_type"] in ("model", "test") and node.get("compiled_code")]
    views = [n for n in nodes if n["config"]["materialized"] == "view"]
    others = [n for n in nodes if n["config"]["materialized"] != "view" and n["depends_on"]["nodes"]]
    assert len(views) >= 6 and len(others) > 100
    assert [n["name"] for n in views if '"attrition".' in n["compiled_code"]] == []
    assert [n["name"] for n in others if '"attrition".' not in n["compiled_code"]] == []
