"""Bad configuration stops the build with an error naming the bad value; the
`raw_data_dir` input mode reads CSV and Parquet, accepts header-only files and names
what is missing."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dbt_project_runner import DbtProject, write_raw_tables


LINE_ACTIVITY = "intermediate.int_customer_line_activity"


def small_world() -> dict[str, pd.DataFrame]:
    """Two customers, four lines (one per industry) and one bad row per table kind."""
    return {
        "customers": pd.DataFrame({
            "customer_id": ["C1", "C2", "C3"], "source_system": ["crm", "web", "store"],
            "first_name": ["Jean", "Anne", "Paul"], "last_name": ["Dupont", "Martin", "Durand"],
            "email": ["j@example.fr", "a@example.fr", ""], "phone": ["06 12 34 56 78", "", ""],
            "address_line": ["", "", ""], "postal_code": ["75001", "", ""], "city": ["Paris", "", ""],
            "country_code": ["FR", "FR", "FR"], "email_opt_in": ["oui", "1", ""], "sms_opt_in": ["non", "0", ""],
            "created_at": ["2023-01-01", "2023-01-01", "2023-01-01"],
            "updated_at": ["2023-01-01", "2023-01-01", "2023-01-01"],
        }),
        "business_lines": pd.DataFrame({
            "business_line": ["shop", "card", "stream", "lease"],
            "industry": ["retail", "credit_card", "subscription", "auto_lease"],
        }),
        "transactions": pd.DataFrame({
            "transaction_id": ["T1", "T2", "T3", "T4", "T5"],
            "customer_id": ["C1", "C1", "C2", "C9", "C2"],
            "business_line": ["shop", "lease", "card", "shop", "stream"],
            "transaction_at": ["2026-05-10 10:00:00", "2024-01-10", "2025-01-10T10:00:00+02:00", "2025-01-10", "2025-01-10"],
            "amount": ["100.00", "300", "-10", "10", "9,99"],
            "currency": ["EUR", "EUR", "eur", "EUR", "EUR"],
            "channel": ["store", "web", "web", "web", "web"],
        }),
        "email_events": pd.DataFrame({
            "event_id": ["E1"], "customer_id": ["C1"], "event_type": ["opened"],
            "event_at": ["2026-06-01"], "campaign_id": ["CMP1"],
        }),
        "usage_events": pd.DataFrame({"customer_id": ["C2"], "business_line": ["stream"], "used_at": ["2025-03-01"]}),
        "contracts": pd.DataFrame({
            "contract_id": ["K1"], "customer_id": ["C1"], "business_line": ["lease"],
            "started_at": ["2024-01-01"], "ends_at": ["2026-12-31"],
        }),
    }


@pytest.fixture
def world_dir(tmp_path: Path) -> Path:
    return write_raw_tables(tmp_path / "raw", small_world())


@pytest.mark.parametrize(
    ("bad_vars", "message"),
    [
        ({"as_of_date": "2026-02-30"}, "var 'as_of_date' is not a valid date: '2026-02-30'"),
        ({"as_of_date": "30/06/2026"}, "var 'as_of_date' must be a date written YYYY-MM-DD, got '30/06/2026'"),
        ({"rfm_score_bins": "five"}, "var 'rfm_score_bins' must be an integer, got 'five'"),
        ({"incremental_models": "yes"}, "var 'incremental_models' must be true or false, got 'yes'"),
        ({"incremental_lookback_days": "a week"}, "var 'incremental_lookback_days' must be an integer, got 'a week'"),
        ({"incremental_lookback_days": -1}, "var 'incremental_lookback_days' must be between 0 and infinity, got -1"),
        ({"rfm_score_bins": 1}, "var 'rfm_score_bins' must be between 2 and 100, got 1"),
        ({"rfm_window_days": 0}, "var 'rfm_window_days' must be between 1 and infinity, got 0"),
        ({"rfm_scoring_method": "kmeans"}, "var 'rfm_scoring_method' must be 'quantile' or 'thresholds', got 'kmeans'"),
        ({"pmg_gros_share": 0.9}, "var 'pmg_gros_share' (0.9) must be below 'pmg_moyen_share' (0.8)"),
        ({"pmg_moyen_share": 1.5}, "var 'pmg_moyen_share' must be in (0, 1], got 1.5"),
        ({"new_customer_days": -3}, "var 'new_customer_days' must be between 1 and infinity, got -3"),
        ({"accepted_currencies": ["EURO"]}, "var 'accepted_currencies' holds 'EURO', which is not a 3-letter currency code"),
        ({"customer_status_precedence": ["active", "new"]}, "var 'customer_status_precedence' must list each of"),
        ({"identity_first_name_min_similarity": 1.5},
         "var 'identity_first_name_min_similarity' must be in (0, 1], got 1.5"),
        ({"identity_default_country_code": "France"},
         "var 'identity_default_country_code' must be a two-letter upper-case country code, got 'France'"),
        ({"identity_max_chain_length": 0}, "var 'identity_max_chain_length' must be between 1 and 50, got 0"),
        ({"email_hard_bounce_count": "two"}, "var 'email_hard_bounce_count' must be an integer, got 'two'"),
        ({"contact_data_decay_rate": 1}, "var 'contact_data_decay_rate' must be below 1, got 1"),
        ({"contact_channel_preference": ["email", "fax"]},
         "var 'contact_channel_preference' must list each of email, sms, post, phone exactly once, got email, fax"),
        (
            {"lifecycle_rules": {"retail": {"dormant_after_days": 800, "lost_after_days": 730},
                                 "credit_card": {"dormant_after_days": 182, "lost_after_days": 547},
                                 "subscription": {"dormant_after_days": 60, "lost_after_days": 365},
                                 "auto_lease": {"dormant_after_days": 365, "lost_after_days": 1095}}},
            "lifecycle_rules.retail: dormant_after_days (800) must be below lost_after_days (730)",
        ),
        (
            {"lifecycle_rules": {"retail": {"dormant_after_days": "eight months", "lost_after_days": 730}}},
            "lifecycle_rules.retail.dormant_after_days must be a positive integer, got 'eight months'",
        ),
        (
            {"lifecycle_rules": {"retail": {"dormant_after_days": 243, "lost_after_days": 730},
                                 "telecom": {"dormant_after_days": 90, "lost_after_days": 365}}},
            "lifecycle_rules has industry 'telecom' but no macro lifecycle_rule_telecom exists",
        ),
    ],
)
def test_bad_configuration_stops_with_named_value(project: DbtProject, world_dir: Path, bad_vars, message):
    result = project.run("parse", vars={"raw_data_dir": str(world_dir), **bad_vars}, expect_ok=False)
    assert not result.ok
    assert message in " ".join(result.output.split()), result.output[-2000:]


def test_unknown_industry_in_data_stops_the_build(project: DbtProject, tmp_path: Path):
    world = small_world()
    world["business_lines"].loc[len(world["business_lines"])] = ["phone_plan", "telecom"]
    folder = write_raw_tables(tmp_path / "raw", world)
    result = project.run("build", vars={"raw_data_dir": str(folder)}, expect_ok=False)
    assert not result.ok
    text = " ".join(result.output.split())
    assert "business line 'phone_plan' has industry 'telecom', which has no dormancy rule" in text
    # nothing downstream of the business lines was built
    statuses = result.statuses()
    assert statuses["model.customer_attrition.stg_raw__business_lines"] == "error"
    assert statuses["model.customer_attrition.customer_lifecycle"] == "skipped"


def test_missing_raw_file_is_named(project: DbtProject, world_dir: Path):
    (world_dir / "contracts.csv").unlink()
    result = project.run("build", vars={"raw_data_dir": str(world_dir)}, expect_ok=False)
    assert not result.ok
    assert "has no contracts.csv or contracts.parquet, and no folder contracts/" in " ".join(result.output.split())


def test_missing_raw_column_is_named(project: DbtProject, tmp_path: Path):
    world = small_world()
    world["transactions"] = world["transactions"].drop(columns=["currency"])
    folder = write_raw_tables(tmp_path / "raw", world)
    result = project.run("build", vars={"raw_data_dir": str(folder)}, expect_ok=False)
    assert "raw file for table 'transactions'" in result.output and "has no column 'currency'" in result.output


def test_header_only_files_are_empty_tables_and_extra_columns_are_ignored(project: DbtProject, tmp_path: Path):
    world = small_world()
    world["usage_events"] = world["usage_events"].iloc[0:0]
    world["contracts"] = world["contracts"].iloc[0:0]
    world["transactions"]["loyalty_card_number"] = "X"  # an extra column
    folder = write_raw_tables(tmp_path / "raw", world)
    assert (folder / "contracts.csv").read_text().strip() == "contract_id,customer_id,business_line,started_at,ends_at"
    project.run("build", vars={"raw_data_dir": str(folder)}, min_nodes=50)
    lifecycle = project.query("select * from marts.customer_lifecycle where business_line = 'lease'")
    # without the contract, the lease line is judged on the purchase of 2024-01-10 alone:
    # 902 days inactive, dormant (>= 365) but not lost (< 1095)
    assert lifecycle[["customer_key", "lifecycle_status", "days_inactive"]].values.tolist() == [["C1", "dormant", 902]]
    assert project.query("select count(*) as n from staging.stg_raw__contracts")["n"][0] == 0


# The columns a warehouse export would type (DATE, TIMESTAMP, TIMESTAMP WITH TIME ZONE,
# DECIMAL, BOOLEAN), as DuckDB expressions on the text of small_world().
TYPED_COLUMNS = {
    "customers": {
        "email_opt_in": "case when email_opt_in in ('oui', '1') then true when email_opt_in in ('non', '0') then false end",
        "sms_opt_in": "case when sms_opt_in in ('oui', '1') then true when sms_opt_in in ('non', '0') then false end",
        "created_at": "cast(created_at as date)", "updated_at": "cast(updated_at as date)",
    },
    "transactions": {
        "transaction_at": "cast(transaction_at as timestamptz)",
        "amount": "cast(replace(amount, ',', '.') as decimal(18, 2))",
    },
    "email_events": {"event_at": "cast(event_at as timestamp)"},
    "usage_events": {"used_at": "cast(used_at as date)"},
    "contracts": {"started_at": "cast(started_at as date)", "ends_at": "cast(ends_at as date)"},
}


@pytest.mark.parametrize("typed", [False, True], ids=["text", "typed"])
def test_parquet_files_are_read_and_rejects_are_kept(project: DbtProject, tmp_path: Path, typed: bool):
    """Parquet as text, or with typed columns (taken as they are, not parsed): the same rows."""
    folder = tmp_path / "raw"
    folder.mkdir()
    with duckdb.connect() as connection:
        connection.execute("set timezone = 'UTC'")
        for name, frame in small_world().items():
            connection.register("frame", frame)
            typed_columns = TYPED_COLUMNS.get(name, {}) if typed else {}
            columns = ", ".join(f"{typed_columns.get(column, column)} as {column}" for column in frame.columns)
            connection.execute(f"copy (select {columns} from frame) to '{folder / (name + '.parquet')}' (format parquet)")
            connection.unregister("frame")
        if typed:
            types = connection.execute(
                f"select typeof(transaction_at), typeof(amount) from '{folder / 'transactions.parquet'}' limit 1").fetchone()
            assert types == ("TIMESTAMP WITH TIME ZONE", "DECIMAL(18,2)")
    project.run("build", vars={"raw_data_dir": str(folder)}, min_nodes=50)
    rejects = project.query("select source_table, source_key, reject_reason from marts.rejected_rows")
    assert rejects.values.tolist() == [["transactions", "T4", "unknown_customer"]]
    # T4 is usable (staged); its unknown customer makes it a reject downstream
    amounts = project.query(
        "select transaction_id, cast(amount as varchar) as amount, transaction_at from staging.stg_raw__transactions order by 1")
    assert amounts["amount"].tolist() == ["100.00", "300.00", "-10.00", "10.00", "9.99"]
    # the +02:00 offset is converted to UTC
    assert str(amounts.loc[amounts["transaction_id"] == "T3", "transaction_at"].iloc[0]) == "2025-01-10 08:00:00"
    assert str(amounts.loc[amounts["transaction_id"] == "T2", "transaction_at"].iloc[0]) == "2024-01-10 00:00:00"
    opt_ins = project.query(
        "select customer_id, is_email_opt_in, is_sms_opt_in, cast(created_at as varchar) from staging.stg_raw__customers order by 1")
    assert opt_ins.astype(str).values.tolist() == [
        ["C1", "True", "False", "2023-01-01 00:00:00"], ["C2", "True", "False", "2023-01-01 00:00:00"],
        ["C3", "<NA>", "<NA>", "2023-01-01 00:00:00"]]
    lifecycle = project.query(
        "select customer_key, business_line, lifecycle_status from marts.customer_lifecycle order by all")
    assert len(lifecycle) > 0 and lifecycle.isna().sum().sum() == 0


def test_as_of_date_replays_the_past(project: DbtProject, world_dir: Path):
    """Rows after as_of_date are out of scope: on 2025-02-01 the 2026 purchase of C1
    has not happened yet (no shop row), and later usage does not count."""
    project.run("build", vars={"raw_data_dir": str(world_dir), "as_of_date": "2025-02-01"}, min_nodes=50)
    lifecycle = project.query(
        "select customer_key, business_line, lifecycle_status, as_of_date from marts.customer_lifecycle order by 1, 2")
    assert lifecycle[["customer_key", "business_line", "lifecycle_status"]].values.tolist() == [
        ["C1", "lease", "active"],   # contract running on 2025-02-01
        ["C2", "card", "prospect"],  # a refund is not a purchase
        ["C2", "stream", "new"],     # first purchase 22 days before
    ]
    assert {str(d)[:10] for d in lifecycle["as_of_date"]} == {"2025-02-01"}


def test_switching_between_demo_seeds_and_files(project: DbtProject, world_dir: Path):
    """Files replace the demo tables with views, and the demo seeds replace the views
    again, in the same database."""
    def raw_customers() -> tuple[str, int]:
        kind = project.query(
            "select table_type from information_schema.tables where table_schema = 'raw' and table_name = 'customers'")
        count = project.query("select count(*) as n from raw.customers")["n"][0]
        return kind["table_type"][0], int(count)

    project.run("seed", "--select", "raw_customers")
    demo_kind, demo_count = raw_customers()
    assert demo_kind == "BASE TABLE" and demo_count > 1000

    project.run("seed", "--select", "reject_reasons", vars={"raw_data_dir": str(world_dir)})
    assert raw_customers() == ("VIEW", 3)

    project.run("seed", "--select", "raw_customers")
    assert raw_customers() == ("BASE TABLE", demo_count)


def test_folders_of_deliveries_are_read_file_by_file(project: DbtProject, tmp_path: Path):
    """raw_data_dir/<table>/ holds one file per delivery (CSV or Parquet): the rows of
    every file are read, each base row records its file, and the next incremental run
    reads only the new file."""
    world = small_world()
    folder = tmp_path / "raw"
    for name, frame in world.items():
        (folder / name).mkdir(parents=True)
        if name == "transactions":  # two Parquet deliveries
            with duckdb.connect() as connection:
                for part, rows in (("2026-05-31", frame.iloc[:3]), ("2026-06-30", frame.iloc[3:])):
                    connection.register("frame", rows)
                    connection.execute(f"copy (select * from frame) to '{folder / name / (part + '.parquet')}' (format parquet)")
                    connection.unregister("frame")
        else:
            frame.to_csv(folder / name / "export_1.csv", index=False)
    project.run("build", vars={"raw_data_dir": str(folder)}, min_nodes=50)
    files = project.query("select _raw_file, count(*) as n from staging.base_raw__transactions group by 1 order by 1")
    assert files.values.tolist() == [["2026-05-31.parquet", 3], ["2026-06-30.parquet", 2]]
    rejects = project.query("select source_table, source_key, reject_reason from marts.rejected_rows")
    assert rejects.values.tolist() == [["transactions", "T4", "unknown_customer"]]

    # a third delivery re-sends T1 later and adds T6, and a CSV delivery next to it (in
    # upper case) adds T7: only those files are read, and T1's earlier version becomes a
    # duplicate
    new = pd.DataFrame({
        "transaction_id": ["T1", "T6"], "customer_id": ["C1", "C2"], "business_line": ["shop", "shop"],
        "transaction_at": ["2026-05-11 10:00:00", "2026-06-01"], "amount": ["120.00", "5"],
        "currency": ["EUR", "EUR"], "channel": ["store", "web"]})
    new.assign(transaction_id=["T7", "T7"], customer_id=["C1", "C1"]).iloc[1:].to_csv(
        folder / "transactions" / "2026-07-01-store.CSV", index=False)  # a CSV among Parquet files
    with duckdb.connect() as connection:
        connection.register("frame", new)
        connection.execute(f"copy (select * from frame) to '{folder / 'transactions' / '2026-07-01.parquet'}' (format parquet)")
    result = project.run("build", vars={"raw_data_dir": str(folder), "as_of_date": "2026-07-01"}, min_nodes=50)
    written = project.query("""
        select _raw_file, transaction_id, is_duplicate from staging.base_raw__transactions
        where _loaded_at = (select max(_loaded_at) from staging.base_raw__transactions) order by 1, 2""")
    assert written.values.tolist() == [
        ["2026-05-31.parquet", "T1", True], ["2026-07-01-store.CSV", "T7", False], ["2026-07-01.parquet", "T1", False],
        ["2026-07-01.parquet", "T6", False]]
    staged = project.query("select transaction_id, cast(amount as varchar) as amount from staging.stg_raw__transactions order by 1")
    assert staged.values.tolist() == [["T1", "120.00"], ["T2", "300.00"], ["T3", "-10.00"], ["T4", "10.00"], ["T5", "9.99"],
                                      ["T6", "5.00"], ["T7", "5.00"]]
    assert result.ok


@pytest.mark.parametrize("lookback", [None, 2])
def test_a_single_file_counts_late_rows_up_to_the_lookback_exactly(project: DbtProject, tmp_path: Path, lookback):
    """A single file that grows (the event-time window mode): an incremental run
    re-reads the rows dated from var incremental_lookback_days (7 when not given)
    before the latest day loaded. A row that late is counted, down to the marts; a row
    one day later is not, until --full-refresh (README, "Incremental runs")."""
    days = 7 if lookback is None else lookback
    variables = {"as_of_date": "2026-06-30", **({} if lookback is None else {"incremental_lookback_days": lookback})}
    world = small_world()
    latest = pd.Timestamp("2026-06-20")  # the latest day loaded
    world["transactions"] = pd.concat([world["transactions"], pd.DataFrame({
        "transaction_id": ["T6"], "customer_id": ["C1"], "business_line": ["shop"],
        "transaction_at": [f"{latest:%Y-%m-%d} 12:00:00"], "amount": ["50"], "currency": ["EUR"],
        "channel": ["store"]})], ignore_index=True)
    folder = write_raw_tables(tmp_path / "raw", world)
    variables["raw_data_dir"] = str(folder)
    project.run("build", vars=variables, min_nodes=50)
    in_window, too_late = latest - pd.Timedelta(days=days), latest - pd.Timedelta(days=days + 1)
    world["transactions"] = pd.concat([world["transactions"], pd.DataFrame({
        "transaction_id": ["T7", "T8"], "customer_id": ["C2", "C2"], "business_line": ["shop", "shop"],
        "transaction_at": [f"{in_window:%Y-%m-%d} 00:00:00", f"{too_late:%Y-%m-%d} 23:59:59"],
        "amount": ["7", "8"], "currency": ["EUR", "EUR"], "channel": ["web", "web"]})], ignore_index=True)
    write_raw_tables(folder, world)

    def staged() -> list[str]:
        found = project.query("select transaction_id from staging.stg_raw__transactions where customer_id = 'C2' "
                              "and business_line = 'shop' order by 1")
        return list(found["transaction_id"])

    def c2_shop() -> list:
        found = project.query("select transaction_count, cast(net_revenue as varchar) as revenue, last_transaction_date "
                              "from intermediate.int_customer_line_activity where customer_key = 'C2' and business_line = 'shop'")
        return [[int(r[0]), r[1], str(r[2])[:10]] for r in found.values.tolist()]

    project.run("run", vars=variables, min_nodes=30)
    assert staged() == ["T7"]
    assert c2_shop() == [[1, "7.00", f"{in_window:%Y-%m-%d}"]]
    project.run("run", "--full-refresh", vars=variables, min_nodes=30)
    assert staged() == ["T7", "T8"]
    assert c2_shop() == [[2, "15.00", f"{in_window:%Y-%m-%d}"]]


def test_changing_a_single_file_into_a_folder_needs_a_full_refresh(project: DbtProject, tmp_path: Path):
    world = small_world()
    folder = write_raw_tables(tmp_path / "raw", world)
    project.run("build", vars={"raw_data_dir": str(folder)}, min_nodes=50)
    (folder / "transactions.csv").unlink()
    (folder / "transactions").mkdir()
    world["transactions"].to_csv(folder / "transactions" / "export_1.csv", index=False)
    result = project.run("run", vars={"raw_data_dir": str(folder)}, expect_ok=False)
    assert "raw table 'transactions' is now a folder of deliveries" in " ".join(result.output.split())
    assert "--full-refresh" in result.output
    project.run("run", "--full-refresh", vars={"raw_data_dir": str(folder)}, min_nodes=30)


def test_a_run_whose_duplicate_flagging_failed_is_flagged_by_the_next(project: DbtProject, tmp_path: Path):
    """The duplicate flags are set by a post-hook after the model's commit. When it does
    not complete (simulated: the second run's flags and its progress row are put back
    as they were before the hook), the next run flags those rows too: the state table
    records how far flagging got, not which run wrote what."""
    world = small_world()
    folder = tmp_path / "raw"
    for name, frame in world.items():
        (folder / name).mkdir(parents=True)
        frame.to_csv(folder / name / "export_1.csv", index=False)
    project.run("build", vars={"raw_data_dir": str(folder)}, min_nodes=50)
    first = project.query("select flagged_through from staging.base_raw__flag_duplicates_state "
                          "where model_name = 'base_raw__transactions'").iloc[0, 0]

    resent = pd.DataFrame({
        "transaction_id": ["T1"], "customer_id": ["C1"], "business_line": ["shop"],
        "transaction_at": ["2026-05-11 10:00:00"], "amount": ["120.00"], "currency": ["EUR"], "channel": ["store"]})
    resent.to_csv(folder / "transactions" / "export_2.csv", index=False)
    project.run("run", vars={"raw_data_dir": str(folder)}, min_nodes=30)
    flags = "select transaction_id, is_duplicate from staging.base_raw__transactions where transaction_id = 'T1' order by transaction_at"
    assert project.query(flags).values.tolist() == [["T1", True], ["T1", False]]

    # the second run's post-hook "failed": its flags and its progress are undone
    with duckdb.connect(str(project.db_path)) as connection:
        connection.execute("update staging.base_raw__transactions set is_duplicate = false")
        connection.execute("update staging.base_raw__flag_duplicates_state set flagged_through = ? "
                           "where model_name = 'base_raw__transactions'", [first])
    assert project.query(flags).values.tolist() == [["T1", False], ["T1", False]]

    pd.DataFrame({
        "transaction_id": ["T7"], "customer_id": ["C2"], "business_line": ["shop"],
        "transaction_at": ["2026-06-02"], "amount": ["7"], "currency": ["EUR"], "channel": ["web"],
    }).to_csv(folder / "transactions" / "export_3.csv", index=False)
    project.run("run", vars={"raw_data_dir": str(folder)}, min_nodes=30)
    assert project.query(flags).values.tolist() == [["T1", True], ["T1", False]]
    staged = project.query("select transaction_id, cast(amount as varchar) as amount from staging.stg_raw__transactions "
                           "where transaction_id in ('T1', 'T7') order by 1")
    assert staged.values.tolist() == [["T1", "120.00"], ["T7", "7.00"]]


def test_rows_whose_customer_is_no_longer_known_are_rejected_by_incremental_runs(project: DbtProject, tmp_path: Path):
    """A customer record removed from the raw table after its rows were read turns
    them into unknown_customer rejects (rejected_rows): one there since the first run
    (C2), and one known only by a run of the transactions' staging alone (C4). A
    business line removed later turns the rows of known customers there into
    unknown_business_line rejects. Same rejects as a full refresh, and every raw row
    still reconciles (dbt build's tests)."""
    world = small_world()
    folder = write_raw_tables(tmp_path / "raw", world)
    project.run("build", vars={"raw_data_dir": str(folder)}, min_nodes=50)

    # C4 arrives with a transaction; only the transactions' staging runs
    world["customers"] = pd.concat([world["customers"], world["customers"].iloc[[0]].assign(
        customer_id="C4", email="c4@example.fr", first_name="Luc", last_name="Petit")], ignore_index=True)
    world["transactions"] = pd.concat([world["transactions"], pd.DataFrame({
        "transaction_id": ["T8", "T9"], "customer_id": ["C4", "C1"], "business_line": ["shop", "shop"],
        "transaction_at": ["2026-06-01", "2026-06-30"], "amount": ["8", "9"], "currency": ["EUR", "EUR"],
        "channel": ["web", "web"]})], ignore_index=True)
    write_raw_tables(folder, world)
    project.run("run", "--select", "+base_raw__transactions", vars={"raw_data_dir": str(folder)}, min_nodes=3)

    # C2 and C4 are removed from the customers
    world["customers"] = world["customers"][~world["customers"]["customer_id"].isin(["C2", "C4"])]
    write_raw_tables(folder, world)
    project.run("build", vars={"raw_data_dir": str(folder)}, min_nodes=50)
    rejected = ("select source_table, source_key, reject_reason from marts.rejected_rows "
                "where reject_reason = 'unknown_customer' order by 1, 2")
    expected = [["transactions", "T3", "unknown_customer"], ["transactions", "T4", "unknown_customer"],
                ["transactions", "T5", "unknown_customer"], ["transactions", "T8", "unknown_customer"],
                ["usage_events", None, "unknown_customer"]]
    assert project.query(rejected).values.tolist() == expected

    # the business line lease is removed: C1's transaction there (T2, read by the first
    # run and not read again since) becomes an unknown_business_line reject, and so does
    # the contract there
    world["business_lines"] = world["business_lines"][world["business_lines"]["business_line"] != "lease"]
    write_raw_tables(folder, world)
    project.run("build", vars={"raw_data_dir": str(folder)}, min_nodes=50)
    rejected = ("select source_table, source_key, reject_reason from marts.rejected_rows "
                "where reject_reason in ('unknown_customer', 'unknown_business_line') order by 1, 2")
    expected = [["contracts", "K1", "unknown_business_line"], ["transactions", "T2", "unknown_business_line"],
                *expected]
    assert project.query(rejected).values.tolist() == expected

    full = DbtProject(tmp_path / "full")
    full.run("build", vars={"raw_data_dir": str(folder)}, min_nodes=50)
    assert full.query(rejected).values.tolist() == expected


def set_normalised_c1(project: DbtProject, column: str, value: str) -> None:
    """Overwrite one column of record C1 in int_customer_records_normalised (a marker)."""
    with duckdb.connect(str(project.db_path)) as connection:
        connection.execute(f"update intermediate.int_customer_records_normalised set {column} = ? "
                           "where customer_id = 'C1'", [value])


def test_normalisation_redoes_only_changed_records_and_whatever_its_configuration_changes(
        project: DbtProject, tmp_path: Path):
    """int_customer_records_normalised is incremental: a run normalises the new and
    changed records and deletes the removed ones; a change of a var or of a seed it
    reads normalises every record again. After each step the table equals a full
    refresh of the same inputs."""
    world = small_world()
    folder = write_raw_tables(tmp_path / "raw", world)
    project.run("build", vars={"raw_data_dir": str(folder)}, min_nodes=50)
    table = ("select * exclude (_loaded_at, _source_loaded_at) from intermediate.int_customer_records_normalised "
             "order by customer_id")
    c1_city = ("select city_normalised from intermediate.int_customer_records_normalised "
               "where customer_id = 'C1'")

    def set_c1_city(value: str) -> None:
        set_normalised_c1(project, "city_normalised", value)

    def same_as_a_full_refresh(run_vars: dict) -> pd.DataFrame:
        incremental = project.query(table)
        project.run("run", "--full-refresh", "--select", "int_customer_records_normalised",
                    vars={"raw_data_dir": str(folder), **run_vars})
        pd.testing.assert_frame_equal(incremental, project.query(table))
        return incremental

    # nothing changed: no record is normalised again (a marker put in the table stays)
    before = project.query(table)
    set_c1_city("MARKER")
    project.run("run", "--select", "+int_customer_records_normalised", vars={"raw_data_dir": str(folder)}, min_nodes=3)
    assert project.query(c1_city).iloc[0, 0] == "MARKER"

    # C2's email changes, C3 is removed, C4 arrives
    world["customers"].loc[world["customers"]["customer_id"] == "C2", "email"] = "Anne.Martin@Example.fr "
    world["customers"] = pd.concat([world["customers"][world["customers"]["customer_id"] != "C3"],
                                    world["customers"].iloc[[0]].assign(customer_id="C4", email="luc@example.fr")],
                                   ignore_index=True)
    write_raw_tables(folder, world)
    project.run("run", "--select", "+int_customer_records_normalised", vars={"raw_data_dir": str(folder)}, min_nodes=3)
    assert project.query(c1_city).iloc[0, 0] == "MARKER"  # C1 did not change: not normalised again
    set_c1_city(before.set_index("customer_id").loc["C1", "city_normalised"])
    after = same_as_a_full_refresh({})
    assert after["customer_id"].tolist() == ["C1", "C2", "C4"]
    assert after.set_index("customer_id").loc["C2", "email_address"] == "anne.martin@example.fr"
    assert (after.set_index("customer_id").loc["C1", "_input_fingerprint"]
            == before.set_index("customer_id").loc["C1", "_input_fingerprint"])

    # a var the normalisation reads: every record again (C3 had no country, now C4 has none)
    world["customers"].loc[world["customers"]["customer_id"] == "C4", "country_code"] = ""
    write_raw_tables(folder, world)
    project.run("run", "--select", "+int_customer_records_normalised",
                vars={"raw_data_dir": str(folder), "identity_default_country_code": "BE"}, min_nodes=3)
    changed = same_as_a_full_refresh({"identity_default_country_code": "BE"})
    assert changed.set_index("customer_id").loc["C4", "contact_country_code"] == "BE"
    assert not set(changed["_input_fingerprint"]) & set(after["_input_fingerprint"])

    # a seed it reads (as if `dbt seed` had loaded a new version): example.fr becomes disposable
    with duckdb.connect(str(project.db_path)) as connection:
        schema = connection.execute("select table_schema from information_schema.tables "
                                    "where table_name = 'email_disposable_domains'").fetchone()[0]
        connection.execute(f"insert into {schema}.email_disposable_domains (domain) values ('example.fr')")
    project.run("run", "--select", "int_customer_records_normalised",
                vars={"raw_data_dir": str(folder), "identity_default_country_code": "BE"})
    disposable = same_as_a_full_refresh({"identity_default_country_code": "BE"})
    assert disposable["is_email_disposable"].tolist() == [True, True, True]


def test_a_customer_delivery_normalises_only_the_records_it_holds(project: DbtProject, tmp_path: Path):
    """With the customers as a folder of deliveries, base_raw__customers reads only the
    new file (ranked with the earlier versions of its ids) and
    int_customer_records_normalised fingerprints only the records that run wrote: a
    record outside the delivery is not even compared (a fingerprint altered in the
    table stays). A newer version wins, an older one is a duplicate, and both tables
    equal a full refresh of the same files. A change of the normalisation (a var)
    compares every record again."""
    world = small_world()
    folder = tmp_path / "raw"
    write_raw_tables(folder, {name: frame for name, frame in world.items() if name != "customers"})
    (folder / "customers").mkdir()
    world["customers"].to_csv(folder / "customers" / "day_1.csv", index=False)
    project.run("build", vars={"raw_data_dir": str(folder)}, min_nodes=50)
    normalised = ("select * exclude (_loaded_at, _source_loaded_at) from intermediate.int_customer_records_normalised "
                  "order by customer_id")
    base = ("select * exclude (_loaded_at) from staging.base_raw__customers "
            "order by customer_id, _raw_file")

    def set_c1_fingerprint(value: str) -> None:
        set_normalised_c1(project, "_input_fingerprint", value)

    c1_fingerprint = project.query(normalised).set_index("customer_id").loc["C1", "_input_fingerprint"]
    set_c1_fingerprint("ALTERED")
    # day 2: C2 changes email (newer), C3 arrives in an older version with a city
    day_2 = world["customers"][world["customers"]["customer_id"].isin(["C2", "C3"])].assign(
        email=["anne.new@example.fr", ""], city=["", "Lyon"], updated_at=["2024-05-01", "2022-01-01"])
    day_2.to_csv(folder / "customers" / "day_2.csv", index=False)
    project.run("build", vars={"raw_data_dir": str(folder)}, min_nodes=50)

    after = project.query(normalised).set_index("customer_id")
    assert after.loc["C1", "_input_fingerprint"] == "ALTERED"  # not in the delivery: not compared
    assert after.loc["C2", "email_address"] == "anne.new@example.fr"
    assert pd.isna(after.loc["C3", "city_normalised"])  # the older version lost
    rows = project.query("select customer_id, _raw_file, is_duplicate, _loaded_at from staging.base_raw__customers")
    last = rows["_loaded_at"] == rows["_loaded_at"].max()
    assert sorted(rows.loc[last, "customer_id"]) == ["C2", "C2", "C3", "C3"]  # day 2 and the earlier versions
    assert rows.loc[last, "is_duplicate"].sum() == 2

    set_c1_fingerprint(c1_fingerprint)
    full = DbtProject(tmp_path / "full")
    full.run("build", "--full-refresh", vars={"raw_data_dir": str(folder)}, min_nodes=50)
    for query in (normalised, base):
        pd.testing.assert_frame_equal(project.query(query), full.query(query))

    # no new delivery, but a var the normalisation reads: every record is compared again
    set_c1_fingerprint("ALTERED")
    project.run("run", "--select", "+int_customer_records_normalised",
                vars={"raw_data_dir": str(folder), "identity_default_country_code": "BE"}, min_nodes=3)
    again = project.query(normalised).set_index("customer_id")
    assert again.loc["C1", "_input_fingerprint"] not in ("ALTERED", c1_fingerprint)
    assert not set(again["_normalisation_fingerprint"]) & set(after["_normalisation_fingerprint"])


def test_an_incremental_table_built_by_an_older_version_asks_for_a_full_refresh(project: DbtProject, world_dir: Path):
    """A database built by an earlier version of the project (its stored columns
    differ) stops an incremental run before any model, with one message saying what to
    do; the full refresh it asks for works. So does an incremental table without a
    build state."""
    project.run("build", vars={"raw_data_dir": str(world_dir)}, min_nodes=50)
    with duckdb.connect(str(project.db_path)) as connection:
        connection.execute("update main.attrition_build_state set state_version = 1 "
                           "where model_name = 'int_customer_records_normalised'")
    result = project.run("run", vars={"raw_data_dir": str(world_dir)}, expect_ok=False)
    assert not result.ok and not [r for r in result.results if r["unique_id"].startswith("model.")]
    text = " ".join(result.output.split())
    assert "built by an earlier version of the project (int_customer_records_normalised" in text, text[-3000:]
    assert text.count("run with --full-refresh") == 1
    project.run("run", "--full-refresh", vars={"raw_data_dir": str(world_dir)}, min_nodes=30)
    project.run("run", vars={"raw_data_dir": str(world_dir)}, min_nodes=30)
    # a per-customer model selected without the log at a moved as-of date (it would
    # keep the old date's scope); with the log it runs
    moved = {"raw_data_dir": str(world_dir), "as_of_date": "2026-07-15"}
    result = project.run("run", "--select", "int_transactions_rolled_up_to_customer_lines", vars=moved,
                         expect_ok=False)
    assert not result.ok and not [r for r in result.results if r["unique_id"].startswith("model.")]
    assert ("as_of_date moved since int_customers_changed last ran (as of 2026-06-30), and "
            "int_transactions_rolled_up_to_customer_lines follows it only through that log"
            in " ".join(result.output.split()))
    project.run("run", "--select", "int_customers_changed int_transactions_rolled_up_to_customer_lines",
                vars=moved, min_nodes=2)
    # an incremental table whose state row is gone (the previous as-of date is unknown)
    with duckdb.connect(str(project.db_path)) as connection:
        connection.execute("delete from main.attrition_build_state where model_name = 'int_customer_golden_records'")
    result = project.run("run", vars={"raw_data_dir": str(world_dir)}, expect_ok=False)
    assert not result.ok and not [r for r in result.results if r["unique_id"].startswith("model.")]
    assert "intermediate.int_customer_golden_records has no build state" in " ".join(result.output.split())


def test_per_customer_models_follow_merges_and_splits_and_redo_only_the_customers_concerned(
        project: DbtProject, tmp_path: Path):
    """int_transactions_rolled_up_to_customer_days and int_customer_golden_records are
    incremental by customer_key: a run recomputes the customers int_customers_changed
    logs (members changed, new transactions, a record normalised again), and no other.
    Here C4, a record created before C1 with C1's email, arrives: C1's days move to
    customer C4 (C4 is the anchor) and customer C1 disappears; C2, untouched, is not
    logged nor recomputed (markers stay). Then C2's email changes: its golden record
    follows. Then C4 leaves again while the memberships are rebuilt alone
    (--full-refresh of that model): every customer is recomputed, and customer C4
    must still go. Then a business line changes industry and another is removed, and
    both come back: line activity (a table) follows. After each step the tables equal
    a full refresh."""
    world = small_world()
    # C1's usage, the latest: C2's usage lies before the usage table's event-time window
    world["usage_events"] = pd.concat([world["usage_events"], pd.DataFrame(
        {"customer_id": ["C1"], "business_line": ["stream"], "used_at": ["2026-06-01"]})], ignore_index=True)
    folder = write_raw_tables(tmp_path / "raw", world)
    project.run("build", vars={"raw_data_dir": str(folder)}, min_nodes=50)
    days = "intermediate.int_transactions_rolled_up_to_customer_days"
    golden = "intermediate.int_customer_golden_records"
    tables = {
        days: f"select * exclude (_loaded_at) from {days} order by customer_key, business_line, transaction_date",
        golden: f"select * exclude (_loaded_at) from {golden} order by customer_key",
        LINE_ACTIVITY: f"select * from {LINE_ACTIVITY} order by customer_key, business_line",
    }
    markers = {
        days: ("net_amount", 12345, "customer_key = 'C2' and business_line = 'card'"),
        golden: ("city", "MARKER", "customer_key = 'C2'"),
    }
    per_customer = ("int_customers_changed int_transactions_rolled_up_to_customer_days int_customer_golden_records "
                    "int_transactions_rolled_up_to_customer_lines int_usage_events_rolled_up_to_customer_lines "
                    "int_email_events_rolled_up_to_customers int_contracts_rolled_up_to_customer_lines "
                    "int_customer_line_activity")

    def read(table: str):
        column, _, where = markers[table]
        return project.query(f"select {column} from {table} where {where}").iloc[0, 0]

    def write(table: str, value) -> None:
        column, _, where = markers[table]
        with duckdb.connect(str(project.db_path)) as connection:
            connection.execute(f"update {table} set {column} = ? where {where}", [value])

    def same_as_a_full_refresh() -> dict[str, pd.DataFrame]:
        incremental = {table: project.query(sql) for table, sql in tables.items()}
        project.run("run", "--full-refresh", "--select", per_customer, vars={"raw_data_dir": str(folder)}, min_nodes=8)
        for table, sql in tables.items():
            pd.testing.assert_frame_equal(incremental[table], project.query(sql), obj=table)
        return incremental

    before = same_as_a_full_refresh()
    assert set(before[days]["customer_key"]) == {"C1", "C2"}
    assert set(before[golden]["customer_key"]) == {"C1", "C2", "C3"}
    originals = {table: read(table) for table in markers}
    for table, (_, marker, _) in markers.items():
        write(table, marker)

    # C4 arrives with C1's email, created earlier: customer C1 becomes customer C4
    customers = world["customers"]
    with_c4 = pd.concat([customers, customers.iloc[[0]].assign(customer_id="C4", first_name="Jean",
                                                               created_at="2022-01-01", updated_at="2022-01-01")],
                        ignore_index=True)
    write_raw_tables(folder, {"customers": with_c4})
    project.run("run", vars={"raw_data_dir": str(folder)}, min_nodes=30)
    keys = project.query("select customer_id, customer_key from marts.customer_identity_map order by 1")
    assert dict(keys.values.tolist())["C1"] == "C4"
    logged = project.query("select customer_key from intermediate.int_customers_changed "
                           "where _loaded_at = (select max(_loaded_at) from intermediate.int_customers_changed)")
    assert set(logged["customer_key"]) == {"C1", "C4"}
    for table, (_, marker, _) in markers.items():
        assert read(table) == marker, table  # C2 did not change: not recomputed
        write(table, originals[table])
    # line activity (a table) read the marker: rebuild it from the restored days
    project.run("run", "--select", "int_customer_line_activity", vars={"raw_data_dir": str(folder)})
    merged = same_as_a_full_refresh()
    assert set(merged[days]["customer_key"]) == {"C4", "C2"}
    assert merged[days].loc[merged[days]["customer_key"] == "C4", "net_amount"].sum() == before[days].loc[
        before[days]["customer_key"] == "C1", "net_amount"].sum()
    c4 = merged[golden].set_index("customer_key").loc["C4"]
    assert (c4["source_record_count"], c4["first_created_at"].year) == (2, 2022)
    ended = project.query("select customer_id, customer_key from intermediate.int_customer_memberships "
                          "where not is_member")
    assert ended.values.tolist() == [["C1", "C1"]]

    # C2's email changes: its record is normalised again, its golden record follows
    with_c4.loc[with_c4["customer_id"] == "C2", "email"] = "anne.martin@example.fr"
    write_raw_tables(folder, {"customers": with_c4})
    project.run("run", vars={"raw_data_dir": str(folder)}, min_nodes=30)
    changed = same_as_a_full_refresh()
    assert changed[golden].set_index("customer_key").loc["C2", "email"] == "anne.martin@example.fr"

    # C4 leaves; the memberships are rebuilt alone, so their history of C4 is lost
    write_raw_tables(folder, {"customers": customers})
    project.run("run", "--select", "+customer_identity_map", vars={"raw_data_dir": str(folder)}, min_nodes=5)
    project.run("run", "--full-refresh", "--select", "int_customer_memberships", vars={"raw_data_dir": str(folder)})
    project.run("run", "--select", per_customer, vars={"raw_data_dir": str(folder)}, min_nodes=7)
    logged = project.query("select customer_key from intermediate.int_customers_changed "
                           "where _loaded_at = (select max(_loaded_at) from intermediate.int_customers_changed)")
    assert logged["customer_key"].isna().any()  # every customer
    split = same_as_a_full_refresh()
    for table in tables:
        pd.testing.assert_frame_equal(split[table], before[table], obj=table)
    project.run("test", "--indirect-selection", "cautious", "--select", per_customer + " int_customer_memberships",
                vars={"raw_data_dir": str(folder)}, min_nodes=10)

    # business line card changes industry and stream is removed, then both come back:
    # line activity follows (the models below it keep every line, known or not)
    lines = world["business_lines"]
    changed_lines = lines[lines["business_line"] != "stream"].assign(
        industry=lambda frame: frame["industry"].where(frame["business_line"] != "card", "retail"))
    for business_lines in (changed_lines, lines):
        write_raw_tables(folder, {"business_lines": business_lines})
        project.run("run", vars={"raw_data_dir": str(folder)}, min_nodes=30)
        activity = same_as_a_full_refresh()[LINE_ACTIVITY]
        known = dict(zip(business_lines["business_line"], business_lines["industry"]))
        assert {line: known.get(line) for line in activity["business_line"]} == dict(
            zip(activity["business_line"], activity["industry"]))
        assert set(activity["business_line"]) == {"shop", "card", "lease", "stream"} & set(known)
    pd.testing.assert_frame_equal(activity, before[LINE_ACTIVITY])


def test_line_activity_follows_what_only_it_can_see(project: DbtProject, tmp_path: Path):
    """int_customer_line_activity (a table rebuilt on every run) follows the changes
    that leave the per-customer models below it untouched, each alone in its run: a transaction
    already loaded that the as-of date reaches (C2), a contract that ends between two
    as-of dates (C3, who has nothing else), a customer whose only transaction moves to
    another customer (C5: its days are deleted below), a business line that becomes
    known (C2's travel). The events arrive as deliveries (in the window mode a run
    re-reads each event table's last days, which would redo C2 anyway). After each run
    the table equals a full refresh of it and of the per-customer facts it reads."""
    world = small_world()
    world["customers"] = pd.concat([world["customers"], world["customers"].iloc[[1]].assign(
        customer_id="C5", first_name="Zoe", last_name="Leroy", email="zoe@example.org", phone="")], ignore_index=True)
    world["transactions"] = pd.concat([world["transactions"], pd.DataFrame({
        "transaction_id": ["T9", "T10", "T11"], "customer_id": ["C2", "C5", "C2"],
        "business_line": ["card", "shop", "travel"],
        "transaction_at": ["2026-06-20 10:00:00", "2025-02-01", "2025-03-01"],
        "amount": ["20", "15", "30"], "currency": ["EUR", "EUR", "EUR"], "channel": ["web", "web", "web"]})],
        ignore_index=True)
    world["contracts"] = pd.concat([world["contracts"], pd.DataFrame({
        "contract_id": ["K2"], "customer_id": ["C3"], "business_line": ["lease"],
        "started_at": ["2026-01-01"], "ends_at": ["2026-06-20"]})], ignore_index=True)
    events = ["transactions", "email_events", "usage_events"]
    folder = write_raw_tables(tmp_path / "raw", {name: frame for name, frame in world.items() if name not in events})
    for name in events:
        (folder / name).mkdir()
        world[name].to_csv(folder / name / "feed_0.csv", index=False)
    table = f"select * from {LINE_ACTIVITY} order by customer_key, business_line"

    def run_as_of(as_of: str) -> pd.DataFrame:
        run_vars = {"raw_data_dir": str(folder), "as_of_date": as_of}
        project.run("run", vars=run_vars, min_nodes=30)
        incremental = project.query(table)
        # a full refresh of line activity and of the per-customer facts it reads (and of
        # the log, so that the next run is incremental again)
        project.run("run", "--full-refresh", "--select", "int_customers_changed int_customer_line_activity "
                    "int_transactions_rolled_up_to_customer_days int_transactions_rolled_up_to_customer_lines "
                    "int_usage_events_rolled_up_to_customer_lines int_email_events_rolled_up_to_customers",
                    vars=run_vars, min_nodes=6)
        pd.testing.assert_frame_equal(incremental, project.query(table))
        return incremental.set_index(["customer_key", "business_line"])

    project.run("build", vars={"raw_data_dir": str(folder), "as_of_date": "2026-06-15"}, min_nodes=50)
    later = run_as_of("2026-06-25")
    assert later.loc[("C2", "card"), "transaction_count"] == 2  # T9 reached
    assert not later.loc[("C3", "lease"), "has_running_contract"]  # K2 ended
    assert ("C5", "shop") in later.index and ("C2", "travel") not in later.index

    pd.DataFrame({"transaction_id": ["T10"], "customer_id": ["C1"], "business_line": ["shop"],
                  "transaction_at": ["2025-02-02"], "amount": ["15"], "currency": ["EUR"], "channel": ["web"]}
                 ).to_csv(folder / "transactions" / "feed_1.csv", index=False)
    write_raw_tables(folder, {"business_lines": pd.concat([world["business_lines"], pd.DataFrame(
        {"business_line": ["travel"], "industry": ["retail"]})], ignore_index=True)})
    moved = run_as_of("2026-06-25")
    assert "C5" not in moved.index.get_level_values(0)  # its only transaction moved to C1
    assert moved.loc[("C2", "travel"), "transaction_count"] == 1  # the line became known

    back = run_as_of("2026-06-15")
    assert back.loc[("C2", "card"), "transaction_count"] == 1
    assert back.loc[("C3", "lease"), "has_running_contract"]


@pytest.mark.parametrize("email_layout", ["deliveries", "single_file"])
def test_as_of_models_follow_the_as_of_date_both_ways_and_redo_only_the_customers_concerned(
        project: DbtProject, tmp_path: Path, email_layout: str):
    """int_customer_email_status, int_email_events_rolled_up_to_customers,
    int_usage_events_rolled_up_to_customer_lines and int_customer_contactability are
    incremental by customer_key, and every build state keeps the as-of date the rows
    are valid for: moving the as-of date logs (int_customers_changed) and recomputes
    only the customers with events, or records created or updated, between the two
    dates (C1, C3 here), in either direction, deletes those left without any (C3
    before its first event), and leaves the others alone (C2, whose _loaded_at marker
    stays). After each run these tables, int_customer_line_activity and the
    contactability (C3's update proves its email from its date on) equal a full
    refresh. Run twice: with the event tables as folders of deliveries, and as single
    files (the window mode), where a run also redoes the customers of the previous
    run and of the rows in the event-time window: there only the equality with a full
    refresh is checked, not that C2 was left alone."""
    world = small_world()
    world["customers"].loc[world["customers"]["customer_id"] == "C3", "email"] = "paul@example.fr"
    # C3's record is updated on 2026-05-01: from that as-of date on, the update is the
    # proof of its email until its first event (2026-05-10); its consent is unknown, so
    # its score is 0 whatever the date
    world["customers"].loc[world["customers"]["customer_id"] == "C3", "updated_at"] = "2026-05-01"
    world["email_events"] = pd.DataFrame({
        "event_id": ["E0", "E1", "E2", "E3", "E4", "E5"], "customer_id": ["C1", "C1", "C1", "C1", "C2", "C3"],
        "event_type": ["delivered", "delivered", "bounced", "bounced", "delivered", "delivered"],
        "event_at": ["2026-03-01 09:00:00", "2026-05-01 09:00:00", "2026-06-10 09:00:00", "2026-06-20 09:00:00",
                     "2025-01-01 09:00:00", "2026-05-10 09:00:00"],
        "campaign_id": ["CMP0", "CMP1", "CMP2", "CMP3", "CMP0", "CMP1"],
    })
    world["usage_events"] = pd.concat([world["usage_events"], pd.DataFrame({
        "customer_id": ["C1", "C1", "C1"], "business_line": ["shop", "shop", "stream"],
        "used_at": ["2026-05-20", "2026-06-12", "2026-06-22"]})], ignore_index=True)
    events = ["transactions", "email_events", "usage_events"]
    if email_layout == "deliveries":
        folder = write_raw_tables(tmp_path / "raw", {name: frame for name, frame in world.items()
                                                     if name not in events})
        for name in events:
            (folder / name).mkdir()
            world[name].to_csv(folder / name / "feed_0.csv", index=False)
    else:
        folder = write_raw_tables(tmp_path / "raw", world)
    status = "intermediate.int_customer_email_status"
    tables = [f"select * exclude (_loaded_at) from {status} order by 1",
              "select * exclude (_loaded_at) from intermediate.int_email_events_rolled_up_to_customers order by 1",
              "select * exclude (_loaded_at) from intermediate.int_usage_events_rolled_up_to_customer_lines "
              "order by 1, 2",
              f"select * from {LINE_ACTIVITY} order by 1, 2",
              "select * from marts.customer_contactability order by customer_key, channel",
              "select * exclude (_loaded_at) from intermediate.int_customer_contactability "
              "order by customer_key, channel"]
    selected = ("int_customers_changed int_customer_email_status int_email_events_rolled_up_to_customers "
                "int_usage_events_rolled_up_to_customer_lines int_customer_line_activity "
                "int_customer_contactability customer_contactability")
    project.run("build", vars={"raw_data_dir": str(folder), "as_of_date": "2026-06-15"}, min_nodes=50)

    def bounces(customer_key: str) -> int | None:
        found = project.query(f"select bounces_since_last_delivery from {status} where customer_key = '{customer_key}'")
        return None if found.empty else int(found.iloc[0, 0])

    def run_as_of(as_of: str) -> None:
        project.run("run", "--select", selected, vars={"raw_data_dir": str(folder), "as_of_date": as_of}, min_nodes=6)
        marker = project.query(f"select _loaded_at from {status} where customer_key = 'C2'")
        if email_layout == "deliveries":  # C2: no event between the dates, not recomputed
            assert str(marker.iloc[0, 0]) == "1999-01-01 00:00:00"
        incremental = [project.query(sql) for sql in tables]
        # the as-of date every row is valid for: each model's build state
        state = project.query("select model_name, cast(as_of_date as varchar) as as_of_date "
                              "from main.attrition_build_state")
        assert set(state.loc[state["model_name"].isin(selected.split()), "as_of_date"]) == {as_of}
        project.run("run", "--full-refresh", "--select", selected,
                    vars={"raw_data_dir": str(folder), "as_of_date": as_of}, min_nodes=6)
        for frame, sql in zip(incremental, tables):
            pd.testing.assert_frame_equal(frame, project.query(sql), obj=sql)
        mark_c2()

    def mark_c2() -> None:
        # a column nothing downstream reads
        with duckdb.connect(str(project.db_path)) as connection:
            connection.execute(f"update {status} set _loaded_at = '1999-01-01' where customer_key = 'C2'")

    def proof(customer_key: str) -> str:
        found = project.query("select last_proof_date from marts.customer_contactability "
                              f"where customer_key = '{customer_key}' and channel = 'email'")
        return str(found.iloc[0, 0])[:10]

    def c1_usage_days() -> dict[str, int]:
        found = project.query("select business_line, usage_days "
                              "from intermediate.int_usage_events_rolled_up_to_customer_lines where customer_key = 'C1'")
        return dict(found.values.tolist())

    assert (bounces("C1"), bounces("C3"), c1_usage_days()) == (1, 0, {"shop": 2})
    mark_c2()
    run_as_of("2026-06-25")  # forward: the second bounce and the stream usage count
    assert (bounces("C1"), c1_usage_days()) == (2, {"shop": 2, "stream": 1})
    run_as_of("2026-05-15")  # back: no bounce, no usage yet
    assert (bounces("C1"), bounces("C3"), c1_usage_days()) == (0, 0, {})
    run_as_of("2026-04-01")  # before C3's only event: C3 has no email history any more
    assert (bounces("C1"), bounces("C3")) == (0, None)
    run_as_of("2026-04-30")
    assert proof("C3") == "2023-01-01"
    run_as_of("2026-05-01")  # C3's update now proves its email (the contactability redoes C3)
    assert proof("C3") == "2026-05-01"
    run_as_of("2026-06-30")
    assert (bounces("C1"), bounces("C3"), c1_usage_days()) == (2, 0, {"shop": 2, "stream": 1})


def test_an_incremental_model_rebuilt_alone_redoes_every_customer_below_it(project: DbtProject, world_dir: Path):
    """A golden record written again while no record was normalised again and no member
    changed (a --full-refresh of int_customer_golden_records alone, after a change of
    its code, here simulated by an email rewritten in place): the next run logs every
    customer (a row without customer_key), so the contactability follows it."""
    variables = {"raw_data_dir": str(world_dir)}
    project.run("build", vars=variables, min_nodes=50)
    contacts = ("select customer_key, contact_value from intermediate.int_customer_contactability "
                "where channel = 'email' order by 1")
    before = project.query(contacts).set_index("customer_key")
    project.run("run", "--full-refresh", "--select", "int_customer_golden_records", vars=variables)
    with duckdb.connect(str(project.db_path)) as connection:
        connection.execute("update intermediate.int_customer_golden_records "
                           "set email = 'anne.martin@example.fr' where customer_key = 'C2'")
    project.run("run", "--select", "int_customers_changed int_customer_email_status int_customer_contactability",
                vars=variables, min_nodes=3)
    logged = project.query("select customer_key from intermediate.int_customers_changed "
                           "where _loaded_at = (select max(_loaded_at) from intermediate.int_customers_changed)")
    assert logged["customer_key"].isna().any()
    after = project.query(contacts).set_index("customer_key")
    assert before.loc["C2", "contact_value"] == "a@example.fr"
    assert after.loc["C2", "contact_value"] == "anne.martin@example.fr"
    assert after.loc["C1", "contact_value"] == before.loc["C1", "contact_value"]


def test_rows_flagged_late_after_a_failed_flagging_reach_the_per_customer_models(
        project: DbtProject, tmp_path: Path):
    """A delivery re-sends bounce E2; the base model writes it, but its duplicate
    flagging (a post-hook after the commit) fails, and int_customer_email_status is run
    without the base model, reading E2 twice. The next full run flags the rows of the
    failed run and gives them its own _loaded_at, so the customer is logged again and
    the email state counts E2 once again, as a full refresh does."""
    world = small_world()
    world["email_events"] = pd.DataFrame({
        "event_id": ["E1", "E2"], "customer_id": ["C1", "C1"], "event_type": ["delivered", "bounced"],
        "event_at": ["2026-05-01 09:00:00", "2026-06-10 09:00:00"], "campaign_id": ["CMP1", "CMP2"],
    })
    folder = write_raw_tables(tmp_path / "raw", {name: frame for name, frame in world.items() if name != "email_events"})
    (folder / "email_events").mkdir()
    world["email_events"].to_csv(folder / "email_events" / "feed_0.csv", index=False)
    run_vars = {"raw_data_dir": str(folder)}
    project.run("build", vars=run_vars, min_nodes=50)
    status = "intermediate.int_customer_email_status"
    bounces = f"select bounces_since_last_delivery from {status} where customer_key = 'C1'"
    assert project.query(bounces).iloc[0, 0] == 1
    flagged_through = project.query(
        "select flagged_through from staging.base_raw__flag_duplicates_state "
        "where model_name = 'base_raw__email_events'").iloc[0, 0]

    world["email_events"].iloc[[1]].to_csv(folder / "email_events" / "feed_1.csv", index=False)
    project.run("run", "--select", "base_raw__email_events", vars=run_vars)
    with duckdb.connect(str(project.db_path)) as connection:  # as if the flagging had failed
        assert connection.execute("select count(*) from staging.base_raw__email_events "
                                  "where event_id = 'E2' and is_duplicate").fetchone()[0] == 1
        connection.execute("update staging.base_raw__email_events set is_duplicate = false where event_id = 'E2'")
        connection.execute("update staging.base_raw__flag_duplicates_state set flagged_through = ? "
                           "where model_name = 'base_raw__email_events'", [flagged_through])
    project.run("run", "--select", "int_customers_changed int_customer_email_status", vars=run_vars)
    assert project.query(bounces).iloc[0, 0] == 2  # E2 read twice

    project.run("run", vars=run_vars, min_nodes=30)
    assert project.query(bounces).iloc[0, 0] == 1
    table = f"select * exclude (_loaded_at) from {status} order by 1"
    incremental = project.query(table)
    project.run("run", "--full-refresh", "--select", "int_customer_email_status", vars=run_vars)
    pd.testing.assert_frame_equal(incremental, project.query(table))
