"""The Overview page's figures: KPI tiles and the contractor-vs-employee comparison table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from analytics import costs, utilization
from analytics.assumptions import CostAssumptions
from analytics.db import Workspace
from analytics.filters import Filters

TYPES = ("employee", "contractor")


@dataclass(frozen=True)
class Horizon:
    """What the data covers: the selectable period and the values the filters offer."""

    first_day: date | None
    last_day: date | None
    departments: tuple[str, ...]
    roles: tuple[str, ...]


def data_horizon(ws: Workspace) -> Horizon:
    r = ws.query("data_horizon").iloc[0]

    def _d(v):
        return None if pd.isna(v) else pd.Timestamp(v).date()

    def _t(v):
        return tuple(v) if v is not None and not (isinstance(v, float) and pd.isna(v)) else ()

    return Horizon(_d(r["first_day"]), _d(r["last_day"]), _t(r["departments"]), _t(r["roles"]))


def as_of_date(filters: Filters, horizon: Horizon) -> date:
    """Headcount and tenure are measured on the period's last day, or the data's, if earlier."""
    if horizon.last_day is None:
        return filters.end
    return min(filters.end, horizon.last_day)


def people_as_of(ws: Workspace, filters: Filters, as_of: date) -> pd.DataFrame:
    """The filtered roster with tenure_days and an `active` flag on `as_of`."""
    return ws.query("people_as_of", {**filters.params(), "as_of": as_of})


def headcount_by_type(people: pd.DataFrame) -> dict[str, int]:
    """People active on the as-of date, by worker type."""
    active = people[people["active"]]
    return {t: int((active["worker_type"] == t).sum()) for t in TYPES}


def spend_by_type(facts: pd.DataFrame, a: CostAssumptions) -> dict[str, float]:
    """Spend in the period by worker type."""
    s = costs.spend_by(facts, a, ["worker_type"]).set_index("worker_type")["spend"]
    return {t: float(s.get(t, 0.0)) for t in TYPES}


def employee_cost_per_productive_hour(people: pd.DataFrame, a: CostAssumptions) -> float | None:
    """Σ fully loaded cost of active employees / (their number × productive hours per year)."""
    emp = people[people["active"] & (people["worker_type"] == "employee")]
    if emp.empty:
        return None
    total = costs.fully_loaded_annual_cost(emp["annual_salary"].sum(), a, employees=len(emp))
    return float(total / (len(emp) * a.productive_hours_per_year))


def contractor_cost_per_hour(facts: pd.DataFrame, a: CostAssumptions) -> float | None:
    """Σ contractor cost / Σ contractor hours in the period (an hours-weighted rate)."""
    c = facts[facts["worker_type"] == "contractor"]
    hours = c["hours"].sum()
    if not hours:
        return None
    return float(costs.contractor_cost_per_hour(c["contractor_billings"].sum(), a) / hours)


def delivery_model(engagements: pd.DataFrame) -> pd.Series:
    """in-house / contractor / mixed, from who logged the hours (≥ 80% by one type decides)."""
    total = engagements["employee_hours"] + engagements["contractor_hours"]
    share = (engagements["contractor_hours"] / total.where(total > 0)).fillna(-1)
    return pd.Series(
        ["no hours" if s < 0 else "contractor" if s >= 0.8 else "in-house" if s <= 0.2 else "mixed" for s in share],
        index=engagements.index,
    )


def engagements_in_progress(engagements: pd.DataFrame) -> int:
    """Engagements started and not cancelled whose span overlaps the period."""
    e = engagements[engagements["actual_start"].notna() & (engagements["status"] != "cancelled")]
    return int(len(e))


def median_engagement_months(engagements: pd.DataFrame) -> float | None:
    """Median actual duration of completed engagements, in months (30.44 days)."""
    done = engagements[(engagements["status"] == "completed") & engagements["actual_end"].notna()]
    if done.empty:
        return None
    days = (pd.to_datetime(done["actual_end"]) - pd.to_datetime(done["actual_start"])).dt.days
    return float(days.median() / 30.44)


def median_tenure_years(people: pd.DataFrame, worker_type: str) -> float | None:
    """Median tenure to date (end_date or the as-of date, minus start_date), in years."""
    p = people[people["worker_type"] == worker_type]
    return None if p.empty else float(p["tenure_days"].median() / 365.25)


@dataclass(frozen=True)
class Kpis:
    as_of: date
    headcount: dict[str, int]
    spend: dict[str, float]
    employee_cost_per_hour: float | None
    contractor_cost_per_hour: float | None
    billable_utilization: float | None
    engagements_in_progress: int


def kpis(ws: Workspace, filters: Filters, a: CostAssumptions) -> Kpis:
    horizon = data_horizon(ws)
    as_of = as_of_date(filters, horizon)
    people = people_as_of(ws, filters, as_of)
    facts = costs.spend_facts(ws, filters)
    util = utilization.utilization_facts(ws, filters)
    eng = ws.query("engagement_people", filters.params())
    return Kpis(
        as_of=as_of,
        headcount=headcount_by_type(people),
        spend=spend_by_type(facts, a),
        employee_cost_per_hour=employee_cost_per_productive_hour(people, a),
        contractor_cost_per_hour=contractor_cost_per_hour(facts, a),
        billable_utilization=utilization.billable_utilization(util) if len(util) else None,
        engagements_in_progress=engagements_in_progress(eng),
    )
