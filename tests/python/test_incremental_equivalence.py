"""Incremental runs give the same marts as a full rebuild.

The demo raw data is delivered in four nightly feeds. Between feeds there are late rows
(dated up to five days before the feed's last day, inside the default 7-day lookback),
re-sent transactions and email events (same id, a later time; some move to another day or
another customer record, which empties their old day), exact repeats, a customer record
that arrives after its transactions, customer records delivered again (a newer version
that takes another customer's email, an older version, a consent withdrawn), and rejects. One database is built from the first
feed and then incrementally, one `dbt build` per feed, as of each feed's last day; a
second is built from the last feed with --full-refresh. Every mart, the rejects and the
staging models must be equal row by row (only the load-time columns differ).

Both raw layouts are tested: single files that grow (each feed's file is the previous
one plus new rows: the incremental models re-read an event-time window), and folders of
deliveries (each feed adds one file per table with only its new rows, CSV or Parquet, in
any extension case: the incremental models read the new files only). The deliveries also carry a row 40 days late, which a
delivery counts whatever its age (the window mode only counts rows up to the lookback).
In the single files, the last feed also changes and deletes rows in place inside the
lookback (a single file or a warehouse table can): rows moved to another customer
record, business line or day, rows deleted, and the deleted latest version of a
transaction whose older version lies outside the window (the older one counts again).
Two of the single files carry a typed event time (TIMESTAMP, TIMESTAMP_NS), as a
warehouse exports it, and the last feed appends transactions without a usable time.
"""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from dbt_project_runner import PROJECT_DIR, DbtProject, write_raw_tables
from pandas_reference import RAW_COLUMNS, parse_timestamp

# the tests of the shared builds run on one worker (pytest -n 2 --dist loadgroup), so the
# module fixture `builds` is built once; the other tests go to any worker
SHARED_BUILDS = pytest.mark.xdist_group("incremental_equivalence_builds")

FEED_DAYS = [pd.Timestamp("2026-06-09"), pd.Timestamp("2026-06-16"), pd.Timestamp("2026-06-23"),
             pd.Timestamp("2026-06-30")]
FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y")
EVENT_TIME = {"transactions": "transaction_at", "email_events": "event_at", "usage_events": "used_at"}
# columns written by the run itself, not by the data
LOAD_COLUMNS = {"_loaded_at", "_source_loaded_at", "_changed_at", "_records_loaded_at", "_golden_loaded_at"}
# the incremental models below staging and the column each stamps its rows with when
# it (re)computes them (the invocation's time, or an upstream high-water mark at that time)
INCREMENTAL_STAMPS = {
    "intermediate.int_transactions_rolled_up_to_customer_days": "_loaded_at",
    "intermediate.int_transactions_rolled_up_to_customer_lines": "_loaded_at",
    "intermediate.int_usage_events_rolled_up_to_customer_lines": "_loaded_at",
    "intermediate.int_email_events_rolled_up_to_customers": "_loaded_at",
    "intermediate.int_customer_email_status": "_loaded_at",
    "intermediate.int_customer_contactability": "_loaded_at",
    "intermediate.int_customer_records_normalised": "_loaded_at",
    "intermediate.int_customer_record_links": "_records_loaded_at",
    "intermediate.int_customer_record_groups": "_records_loaded_at",
    "intermediate.int_customer_golden_records": "_loaded_at",
    "intermediate.int_customer_memberships": "_changed_at",
}
# rows an incremental build keeps by design and a full refresh does not have: the
# memberships that ended (int_customer_memberships keeps them for the models downstream)
COMPARED_ROWS = {"int_customer_memberships": "is_member"}


def read_demo() -> dict[str, pd.DataFrame]:
    tables = {}
    for name, columns in RAW_COLUMNS.items():
        frame = pd.read_csv(PROJECT_DIR / "seeds" / "demo" / f"raw_{name}.csv", dtype=str,
                            keep_default_na=False, na_values=[""])
        tables[name] = frame[columns].astype(object).where(frame[columns].notna(), None)
    return tables


def fmt(ts: pd.Timestamp) -> str:
    return ts.strftime("%Y-%m-%d %H:%M:%S")


def recently_delivered(when: pd.Series, arrival: np.ndarray, feed: int) -> np.ndarray:
    """Rows dated in the last six days before the previous feed's last day (inside the
    lookback) and delivered before `feed`: the rows a later feed sends again."""
    day = FEED_DAYS[feed - 1]
    recent = ((when > day - pd.Timedelta(days=6)) & (when <= day + pd.Timedelta(days=1))).to_numpy()
    return np.flatnonzero(recent & (arrival < feed))


def customer_movers(demo: dict[str, pd.DataFrame]) -> tuple[list[dict], list[tuple[dict, dict]]]:
    """Customer records (one row per id, with an email, with transactions) that later
    feeds deliver again: four movers, and two (joiner, other) pairs where the joiner
    takes the other's email, the first joiner with the smaller customer_id of its pair,
    the second with the larger."""
    cu = demo["customers"]
    single = cu[~cu["customer_id"].duplicated(keep=False) & cu["customer_id"].notna() & cu["email"].notna()]
    picked = single[single["customer_id"].isin(demo["transactions"]["customer_id"])].iloc[
        [10, 20, 30, 40, 50, 60, 70, 80]].to_dict("records")
    first = sorted(picked[4:6], key=lambda r: r["customer_id"])
    second = sorted(picked[6:8], key=lambda r: r["customer_id"])
    return picked[:4], [(first[0], first[1]), (second[1], second[0])]


def household_movers(demo: dict[str, pd.DataFrame]) -> tuple[dict, list[dict], dict]:
    """A family of three single-record customers at one address with one last name
    (first names with different initials: not one person's typos), the member created
    first (its household's anchor) who moves out, and another customer who moves in
    under the family's last name."""
    cu = demo["customers"]
    single = cu[~cu["customer_id"].duplicated(keep=False)].dropna(
        subset=["customer_id", "first_name", "last_name", "address_line", "postal_code"])
    initials = single["first_name"].map(
        lambda name: unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()[:1])
    families = single.assign(initial=initials).groupby(["address_line", "postal_code", "last_name"]).filter(
        lambda g: len(g) == 3 and g["initial"].nunique() == 3)
    first_address = sorted(families["address_line"] + "|" + families["postal_code"])[0]
    family = families[families["address_line"] + "|" + families["postal_code"] == first_address].copy()
    family["created"] = parse_timestamp(family["created_at"], FORMATS)
    family = family.sort_values(["created", "customer_id"]).drop(columns=["initial", "created"])
    members = family.to_dict("records")
    movers, joiners = customer_movers(demo)
    taken = {r["customer_id"] for r in movers} | {r["customer_id"] for pair in joiners for r in pair}
    outsiders = single[~single["address_line"].isin(family["address_line"]) & ~single["customer_id"].isin(taken)
                       & single["customer_id"].isin(demo["transactions"]["customer_id"])]
    return members[0], members[1:], outsiders.iloc[90].to_dict()


def deliveries(very_late_row: bool = False) -> list[dict[str, pd.DataFrame]]:
    """The raw tables after each of the four feeds (each one contains the previous)."""
    rng = np.random.default_rng(20261123)
    demo = read_demo()
    # which feed delivers each event row: the first feed whose last day is on or after
    # its date; ~5 % of the rows of a feed's last five days arrive one feed late
    arrival = {}
    for table, column in EVENT_TIME.items():
        frame = demo[table]
        when = parse_timestamp(frame[column], FORMATS)
        feed = np.zeros(len(frame), dtype=int)
        for i, day in enumerate(FEED_DAYS[1:], start=1):
            feed[(when > FEED_DAYS[i - 1] + pd.Timedelta(days=1)).to_numpy()] = i
        feed[(when.isna()).to_numpy()] = 0
        for i, day in enumerate(FEED_DAYS[:-1]):
            recent = ((when > day - pd.Timedelta(days=4)) & (when < day + pd.Timedelta(days=1))).to_numpy()
            late = recent & (rng.random(len(frame)) < 0.05)
            feed[late] = i + 1
        arrival[table] = feed

    # re-sent versions, delivered in feeds 1-3, of rows delivered earlier
    extra: dict[str, list[tuple[int, dict]]] = {"transactions": [], "email_events": [], "usage_events": []}
    tx = demo["transactions"]
    tx_when = parse_timestamp(tx["transaction_at"], FORMATS)
    customers = tx["customer_id"].dropna().unique()
    for i in range(1, 4):
        window = recently_delivered(tx_when, arrival["transactions"], i)
        picked = rng.choice(window, size=min(40, len(window)), replace=False)
        for j, row in enumerate(picked):
            version = tx.iloc[row].to_dict()
            when = tx_when.iloc[row]
            if j % 4 == 0:  # a later time the same day
                version["transaction_at"] = fmt(when.floor("D") + pd.Timedelta(hours=23, minutes=59))
            elif j % 4 == 1:  # corrected to the next day (its old day may be left empty)
                version["transaction_at"] = fmt(when + pd.Timedelta(days=1))
            elif j % 4 == 2:  # moved to another customer record, a corrected amount
                version["transaction_at"] = fmt(when + pd.Timedelta(hours=1))
                version["customer_id"] = customers[(row * 7919) % len(customers)]
                version["amount"] = "12,50"
            else:  # sent again unchanged (an exact repeat)
                pass
            extra["transactions"].append((i, version))
        # a re-sent version that is itself unusable: the older version stays
        bad = tx.iloc[picked[0]].to_dict()
        bad["amount"] = "n/a"
        bad["transaction_at"] = fmt(tx_when.iloc[picked[0]] + pd.Timedelta(hours=2))
        extra["transactions"].append((i, bad))

    ev = demo["email_events"]
    ev_when = parse_timestamp(ev["event_at"], FORMATS)
    for i in range(1, 4):
        window = recently_delivered(ev_when, arrival["email_events"], i)
        for j, row in enumerate(rng.choice(window, size=min(30, len(window)), replace=False)):
            version = ev.iloc[row].to_dict()
            version["event_at"] = fmt(ev_when.iloc[row] + pd.Timedelta(days=j % 2, hours=3))
            extra["email_events"].append((i, version))

    us = demo["usage_events"]
    us_when = parse_timestamp(us["used_at"], FORMATS)
    for i in range(1, 4):
        window = recently_delivered(us_when, arrival["usage_events"], i)
        for row in rng.choice(window, size=min(30, len(window)), replace=False):
            extra["usage_events"].append((i, us.iloc[row].to_dict()))  # exact repeats

    if very_late_row:
        # feed 3 delivers a transaction dated 40 days before its last day (beyond the lookback)
        version = tx.iloc[0].to_dict()  # T00000001, a plain purchase of a known customer
        version["transaction_id"] = "T-VERY-LATE"
        version["transaction_at"] = fmt(FEED_DAYS[3] - pd.Timedelta(days=40))
        version["amount"] = "99.00"
        version["currency"] = "EUR"
        extra["transactions"].append((3, version))

    # a customer record that arrives in feed 2, after its transactions (unknown until then)
    late_customer = tx.loc[arrival["transactions"] == 0, "customer_id"].dropna().iloc[0]
    customer_feed = np.where(demo["customers"]["customer_id"] == late_customer, 2, 0)
    assert (customer_feed == 2).sum() >= 1

    # customer records delivered again in later feeds (a folder of deliveries reads
    # only the new file and ranks it with the earlier versions of its ids): a newer
    # version taking another customer's email with its first name left blank (the email
    # rule links them: identity resolution merges them), then a newer one giving it an
    # address of its own (the link goes, the group splits), an older version (it must
    # not win), a newer version withdrawing email consent, and a row without id (a reject)
    # In the third feed two more records take another's email the same way, one with the
    # smaller customer_id of its pair, one with the larger (links of a changed record
    # are found on either side of the pair).
    movers, joiners = customer_movers(demo)
    leaver, stayers, newcomer = household_movers(demo)
    own_email = "nouvelle.adresse." + movers[1]["email"]
    customer_versions = [
        (1, dict(movers[0], email=movers[1]["email"], first_name=None,
                 updated_at=fmt(FEED_DAYS[1] - pd.Timedelta(hours=5)))),
        (2, dict(movers[0], email=own_email, updated_at=fmt(FEED_DAYS[2] - pd.Timedelta(hours=3)))),
        *[(2, dict(joiner, email=other["email"], first_name=None, updated_at=fmt(FEED_DAYS[2] - pd.Timedelta(hours=4))))
          for joiner, other in joiners],
        # another customer moves in with a family under its name, then the household's
        # anchor moves out (the others keep a household under a new key)
        (1, dict(newcomer, address_line=stayers[0]["address_line"], postal_code=stayers[0]["postal_code"],
                 city=stayers[0]["city"], country_code=stayers[0]["country_code"], last_name=stayers[0]["last_name"],
                 updated_at=fmt(FEED_DAYS[1] - pd.Timedelta(hours=7)))),
        (2, dict(leaver, address_line="1 impasse des Nouveaux Venus", updated_at=fmt(FEED_DAYS[2] - pd.Timedelta(hours=6)))),
        (3, dict(movers[2], city="Ville Ancienne", updated_at=fmt(pd.Timestamp("2001-01-01")))),
        (3, dict(movers[3], email_opt_in="non", updated_at=fmt(FEED_DAYS[3] - pd.Timedelta(hours=2)))),
        (2, dict(movers[3], customer_id=None, updated_at=fmt(FEED_DAYS[2]))),
    ]

    feeds = []
    for i in range(4):
        tables = {}
        for table, frame in demo.items():
            if table in EVENT_TIME:
                # append-only: the rows of feed 0, then those of feed 1, ... (each with its re-sends)
                parts = []
                for k in range(i + 1):
                    parts.append(frame[arrival[table] == k])
                    versions = [v for f, v in extra[table] if f == k]
                    if versions:
                        parts.append(pd.DataFrame(versions, columns=frame.columns))
                tables[table] = pd.concat(parts, ignore_index=True)
            elif table == "customers":
                arrived = [frame[customer_feed == 0]]
                for k in range(1, i + 1):
                    if k == 2:
                        arrived.append(frame[customer_feed == 2])
                    versions = [v for f, v in customer_versions if f == k]
                    if versions:
                        arrived.append(pd.DataFrame(versions, columns=frame.columns))
                tables[table] = pd.concat(arrived, ignore_index=True)
            else:
                tables[table] = frame
        feeds.append(tables)
    return feeds


def edit_in_place(feeds: list[dict[str, pd.DataFrame]]) -> dict[str, dict[str, int]]:
    """Single files only: the last feed changes and deletes, in place, rows delivered
    earlier and dated inside the last run's lookback (the last five days up to the
    previous feed's last day); and the third feed re-sends a transaction dated 20 days
    before its last day with a time inside that lookback, a version the last feed
    deletes again (the older version, outside the window, is then the latest), and an
    email event and a usage event, also deleted by the last feed, each the only one of
    its customer (no other row names that customer after the deletion).
    Returns what was edited, per table."""
    rng = np.random.default_rng(20261201)
    day = FEED_DAYS[2]
    edits = {}
    # the re-send of feed 2 (third feed) that feed 3 deletes
    tx2 = feeds[2]["transactions"]
    tx2_when = parse_timestamp(tx2["transaction_at"], FORMATS)
    unique_ids = ~tx2["transaction_id"].duplicated(keep=False) & tx2["transaction_id"].notna()
    old = tx2[unique_ids & (tx2_when < day - pd.Timedelta(days=20)).to_numpy()
              & tx2["amount"].str.match(r"^\d+([.,]\d+)?$").eq(True).to_numpy()].iloc[-1].to_dict()
    resent = dict(old, transaction_at=fmt(day - pd.Timedelta(days=2)), amount="777.00")
    # the demo's email events are campaigns, few of them in that lookback: the third
    # feed also delivers events of each type dated two days before its last day, one
    # of them (a bounce, deleted by the last feed) the only email event of its customer
    ev2 = feeds[2]["email_events"]
    known = ev2["customer_id"].dropna().unique()
    without_email = sorted(set(feeds[2]["customers"]["customer_id"].dropna())
                           - set(feeds[3]["email_events"]["customer_id"].dropna()))[0]
    types = ["delivered", "opened", "bounced", "unsubscribed", "complained", "clicked", "bounced", "delivered"]
    events = [dict(ev2.iloc[0].to_dict(), event_id=f"E-IN-PLACE-{k}", customer_id=known[(k * 104729) % len(known)],
                   event_type=kind, event_at=fmt(day - pd.Timedelta(days=2, hours=k)))
              for k, kind in enumerate(types)]
    events.append(dict(events[2], event_id="E-IN-PLACE-ALONE", customer_id=without_email))
    # and a usage event, deleted by the last feed, the only usage of its customer
    us2 = feeds[2]["usage_events"]
    without_usage = sorted(set(feeds[2]["customers"]["customer_id"].dropna())
                           - set(feeds[3]["usage_events"]["customer_id"].dropna()))[0]
    usage = [dict(us2.iloc[0].to_dict(), customer_id=without_usage, used_at=fmt(day - pd.Timedelta(days=2)))]
    added = {"transactions": [resent], "email_events": events, "usage_events": usage}
    for table, rows in added.items():
        position = len(feeds[2][table])  # after the rows of the third feed, in both files
        for i in (2, 3):
            frame = feeds[i][table]
            feeds[i][table] = pd.concat(
                [frame.iloc[:position], pd.DataFrame(rows), frame.iloc[position:]], ignore_index=True)
    deleted_resend = feeds[3]["transactions"].index[
        (feeds[3]["transactions"]["transaction_id"] == resent["transaction_id"])
        & (feeds[3]["transactions"]["amount"] == "777.00")]
    last = feeds[3]
    for table, column in EVENT_TIME.items():
        frame = last[table].copy()
        delivered = len(feeds[2][table]) - (1 if table == "transactions" else 0)  # not the re-send
        when = parse_timestamp(frame[column], FORMATS)
        unique_rows = ~frame.duplicated(keep=False)
        if table in ("transactions", "email_events"):
            unique_rows &= ~frame[frame.columns[0]].duplicated(keep=False)
        alone = {"email_events": frame[frame.columns[0]] == "E-IN-PLACE-ALONE",
                 "usage_events": frame["customer_id"] == without_usage}.get(table, frame.index < 0)
        alone = np.asarray(alone, dtype=bool)
        candidates = np.flatnonzero(
            ((when > day - pd.Timedelta(days=5)) & (when <= day)).to_numpy()
            & unique_rows.to_numpy() & frame["customer_id"].notna().to_numpy()
            & (np.arange(len(frame)) < delivered) & ~alone)
        picked = rng.choice(candidates, size=8, replace=False)
        others = frame["customer_id"].dropna().unique()
        for j, row in enumerate(picked[:5]):  # changed in place
            if j < 3 or table == "email_events":  # another customer record
                frame.loc[frame.index[row], "customer_id"] = others[(row * 7919) % len(others)]
            elif j == 3 and "business_line" in frame:  # another business line
                current = frame.loc[frame.index[row], "business_line"]
                frame.loc[frame.index[row], "business_line"] = next(
                    line for line in frame["business_line"].dropna().unique() if line != current)
            else:  # one day earlier
                frame.loc[frame.index[row], column] = fmt(when.iloc[row] - pd.Timedelta(days=1))
        drop = list(frame.index[picked[5:]])
        if table == "transactions":
            drop += list(deleted_resend)
        drop += list(frame.index[alone])
        last[table] = frame.drop(index=drop).reset_index(drop=True)
        edits[table] = {"changed": 5, "deleted": len(drop)}
    edits["resent_transaction_id"] = resent["transaction_id"]
    return edits


def compared_relations(db: Path) -> list[tuple[str, str, list[str]]]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("""
            select table_schema, table_name, list(column_name order by ordinal_position)
            from information_schema.columns
            where table_schema in ('marts', 'staging', 'intermediate')
            group by all order by all""").fetchall()
    return [(schema, name, [c for c in columns if c not in LOAD_COLUMNS]) for schema, name, columns in rows]


def differences(incremental: Path, full: Path) -> dict[str, tuple[int, int, int, int]]:
    """Per relation: (rows incremental, rows full, rows only in incremental, only in full).
    The staging views name their database, so each database is opened under its own
    name: the full build's relations are copied to a side file first."""
    relations = [r for r in compared_relations(full)
                 if not r[1].startswith("base_raw__") and r[1] != "int_customers_changed"]
    # (base tables hold every version read, with the file each came from; the log of
    # changed customers holds every run's)
    assert {r[1] for r in relations} <= {r[1] for r in compared_relations(incremental)}
    side = full.with_name("compared.duckdb")
    side.unlink(missing_ok=True)
    with duckdb.connect() as con:
        con.execute(f"attach '{full}' as attrition (read_only)")
        con.execute("use attrition")
        con.execute(f"attach '{side}' as side")
        for schema, name, columns in relations:
            cols = ", ".join(f'"{c}"' for c in columns)
            con.execute(f"create table side.{schema}__{name} as select {cols} from {schema}.{name} "
                        f"where {COMPARED_ROWS.get(name, 'true')}")
    found = {}
    with duckdb.connect() as con:
        con.execute(f"attach '{incremental}' as attrition (read_only)")
        con.execute("use attrition")
        con.execute(f"attach '{side}' as side (read_only)")
        for schema, name, columns in relations:
            cols = ", ".join(f'"{c}"' for c in columns)
            a = f"select {cols} from {schema}.{name} where {COMPARED_ROWS.get(name, 'true')}"
            b = f"select {cols} from side.{schema}__{name}"
            found[f"{schema}.{name}"] = con.execute(f"""
                select (select count(*) from ({a})), (select count(*) from ({b})),
                    (select count(*) from ({a} except all {b})), (select count(*) from ({b} except all {a}))
            """).fetchone()
    return found


# the file each feed is delivered as: formats and extension cases mixed in one folder
DELIVERY_FILES = ["feed_0.csv", "feed_1.parquet", "feed_2.CSV", "feed_3.csv"]


def write_delivery(rows: pd.DataFrame, path: Path) -> None:
    if path.suffix.lower() == ".parquet":
        with duckdb.connect() as connection:  # every column as text, as the CSV files
            connection.register("frame", rows.astype(object).where(rows.notna(), None))
            connection.execute(f"copy (select * from frame) to '{path}' (format parquet)")
    else:
        rows.to_csv(path, index=False)


def write_delivery_folders(root: Path, feeds: list[dict[str, pd.DataFrame]]) -> list[Path]:
    """One raw folder per feed in the deliveries layout: <table>/<DELIVERY_FILES[k]> for
    every feed k so far, each file holding only the rows that feed added (the same file
    names in every folder: a file already delivered is the same file), CSV and Parquet
    mixed."""
    folders = []
    for i in range(len(feeds)):
        folder = root / f"deliveries_{i}"
        for table in feeds[i]:
            (folder / table).mkdir(parents=True, exist_ok=True)
            for k in range(i + 1):
                rows = feeds[k][table].iloc[len(feeds[k - 1][table]) if k else 0:]
                if len(rows) or k == 0:
                    write_delivery(rows, folder / table / DELIVERY_FILES[k])
        folders.append(folder)
    return folders


def with_untimed_transactions(feeds: list[dict[str, pd.DataFrame]]) -> None:
    """Single files only: the last feed appends a transaction without a time and one
    dated in the year 999 (rejects, which every run reads whatever its window)."""
    template = feeds[0]["transactions"].dropna(subset=["customer_id"]).iloc[0].to_dict()
    untimed = pd.DataFrame([dict(template, transaction_id="T-NO-TIME", transaction_at=None),
                            dict(template, transaction_id="T-YEAR-999", transaction_at="0999-06-20 10:00:00")])
    feeds[-1]["transactions"] = pd.concat([feeds[-1]["transactions"], untimed], ignore_index=True)


# single files only: raw tables whose event time arrives typed, as a warehouse exports it
# (microseconds, or nanoseconds as pandas and pyarrow write them), and its type
TYPED_TIMES = {"transactions": ("transaction_at", "timestamp"), "usage_events": ("used_at", "timestamp_ns")}


def write_single_files(folder: Path, tables: dict[str, pd.DataFrame]) -> Path:
    """The raw tables as single files: CSV (text), but the tables of TYPED_TIMES as
    Parquet with a typed event time (the window is then also read on the raw column,
    skipping the row groups before it)."""
    write_raw_tables(folder, {name: frame for name, frame in tables.items() if name not in TYPED_TIMES})
    formats = ", ".join(f"'{f}'" for f in FORMATS)
    for name, (column, type_name) in TYPED_TIMES.items():
        with duckdb.connect() as connection:
            frame = tables[name]
            connection.register("frame", frame.astype(object).where(frame.notna(), None))
            connection.execute(f"""
                copy (
                    select * replace (cast(coalesce(
                        try_cast({column} as timestamp), try_strptime({column}, [{formats}])) as {type_name}) as {column})
                    from frame
                ) to '{folder / f"{name}.parquet"}' (format parquet, row_group_size 2048)""")
    return folder


@pytest.fixture(scope="module", params=["single_files", "deliveries"])
def builds(request, tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("incremental")
    layout = request.param
    feeds = deliveries(very_late_row=layout == "deliveries")
    edits = edit_in_place(feeds) if layout == "single_files" else None
    if layout == "deliveries":
        folders = write_delivery_folders(root, feeds)
    else:
        with_untimed_transactions(feeds)
        folders = [write_single_files(root / f"feed_{i}", tables) for i, tables in enumerate(feeds)]
    incremental = DbtProject(root / "incremental")
    runs = []
    current = root / "current"  # one raw_data_dir, as a nightly feed has (another one stops an incremental run)
    for i, folder in enumerate(folders):
        shutil.rmtree(current, ignore_errors=True)
        shutil.copytree(folder, current)
        # the data tests run on the first and the last build (`dbt run` between)
        args = ["build", "--full-refresh"] if i == 0 else ["build"] if i == len(folders) - 1 else ["run"]
        runs.append(incremental.run(*args, vars={"raw_data_dir": str(current), "as_of_date": FEED_DAYS[i].date()},
                                    min_nodes=30))
    full = DbtProject(root / "full")
    full.run("build", "--full-refresh", vars={"raw_data_dir": str(folders[-1]), "as_of_date": FEED_DAYS[-1].date()},
             min_nodes=50)
    return layout, feeds, incremental, full, runs, edits


@SHARED_BUILDS
def test_the_feeds_hold_what_the_test_claims(builds):
    layout, feeds, incremental, _, _, edits = builds
    last = feeds[-1]
    assert last["transactions"]["transaction_id"].duplicated().sum() >= 100  # re-sent and repeated
    assert last["usage_events"].duplicated().sum() >= 60
    pairs = list(zip(feeds, feeds[1:]))
    for k, (earlier, later) in enumerate(pairs):
        for table in EVENT_TIME:
            if edits and k == len(pairs) - 1:
                # edited in place: the rows of only one of the two feeds are the ones edited
                head = later[table].iloc[:len(earlier[table]) - edits[table]["deleted"]]
                only_one = pd.concat([earlier[table], head]).drop_duplicates(keep=False)
                assert len(only_one) == 2 * edits[table]["changed"] + edits[table]["deleted"], table
                continue
            head = later[table].iloc[:len(earlier[table])]  # append-only
            pd.testing.assert_frame_equal(head.reset_index(drop=True), earlier[table].reset_index(drop=True))
    if edits:
        # the older version of the deleted re-send is the latest again, and outside the
        # last run's window: only the in-place deletion can bring it back
        versions = incremental.query(f"""
            select transaction_at, amount, is_duplicate from staging.base_raw__transactions
            where transaction_id = '{edits["resent_transaction_id"]}'""")
        assert len(versions) == 1 and not versions["is_duplicate"][0] and versions["amount"][0] != 777
    # a record took another's email in the second feed and an address of its own in the
    # third: the email link between them is gone
    moved = incremental.query("""
        select customer_id from intermediate.int_customer_records_normalised
        where email_address like 'nouvelle.adresse.%'""")
    assert len(moved) == 1
    email_links = incremental.query(f"""
        select count(*) as n from intermediate.int_customer_record_links
        where match_rule = 'email' and '{moved["customer_id"][0]}' in (customer_id_a, customer_id_b)""")
    assert email_links["n"][0] == 0
    # and two other records took another's email in the third feed: linked
    for joiner, other in customer_movers(read_demo())[1]:
        pair = sorted([joiner["customer_id"], other["customer_id"]])
        linked = incremental.query(f"""
            select match_rule from intermediate.int_customer_record_links
            where customer_id_a = '{pair[0]}' and customer_id_b = '{pair[1]}'""")
        assert list(linked["match_rule"]) == ["email"], pair
    # a household's anchor moved out, another customer moved in
    leaver, stayers, newcomer = household_movers(read_demo())
    ids = [leaver["customer_id"], newcomer["customer_id"], *[s["customer_id"] for s in stayers]]
    households = incremental.query(f"""
        select identity_map.customer_id, households.household_key
        from marts.customer_identity_map as identity_map
        inner join intermediate.int_customer_households as households
            on identity_map.customer_key = households.customer_key
        where identity_map.customer_id in ({", ".join(f"'{i}'" for i in ids)})""").set_index("customer_id")["household_key"]
    family = {households[s["customer_id"]] for s in stayers}
    assert len(family) == 1 and households[newcomer["customer_id"]] in family
    assert households[leaver["customer_id"]] not in family
    assert leaver["customer_id"] not in family  # the household's key moved on
    # a customer record arrives in the third feed, after its transactions: unknown before
    late = set(last["customers"]["customer_id"].dropna()) - set(feeds[1]["customers"]["customer_id"])
    assert len(late) == 1 and late <= set(feeds[0]["transactions"]["customer_id"])
    staged = incremental.query(f"select count(*) as n from staging.stg_raw__transactions where customer_id = '{late.pop()}'")
    assert staged["n"][0] > 0


@SHARED_BUILDS
def test_incremental_runs_really_were_incremental(builds):
    layout, feeds, incremental, _, runs, _ = builds
    for run in runs[1:]:
        models = {r["unique_id"].split(".")[-1]: r for r in run.results}
        assert "base_raw__transactions" in models
    # rows outside the last window were written by the first build and never rewritten
    loads = incremental.query("select count(distinct _loaded_at) as n from staging.base_raw__transactions")["n"][0]
    assert loads == 4
    first_load_rows = incremental.query("""
        select count(*) as n from staging.base_raw__transactions
        where _loaded_at = (select min(_loaded_at) from staging.base_raw__transactions)""")["n"][0]
    assert first_load_rows > 40000
    # every incremental model below staging kept rows an earlier run wrote (it was not
    # rebuilt whole) and wrote rows in the last run (it did redo something): the column
    # each one stamps its rows with when it (re)computes them
    # In the single files the last feed changes and deletes rows in place: that run
    # recomputes every customer (a row null in the log of changed customers), so the
    # per-customer models are checked on the log instead: the runs before it logged some
    # customers, not all.
    log = incremental.query("""
        select _loaded_at, count(*) as logged, count(customer_key) as keyed
        from intermediate.int_customers_changed group by _loaded_at order by _loaded_at""")
    customers = incremental.query("select count(distinct customer_key) as n from marts.customers")["n"][0]
    assert (log["logged"] > log["keyed"]).tolist() == [True] + [False] * 2 + [layout == "single_files"], log
    assert ((log["keyed"] > 0) & (log["keyed"] < customers / 2)).tolist()[1:3] == [True, True], log
    kept_and_redone = {}
    for name, stamp in INCREMENTAL_STAMPS.items():
        if layout == "single_files" and stamp == "_loaded_at" and not name.endswith("records_normalised"):
            continue
        kept_and_redone[name] = tuple(incremental.query(f"""
            select count(*) filter (where {stamp} < (select max({stamp}) from {name})),
                count(*) filter (where {stamp} = (select max({stamp}) from {name}))
            from {name}""").iloc[0])
    assert all(kept > 0 and redone > 0 for kept, redone in kept_and_redone.values()), kept_and_redone
    if layout == "single_files":
        # transaction_at and used_at arrive typed: the last run also wrote the window on
        # the raw column (skipping the row groups before it), and still read the two
        # rejects without a usable time that the last feed appended
        last_run = {r["unique_id"].split(".")[-1]: r for r in runs[-1].results}
        for model, column in (("base_raw__transactions", "raw_transaction_at"), ("base_raw__usage_events", "raw_used_at")):
            assert f"{column} >= greatest(" in last_run[model]["compiled_code"], model
        rejects = incremental.query("""
            select source_key, reject_reason from marts.rejected_rows
            where source_key in ('T-NO-TIME', 'T-YEAR-999') order by source_key""")
        assert rejects.values.tolist() == [["T-NO-TIME", "missing_transaction_at"],
                                           ["T-YEAR-999", "unparseable_transaction_at"]]
    if layout == "deliveries":
        # the last run read only the last feed's files, and rewrote only the earlier
        # versions of the transactions those files hold
        written = incremental.query("""
            select _raw_file, count(*) as n,
                count(*) filter (where transaction_id not in (
                    select transaction_id from staging.base_raw__transactions
                    where _raw_file = 'feed_3.csv' and transaction_id is not null)) as unrelated
            from staging.base_raw__transactions
            where _loaded_at = (select max(_loaded_at) from staging.base_raw__transactions)
            group by _raw_file""").set_index("_raw_file")
        assert written.loc["feed_3.csv", "n"] == len(feeds[3]["transactions"]) - len(feeds[2]["transactions"])
        assert written["unrelated"].drop("feed_3.csv").sum() == 0
        assert written["n"].drop("feed_3.csv").sum() > 0  # re-sent ids: their older versions re-ranked
        # the same for the customer records; and only the records written by the last
        # run are normalised again (the one with a changed consent; the older version
        # changes nothing)
        customers = incremental.query("""
            select _raw_file, customer_id, is_duplicate, _loaded_at = (
                select max(_loaded_at) from staging.base_raw__customers) as last_run
            from staging.base_raw__customers""")
        last_file = set(customers.loc[customers["_raw_file"] == "feed_3.csv", "customer_id"])
        assert len(last_file) == 2
        rewritten = customers[customers["last_run"]]
        assert set(rewritten["customer_id"]) == last_file
        assert len(rewritten) == 4 and rewritten["is_duplicate"].sum() == 2
        normalised = incremental.query("""
            select customer_id from intermediate.int_customer_records_normalised
            where _loaded_at = (select max(_loaded_at) from intermediate.int_customer_records_normalised)""")
        assert len(normalised) == 1 and normalised["customer_id"][0] in last_file


@SHARED_BUILDS
def test_a_very_late_delivery_is_counted(builds):
    layout, _, incremental, full, _, _ = builds
    if layout != "deliveries":
        pytest.skip("the window mode counts late rows up to the lookback only (var incremental_lookback_days)")
    for project in (incremental, full):
        staged = project.query("select count(*) as n from staging.stg_raw__transactions where transaction_id = 'T-VERY-LATE'")
        assert staged["n"][0] == 1


@SHARED_BUILDS
def test_every_mart_equals_the_full_refresh(builds):
    _, _, incremental, full, _, _ = builds
    found = differences(incremental.db_path, full.db_path)
    marts = [name for name in found if name.startswith("marts.")]
    assert len(marts) >= 9
    for name in ("marts.customer_rfm", "marts.customer_pmg", "marts.customer_lifecycle",
                 "marts.rejected_rows", "intermediate.int_customer_golden_records",
                 "intermediate.int_transactions_rolled_up_to_customer_days", "intermediate.int_customer_memberships"):
        assert found[name][0] > 0, name
    unequal = {name: counts for name, counts in found.items() if counts[2] or counts[3] or counts[0] != counts[1]}
    assert not unequal, f"(incremental rows, full rows, only incremental, only full): {unequal}"


def test_a_changed_link_var_regroups_every_record(tmp_path):
    """A lower first-name similarity links records that no run normalises again: the
    links are redone (their fingerprint holds the var), and so must the groups and
    everything below them, even when a selection ran the groups alone first (they then
    regroup over the old links, and must do it again once the links change). An
    incremental build after the change equals a full refresh with it, relation by
    relation."""
    looser = {"identity_first_name_min_similarity": 0.6}
    incremental = DbtProject(tmp_path / "incremental")
    incremental.run("build", "--full-refresh", min_nodes=50)
    links_before = incremental.query("select count(*) as n from intermediate.int_customer_record_links")["n"][0]
    # `dbt run`: the demo's identity tests are written for the default similarity
    incremental.run("run", "--select", "int_customer_record_groups", vars=looser)
    incremental.run("run", vars=looser, min_nodes=30)
    links_after = incremental.query("select count(*) as n from intermediate.int_customer_record_links")["n"][0]
    assert links_after > links_before  # the var changed the links (the test means something)
    full = DbtProject(tmp_path / "full")
    full.run("seed", min_nodes=5)
    full.run("run", "--full-refresh", vars=looser, min_nodes=30)
    found = differences(incremental.db_path, full.db_path)
    for name in ("intermediate.int_customer_record_links", "intermediate.int_customer_record_groups",
                 "intermediate.int_customer_households", "marts.customer_identity_map", "marts.customers"):
        assert found[name][0] > 0, name
    unequal = {name: counts for name, counts in found.items() if counts[2] or counts[3] or counts[0] != counts[1]}
    assert not unequal, f"(incremental rows, full rows, only incremental, only full): {unequal}"


def test_contactability_vars_are_applied_on_read_and_stored_nowhere(demo_project: DbtProject, tmp_path):
    """A hard bounce from the first bounce changes the status of customers none of whose
    inputs changed. No stored table depends on the var: rebuilding the view
    customer_contactability alone applies it, and int_customer_contactability (the
    stored rows) is the same whatever the var, so an incremental run under the new var
    equals a full refresh with it."""
    changed = {"email_hard_bounce_count": 1}
    scores = ("select customer_key, channel, contactability_score, contactability_status "
              "from marts.customer_contactability order by customer_key, channel")
    stored = "select * exclude (_loaded_at) from intermediate.int_customer_contactability order by 1, 2"
    project = DbtProject(tmp_path)
    shutil.copyfile(demo_project.db_path, project.db_path)
    before, stored_before = project.query(scores), project.query(stored)
    project.run("run", "--select", "customer_contactability", vars=changed)
    after = project.query(scores)
    assert len(before) == len(after)
    changed_rows = (before != after).any(axis=1).sum()
    assert changed_rows >= 10, changed_rows  # the var changed the rows (the test means something)
    assert set(after.loc[(before != after).any(axis=1), "contactability_status"]) == {"hard_bounced"}
    project.run("run", "--full-refresh", "--select", "int_customer_contactability", vars=changed)
    pd.testing.assert_frame_equal(project.query(stored), stored_before)
    pd.testing.assert_frame_equal(project.query(scores), after)


def test_removed_records_and_a_new_anchor_equal_a_full_refresh(tmp_path):
    """Customer records removed from a customers file (records with links: their
    pairs must go, and a group they bridged may split), and records whose created_at
    moves before their group's anchor (the customer_key changes to theirs): an
    incremental run equals a full refresh, relation by relation."""
    demo = read_demo()
    incremental = DbtProject(tmp_path / "incremental")
    incremental.run("build", "--full-refresh", vars={"raw_data_dir": str(write_raw_tables(tmp_path / "raw", demo))},
                    min_nodes=50)
    linked = incremental.query("""
        select distinct customer_id_b as customer_id from intermediate.int_customer_record_links
        order by customer_id limit 15""")["customer_id"].tolist()
    members = incremental.query(f"""
        select customer_id from marts.customer_identity_map
        where not is_anchor_record and customer_id not in ({", ".join(f"'{i}'" for i in linked)})
        order by customer_id limit 5""")["customer_id"].tolist()
    assert len(linked) == 15 and len(members) == 5
    customers = demo["customers"]
    customers = customers[~customers["customer_id"].isin(linked)].copy()
    customers.loc[customers["customer_id"].isin(members), "created_at"] = "2001-01-01 08:00:00"
    changed = {**demo, "customers": customers}
    folder = write_raw_tables(tmp_path / "raw", changed)  # the same folder, changed
    # `dbt run`: transactions of removed records become rejects, which some data tests flag
    incremental.run("run", vars={"raw_data_dir": str(folder)}, min_nodes=30)
    new_keys = incremental.query(f"""
        select count(*) as n from marts.customer_identity_map
        where customer_key in ({", ".join(f"'{i}'" for i in members)})""")["n"][0]
    assert new_keys > len(members)  # their groups now carry their keys
    full = DbtProject(tmp_path / "full")
    full.run("seed", min_nodes=5)
    full.run("run", "--full-refresh", vars={"raw_data_dir": str(folder)}, min_nodes=30)
    found = differences(incremental.db_path, full.db_path)
    unequal = {name: counts for name, counts in found.items() if counts[2] or counts[3] or counts[0] != counts[1]}
    assert not unequal, f"(incremental rows, full rows, only incremental, only full): {unequal}"


def test_without_incremental_models_a_run_rebuilds_everything_and_equals_a_full_refresh(tmp_path):
    """var incremental_models: false, the fallback for engines that cannot delete rows
    (macros/incremental/incremental_materialization.sql): every incremental model is a
    plain table, so a run after later feeds (no --full-refresh) rebuilds it whole, and
    equals a default --full-refresh build of the same data, relation by relation (the
    columns written at load time aside, as in the other comparisons)."""
    feeds = deliveries()
    first, last = (write_raw_tables(tmp_path / f"feed_{i}", feeds[i]) for i in (0, len(feeds) - 1))
    off = {"incremental_models": False}
    plain = DbtProject(tmp_path / "plain")
    plain.run("build", vars={"raw_data_dir": str(first), "as_of_date": FEED_DAYS[0].date(), **off}, min_nodes=50)
    plain.run("build", vars={"raw_data_dir": str(last), "as_of_date": FEED_DAYS[-1].date(), **off}, min_nodes=50)
    manifest = plain.artifact("manifest.json")
    switched = sorted(path.stem for path in (PROJECT_DIR / "models").rglob("*.sql")
                      if "incremental_materialization()" in path.read_text())
    assert len(switched) >= 15
    materialized = {node["name"]: node["config"]["materialized"] for node in manifest["nodes"].values()
                    if node["resource_type"] == "model"}
    assert {name: materialized[name] for name in switched} == dict.fromkeys(switched, "table")
    assert "incremental" not in materialized.values()
    # rebuilt whole by the last run: one load time per table
    for name in ("intermediate.int_transactions_rolled_up_to_customer_days", "intermediate.int_customer_golden_records"):
        stamp = INCREMENTAL_STAMPS[name]
        assert plain.query(f"select count(distinct {stamp}) as n from {name}")["n"][0] == 1, name
    full = DbtProject(tmp_path / "full")
    full.run("build", "--full-refresh", vars={"raw_data_dir": str(last), "as_of_date": FEED_DAYS[-1].date()},
             min_nodes=50)
    found = differences(plain.db_path, full.db_path)
    for name in ("marts.customer_rfm", "marts.customers", "marts.rejected_rows",
                 "intermediate.int_customer_line_activity"):
        assert found[name][0] > 0, name
    unequal = {name: counts for name, counts in found.items() if counts[2] or counts[3] or counts[0] != counts[1]}
    assert not unequal, f"(plain tables rows, full rows, only plain, only full): {unequal}"
