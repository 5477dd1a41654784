"""Every model, seed and source is described, and so is every column that the built
relations actually have (read from dbt's catalog, so an undocumented new column or a
renamed one fails)."""

from __future__ import annotations

from dbt_project_runner import DbtProject


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
