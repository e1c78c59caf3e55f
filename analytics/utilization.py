"""Utilization and allocation: billable (or all logged) hours over capacity net of time off.

Utilization = Σ billable hours / Σ capacity hours; allocation = Σ all logged hours / Σ capacity
hours. A group's rate is formed from the group's sums, never the mean of personal rates.
Bench: utilization below a threshold over the last N weeks; over-allocated: allocation > 100%.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from analytics.db import Workspace
from analytics.filters import Filters

DEFAULT_BENCH_THRESHOLD = 0.50
DEFAULT_BENCH_WEEKS = 4
OVER_ALLOCATION = 1.0
HEATMAP_BY = ("person", "department")
HEATMAP_SORTS = {
    "problem": "Most problem weeks",
    "high": "Highest allocation",
    "low": "Lowest allocation",
    "name": "Name",
}
HOURS = ["capacity_hours", "total_hours", "billable_hours"]


def utilization_facts(ws: Workspace, filters: Filters) -> pd.DataFrame:
    """Σ capacity, logged, billable and time-off hours per week × type × department × role."""
    return ws.query("utilization_facts", filters.params())


def ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None when there is no capacity to divide by."""
    return float(numerator) / float(denominator) if denominator else None


def billable_utilization(facts: pd.DataFrame) -> float | None:
    """Σ billable hours / Σ capacity hours over all rows given."""
    return ratio(facts["billable_hours"].sum(), facts["capacity_hours"].sum())


def allocation(facts: pd.DataFrame) -> float | None:
    """Σ all logged hours / Σ capacity hours over all rows given."""
    return ratio(facts["total_hours"].sum(), facts["capacity_hours"].sum())


@dataclass(frozen=True)
class Totals:
    """The period's Σ hours and the rates formed from them."""

    people: int
    capacity_hours: float
    total_hours: float
    billable_hours: float
    utilization: float | None
    allocation: float | None


def period_totals(facts: pd.DataFrame, worker_type: str | None = None) -> Totals:
    """Σ capacity, logged and billable hours (optionally of one worker type) and their rates;
    `people` is the most people employed in any one week."""
    f = facts if worker_type is None else facts[facts["worker_type"] == worker_type]
    people = int(f.groupby("week_start")["people"].sum().max()) if len(f) else 0
    return Totals(
        people=people,
        capacity_hours=float(f["capacity_hours"].sum()),
        total_hours=float(f["total_hours"].sum()),
        billable_hours=float(f["billable_hours"].sum()),
        utilization=billable_utilization(f) if len(f) else None,
        allocation=allocation(f) if len(f) else None,
    )


def add_rates(sums: pd.DataFrame) -> pd.DataFrame:
    """Add `utilization` and `allocation` to rows that already hold Σ hours (NaN without capacity)."""
    out = sums.copy()
    cap = out["capacity_hours"].where(out["capacity_hours"] > 0)
    out["utilization"] = out["billable_hours"] / cap
    out["allocation"] = out["total_hours"] / cap
    return out


def rates_by(facts: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Utilization and allocation per group, each formed from the group's sums."""
    g = facts.groupby(by, as_index=False, observed=True)[HOURS].sum()
    return add_rates(g)


def with_month(facts: pd.DataFrame) -> pd.DataFrame:
    """The facts with a `month` column (first day of the month the week starts in)."""
    out = facts.copy()
    out["month"] = pd.to_datetime(out["week_start"]).dt.to_period("M").dt.to_timestamp()
    return out


def monthly_trend(facts: pd.DataFrame) -> pd.DataFrame:
    """Utilization and allocation per month, overall (worker_type 'all') and per worker type."""
    if facts.empty:
        return pd.DataFrame(columns=["month", "worker_type", *HOURS, "utilization", "allocation"])
    m = with_month(facts)
    overall = rates_by(m, ["month"]).assign(worker_type="all")
    by_type = rates_by(m, ["month", "worker_type"])
    return pd.concat([overall, by_type], ignore_index=True)[
        ["month", "worker_type", *HOURS, "utilization", "allocation"]
    ]


def unbilled_vs_contractor_hours(facts: pd.DataFrame) -> pd.DataFrame:
    """Per role: employees' capacity not billed (Σ capacity − Σ billable, floored at 0) and
    utilization beside contractors' billable hours and utilization, most unbilled first.
    Answers: are employees idle in the roles where contractors are billing?"""
    cols = [
        "role",
        "employee_capacity_hours",
        "employee_unbilled_hours",
        "employee_utilization",
        "contractor_billable_hours",
        "contractor_utilization",
    ]
    if facts.empty:
        return pd.DataFrame(columns=cols)
    r = rates_by(facts, ["role", "worker_type"])
    emp = r[r["worker_type"] == "employee"].set_index("role")
    con = r[r["worker_type"] == "contractor"].set_index("role")
    roles = sorted(set(r["role"]))
    out = pd.DataFrame({"role": roles}).set_index("role")
    out["employee_capacity_hours"] = emp["capacity_hours"].reindex(roles).fillna(0.0)
    out["employee_unbilled_hours"] = (
        (emp["capacity_hours"] - emp["billable_hours"]).clip(lower=0).reindex(roles).fillna(0.0)
    )
    out["employee_utilization"] = emp["utilization"].reindex(roles)
    out["contractor_billable_hours"] = con["billable_hours"].reindex(roles).fillna(0.0)
    out["contractor_utilization"] = con["utilization"].reindex(roles)
    out = out.reset_index().sort_values(["employee_unbilled_hours", "role"], ascending=[False, True])
    return out[cols].reset_index(drop=True)


# -- people ------------------------------------------------------------------------------


def last_weeks(filters: Filters, as_of: date, weeks: int) -> tuple[date, date]:
    """The week starts (Mondays) of the last `weeks` weeks of the period: from the Monday on or
    before `as_of` back, never before the period's start."""
    last = as_of - timedelta(days=as_of.weekday())
    first = last - timedelta(weeks=max(1, int(weeks)) - 1)
    return max(first, filters.start), last


def people_utilization(ws: Workspace, filters: Filters, first_week: date, last_week: date) -> pd.DataFrame:
    """One row per filtered person over the weeks starting first_week … last_week: weeks,
    Σ capacity / logged / billable hours, weeks over capacity, engagements, and their rates."""
    df = ws.query("util_people", {**filters.params(), "from": first_week, "to": last_week})
    return add_rates(df)


def bench(people: pd.DataFrame, threshold: float = DEFAULT_BENCH_THRESHOLD) -> pd.DataFrame:
    """People with capacity whose utilization is below `threshold`, least utilized first."""
    p = people[(people["capacity_hours"] > 0) & (people["utilization"] < threshold)]
    return p.sort_values(["utilization", "full_name"]).reset_index(drop=True)


def over_allocated(people: pd.DataFrame, limit: float = OVER_ALLOCATION) -> pd.DataFrame:
    """People whose allocation (all logged hours / capacity) is above `limit` (100%), highest
    first; someone who logged hours with no capacity at all counts as over-allocated."""
    no_capacity = (people["capacity_hours"] <= 0) & (people["total_hours"] > 0)
    p = people[(people["allocation"] > limit) | no_capacity]
    return p.sort_values(["allocation", "full_name"], ascending=[False, True], na_position="first").reset_index(
        drop=True
    )


PEOPLE_EXPORT_COLUMNS = [
    "worker_id", "full_name", "worker_type", "department", "role", "weeks", "capacity_hours", "total_hours",
    "billable_hours", "utilization", "allocation", "weeks_over_capacity", "engagements", "engagement_names",
]


def people_export(people: pd.DataFrame) -> pd.DataFrame:
    """A people table as downloaded (no pay): the columns of PEOPLE_EXPORT_COLUMNS it has, hours
    rounded to 0.1 and rates (as fractions) to 4 decimals."""
    out = people[[c for c in PEOPLE_EXPORT_COLUMNS if c in people.columns]].copy()
    out[HOURS] = out[HOURS].round(1)
    out[["utilization", "allocation"]] = out[["utilization", "allocation"]].round(4)
    return out


def people_csv(people: pd.DataFrame) -> bytes:
    """A bench or over-allocated list as CSV (people_export)."""
    return people_export(people).to_csv(index=False).encode("utf-8")


# -- heatmap -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Heatmap:
    """One page of the allocation heatmap: `allocation` is rows × weeks (NaN where the row had
    no capacity or was not employed), `utilization` the same shape, `rows` the row details."""

    allocation: pd.DataFrame
    utilization: pd.DataFrame
    rows: pd.DataFrame
    total_rows: int

    @property
    def labels(self) -> list[str]:
        """Row labels: a department, or a person's name and worker type."""
        if self.rows.empty:
            return []
        return [
            label if pd.isna(t) or t is None else f"{label} · {t}"
            for label, t in zip(self.rows["row_label"], self.rows["worker_type"], strict=True)
        ]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total_rows // max(1, self.limit)))

    @property
    def page(self) -> int:
        """The page shown (1-based)."""
        return self.offset // max(1, self.limit) + 1

    limit: int = 40
    offset: int = 0


def allocation_heatmap(
    ws: Workspace,
    filters: Filters,
    by: str = "person",
    sort: str = "problem",
    threshold: float = DEFAULT_BENCH_THRESHOLD,
    limit: int = 40,
    offset: int = 0,
) -> Heatmap:
    """Weekly allocation per person or department, ranked by `sort`, rows offset+1 … offset+limit;
    an offset past the last row (the filters narrowed) falls back to the first page."""
    if by not in HEATMAP_BY:
        raise ValueError(f"heatmap rows must be one of {HEATMAP_BY}")
    if sort not in HEATMAP_SORTS:
        raise ValueError(f"heatmap sort must be one of {tuple(HEATMAP_SORTS)}")
    df = ws.query(
        "util_heatmap_people" if by == "person" else "util_heatmap_departments",
        {
            **filters.params(),
            "by": by,
            "sort": sort,
            "threshold": float(threshold),
            "limit": int(limit),
            "offset": int(offset),
        },
    )
    if df.empty and offset > 0:
        return allocation_heatmap(ws, filters, by, sort, threshold, limit, 0)
    if df.empty:
        empty = pd.DataFrame()
        return Heatmap(empty, empty, pd.DataFrame(columns=["rank", "row_key", "row_label", "worker_type"]), 0, limit)
    df = add_rates(df)
    df["week_start"] = pd.to_datetime(df["week_start"])
    rows = (
        df.groupby(["rank", "row_key"], as_index=False)
        .agg(
            row_label=("row_label", "first"),
            worker_type=("worker_type", "first"),
            role=("role", "first"),
            problem_weeks=("problem_weeks", "first"),
            period_allocation=("period_allocation", "first"),
        )
        .sort_values("rank")
        .reset_index(drop=True)
    )
    weeks = sorted(df["week_start"].unique())
    alloc = df.pivot(index="row_key", columns="week_start", values="allocation").reindex(
        index=rows["row_key"], columns=weeks
    )
    util = df.pivot(index="row_key", columns="week_start", values="utilization").reindex(
        index=rows["row_key"], columns=weeks
    )
    return Heatmap(alloc, util, rows, int(df["total_rows"].iloc[0]), limit, offset)


# -- capacity vs demand ------------------------------------------------------------------


def capacity_vs_demand(ws: Workspace, filters: Filters) -> pd.DataFrame:
    """Per month × role: people, hours available (capacity) and hours booked on engagements,
    with the gap (available − booked) and booked share of capacity (Σ booked / Σ capacity)."""
    df = ws.query("util_capacity_demand", filters.params())
    return add_demand_rates(df)


def add_demand_rates(df: pd.DataFrame) -> pd.DataFrame:
    """Add `gap_hours` = capacity − booked and `booked_share` = booked / capacity."""
    out = df.copy()
    out["gap_hours"] = out["capacity_hours"] - out["booked_hours"]
    out["booked_share"] = out["booked_hours"] / out["capacity_hours"].where(out["capacity_hours"] > 0)
    return out


def capacity_vs_demand_by(cd: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Capacity vs demand summed over other columns (e.g. per role for the period, or per month
    for one role), rates re-formed from the sums."""
    if cd.empty:
        return add_demand_rates(pd.DataFrame(columns=[*by, "capacity_hours", "booked_hours"]).astype(
            {"capacity_hours": float, "booked_hours": float}
        ))
    g = cd.groupby(by, as_index=False)[["capacity_hours", "booked_hours"]].sum()
    return add_demand_rates(g)


def monthly_capacity_vs_demand(cd: pd.DataFrame, role: str | None = None) -> pd.DataFrame:
    """Capacity vs demand per month for one role (None = all roles together)."""
    one = cd if role is None else cd[cd["role"] == role]
    return capacity_vs_demand_by(one, ["month"])


def roles_in(cd: pd.DataFrame) -> list[str]:
    """The roles present in a capacity-vs-demand frame, sorted."""
    return sorted(cd["role"].dropna().unique())
