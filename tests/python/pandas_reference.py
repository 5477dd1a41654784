"""An independent pandas implementation of the project's rules, from raw text tables to
the three marts (customer_rfm, customer_pmg, customer_lifecycle).

Written from the business rules (README, DECISIONLOG, docs blocks), not translated from
the SQL, so that comparing it with what dbt built checks the SQL. Money is kept in
integer cents, so sums and share cut-offs are exact. Vectorised pandas only.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from raw_contract import RAW_CONTRACT

RAW_COLUMNS = RAW_CONTRACT  # the contract of models/staging/raw/_raw__sources.yml
EMAIL_EVENT_TYPES = {"sent", "delivered", "opened", "clicked", "bounced", "unsubscribed", "complained"}
DEFAULT_RULES = {
    "retail": (243, 730),
    "credit_card": (182, 547),
    "subscription": (60, 365),
    "auto_lease": (365, 1095),
}


@dataclass
class Settings:
    """The project's vars, with the same defaults."""

    as_of_date: dt.date = dt.date(2026, 6, 30)
    accepted_currencies: tuple[str, ...] = ("EUR",)
    timestamp_formats: tuple[str, ...] = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d/%m/%y %H:%M:%S",
                                          "%d/%m/%y %H:%M", "%d/%m/%y")
    max_transaction_amount: int = 1_000_000_000
    rfm_score_bins: int = 5
    rfm_window_days: int | None = None
    rfm_scoring_method: str = "quantile"
    pmg_gros_share: str = "0.5"  # decimal strings: compared exactly
    pmg_moyen_share: str = "0.8"
    pmg_window_days: int | None = None
    new_customer_days: int = 90
    reactivation_window_days: int = 90
    lifecycle_rules: dict[str, tuple[int, int]] = field(default_factory=lambda: dict(DEFAULT_RULES))

    def dbt_vars(self) -> dict:
        return {
            "as_of_date": self.as_of_date.isoformat(),
            "rfm_window_days": self.rfm_window_days,
            "rfm_scoring_method": self.rfm_scoring_method,
            "pmg_gros_share": float(self.pmg_gros_share),
            "pmg_moyen_share": float(self.pmg_moyen_share),
            "pmg_window_days": self.pmg_window_days,
            "lifecycle_rules": {k: {"dormant_after_days": d, "lost_after_days": lost}
                                for k, (d, lost) in self.lifecycle_rules.items()},
        }


# ------------------------------------------------------------------ raw input ----

def read_raw_folder(folder: Path, prefix: str = "") -> dict[str, pd.DataFrame]:
    """Read <prefix><table>.csv as text; empty fields are null."""
    tables = {}
    for name, columns in RAW_COLUMNS.items():
        frame = pd.read_csv(folder / f"{prefix}{name}.csv", dtype=str, keep_default_na=False, na_values=[""])
        tables[name] = frame[columns].astype(object).where(frame[columns].notna(), None)
    return tables


def text(series: pd.Series) -> pd.Series:
    """Trimmed text, empty as null."""
    cleaned = series.astype("string").str.strip()
    return cleaned.mask(cleaned == "")


def raw_json(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """The raw row as compact JSON (the dbt project's deterministic tie-breaker)."""
    records = frame[columns].astype(object).where(frame[columns].notna(), None).to_dict("records")
    return pd.Series([json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records],
                     index=frame.index, dtype=object)


_OFFSET = r"^\d{4}-\d{1,2}-\d{1,2}[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*[+-]\d{2}(?::?\d{2})?$"


def parse_timestamp(series: pd.Series, formats: tuple[str, ...]) -> pd.Series:
    """ISO 8601 (an explicit offset converted to UTC, none beyond 14 hours; a trailing Z
    dropped), then the strptime formats; NaT when nothing parses."""
    values = text(series)
    result = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    has_offset = values.str.contains(_OFFSET, regex=True, na=False)
    if has_offset.any():
        aware = pd.to_datetime(values[has_offset], format="ISO8601", utc=True, errors="coerce")
        # an offset beyond 14 hours does not parse (pandas would accept it)
        hours = values[has_offset].str.extract(r"[+-](\d{2}):?\d{0,2}$", expand=False).astype(int)
        result[has_offset] = aware.dt.tz_convert(None).astype("datetime64[ns]").where(hours <= 14)
    naive = ~has_offset & values.notna()
    if naive.any():
        stripped = values[naive].str.replace(r"Z$", "", regex=True)
        iso_shaped = stripped.str.match(r"^\d{4}-\d{1,2}-\d{1,2}([T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?$", na=False)
        parsed = pd.to_datetime(stripped.where(iso_shaped), format="ISO8601", errors="coerce")
        for fmt in formats:
            parsed = parsed.fillna(pd.to_datetime(stripped, format=fmt, errors="coerce"))
        result[naive] = parsed.astype("datetime64[ns]")
    return result


def parse_amount(series: pd.Series) -> pd.Series:
    """Amount as an exact Decimal; None when not a number. Spaces, non-breaking and narrow
    non-breaking spaces removed, a lone decimal comma read as a point."""
    values = text(series)
    for space in (" ", "\u00a0", "\u202f"):
        values = values.str.replace(space, "", regex=False)
    decimal_comma = values.str.contains(",", regex=False, na=False) & ~values.str.contains(".", regex=False, na=False)
    values = values.mask(decimal_comma, values.str.replace(",", ".", regex=False))
    numeric_shape = values.str.match(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$", na=False)
    return values.where(numeric_shape).map(lambda v: Decimal(v) if isinstance(v, str) else None)


def amount_reason(amounts: pd.Series, max_amount: Decimal) -> tuple[pd.Series, pd.Series]:
    """(more than two decimals, at or beyond the maximum) for parsed amounts."""
    parsed = amounts.notna()
    decimals = amounts.map(lambda d: d is not None and abs(d) < Decimal(10) ** 15
                           and d != d.quantize(Decimal("0.01"))).astype(bool)
    too_big = amounts.map(lambda d: d is not None and abs(d) >= max_amount).astype(bool)
    return parsed & decimals, parsed & too_big


def parse_cents(series: pd.Series) -> pd.Series:
    """Amount in integer cents; NA when not a number, with more than two decimals or
    out of range."""
    amounts = parse_amount(series)
    decimals, too_big = amount_reason(amounts, Decimal(Settings.max_transaction_amount))
    cents = amounts.map(lambda d: int(d * 100) if d is not None else None)
    return cents.where(~(decimals | too_big)).astype("Int64")


def first_reason(checks: list[tuple[pd.Series, str]], index: pd.Index) -> pd.Series:
    """The first failing check's reason per row (None when every check passes)."""
    conditions = [c.fillna(False).astype(bool).to_numpy() for c, _ in checks]
    reasons = np.select(conditions, [r for _, r in checks], default="")
    return pd.Series(reasons, index=index).replace("", None)


def keep_first(frame: pd.DataFrame, keys: list[str], order: list[tuple[str, bool, str]]) -> pd.DataFrame:
    """One row per key: sort by (column, ascending, na_position) pairs, keep the first."""
    ordered = frame
    for column, ascending, na_position in reversed(order):
        ordered = ordered.sort_values(column, ascending=ascending, na_position=na_position, kind="stable")
    return ordered.drop_duplicates(keys, keep="first")


# -------------------------------------------------------------------- staging ----

@dataclass
class Staged:
    customers: pd.DataFrame
    business_lines: pd.DataFrame
    transactions: pd.DataFrame
    email_events: pd.DataFrame
    usage_events: pd.DataFrame
    contracts: pd.DataFrame
    rejects: pd.DataFrame


def stage(raw: dict[str, pd.DataFrame], settings: Settings) -> Staged:
    formats = settings.timestamp_formats
    rejects = []

    # customers: usable when they have an id; the latest updated_at wins
    c = raw["customers"].copy()
    c["customer_id"] = text(c["customer_id"])
    c["updated_at_ts"] = parse_timestamp(c["updated_at"], formats)
    c["created_at_ts"] = parse_timestamp(c["created_at"], formats)
    c["raw_record"] = raw_json(raw["customers"], RAW_COLUMNS["customers"])
    c["reject_reason"] = first_reason([(c["customer_id"].isna(), "missing_customer_id")], c.index)
    rejects.append(c.loc[c["reject_reason"].notna(), ["reject_reason"]].assign(source_table="customers"))
    usable = c[c["reject_reason"].isna()]
    customers = keep_first(usable, ["customer_id"], [("updated_at_ts", False, "last"),
                                                     ("created_at_ts", False, "last"), ("raw_record", True, "last")])
    known_customers = set(customers["customer_id"])

    # business lines: both fields needed; a line with two industries is unusable
    b = raw["business_lines"].copy()
    b["business_line"] = text(b["business_line"]).str.lower()
    b["industry"] = text(b["industry"]).str.lower()
    industries = b.dropna(subset=["business_line", "industry"]).groupby("business_line")["industry"].nunique()
    conflicting = b["business_line"].map(industries).fillna(0) > 1
    b["reject_reason"] = first_reason([(b["business_line"].isna(), "missing_business_line"),
                                       (b["industry"].isna(), "missing_industry"),
                                       (conflicting, "conflicting_industry")], b.index)
    rejects.append(b.loc[b["reject_reason"].notna(), ["reject_reason"]].assign(source_table="business_lines"))
    business_lines = b[b["reject_reason"].isna()].drop_duplicates("business_line")[["business_line", "industry"]]
    known_lines = set(business_lines["business_line"])

    def known_references(latest: pd.DataFrame, table: str, customer_column: str = "customer_id",
                         line_column: str | None = "business_line") -> pd.DataFrame:
        """The latest versions whose customer (and line) are known; the others are rejects."""
        checks = [(~latest[customer_column].isin(known_customers), "unknown_customer")]
        if line_column:
            checks.append((~latest[line_column].isin(known_lines), "unknown_business_line"))
        latest = latest.assign(reject_reason=first_reason(checks, latest.index))
        rejects.append(latest.loc[latest["reject_reason"].notna(), ["reject_reason"]].assign(source_table=table))
        return latest[latest["reject_reason"].isna()]

    # transactions: row-level checks, then the latest version per transaction_id, then
    # its customer and business line must be known (losers of a rejected winner are
    # duplicates)
    t = raw["transactions"].copy()
    for column in ["transaction_id", "customer_id", "transaction_at", "amount", "currency"]:
        t[column + "_text"] = text(t[column])
    t["business_line"] = text(t["business_line"]).str.lower()
    t["channel_text"] = text(t["channel"]).str.lower()
    t["currency"] = t["currency_text"].str.upper()
    t["ts"] = parse_timestamp(t["transaction_at"], formats)
    t["parsed_amount"] = parse_amount(t["amount"])
    t["too_many_decimals"], t["out_of_range"] = amount_reason(t["parsed_amount"], Decimal(settings.max_transaction_amount))
    t["cents"] = parse_cents(t["amount"])
    t["reject_reason"] = first_reason([
        (t["transaction_id_text"].isna(), "missing_transaction_id"),
        (t["customer_id_text"].isna(), "missing_customer_id"),
        (t["business_line"].isna(), "missing_business_line"),
        (t["transaction_at_text"].isna(), "missing_transaction_at"),
        (t["ts"].isna(), "unparseable_transaction_at"),
        (t["amount_text"].isna(), "missing_amount"),
        (t["parsed_amount"].isna(), "non_numeric_amount"),
        (t["too_many_decimals"], "amount_with_more_than_two_decimals"),
        (t["out_of_range"], "amount_out_of_range"),
        (t["currency"].isna(), "missing_currency"),
        (~t["currency"].isin(settings.accepted_currencies), "currency_not_accepted"),
    ], t.index)
    rejects.append(t.loc[t["reject_reason"].notna(), ["reject_reason"]].assign(source_table="transactions"))
    latest = keep_first(t[t["reject_reason"].isna()], ["transaction_id_text"], [
        ("ts", False, "last"), ("customer_id_text", True, "last"), ("business_line", True, "last"),
        ("cents", True, "last"), ("currency", True, "last"), ("channel_text", True, "first")])
    transactions = known_references(latest, "transactions", customer_column="customer_id_text")
    transactions = pd.DataFrame({
        "transaction_id": transactions["transaction_id_text"],
        "customer_id": transactions["customer_id_text"],
        "business_line": transactions["business_line"],
        "date": transactions["ts"].dt.normalize(),
        "cents": transactions["cents"].astype("int64"),
    })

    # email events: row-level checks, the latest version per event_id, a known customer
    e = raw["email_events"].copy()
    e["event_id"] = text(e["event_id"])
    e["customer_id"] = text(e["customer_id"])
    e["event_type"] = text(e["event_type"]).str.lower()
    e["event_at_text"] = text(e["event_at"])
    e["campaign_text"] = text(e["campaign_id"])
    e["ts"] = parse_timestamp(e["event_at"], formats)
    e["reject_reason"] = first_reason([
        (e["event_id"].isna(), "missing_event_id"),
        (e["customer_id"].isna(), "missing_customer_id"),
        (e["event_type"].isna(), "missing_event_type"),
        (~e["event_type"].isin(EMAIL_EVENT_TYPES), "unknown_event_type"),
        (e["event_at_text"].isna(), "missing_event_at"),
        (e["ts"].isna(), "unparseable_event_at"),
    ], e.index)
    rejects.append(e.loc[e["reject_reason"].notna(), ["reject_reason"]].assign(source_table="email_events"))
    latest = keep_first(e[e["reject_reason"].isna()], ["event_id"], [
        ("ts", False, "last"), ("customer_id", True, "last"), ("event_type", True, "last"),
        ("campaign_text", True, "first")])
    email_events = known_references(latest, "email_events", line_column=None)
    email_events = email_events.assign(date=email_events["ts"].dt.normalize())[
        ["event_id", "customer_id", "event_type", "date"]]

    # usage events: row-level checks, exact repeats removed, known customer and line
    u = raw["usage_events"].copy()
    u["customer_id"] = text(u["customer_id"])
    u["business_line"] = text(u["business_line"]).str.lower()
    u["used_at_text"] = text(u["used_at"])
    u["ts"] = parse_timestamp(u["used_at"], formats)
    u["reject_reason"] = first_reason([
        (u["customer_id"].isna(), "missing_customer_id"),
        (u["business_line"].isna(), "missing_business_line"),
        (u["used_at_text"].isna(), "missing_used_at"),
        (u["ts"].isna(), "unparseable_used_at"),
    ], u.index)
    rejects.append(u.loc[u["reject_reason"].notna(), ["reject_reason"]].assign(source_table="usage_events"))
    latest = u[u["reject_reason"].isna()].drop_duplicates(["customer_id", "business_line", "ts"])
    usage_events = known_references(latest, "usage_events")
    usage_events = usage_events.assign(date=usage_events["ts"].dt.normalize())[["customer_id", "business_line", "date"]]

    # contracts
    k = raw["contracts"].copy()
    k["raw_record"] = raw_json(raw["contracts"], RAW_COLUMNS["contracts"])
    k["contract_id"] = text(k["contract_id"])
    k["customer_id"] = text(k["customer_id"])
    k["business_line"] = text(k["business_line"]).str.lower()
    k["started_text"] = text(k["started_at"])
    k["ends_text"] = text(k["ends_at"])
    k["start"] = parse_timestamp(k["started_at"], formats)
    k["end"] = parse_timestamp(k["ends_at"], formats)
    k["reject_reason"] = first_reason([
        (k["contract_id"].isna(), "missing_contract_id"),
        (k["customer_id"].isna(), "missing_customer_id"),
        (k["business_line"].isna(), "missing_business_line"),
        (k["started_text"].isna(), "missing_started_at"),
        (k["start"].isna(), "unparseable_started_at"),
        (k["ends_text"].notna() & k["end"].isna(), "unparseable_ends_at"),
        (k["end"] < k["start"], "ends_before_start"),
    ], k.index)
    rejects.append(k.loc[k["reject_reason"].notna(), ["reject_reason"]].assign(source_table="contracts"))
    contracts = keep_first(k[k["reject_reason"].isna()], ["contract_id"],
                           [("start", False, "last"), ("end", False, "first"), ("raw_record", True, "last")])
    contracts = known_references(contracts, "contracts")
    contracts = contracts.assign(start_date=contracts["start"].dt.normalize(), end_date=contracts["end"].dt.normalize())[
        ["contract_id", "customer_id", "business_line", "start_date", "end_date"]]

    return Staged(customers=customers, business_lines=business_lines, transactions=transactions,
                  email_events=email_events, usage_events=usage_events, contracts=contracts,
                  rejects=pd.concat(rejects, ignore_index=True))


# ------------------------------------------------------------------- identity ----

def unify(staged: Staged, identity_map: pd.DataFrame) -> Staged:
    """Staged tables with each record's customer_id replaced by its customer_key.

    Identity resolution has its own tests (labelled fixtures, the generator's truth);
    here the marts' rules are checked on top of the map dbt built, as they must
    aggregate over the unified customer."""
    mapping = identity_map.set_index("customer_id")["customer_key"]

    def mapped(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        keys = frame["customer_id"].map(mapping)
        assert keys.notna().all(), f"records missing from the identity map: {frame.loc[keys.isna(), 'customer_id'].unique()[:5]}"
        frame["customer_id"] = keys
        return frame

    return Staged(customers=staged.customers, business_lines=staged.business_lines,
                  transactions=mapped(staged.transactions), email_events=mapped(staged.email_events),
                  usage_events=mapped(staged.usage_events), contracts=mapped(staged.contracts),
                  rejects=staged.rejects)


# ---------------------------------------------------------------------- marts ----

def _days(later: pd.Series | pd.Timestamp, earlier: pd.Series) -> pd.Series:
    return (later - earlier).dt.days.astype("Int64")


def _window(frame: pd.DataFrame, as_of: pd.Timestamp, window_days: int | None) -> pd.DataFrame:
    in_scope = frame["date"] <= as_of
    if window_days is not None:
        in_scope &= frame["date"] >= as_of - pd.Timedelta(days=window_days - 1)
    return frame[in_scope]


def customer_lines(staged: Staged, as_of: pd.Timestamp) -> pd.DataFrame:
    """Every customer (key = customer_id) and line with a transaction, usage or contract by as_of."""
    keys = pd.concat([
        staged.transactions.loc[staged.transactions["date"] <= as_of, ["customer_id", "business_line"]],
        staged.usage_events.loc[staged.usage_events["date"] <= as_of, ["customer_id", "business_line"]],
        staged.contracts.loc[staged.contracts["start_date"] <= as_of, ["customer_id", "business_line"]],
    ]).drop_duplicates()
    return keys.merge(staged.business_lines, on="business_line").rename(columns={"customer_id": "customer_key"})


def rfm(staged: Staged, settings: Settings, thresholds: pd.DataFrame | None = None,
        segment_map: pd.DataFrame | None = None) -> pd.DataFrame:
    as_of = pd.Timestamp(settings.as_of_date)
    n = settings.rfm_score_bins
    tx = _window(staged.transactions, as_of, settings.rfm_window_days)
    purchases = tx[tx["cents"] > 0]
    per_customer = purchases.groupby(["customer_id", "business_line"]).agg(
        last_purchase_date=("date", "max"), frequency=("date", "nunique")).reset_index()
    monetary = tx.groupby(["customer_id", "business_line"])["cents"].sum().rename("monetary_cents").reset_index()
    out = per_customer.merge(monetary, on=["customer_id", "business_line"], how="left")
    out = out.rename(columns={"customer_id": "customer_key"}).merge(staged.business_lines, on="business_line")
    out["recency_days"] = _days(as_of, out["last_purchase_date"])
    if settings.rfm_scoring_method == "quantile":
        for score, value, ascending in [("r_score", "recency_days", False), ("f_score", "frequency", True),
                                        ("m_score", "monetary_cents", True)]:
            grouped = out.groupby("business_line")[value]
            rank = grouped.rank(method="min", ascending=ascending)
            count = grouped.transform("count")
            percent_rank = ((rank - 1) / (count - 1)).where(count > 1, 0.0)
            out[score] = np.minimum(n, 1 + np.floor(n * percent_rank.astype(float))).astype(int)
    else:
        for score, metric, value, scale in [("r_score", "recency", "recency_days", 1),
                                            ("f_score", "frequency", "frequency", 1),
                                            ("m_score", "monetary", "monetary_cents", 100)]:
            bins = thresholds[thresholds["metric"] == metric]
            joined = out[["customer_key", "business_line", "industry", value]].merge(bins, on="industry")
            low = joined["min_value"].isna() | (joined[value] >= joined["min_value"] * scale)
            high = joined["max_value"].isna() | (joined[value] < joined["max_value"] * scale)
            matched = joined[low & high].set_index(["customer_key", "business_line"])["score"]
            out[score] = out.set_index(["customer_key", "business_line"]).index.map(matched)
    if segment_map is not None:
        out = out.merge(segment_map, on=["r_score", "f_score", "m_score"], how="left")
    return out


def pmg(staged: Staged, settings: Settings) -> pd.DataFrame:
    as_of = pd.Timestamp(settings.as_of_date)
    lines = customer_lines(staged, as_of)
    tx = _window(staged.transactions, as_of, settings.pmg_window_days)
    revenue = tx.groupby(["customer_id", "business_line"])["cents"].sum().rename("net_cents").reset_index()
    out = lines.merge(revenue.rename(columns={"customer_id": "customer_key"}),
                      on=["customer_key", "business_line"], how="left")
    out["net_cents"] = out["net_cents"].fillna(0).astype("int64")
    # revenue of the strictly bigger customers: total of the higher revenue levels
    levels = out.groupby(["business_line", "net_cents"])["net_cents"].sum().rename("level_total").reset_index()
    levels = levels.sort_values(["business_line", "net_cents"], ascending=[True, False])
    levels["before_cents"] = levels.groupby("business_line")["level_total"].cumsum() - levels["level_total"]
    out = out.merge(levels[["business_line", "net_cents", "before_cents"]], on=["business_line", "net_cents"])
    out["line_cents"] = out["business_line"].map(
        out[out["net_cents"] > 0].groupby("business_line")["net_cents"].sum()).fillna(0).astype("int64")
    # exact comparison: before < share x total  <=>  before x 10^k < share x 10^k x total
    def below(share: str) -> pd.Series:
        digits = len(share.split(".")[1]) if "." in share else 0
        numerator = int(share.replace(".", ""))
        return out["before_cents"] * 10 ** digits < numerator * out["line_cents"]
    tier = np.where(below(settings.pmg_gros_share), "gros", np.where(below(settings.pmg_moyen_share), "moyen", "petit"))
    out["pmg_tier"] = np.where((out["net_cents"] <= 0) | (out["line_cents"] <= 0), "petit", tier)
    return out


def lifecycle(staged: Staged, settings: Settings) -> pd.DataFrame:
    as_of = pd.Timestamp(settings.as_of_date)
    out = customer_lines(staged, as_of)
    keys = ["customer_key", "business_line"]

    tx = staged.transactions[staged.transactions["date"] <= as_of].rename(columns={"customer_id": "customer_key"})
    purchase_days = tx[tx["cents"] > 0][keys + ["date"]].drop_duplicates()
    purchase_days = purchase_days.sort_values(keys + ["date"], ascending=[True, True, False])
    purchase_days["position"] = purchase_days.groupby(keys).cumcount()
    purchases = purchase_days.groupby(keys).agg(first_purchase_date=("date", "min"), last_purchase_date=("date", "max"),
                                                purchase_days=("date", "count"))
    previous = purchase_days[purchase_days["position"] == 1].set_index(keys)["date"].rename("previous_purchase_date")
    last_transaction = tx.groupby(keys)["date"].max().rename("last_transaction_date")

    usage = staged.usage_events[staged.usage_events["date"] <= as_of].rename(columns={"customer_id": "customer_key"})
    last_usage = usage.groupby(keys)["date"].max().rename("last_usage_date")

    contracts = staged.contracts[staged.contracts["start_date"] <= as_of].rename(columns={"customer_id": "customer_key"})
    running = (contracts["end_date"].isna() | (contracts["end_date"] >= as_of))
    has_running = running.groupby([contracts["customer_key"], contracts["business_line"]]).any().rename(
        "has_running_contract")
    ended = contracts[contracts["end_date"] < as_of]
    last_end = ended.groupby(keys)["end_date"].max().rename("last_contract_end_date")

    email = staged.email_events[(staged.email_events["date"] <= as_of)
                                & staged.email_events["event_type"].isin(["opened", "clicked"])]
    last_open = email.groupby("customer_id")["date"].max().rename("last_email_engagement_date")

    out = (out.set_index(keys).join([purchases, previous, last_transaction, last_usage, has_running, last_end])
           .reset_index())
    out = out.merge(last_open, left_on="customer_key", right_index=True, how="left")
    out["has_running_contract"] = out["has_running_contract"].astype("boolean").fillna(False).astype(bool)
    out["purchase_days"] = out["purchase_days"].fillna(0).astype(int)

    def later(a: pd.Series, b: pd.Series) -> pd.Series:
        return pd.concat([a, b], axis=1).max(axis=1)

    activity = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")
    industry = out["industry"]
    activity[industry == "retail"] = later(out["last_purchase_date"], out["last_email_engagement_date"])
    activity[industry == "credit_card"] = out["last_transaction_date"]
    activity[industry == "subscription"] = later(out["last_usage_date"], out["first_purchase_date"])
    lease = industry == "auto_lease"
    activity[lease] = later(out["last_contract_end_date"], out["last_purchase_date"])
    activity[lease & out["has_running_contract"]] = as_of
    out["activity_date"] = activity
    out["days_inactive"] = _days(as_of, out["activity_date"])
    out["dormant_after_days"] = industry.map({k: v[0] for k, v in settings.lifecycle_rules.items()})
    out["lost_after_days"] = industry.map({k: v[1] for k, v in settings.lifecycle_rules.items()})

    since_first = _days(as_of, out["first_purchase_date"])
    since_last = _days(as_of, out["last_purchase_date"])
    gap = _days(out["last_purchase_date"], out["previous_purchase_date"])
    prospect = out["first_purchase_date"].isna()
    new = ~prospect & (since_first < settings.new_customer_days).fillna(False)
    reactivated = (~prospect & ~new & (since_last < settings.reactivation_window_days).fillna(False)
                   & (gap >= out["dormant_after_days"]).fillna(False))
    out["lifecycle_rule"] = np.select([prospect, new, reactivated],
                                      ["never_purchased", "recent_first_purchase", "returned_after_gap"],
                                      default="industry_activity")
    lost = (out["days_inactive"] >= out["lost_after_days"]).fillna(False).astype(bool)
    dormant = (out["days_inactive"] >= out["dormant_after_days"]).fillna(False).astype(bool)
    by_threshold = np.where(lost, "lost", np.where(dormant, "dormant", "active"))
    out["lifecycle_status"] = np.select([prospect, new, reactivated], ["prospect", "new", "reactivated"],
                                        default=by_threshold)
    return out
