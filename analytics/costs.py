"""The cost model: fully loaded employee cost, contractor cost per hour, and spend.

One function per metric, as PRODUCT.md defines them. Scalar formulas work on numbers, numpy
arrays and pandas Series alike.
"""

from __future__ import annotations

import pandas as pd

from analytics.assumptions import CostAssumptions
from analytics.db import Workspace
from analytics.filters import Filters


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


def with_spend(facts: pd.DataFrame, a: CostAssumptions) -> pd.DataFrame:
    """Add `spend`: employees' fully loaded cost pro-rated by days employed, contractors'
    hours × rate × (1 + vendor-management fee)."""
    out = facts.copy()
    is_emp = out["worker_type"] == "employee"
    emp = fully_loaded_annual_cost(out["salary_cost"], a, employees=out["employee_years"])
    con = contractor_cost_per_hour(out["contractor_billings"], a)
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
