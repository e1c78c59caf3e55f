"""The cost model: fully loaded employee cost, contractor cost per hour, spend, and cost per
productive and per billable hour.

One function per metric, as PRODUCT.md defines them. Scalar formulas work on numbers, numpy
arrays and pandas Series alike. The database is read once per filter selection (spend_facts,
period_facts: assumption-free, so the cache survives assumption edits); everything else is
pandas on those small frames. Grouped results keep a `people` column (distinct people paid in
the period) and blank pay figures of groups under the privacy minimum (analytics/metrics/privacy.py).

Per hour, a group's cost is Σ spend / Σ hours:
- per productive hour: employees' hours are person-years employed × productive hours per year
  (paid time minus leave); contractors' are the hours they logged (they are not paid otherwise);
- per billable hour: both types' billable hours. The honest comparison, because an idle employee
  still costs money while an idle contractor does not.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd

from analytics.metrics import privacy, reference
from analytics.metrics.assumptions import CostAssumptions
from analytics.metrics.filters import Filters
from analytics.store.db import Workspace


def fully_loaded_annual_cost(salary, a: CostAssumptions, employees=1.0):
    """salary × (1 + benefits load + payroll tax) + overhead per employee.

    `salary` may be a sum over several people (or person-years), in which case `employees` is
    how many people (or person-years) it covers, so the overhead is counted once for each."""
    return salary * a.salary_multiplier + a.overhead_per_employee * employees


def employee_cost_per_productive_hour(salary, a: CostAssumptions):
    """Fully loaded annual cost / productive hours per year."""
    return fully_loaded_annual_cost(salary, a) / a.productive_hours_per_year


def contractor_cost_per_hour(hourly_rate, a: CostAssumptions):
    """hourly_rate × (1 + vendor-management fee)."""
    return hourly_rate * (1.0 + a.vendor_management_fee)


def spend_facts(ws: Workspace, filters: Filters) -> pd.DataFrame:
    """Assumption-free pay components per month × type × department × role × seniority × vendor."""
    return ws.query("spend_facts", filters.params())


def invoiced_spend(facts: pd.DataFrame, a: CostAssumptions) -> pd.Series:
    """Contractor spend on fixed-fee and milestone engagements: what was invoiced in the period (by invoice
    date), or with `spread_fixed_fees` the fixed fees spread evenly over their engagements' days."""
    column = "invoiced_spread" if a.spread_fixed_fees else "invoiced"
    if column not in facts:
        return pd.Series(0.0, index=facts.index)
    return facts[column].fillna(0).astype(float)


def with_spend(facts: pd.DataFrame, a: CostAssumptions) -> pd.DataFrame:
    """Add `spend`: employees' fully loaded cost pro-rated by days employed, contractors'
    hours × rate × (1 + vendor-management fee) plus what fixed-fee and milestone work was invoiced
    (invoiced_spend; those hours are not in the billings)."""
    out = facts.copy()
    is_emp = out["worker_type"] == "employee"
    emp = fully_loaded_annual_cost(out["salary_cost"], a, employees=out["employee_years"])
    con = contractor_cost_per_hour(out["contractor_billings"], a) + invoiced_spend(out, a)
    out["spend"] = emp.where(is_emp, con).astype(float)
    return out


def spend_by(facts: pd.DataFrame, a: CostAssumptions, by: list[str]) -> pd.DataFrame:
    """Total spend grouped by the given columns (e.g. ["month", "worker_type"])."""
    s = with_spend(facts, a)
    if s.empty:
        return pd.DataFrame(columns=[*by, "spend"])
    return s.groupby(by, as_index=False, observed=True)["spend"].sum()


def spend_by_month(ws: Workspace, filters: Filters, a: CostAssumptions) -> pd.DataFrame:
    """Spend per month by worker type: columns month, worker_type, spend."""
    return spend_by(spend_facts(ws, filters), a, ["month", "worker_type"])


# -- the whole period, grouped -----------------------------------------------------------------
GROUP_COLUMNS = ["worker_type", "department", "role", "seniority", "vendor"]
PAY_TOTALS = ["salary_cost", "employee_years", "contractor_billings", "hours", "billable_hours", "people", "invoiced",
              "invoiced_spread"]


def period_facts(ws: Workspace, filters: Filters) -> pd.DataFrame:
    """Assumption-free pay components over the whole period per worker type × department × role
    × seniority × vendor, with `people` = distinct people paid (additive across groups)."""
    return ws.query("cost_period_facts", filters.params())


def productive_hours(facts: pd.DataFrame, a: CostAssumptions) -> pd.Series:
    """Employees: person-years employed × productive hours per year; contractors: hours logged."""
    emp = facts["employee_years"] * a.productive_hours_per_year
    return emp.where(facts["worker_type"] == "employee", facts["hours"]).astype(float)


def cost_per_hour(spend, hours):
    """spend / hours, NaN where there are no hours (works on numbers and Series)."""
    if isinstance(hours, pd.Series):
        return spend / hours.where(hours > 0)
    return spend / hours if hours else float("nan")


def cost_per_productive_hour(facts: pd.DataFrame, a: CostAssumptions) -> pd.Series:
    """Σ spend / Σ productive hours for each row of (grouped) facts."""
    return cost_per_hour(with_spend(facts, a)["spend"], productive_hours(facts, a))


def cost_per_billable_hour(facts: pd.DataFrame, a: CostAssumptions) -> pd.Series:
    """Σ spend / Σ billable hours for each row of (grouped) facts."""
    return cost_per_hour(with_spend(facts, a)["spend"], facts["billable_hours"].astype(float))


def _grouped(facts: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    if facts.empty:
        return pd.DataFrame(columns=[*by, *PAY_TOTALS])
    # facts from before invoices (or built by hand) have no invoiced columns: nothing was invoiced
    facts = facts.assign(**{c: 0.0 for c in ("invoiced", "invoiced_spread") if c not in facts})
    return facts.groupby(by, as_index=False, observed=True)[PAY_TOTALS].sum()


def hourly_costs(facts: pd.DataFrame, a: CostAssumptions, by: list[str]) -> pd.DataFrame:
    """Per group of `by` (which includes worker_type): people, spend, productive_hours,
    billable_hours, cost_per_productive_hour, cost_per_billable_hour; pay blanked for groups
    under the privacy minimum."""
    g = _grouped(facts, by)
    out = g[by + ["people"]].copy()
    out["spend"] = with_spend(g, a)["spend"] if len(g) else pd.Series(dtype=float)
    out["productive_hours"] = productive_hours(g, a) if len(g) else pd.Series(dtype=float)
    out["billable_hours"] = g["billable_hours"].astype(float)
    out["cost_per_productive_hour"] = cost_per_hour(out["spend"], out["productive_hours"])
    out["cost_per_billable_hour"] = cost_per_hour(out["spend"], out["billable_hours"])
    return privacy.suppress_columns(out, ["spend", "cost_per_productive_hour", "cost_per_billable_hour"])


def hourly_costs_by_role(
    facts: pd.DataFrame, a: CostAssumptions, by_seniority: bool = True, leave_out_roles: Collection[str] = ()
) -> pd.DataFrame:
    """Cost per productive and per billable hour by role (× seniority) × worker type, from
    period facts, with the OEWS median wage of the role as an hourly reference (`oews_hourly`).
    `leave_out_roles` are dropped (the page leaves the non-billable roles out of per billable hour:
    a role that is not meant to bill has no meaningful cost per billable hour)."""
    by = ["role", "seniority", "worker_type"] if by_seniority else ["role", "worker_type"]
    out = hourly_costs(facts[~facts["role"].isin(list(leave_out_roles))], a, by)
    out["oews_hourly"] = out["role"].map(reference.oews_median_hourly).astype(float)
    return out


def spend_by_department(facts: pd.DataFrame, a: CostAssumptions) -> pd.DataFrame:
    """Spend in the period (from period facts) per department × worker type: department,
    worker_type, people, spend (blank for groups under the privacy minimum), largest first."""
    g = _grouped(facts, ["department", "worker_type"])
    if g.empty:
        return pd.DataFrame(columns=["department", "worker_type", "people", "spend", "note"])
    g["spend"] = with_spend(g, a)["spend"]
    total = g.groupby("department")["spend"].transform("sum")
    g = g.assign(_t=total).sort_values(["_t", "department", "worker_type"], ascending=[False, True, True])
    return privacy.suppress_columns(g[["department", "worker_type", "people", "spend"]], ["spend"])


OTHER = "Other vendors"


def spend_by_vendor(facts: pd.DataFrame, a: CostAssumptions, top_n: int = 8) -> pd.DataFrame:
    """Contractor spend per vendor, from period facts: the `top_n` largest vendors, then one "Other vendors" row for
    the rest. Vendors with fewer contractors than the privacy minimum always go to "Other" (so no
    one's billings can be read off a bar); "Other" itself is blanked if it is still too small.
    Columns vendor, people, spend, vendors (how many vendors a row covers), note."""
    g = _grouped(facts[facts["worker_type"] == "contractor"], ["worker_type", "vendor"])
    cols = ["vendor", "people", "spend", "vendors", "note"]
    if g.empty:
        return pd.DataFrame(columns=cols)
    g["spend"] = with_spend(g, a)["spend"]
    g = g.sort_values(["spend", "vendor"], ascending=[False, True])
    shown = g[~g["people"].map(privacy.is_suppressed)].head(top_n)
    rest = g.drop(shown.index)
    out = shown[["vendor", "people", "spend"]].assign(vendors=1)
    if len(rest):
        other = pd.DataFrame(
            [{"vendor": OTHER, "people": rest["people"].sum(), "spend": rest["spend"].sum(), "vendors": len(rest)}]
        )
        out = pd.concat([out, other], ignore_index=True)
    return privacy.suppress_columns(out.reset_index(drop=True), ["spend"])[cols]


DRILL_COLUMNS = [
    "department", "role", "seniority", "worker_type", "vendor", "people", "spend", "hours", "billable_hours",
    "cost_per_productive_hour", "cost_per_billable_hour",
]


def drill_down(facts: pd.DataFrame, a: CostAssumptions) -> pd.DataFrame:
    """Every department × role × seniority × worker type × vendor group of the period facts with
    its people, spend, hours and costs per hour, largest spend first (pay blanked for small
    groups)."""
    f = facts
    if f.empty:
        return pd.DataFrame(columns=[*DRILL_COLUMNS, "note"])
    out = hourly_costs(f, a, ["department", "role", "seniority", "worker_type", "vendor"])
    out = out.merge(f[GROUP_COLUMNS + ["hours"]], on=["department", "role", "seniority", "worker_type", "vendor"])
    out["vendor"] = out["vendor"].replace("", "—")
    out = out.sort_values(["spend", "people"], ascending=False, na_position="last")
    return out[[*DRILL_COLUMNS, "note"]].reset_index(drop=True)


@dataclass(frozen=True)
class CostKpis:
    """Headline figures for the period (None where there is nothing to divide or pay is withheld)."""

    total_spend: float | None
    employee_spend: float | None
    contractor_spend: float | None
    contractor_share: float | None
    employee_cost_per_productive_hour: float | None
    contractor_cost_per_hour: float | None
    employee_cost_per_billable_hour: float | None
    contractor_cost_per_billable_hour: float | None
    employee_people: int = 0  # distinct people paid in the period, for "no one" / suppression
    contractor_people: int = 0


def cost_kpis(facts: pd.DataFrame, a: CostAssumptions) -> CostKpis:
    """Spend by type, contractor share of spend and cost per productive/billable hour by type,
    from period facts."""
    t = hourly_costs(facts, a, ["worker_type"]).set_index("worker_type")

    def get(wt: str, col: str) -> float | None:
        v = t[col].get(wt) if wt in t.index else None
        return None if v is None or pd.isna(v) else float(v)

    emp_people = int(t["people"].get("employee", 0)) if len(t) else 0
    con_people = int(t["people"].get("contractor", 0)) if len(t) else 0
    emp, con = get("employee", "spend"), get("contractor", "spend")
    emp = 0.0 if emp is None and not emp_people else emp
    con = 0.0 if con is None and not con_people else con
    total = None if emp is None or con is None else emp + con
    share = con / total if total else None
    return CostKpis(
        total_spend=total,
        employee_spend=emp,
        contractor_spend=con,
        contractor_share=share,
        employee_cost_per_productive_hour=get("employee", "cost_per_productive_hour"),
        contractor_cost_per_hour=get("contractor", "cost_per_productive_hour"),
        employee_cost_per_billable_hour=get("employee", "cost_per_billable_hour"),
        contractor_cost_per_billable_hour=get("contractor", "cost_per_billable_hour"),
        employee_people=emp_people,
        contractor_people=con_people,
    )
