"""The analyses compile and run on the demo build, and answer sensibly."""

from __future__ import annotations

from dbt_project_runner import DbtProject


def compiled_sql(project: DbtProject, name: str) -> str:
    project.run("compile", "--select", name)
    manifest = project.artifact("manifest.json")
    return manifest["nodes"][f"analysis.customer_attrition.{name}"]["compiled_code"]


def test_segment_status_counts(demo_project: DbtProject):
    result = demo_project.query(compiled_sql(demo_project, "segment_status_counts"))
    assert set(result.columns) == {"business_line", "rfm_segment", "lifecycle_status", "customer_count"}
    lifecycle_rows = demo_project.query("select count(*) as n from marts.customer_lifecycle")["n"][0]
    assert result["customer_count"].sum() == lifecycle_rows
    assert "(not scored)" in set(result["rfm_segment"])


def test_dormant_revenue_at_stake(demo_project: DbtProject):
    result = demo_project.query(compiled_sql(demo_project, "dormant_revenue_at_stake"))
    expected = demo_project.query("""
        select l.business_line, p.pmg_tier, count(*) as n, sum(p.net_revenue) as revenue
        from marts.customer_lifecycle as l
        inner join marts.customer_pmg as p using (customer_key, business_line)
        where l.lifecycle_status = 'dormant'
        group by all
    """)
    merged = result.merge(expected, on=["business_line", "pmg_tier"], how="outer", validate="one_to_one")
    assert len(merged) == len(expected) > 0
    assert (merged["dormant_customers"] == merged["n"]).all()
    assert (merged["dormant_net_revenue"].astype(float).round(2) == merged["revenue"].astype(float).round(2)).all()


def test_reachable_dormant_customers(demo_project: DbtProject):
    result = demo_project.query(compiled_sql(demo_project, "reachable_dormant_customers"))
    dormant = demo_project.query("""
        select l.business_line, count(*) as n,
               sum(case when c.is_email_contactable then 1 else 0 end) as email
        from marts.customer_lifecycle as l
        inner join marts.customers as c using (customer_key)
        where l.lifecycle_status = 'dormant'
        group by all
    """).set_index("business_line")
    per_line = result.groupby("business_line")[["dormant_customers", "email_contactable"]].sum()
    assert per_line["dormant_customers"].to_dict() == dormant["n"].to_dict()
    assert per_line["email_contactable"].to_dict() == dormant["email"].to_dict()
    assert set(result["best_contact_channel"]) <= {"email", "sms", "phone", "post", "none"}
