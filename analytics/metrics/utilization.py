"""Utilization and allocation: billable (or all logged) hours over capacity net of time off.

Billable utilization = Σ billable hours / Σ capacity hours of people in billable roles (roles that
never bill, analytics.metrics.roles, are left out of it and of its target); allocation = Σ all logged
hours / Σ capacity hours, everyone included. A group's rate is formed from the group's sums, never
the mean of personal rates.

Over the last N weeks, each person lands on at most one of three lists (see `staffing_status`):
over-allocated (allocation > 100%), bench (free to staff) and busy off-project.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from analytics.metrics import roles
from analytics.metrics.filters import Filters
from analytics.metrics.roles import DEFAULT_NON_BILLABLE_ROLES
from analytics.store.db import Workspace

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


def billable_utilization(
    facts: pd.DataFrame, non_billable_roles: Collection[str] = DEFAULT_NON_BILLABLE_ROLES
) -> float | None:
    """The headline billable utilization: Σ billable hours / Σ capacity hours over the rows in
    billable roles (`facts` has a `role` column, e.g. utilization_facts); None without capacity.
    Pass the user's setting (ui.state.non_billable_roles()); the default is the sample's."""
    b = roles.billable_roles_only(facts, non_billable_roles)
    return ratio(b["billable_hours"].sum(), b["capacity_hours"].sum())


def allocation(facts: pd.DataFrame) -> float | None:
    """Σ all logged hours / Σ capacity hours over all rows given."""
    return ratio(facts["total_hours"].sum(), facts["capacity_hours"].sum())


@dataclass(frozen=True)
class Totals:
    """The period's Σ hours and the rates formed from them: `utilization` over the people in
    billable roles (`billable_role_*` sums), `allocation` over everyone."""

    people: int
    capacity_hours: float
    total_hours: float
    billable_hours: float
    billable_role_capacity_hours: float
    billable_role_billable_hours: float
    utilization: float | None
    allocation: float | None


def period_totals(
    facts: pd.DataFrame,
    worker_type: str | None = None,
    non_billable_roles: Collection[str] = DEFAULT_NON_BILLABLE_ROLES,
) -> Totals:
    """Σ capacity, logged and billable hours (optionally of one worker type) and their rates;
    `people` is the most people employed in any one week."""
    f = facts if worker_type is None else facts[facts["worker_type"] == worker_type]
    people = int(f.groupby("week_start")["people"].sum().max()) if len(f) else 0
    b = roles.billable_roles_only(f, non_billable_roles)
    return Totals(
        people=people,
        capacity_hours=float(f["capacity_hours"].sum()),
        total_hours=float(f["total_hours"].sum()),
        billable_hours=float(f["billable_hours"].sum()),
        billable_role_capacity_hours=float(b["capacity_hours"].sum()),
        billable_role_billable_hours=float(b["billable_hours"].sum()),
        utilization=billable_utilization(f, non_billable_roles) if len(f) else None,
        allocation=allocation(f) if len(f) else None,
    )


def add_rates(sums: pd.DataFrame) -> pd.DataFrame:
    """Add `utilization` and `allocation` to rows that already hold Σ hours (NaN without capacity)."""
    out = sums.copy()
    cap = out["capacity_hours"].where(out["capacity_hours"] > 0)
    out["utilization"] = out["billable_hours"] / cap
    out["allocation"] = out["total_hours"] / cap
    return out


BILLABLE_ROLE_HOURS = ["billable_role_capacity_hours", "billable_role_billable_hours"]


def rates_by(
    facts: pd.DataFrame, by: list[str], non_billable_roles: Collection[str] = DEFAULT_NON_BILLABLE_ROLES
) -> pd.DataFrame:
    """Utilization and allocation per group, each formed from the group's sums: allocation over
    everyone, utilization over the group's people in billable roles (NaN for a group with none,
    e.g. a non-billable role), whose Σ hours are in `billable_role_capacity_hours` /
    `billable_role_billable_hours`."""
    g = facts.groupby(by, as_index=False, observed=True)[HOURS].sum()
    out = add_rates(g)
    b = (
        roles.billable_roles_only(facts, non_billable_roles)
        .groupby(by, as_index=False, observed=True)[["capacity_hours", "billable_hours"]]
        .sum()
        .rename(columns=dict(zip(["capacity_hours", "billable_hours"], BILLABLE_ROLE_HOURS, strict=True)))
    )
    out = out.merge(b, on=by, how="left")
    out[BILLABLE_ROLE_HOURS] = out[BILLABLE_ROLE_HOURS].fillna(0.0)
    cap = out["billable_role_capacity_hours"]
    out["utilization"] = out["billable_role_billable_hours"] / cap.where(cap > 0)
    return out


def with_month(facts: pd.DataFrame) -> pd.DataFrame:
    """The facts with a `month` column (first day of the month the week starts in)."""
    out = facts.copy()
    out["month"] = pd.to_datetime(out["week_start"]).dt.to_period("M").dt.to_timestamp()
    return out


def monthly_trend(
    facts: pd.DataFrame, non_billable_roles: Collection[str] = DEFAULT_NON_BILLABLE_ROLES
) -> pd.DataFrame:
    """Utilization (billable roles) and allocation (everyone) per month, overall (worker_type
    'all') and per worker type."""
    cols = ["month", "worker_type", *HOURS, *BILLABLE_ROLE_HOURS, "utilization", "allocation"]
    if facts.empty:
        return pd.DataFrame(columns=cols)
    m = with_month(facts)
    overall = rates_by(m, ["month"], non_billable_roles).assign(worker_type="all")
    by_type = rates_by(m, ["month", "worker_type"], non_billable_roles)
    return pd.concat([overall, by_type], ignore_index=True)[cols]


def unbilled_vs_contractor_hours(
    facts: pd.DataFrame, non_billable_roles: Collection[str] = DEFAULT_NON_BILLABLE_ROLES
) -> pd.DataFrame:
    """Per billable role: employees' capacity not billed (Σ capacity − Σ billable, floored at 0)
    and utilization beside contractors' billable hours and utilization, most unbilled first.
    Answers: are employees idle in the roles where contractors are billing? Non-billable roles
    are left out: their capacity is never meant to bill."""
    cols = [
        "role",
        "employee_capacity_hours",
        "employee_unbilled_hours",
        "employee_utilization",
        "contractor_billable_hours",
        "contractor_utilization",
    ]
    facts = roles.billable_roles_only(facts, non_billable_roles)
    if facts.empty:
        return pd.DataFrame(columns=cols)
    r = rates_by(facts, ["role", "worker_type"], ())
    emp = r[r["worker_type"] == "employee"].set_index("role")
    con = r[r["worker_type"] == "contractor"].set_index("role")
    role_names = sorted(set(r["role"]))
    out = pd.DataFrame({"role": role_names}).set_index("role")
    out["employee_capacity_hours"] = emp["capacity_hours"].reindex(role_names).fillna(0.0)
    out["employee_unbilled_hours"] = (
        (emp["capacity_hours"] - emp["billable_hours"]).clip(lower=0).reindex(role_names).fillna(0.0)
    )
    out["employee_utilization"] = emp["utilization"].reindex(role_names)
    out["contractor_billable_hours"] = con["billable_hours"].reindex(role_names).fillna(0.0)
    out["contractor_utilization"] = con["utilization"].reindex(role_names)
    out = out.reset_index().sort_values(["employee_unbilled_hours", "role"], ascending=[False, True])
    return out[cols].reset_index(drop=True)


# -- people ------------------------------------------------------------------------------


def last_weeks(filters: Filters, as_of: date, weeks: int) -> tuple[date, date]:
    """The week starts (Mondays) of the last `weeks` weeks of the period: from the Monday on or
    before `as_of` back, never before the period's start."""
    last = as_of - timedelta(days=as_of.weekday())
    first = last - timedelta(weeks=max(1, int(weeks)) - 1)
    return max(first, filters.start), last


def recent_weeks(ws: Workspace, filters: Filters, as_of: date, weeks: int) -> tuple[date, date]:
    """The window of the bench, busy off-project and over-allocated lists: `last_weeks` counted
    back from `as_of` or the last week with timesheets, whichever is earlier."""
    r = ws.query("util_last_week")
    last_data = None if r.empty or pd.isna(r["last_week"].iloc[0]) else pd.Timestamp(r["last_week"].iloc[0]).date()
    return last_weeks(filters, as_of if last_data is None else min(as_of, last_data), weeks)


def people_utilization(ws: Workspace, filters: Filters, first_week: date, last_week: date) -> pd.DataFrame:
    """One row per filtered person over the weeks starting first_week … last_week: weeks,
    Σ capacity / logged / billable / engagement hours, weeks over capacity, engagements, and
    their rates (`engagement_share` = engagement hours / capacity)."""
    df = add_rates(ws.query("util_people", {**filters.params(), "from": first_week, "to": last_week}))
    df["engagement_share"] = df["engagement_hours"] / df["capacity_hours"].where(df["capacity_hours"] > 0)
    return df


STATUSES = ("over_allocated", "bench", "busy_off_project")


def staffing_status(
    people: pd.DataFrame,
    threshold: float = DEFAULT_BENCH_THRESHOLD,
    non_billable_roles: Collection[str] = DEFAULT_NON_BILLABLE_ROLES,
    limit: float = OVER_ALLOCATION,
) -> pd.Series:
    """Each person's list over the window (a people_utilization frame), or "" for none:

    - "over_allocated": logged hours above `limit` × capacity (allocation > 100%), or hours
      logged with no capacity at all; any role. Checked first, so it wins over the other two.
    - otherwise, for a billable role with capacity whose engagement hours (hours logged with an
      engagement_id, billable or not) are below `threshold` × capacity, split the capacity not
      spent on engagements into free hours (capacity − logged) and internal hours (logged −
      engagement hours):
      - "bench" (free to staff) when free hours ≥ internal hours: at least half of it is free;
      - "busy_off_project" when internal hours > free hours: most of it is filled with
        non-engagement work (e.g. someone logging a full week of internal time).
    Non-billable roles are never on the bench or busy off-project."""
    cap = people["capacity_hours"]
    logged = people["total_hours"]
    eng = people["engagement_hours"]
    over = (logged > limit * cap) | ((cap <= 0) & (logged > 0))
    under = (cap > 0) & (eng < threshold * cap) & roles.in_billable_role(people, non_billable_roles) & ~over
    free = cap - logged
    internal = logged - eng
    status = pd.Series("", index=people.index, dtype=object)
    status[over] = "over_allocated"
    status[under & (free >= internal)] = "bench"
    status[under & (free < internal)] = "busy_off_project"
    return status


def _least_on_engagements_first(p: pd.DataFrame) -> pd.DataFrame:
    return p.sort_values(["engagement_share", "full_name"]).reset_index(drop=True)


def bench(
    people: pd.DataFrame,
    threshold: float = DEFAULT_BENCH_THRESHOLD,
    non_billable_roles: Collection[str] = DEFAULT_NON_BILLABLE_ROLES,
) -> pd.DataFrame:
    """Bench (free to staff), by `staffing_status`: least engagement share first."""
    return _least_on_engagements_first(people[staffing_status(people, threshold, non_billable_roles) == "bench"])


def busy_off_project(
    people: pd.DataFrame,
    threshold: float = DEFAULT_BENCH_THRESHOLD,
    non_billable_roles: Collection[str] = DEFAULT_NON_BILLABLE_ROLES,
) -> pd.DataFrame:
    """Busy off-project, by `staffing_status`: least engagement share first."""
    status = staffing_status(people, threshold, non_billable_roles)
    return _least_on_engagements_first(people[status == "busy_off_project"])


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
    "billable_hours", "engagement_hours", "utilization", "allocation", "engagement_share", "weeks_over_capacity",
    "engagements", "engagement_names",
]


def people_export(people: pd.DataFrame) -> pd.DataFrame:
    """A people table as downloaded (no pay): the columns of PEOPLE_EXPORT_COLUMNS it has, hours
    rounded to 0.1 and rates (as fractions) to 4 decimals."""
    out = people[[c for c in PEOPLE_EXPORT_COLUMNS if c in people.columns]].copy()
    hours = [c for c in [*HOURS, "engagement_hours"] if c in out.columns]
    rates = [c for c in ("utilization", "allocation", "engagement_share") if c in out.columns]
    out[hours] = out[hours].round(1)
    out[rates] = out[rates].round(4)
    return out


def people_csv(people: pd.DataFrame) -> bytes:
    """A bench, busy off-project or over-allocated list as CSV (people_export)."""
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
    non_billable_roles: Collection[str] = DEFAULT_NON_BILLABLE_ROLES,
) -> Heatmap:
    """Weekly allocation per person or department, ranked by `sort`, rows offset+1 … offset+limit;
    an offset past the last row (the filters narrowed) falls back to the first page. Billable
    utilization cells count billable roles only (blank for a person in a non-billable role)."""
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
            "non_billable_roles": sorted(non_billable_roles),
        },
    )
    if df.empty and offset > 0:
        return allocation_heatmap(ws, filters, by, sort, threshold, limit, 0, non_billable_roles)
    if df.empty:
        empty = pd.DataFrame()
        return Heatmap(empty, empty, pd.DataFrame(columns=["rank", "row_key", "row_label", "worker_type"]), 0, limit)
    df = add_rates(df)
    cap = df["billable_role_capacity_hours"]
    df["utilization"] = df["billable_role_billable_hours"] / cap.where(cap > 0)
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
