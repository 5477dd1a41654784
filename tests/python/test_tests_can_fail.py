"""The project's tests can fail: break one rule at a time in a copy of the project,
build the demo data, and check that the build fails on the test written for that
rule (mutation testing of the test suite)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dbt_project_runner import PROJECT_DIR, DbtProject, write_raw_tables
from test_identity_resolution import fixture_tables

MUTATIONS = [
    pytest.param(
        "models/marts/lifecycle/customer_lifecycle.sql",
        "when days_inactive >= dormant_after_days then 'dormant'",
        "when days_inactive > dormant_after_days then 'dormant'",
        "customer_lifecycle",
        ["unit_test.customer_attrition.customer_lifecycle.lifecycle_retail_thresholds"],
        id="dormant-from-the-day-after-the-threshold",
    ),
    pytest.param(
        "models/marts/segmentation/customer_rfm.sql",
        "partition by business_line order by recency_days desc",
        "partition by business_line order by recency_days asc",
        "customer_rfm",
        ["score_never_decreases_customer_rfm_r_score",
         "unit_test.customer_attrition.customer_rfm.rfm_quantile_scores_ties_and_refunds"],
        id="older-purchase-scores-higher",
    ),
    pytest.param(
        "models/marts/segmentation/customer_rfm.sql",
        "least({{ n }}, 1 + floor({{ n }} * percent_rank() over (\n            partition by business_line order by frequency asc",
        "least({{ n }}, 1 + floor({{ n }} * cume_dist() over (\n            partition by business_line order by frequency asc",
        "customer_rfm",
        ["unit_test.customer_attrition.customer_rfm.rfm_quantile_scores_ties_and_refunds"],
        id="rfm-formula-changed",
    ),
    pytest.param(
        "models/marts/segmentation/customer_pmg.sql",
        "when cumulated.revenue_before < {{ pmg['gros_share'] }} * cumulated.line_revenue then 'gros'",
        "when cumulated.revenue_before <= {{ pmg['gros_share'] }} * cumulated.line_revenue then 'gros'",
        "customer_pmg",
        ["unit_test.customer_attrition.customer_pmg.pmg_cumulative_shares"],
        id="pmg-cut-off-inclusive",
    ),
    pytest.param(
        "models/marts/segmentation/customer_pmg.sql",
        "order by net_revenue desc\n            rows between unbounded preceding and 1 preceding",
        "order by net_revenue asc\n            rows between unbounded preceding and 1 preceding",
        "customer_pmg",
        ["pmg_tiers_match_shares_customer_pmg"],
        id="pmg-cumulated-from-the-smallest",
    ),
    pytest.param(
        "seeds/reference/rfm_segment_map.csv",
        "5,5,5,Champions\n",
        "",
        "rfm_segment_map",
        ["covers_score_grid_rfm_segment_map"],
        id="segment-map-misses-a-cell",
    ),
    pytest.param(
        "seeds/reference/rfm_segment_map.csv",
        "1,1,1,Lost\n1,1,2,Lost\n1,1,3,Lost\n1,1,4,Lost\n1,1,5,Lost\n1,2,1,Lost\n1,2,2,Lost\n1,2,3,Lost\n1,2,4,Lost\n1,2,5,Lost\n",
        "1,1,1,Hibernating\n1,1,2,Hibernating\n1,1,3,Hibernating\n1,1,4,Hibernating\n1,1,5,Hibernating\n"
        "1,2,1,Hibernating\n1,2,2,Hibernating\n1,2,3,Hibernating\n1,2,4,Hibernating\n1,2,5,Hibernating\n",
        "rfm_segment_map",
        ["all_values_present_rfm_segment_map_rfm_segment"],
        id="a-segment-becomes-unreachable",
    ),
    pytest.param(
        "macros/sql/flag_duplicates.sql",
        "        where ranked.version_rank > 1\n",
        "        where ranked.version_rank > 2\n",
        # (the post-hook of every base model; the customers' shows it)
        "base_raw__customers",
        ["unique_base_raw__customers_customer_id"],
        id="duplicates-staged",
    ),
    pytest.param(
        "models/marts/data_quality/rejected_rows.sql",
        "    where\n        known_customers.customer_id is null\n",
        "    where\n        false\n",
        "rejected_rows",
        ["assert_rows_of_unknown_references_are_rejected"],
        id="unknown-customers-not-rejected",
    ),
    pytest.param(
        "models/intermediate/activity/int_transactions_rolled_up_to_customer_days.sql",
        "        cast(sum(amount) as decimal(18, 2)) as net_amount,\n",
        "        cast(sum(case when amount > 0 then amount else 0 end) as decimal(18, 2)) as net_amount,\n",
        "int_transactions_rolled_up_to_customer_days",
        ["sums_match_int_transactions_rolled_up_to_customer_days"],
        id="refunds-dropped-from-daily-revenue",
    ),
    pytest.param(
        # PMG's revenue without a window (the default) is the line activity's, from the
        # transactions rolled up per line
        "models/intermediate/activity/int_transactions_rolled_up_to_customer_lines.sql",
        "        cast(sum(net_amount) as decimal(18, 2)) as net_revenue,\n",
        "        cast(sum(case when net_amount > 0 then net_amount else 0 end) as decimal(18, 2)) as net_revenue,\n",
        "int_transactions_rolled_up_to_customer_lines",
        ["assert_net_revenue_matches_staging"],
        id="refunds-dropped-from-pmg-revenue",
    ),
    pytest.param(
        # ... and with a window, the sum of the customer days in it
        "models/marts/segmentation/customer_pmg.sql",
        "        sum(net_amount) as net_revenue\n",
        "        sum(case when net_amount > 0 then net_amount else 0 end) as net_revenue\n",
        "customer_pmg",
        ["unit_test.customer_attrition.customer_pmg.pmg_cumulative_shares"],
        id="refunds-dropped-from-windowed-pmg-revenue",
    ),
    pytest.param(
        "models/marts/lifecycle/customer_lifecycle.sql",
        "when first_purchase_date is null then 'never_purchased'",
        "when first_purchase_date is null and purchase_days < 0 then 'never_purchased'",
        "customer_lifecycle",
        ["expression_is_true_customer_lifecycle__lifecycle_status_prospect_first_purchase_date_is_null_"],
        id="prospects-get-an-industry-status",
    ),
    pytest.param(
        "models/intermediate/identity/int_customer_record_groups.sql",
        "anchors.node_id as customer_key,",
        "min(anchors.node_id) over (partition by substr(records_in_scope.customer_id, 1, 5)) as customer_key,",
        "int_customer_record_groups",
        ["assert_identity_groups_are_held_together_by_links",
         "assert_customers_spanning_emails_were_linked_across_them"],
        id="unrelated-records-share-a-key",
    ),
    pytest.param(
        "models/marts/contact/customer_contactability.sql",
        "coalesce(bounces_since_last_delivery, 0) >= {{ contact.hard_bounce_count }}",
        "coalesce(bounces_since_last_delivery, 0) > {{ contact.hard_bounce_count }}",
        "customer_contactability",
        ["unit_test.customer_attrition.customer_contactability.contactability_status_applies_the_hard_bounce_var"],
        id="hard-bounce-one-too-late",
    ),
]


# Identity rules whose breakage the demo data cannot show (its groups are cliques and its
# look-alikes never share a postal code): broken on the labelled identity fixture instead.
FIXTURE_MUTATIONS = [
    pytest.param(
        "models/intermediate/identity/int_customer_record_groups.sql",
        "connected_components('nodes', 'edges', identity.max_chain_length, prefix='record')",
        "connected_components('nodes', 'edges', 1, prefix='record')",
        "customer_identity_map",
        ["links_stay_within_groups_customer_identity_map"],
        id="identity-groups-not-transitive",
    ),
    pytest.param(
        "macros/identity/record_link_pairs.sql",
        "    where\n        {{ similarity }} >= {{ min_similarity }}\n        and (",
        "    where\n        {{ similarity }} >= {{ min_similarity }}\n        and true or (",
        "int_customer_record_links",
        ["links_respect_contact_conflicts_int_customer_record_links"],
        id="name-rule-ignores-conflicting-contacts",
    ),
]


def mutated_copy(tmp_path: Path, path: str, old: str, new: str) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(PROJECT_DIR, copy, ignore=shutil.ignore_patterns(
        ".venv", "target*", "logs", "*.duckdb", ".git", ".hypothesis", ".pytest_cache", "__pycache__"))
    source = copy / path
    text = source.read_text()
    assert text.count(old) == 1, f"mutation anchor not found once in {path}: {old!r}"
    source.write_text(text.replace(old, new))
    return copy


@pytest.mark.parametrize(("path", "old", "new", "model", "expected_failures"), FIXTURE_MUTATIONS)
def test_breaking_an_identity_rule_fails_its_test_on_the_fixture(tmp_path: Path, path, old, new, model,
                                                                  expected_failures):
    tables, _ = fixture_tables()
    folder = write_raw_tables(tmp_path / "raw", tables)
    project = DbtProject(tmp_path / "work", project_dir=mutated_copy(tmp_path, path, old, new))
    result = project.run("build", vars={"raw_data_dir": str(folder), "as_of_date": "2026-06-30"}, expect_ok=False)
    failed = [uid for uid, status in result.statuses().items() if status in {"fail", "error"}]
    for expected in expected_failures:
        assert any(expected in uid for uid in failed), f"{expected} did not fail; failed: {failed}"


@pytest.mark.parametrize(("path", "old", "new", "model", "expected_failures"), MUTATIONS)
def test_breaking_a_rule_fails_its_test(demo_project: DbtProject, tmp_path: Path, path, old, new, model,
                                        expected_failures):
    copy = mutated_copy(tmp_path, path, old, new)
    project = DbtProject(tmp_path / "work", project_dir=copy)
    # the demo built once by the unchanged project; the mutated node and everything
    # downstream of it are rebuilt from it, with every data test they can run (their
    # other parents are built); unit tests run apart, as a failing unit test would skip
    # the model and hide its data tests
    shutil.copyfile(demo_project.db_path, project.db_path)
    result = project.run("build", "--full-refresh", "--select", f"{model}+",
                         "--indirect-selection", "buildable", "--exclude-resource-type", "unit_test",
                         expect_ok=False)
    statuses = result.statuses()
    if any(expected.startswith("unit_test.") for expected in expected_failures):
        unit = project.run("test", "--select", model, "--resource-type", "unit_test", expect_ok=False)
        statuses.update(unit.statuses())
    failed = [uid for uid, status in statuses.items() if status in {"fail", "error"}]
    assert failed, f"nothing failed with the rule broken ({path})"
    for expected in expected_failures:
        assert any(expected in uid for uid in failed), (
            f"{expected} did not fail; statuses: {sorted(statuses.items())}")
