"""The Overview page's figures: KPI tiles and the contractor-vs-employee comparison table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from analytics import costs, privacy, utilization
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


_MODEL_LABELS = np.array(["no hours", "contractor", "in-house", "mixed"], dtype=object)


def delivery_model(engagements: pd.DataFrame) -> pd.Series:
    """in-house / contractor / mixed, from who logged the hours (≥ 80% by one type decides)."""
    if not len(engagements):
        return pd.Series([], index=engagements.index, dtype=object)
    contractor = engagements["contractor_hours"].to_numpy(dtype="float64", na_value=np.nan)
    total = engagements["employee_hours"].to_numpy(dtype="float64", na_value=np.nan) + contractor
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total > 0, contractor / total, -1.0)  # -1: no hours (or missing)
    code = np.select([share < 0, share >= 0.8, share <= 0.2], [0, 1, 2], 3)
    return pd.Series(_MODEL_LABELS[code], index=engagements.index)


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
    spend: dict[str, float | None]  # None where fewer than the privacy minimum were paid
    employee_cost_per_hour: float | None
    contractor_cost_per_hour: float | None
    billable_utilization: float | None
    engagements_in_progress: int


def kpis(ws: Workspace, filters: Filters, a: CostAssumptions) -> Kpis:
    horizon = data_horizon(ws)
    as_of = as_of_date(filters, horizon)
    people = people_as_of(ws, filters, as_of)
    # Spend and cost per hour: the Costs page's definitions (one per metric), pay of groups
    # under the privacy minimum already withheld there.
    c = costs.cost_kpis(costs.period_facts(ws, filters), a)
    util = utilization.utilization_facts(ws, filters)
    eng = ws.query("engagement_people", filters.params())
    return Kpis(
        as_of=as_of,
        headcount=headcount_by_type(people),
        spend={"employee": c.employee_spend, "contractor": c.contractor_spend},
        employee_cost_per_hour=c.employee_cost_per_productive_hour,
        contractor_cost_per_hour=c.contractor_cost_per_hour,
        billable_utilization=utilization.billable_utilization(util) if len(util) else None,
        engagements_in_progress=engagements_in_progress(eng),
    )


def spend_by_month(ws: Workspace, filters: Filters, a: CostAssumptions) -> pd.DataFrame:
    """Spend per month by worker type, with months of a type that paid fewer than the privacy
    minimum blanked: columns month, worker_type, spend, people."""
    facts = costs.spend_facts(ws, filters)
    if facts.empty:
        return pd.DataFrame(columns=["month", "worker_type", "spend", "people", "note"])
    s = costs.spend_by(facts, a, ["month", "worker_type"])
    # people per month × type: facts rows are disjoint groups of people within a month
    n = facts.groupby(["month", "worker_type"], as_index=False)["people"].sum()
    s = s.merge(n, on=["month", "worker_type"])
    return privacy.suppress_columns(s, ["spend"])


def _money(v: float | None, decimals: int = 0) -> str:
    return "n/a" if v is None or pd.isna(v) else f"${v:,.{decimals}f}"


def _num(v: float | None, fmt: str) -> str:
    return "n/a" if v is None or pd.isna(v) else format(v, fmt)


def _score(v: float | None) -> str:
    return "n/a" if v is None or pd.isna(v) else f"{v:.1f}/5"


def comparison_table(ws: Workspace, filters: Filters, a: CostAssumptions) -> pd.DataFrame:
    """The contractor-vs-employee table of PRODUCT.md, each cell filled with figures from the
    data: columns Aspect, Contractor (client–vendor), Employee (employer–employee)."""
    horizon = data_horizon(ws)
    as_of = as_of_date(filters, horizon)
    people = people_as_of(ws, filters, as_of)
    facts = costs.spend_facts(ws, filters)
    eng = ws.query("engagement_people", filters.params())
    reviews = ws.query("review_averages", filters.params()).set_index("worker_type")
    active = people[people["active"]]
    con_p = active[active["worker_type"] == "contractor"]
    emp_p = active[active["worker_type"] == "employee"]

    def billable_share(t: str) -> float | None:
        f = facts[facts["worker_type"] == t]
        return utilization.ratio(f["billable_hours"].sum(), f["hours"].sum())

    rate = privacy.pay_or_none(con_p["hourly_rate"].median() if len(con_p) else None, len(con_p))
    salary = privacy.pay_or_none(emp_p["annual_salary"].median() if len(emp_p) else None, len(emp_p))
    loaded_rate = None if rate is None else costs.contractor_cost_per_hour(rate, a)
    loaded_hour = None if salary is None else costs.employee_cost_per_productive_hour(salary, a)
    vendors = costs.spend_by(facts[facts["worker_type"] == "contractor"], a, ["vendor"])
    vendor_txt = "no contractor spend in the period"
    if len(vendors) and vendors["spend"].sum() > 0:
        top = vendors.sort_values("spend", ascending=False).iloc[0]
        vendor_txt = (
            f"{len(vendors)} vendors (incl. independents); the largest, {top['vendor']}, "
            f"takes {top['spend'] / vendors['spend'].sum():.0%} of contractor spend"
        )
    vendor_led = eng[eng["vendor"].notna() & (eng["vendor"] != "")]["quality_score"].mean()
    in_house = eng[eng["vendor"].isna() | (eng["vendor"] == "")]["quality_score"].mean()

    def review(t: str) -> str:
        return _score(reviews["overall"].get(t) if t in reviews.index else None)

    con_tenure = median_tenure_years(people, "contractor")
    emp_tenure = median_tenure_years(people, "employee")
    eng_months = median_engagement_months(eng)
    rows = [
        (
            "Role",
            f"Engaged for specific projects: {len(con_p)} active contractors; "
            f"{_num(billable_share('contractor'), '.0%')} of their logged hours billable",
            f"Employed within the organisation: {len(emp_p)} active employees; "
            f"{_num(billable_share('employee'), '.0%')} of their logged hours billable",
        ),
        (
            "Payment",
            f"Paid for services rendered: median rate {_money(rate, 2)}/h, "
            f"{_money(loaded_rate, 2)}/h with the {a.vendor_management_fee:.0%} vendor-management fee",
            f"Salary plus benefits and overhead: median salary {_money(salary)}, "
            f"{_money(loaded_hour, 2)} per productive hour fully loaded",
        ),
        (
            "Duration",
            f"Short-term, project-based: median completed engagement {_num(eng_months, '.1f')} months; "
            f"median contractor tenure {_num(None if con_tenure is None else con_tenure * 12, '.1f')} months",
            f"Long-term, ongoing: median employee tenure {_num(emp_tenure, '.1f')} years",
        ),
        (
            "Relationship",
            f"Client–vendor: {vendor_txt}",
            f"Employer–employee: salary × {a.salary_multiplier:.2f} (benefits {a.benefits_load:.0%}, "
            f"payroll tax {a.payroll_tax:.1%}) + {_money(a.overhead_per_employee)} overhead a year",
        ),
        (
            "Responsibilities",
            f"Client defines requirements: vendor-delivered engagements rated {_score(vendor_led)}; "
            f"contractors' reviews average {review('contractor')}",
            f"Employer provides direction and training: {a.ramp_up_weeks:.0f} weeks ramp-up at "
            f"{a.ramp_up_productivity:.0%}; in-house engagements rated {_score(in_house)}; "
            f"employees' reviews average {review('employee')}",
        ),
    ]
    return pd.DataFrame(rows, columns=["Aspect", "Contractor (client–vendor)", "Employee (employer–employee)"])
