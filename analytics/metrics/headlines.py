"""The Overview page's figures: KPI tiles and the contractor-vs-employee comparison table, each taken
from the topic module that defines it (costs, utilization, delivery, tenure), never computed twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from analytics.export import formatting
from analytics.metrics import costs, delivery, privacy, tenure, utilization
from analytics.metrics.assumptions import CostAssumptions
from analytics.metrics.filters import Filters
from analytics.metrics.horizon import Horizon, as_of_date, data_horizon  # noqa: F401  (pages use them here)
from analytics.metrics.roles import DEFAULT_NON_BILLABLE_ROLES
from analytics.store.db import Workspace

TYPES = ("employee", "contractor")


def headcount_by_type(pay: pd.DataFrame) -> dict[str, int]:
    """People active on the as-of date, by worker type (from roster_pay_as_of's counts)."""
    active = dict(zip(pay["worker_type"], pay["active"], strict=True))
    return {t: int(active.get(t, 0)) for t in TYPES}


@dataclass(frozen=True)
class Kpis:
    as_of: date
    headcount: dict[str, int]
    cost: costs.CostKpis  # spend and cost per hour: the Costs page's figures, one definition
    billable_utilization: float | None
    engagements_active: int


@dataclass(frozen=True)
class OverviewData:
    """What both the tiles and the comparison table read, fetched once per filter selection."""

    as_of: date
    pay: pd.DataFrame  # roster_pay_as_of: per worker type, the people active on `as_of` and their median pay
    tenure: pd.DataFrame  # tenure.counts: the filtered roster counted by type, tenure and outcome
    util: pd.DataFrame  # utilization_facts
    engagements: pd.DataFrame  # delivery.engagements: overlapping the period, with durations


def overview_data(ws: Workspace, filters: Filters) -> OverviewData:
    as_of = as_of_date(filters, data_horizon(ws))
    return OverviewData(
        as_of, ws.query("roster_pay_as_of", {**filters.params(), "as_of": as_of}), tenure.counts(ws, filters, as_of),
        utilization.utilization_facts(ws, filters),
        delivery.engagements(ws, filters),
    )


def kpis(
    ws: Workspace, filters: Filters, a: CostAssumptions,
    non_billable_roles: tuple[str, ...] = DEFAULT_NON_BILLABLE_ROLES,
    data: OverviewData | None = None,
) -> Kpis:
    """The Overview's tiles; billable utilization over the roles not in `non_billable_roles`."""
    d = data or overview_data(ws, filters)
    # Spend and cost per hour: the Costs page's definitions (one per metric), pay of groups
    # under the privacy minimum already withheld there.
    c = costs.cost_kpis(costs.period_facts(ws, filters), a)
    return Kpis(
        as_of=d.as_of,
        headcount=headcount_by_type(d.pay),
        cost=c,
        billable_utilization=utilization.billable_utilization(d.util, non_billable_roles) if len(d.util) else None,
        engagements_active=delivery.engagements_active(d.engagements),
    )


def page(
    ws: Workspace, filters: Filters, a: CostAssumptions,
    non_billable_roles: tuple[str, ...] = DEFAULT_NON_BILLABLE_ROLES,
) -> tuple[Kpis, pd.DataFrame]:
    """The Overview's tiles and comparison table from one read of the roster, utilization and
    engagements (each would otherwise query them again)."""
    d = overview_data(ws, filters)
    return kpis(ws, filters, a, non_billable_roles, d), comparison_table(ws, filters, a, non_billable_roles, d)


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
    return "n/a" if v is None or pd.isna(v) else formatting.money(v, decimals)


def _pct(v: float | None) -> str:
    return "n/a" if v is None or pd.isna(v) else formatting.pct(v)


def _score(v: float | None) -> str:
    return "n/a" if v is None or pd.isna(v) else f"{v:.1f}/5"


def comparison_table(
    ws: Workspace, filters: Filters, a: CostAssumptions,
    non_billable_roles: tuple[str, ...] = DEFAULT_NON_BILLABLE_ROLES,
    data: OverviewData | None = None,
) -> pd.DataFrame:
    """The contractor-vs-employee table of PRODUCT.md, each cell filled with figures from the
    data: columns Aspect, Contractor (client–vendor), Employee (employer–employee)."""
    d = data or overview_data(ws, filters)
    eng, util = d.engagements, d.util
    facts = costs.spend_facts(ws, filters)
    reviews = ws.query("review_averages", filters.params()).set_index("worker_type")
    pay = d.pay.set_index("worker_type")
    heads = headcount_by_type(d.pay)

    def median_pay(t: str, column: str) -> float | None:
        v = pay[column].get(t)  # None without anyone of type t; NaN when none of their pay has a rate
        return None if pd.isna(v) else float(v)

    def billable_utilization(t: str) -> float | None:
        return utilization.period_totals(util, t, non_billable_roles).utilization if len(util) else None

    rate = privacy.pay_or_none(median_pay("contractor", "median_hourly_rate"), heads["contractor"])
    salary = privacy.pay_or_none(median_pay("employee", "median_annual_salary"), heads["employee"])
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

    con_tenure = tenure.median_tenure_text(tenure.median_tenure(d.tenure, "contractor"))
    emp_tenure = tenure.median_tenure_text(tenure.median_tenure(d.tenure, "employee"))
    eng_months = delivery.delivery_totals(delivery.with_durations(eng)).median_months
    rows = [
        (
            "Role",
            f"Engaged for specific projects: {heads['contractor']} active contractors; "
            f"billable utilization {_pct(billable_utilization('contractor'))}",
            f"Employed within the organisation: {heads['employee']} active employees; "
            f"billable utilization {_pct(billable_utilization('employee'))}",
        ),
        (
            "Payment",
            f"Paid for services rendered: the median active contractor's rate is {_money(rate, 2)}/h, "
            f"{_money(loaded_rate, 2)}/h with the {a.vendor_management_fee:.0%} vendor-management fee",
            f"Salary plus benefits and overhead: the median active employee's salary is {_money(salary)}, "
            f"{_money(loaded_hour, 2)} per productive hour fully loaded",
        ),
        (
            "Duration",
            f"Short-term, project-based: median duration of completed engagements "
            f"{'n/a' if eng_months is None else formatting.months(eng_months)}; "
            f"median tenure (Kaplan–Meier) {con_tenure}",
            f"Long-term, ongoing: median tenure (Kaplan–Meier) {emp_tenure}",
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
