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
