"""Scenarios on top of the cost model: which contractors to convert to employees, what converting
a share of them would do to annual spend, and how sensitive the break-even is to each assumption.

Convert-to-hire, per contractor active on the as-of date:
- annual hours = hours logged in the 52 weeks to the as-of date × 52 / weeks employed in them;
- contractor annual cost = annual hours × rate × (1 + vendor-management fee);
- equivalent employee cost = annual hours × employee cost per productive hour of the median
  salary for the same role and seniority (else the role, else the BLS OEWS median), i.e. the
  fully loaded cost of enough employee time to deliver the same hours;
- yearly saving = contractor annual cost − equivalent employee cost (steady state; converting a
  person already doing the work needs no time to fill or ramp-up, only the recruiting cost once).
A contractor is a candidate when past the tenure policy limit or when the saving is positive,
unless they logged hours in fewer than MIN_TIMESHEET_WEEKS weeks: a quarter's history is too little
to annualise, so they are left out of the list as too new to judge (and counted, so the page can
say how many). Tenure in months = tenure days / analytics.metrics.periods.DAYS_PER_MONTH.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import date

import numpy as np
import pandas as pd

from analytics.export import formatting
from analytics.metrics import break_even, costs, periods, privacy
from analytics.metrics.assumptions import ASSUMPTION_INFO, CostAssumptions
from analytics.metrics.filters import Filters
from analytics.store.db import Workspace

CANDIDATE_COLUMNS = [
    "worker_id", "full_name", "department", "role", "seniority", "vendor", "start_date", "tenure_months",
    "hourly_rate", "annual_hours", "contractor_annual_cost", "equivalent_salary", "salary_source",
    "employee_annual_cost", "yearly_saving", "past_tenure_limit", "costs_more_than_employee", "reason",
    "timesheet_weeks",
]
MIN_TIMESHEET_WEEKS = 13  # a quarter of weekly timesheets before a yearly saving is judged


def contractors_as_of(ws: Workspace, filters: Filters, as_of: date) -> pd.DataFrame:
    """Contractors active on `as_of` with tenure and hours logged over the 52 weeks before it."""
    return ws.query("cost_contractors_as_of", {**filters.params(), "as_of": as_of})


def past_tenure_limit(tenure_days: pd.Series, limit_months: float) -> pd.Series:
    """Tenure in months (days / periods.DAYS_PER_MONTH) above the policy limit: 913 days is
    30.02 months, past a 30-month limit; 912 days (29.98) is not."""
    return periods.days_to_months(tenure_days.astype(float)) > limit_months


def annual_hours(hours_52w: pd.Series, weeks_52w: pd.Series) -> pd.Series:
    """Hours logged in the last 52 weeks, scaled up to 52 weeks for people employed fewer."""
    return (hours_52w * periods.WEEKS_PER_YEAR / weeks_52w.where(weeks_52w > 0)).fillna(0.0).astype(float)


def conversion_costs(contractors: pd.DataFrame, medians: pd.DataFrame, a: CostAssumptions) -> pd.DataFrame:
    """Every contractor of `contractors_as_of` with the yearly cost of keeping them and of an
    equivalent employee (see the module docstring; `medians` from break_even.pay_medians),
    largest yearly saving first."""
    if contractors.empty:
        return pd.DataFrame(columns=CANDIDATE_COLUMNS)
    table = break_even.median_table(medians)
    # the equivalent salary is looked up once per role × seniority, then joined to the contractors
    # (a lookup per contractor, ~30k at scale, cost more than the rest of this function)
    pairs = contractors[["role", "seniority"]].drop_duplicates()
    defaults = [break_even.salary_default(table, r, s) for r, s in pairs.itertuples(index=False)]
    pairs = pairs.assign(
        equivalent_salary=pd.Series([d.value for d in defaults], index=pairs.index, dtype=float),
        salary_source=[d.source for d in defaults],
    )
    out = contractors.merge(pairs, on=["role", "seniority"], how="left", validate="many_to_one")
    out["tenure_months"] = periods.days_to_months(out["tenure_days"])
    out["annual_hours"] = annual_hours(out["hours_52w"], out["weeks_52w"])
    out["contractor_annual_cost"] = costs.contractor_cost_per_hour(out["hourly_rate"], a) * out["annual_hours"]
    out["employee_annual_cost"] = (
        costs.employee_cost_per_productive_hour(out["equivalent_salary"], a) * out["annual_hours"]
    )
    out["yearly_saving"] = out["contractor_annual_cost"] - out["employee_annual_cost"]
    out["past_tenure_limit"] = past_tenure_limit(out["tenure_days"], a.tenure_limit_months)
    out["costs_more_than_employee"] = out["yearly_saving"] > 0
    past, dearer = out["past_tenure_limit"].to_numpy(bool), out["costs_more_than_employee"].to_numpy(bool)
    past_text, dearer_text = f"past the {a.tenure_limit_months:.0f}-month limit", "costs more than an employee"
    out["reason"] = np.select(
        [past & dearer, past, dearer], [f"{past_text} · {dearer_text}", past_text, dearer_text], ""
    ).tolist()
    out["timesheet_weeks"] = out["timesheet_weeks"].astype(int)
    out = out.sort_values(["yearly_saving", "worker_id"], ascending=[False, True])
    return out[CANDIDATE_COLUMNS].reset_index(drop=True)


def conversion_as_of(
    ws: Workspace, filters: Filters, as_of: date, a: CostAssumptions, medians: pd.DataFrame | None = None
) -> pd.DataFrame:
    """conversion_costs of the contractors active on `as_of`, with the filtered pay medians: the page caches
    this result rather than redoing it for every contractor on each rerun. `medians` is
    break_even.pay_medians(ws, filters) when the caller has it already (the page does: the calculator
    reads it), so its query runs once a page; worked out here when not given."""
    if medians is None:
        medians = break_even.pay_medians(ws, filters)
    return conversion_costs(contractors_as_of(ws, filters, as_of), medians, a)


def _would_be_listed(conversion: pd.DataFrame) -> pd.Series:
    return conversion["past_tenure_limit"].astype(bool) | conversion["costs_more_than_employee"].astype(bool)


def convert_candidates(conversion: pd.DataFrame, min_timesheet_weeks: int = MIN_TIMESHEET_WEEKS) -> pd.DataFrame:
    """The convert-to-hire list: contractors past the tenure limit or dearer than an employee,
    with at least `min_timesheet_weeks` weeks of timesheets."""
    keep = _would_be_listed(conversion) & (conversion["timesheet_weeks"] >= min_timesheet_weeks)
    return conversion.loc[keep].reset_index(drop=True)


def too_new_to_judge(conversion: pd.DataFrame, min_timesheet_weeks: int = MIN_TIMESHEET_WEEKS) -> int:
    """How many contractors the list leaves out only because they have fewer than
    `min_timesheet_weeks` weeks of timesheets."""
    return int((_would_be_listed(conversion) & (conversion["timesheet_weeks"] < min_timesheet_weeks)).sum())


@dataclass(frozen=True)
class ConversionTotals:
    people: int
    contractor_annual_cost: float
    employee_annual_cost: float
    yearly_saving: float
    recruiting: float  # one-off: recruiting cost × people

    @property
    def first_year_saving(self) -> float:
        return self.yearly_saving - self.recruiting


def conversion_totals(candidates: pd.DataFrame, a: CostAssumptions) -> ConversionTotals:
    """Σ over the listed people (a saving may be negative for someone past the tenure limit)."""
    return ConversionTotals(
        people=len(candidates),
        contractor_annual_cost=float(candidates["contractor_annual_cost"].sum()),
        employee_annual_cost=float(candidates["employee_annual_cost"].sum()),
        yearly_saving=float(candidates["yearly_saving"].sum()),
        recruiting=float(a.recruiting_cost * len(candidates)),
    )


# -- what-if ---------------------------------------------------------------------------------------
ALL_DEPARTMENTS = "All departments"
ALL_SELECTED_DEPARTMENTS = "All selected departments"


def what_if_departments(filters: Filters, departments: Sequence[str]) -> list[str]:
    """The what-if's department choices: "All departments" and every department, or, when the
    sidebar limits departments, "All selected departments" and only those."""
    if filters.covered_departments:
        return [ALL_SELECTED_DEPARTMENTS, *filters.covered_departments]
    return [ALL_DEPARTMENTS, *departments]


def what_if_department(choice: str) -> str | None:
    """The department a what-if choice narrows to, None for one of the "All …" choices."""
    return None if choice in (ALL_DEPARTMENTS, ALL_SELECTED_DEPARTMENTS) else choice


def _count_past_limit(contractors: pd.DataFrame, limit_months: float, department: str | None) -> int:
    if department is not None:
        contractors = contractors[contractors["department"] == department]
    return int(past_tenure_limit(contractors["tenure_days"], limit_months).sum())


def past_limit_hidden_by_filters(
    ws: Workspace, filters: Filters, as_of: date, limit_months: float, department: str | None
) -> int:
    """Contractors active on `as_of` and past the tenure limit (in `department`, if given) whom the
    sidebar's department, role and worker-type filters leave out of the what-if."""
    everyone = contractors_as_of(ws, replace(filters, departments=(), roles=(), worker_types=()), as_of)
    shown = contractors_as_of(ws, filters, as_of)
    return _count_past_limit(everyone, limit_months, department) - _count_past_limit(shown, limit_months, department)


def nobody_past_limit_message(hidden: int, department: str | None, limit_months: float, as_of: date) -> str:
    """What the what-if says when it finds no one to convert: the plain fact when nobody (in the
    chosen department) is past the limit, or that the sidebar filters hide `hidden` who are."""
    limit = f"the {limit_months:.0f}-month tenure limit on {as_of:%d %b %Y}"
    if hidden > 0:
        scope = department if department is not None else "the selected departments and roles"
        others = "1 other who is" if hidden == 1 else f"{hidden:,} others who are"
        return (
            f"No contractor in {scope} is past {limit}; the sidebar filters exclude {others}. "
            "Widen the sidebar's filters to include them."
        )
    scope = department if department is not None else "the data"
    return (
        f"No contractor in {scope} is past {limit}, so there is no one to convert. Lower the limit in the "
        "sidebar's cost assumptions to explore."
    )


@dataclass(frozen=True)
class WhatIf:
    """Converting `converted` of the `long_running` contractors (past the tenure limit)."""

    long_running: int
    converted: int
    contractor_annual_cost: float  # of the converted, today
    employee_annual_cost: float  # of the converted, as employees
    annual_change: float  # employee − contractor: negative = spend goes down
    one_off_recruiting: float
    annual_spend: float | None  # the scope's current annualised spend (all people), for scale

    @property
    def change_share(self) -> float | None:
        return self.annual_change / self.annual_spend if self.annual_spend else None


def converted_count(long_running: int, share: float) -> int:
    """round(share × long_running), half up, within 0 … long_running."""
    return int(min(long_running, max(0, np.floor(share * long_running + 0.5))))


def annual_spend(facts: pd.DataFrame, a: CostAssumptions, days: int) -> float | None:
    """Everyone's spend in period facts covering `days` days (both worker types), scaled to 365
    days; None when fewer people than the privacy minimum were paid."""
    if facts.empty or privacy.is_suppressed(facts["people"].sum()):
        return None
    return float(costs.with_spend(facts, a)["spend"].sum() * periods.DAYS_PER_YEAR / days)


def what_if_conversion(
    conversion: pd.DataFrame, facts: pd.DataFrame, a: CostAssumptions, days: int, department: str | None, share: float
) -> WhatIf:
    """Convert `share` (0–1) of the contractors past the tenure limit in `department` (None = all),
    those with the largest yearly saving first: the projected change in annual spend.
    `conversion` from conversion_costs; `facts` the period facts covering `days` days."""
    if department is not None:
        conversion = conversion[conversion["department"] == department]
        facts = facts[facts["department"] == department]
    long_running = conversion.loc[conversion["past_tenure_limit"].astype(bool)]
    k = converted_count(len(long_running), share)
    chosen = long_running.head(k)  # conversion_costs sorts by yearly saving, largest first
    con_cost = float(chosen["contractor_annual_cost"].sum())
    emp_cost = float(chosen["employee_annual_cost"].sum())
    return WhatIf(
        long_running=len(long_running),
        converted=k,
        contractor_annual_cost=con_cost,
        employee_annual_cost=emp_cost,
        annual_change=emp_cost - con_cost,
        one_off_recruiting=float(a.recruiting_cost * k),
        annual_spend=annual_spend(facts, a, days),
    )


# -- sensitivity -----------------------------------------------------------------------------------
# Assumptions that do not enter the break-even (policy limits, utilization target).
NOT_IN_BREAK_EVEN = ("tenure_limit_months", "target_utilization", "spread_fixed_fees")
NEED_INPUTS = {"salary": "Employee salary", "contractor_rate": "Contractor hourly rate"}


def describe_value(name: str, value: float) -> str:
    """An input's value in its unit: 19.0%, $5,000, 42 days, $120,000 salary, $90.00/h."""
    if name == "salary":
        return formatting.money(value)
    if name == "contractor_rate":
        return formatting.money_per_hour(value)
    unit = ASSUMPTION_INFO[name][1]
    if unit == "pct":
        return f"{value * 100:.1f}%"
    if unit == "usd":
        return formatting.money(value)
    return f"{value:,.1f} {unit}"


def _vary(need: break_even.Need, a: CostAssumptions, name: str, factor: float):
    if name in NEED_INPUTS:
        return break_even.Need(**{**need.__dict__, name: getattr(need, name) * factor}), a
    value = getattr(a, name) * factor
    if name == "ramp_up_productivity":
        value = min(value, 1.0)
    return need, a.with_changes(**{name: value})


def sensitivity(need: break_even.Need, a: CostAssumptions, swing: float = 0.2) -> pd.DataFrame:
    """Each input varied by ±swing with the others held: columns input, label, low_value,
    high_value (and low_text, high_text in the input's unit), saving_low, saving_high (saving from hiring at the chosen duration),
    crossover_low, crossover_high (month, or NaN = none within 10 years), spread; widest first."""
    base = break_even.break_even(need, a)
    rows = []
    names = [*NEED_INPUTS, *(f.name for f in fields(CostAssumptions) if f.name not in NOT_IN_BREAK_EVEN)]
    for name in names:
        row: dict = {"input": name, "label": NEED_INPUTS.get(name) or ASSUMPTION_INFO[name][0]}
        for side, factor in (("low", 1 - swing), ("high", 1 + swing)):
            n2, a2 = _vary(need, a, name, factor)
            r = break_even.break_even(n2, a2)
            row[f"{side}_value"] = getattr(n2, name) if name in NEED_INPUTS else getattr(a2, name)
            row[f"{side}_text"] = describe_value(name, row[f"{side}_value"])
            row[f"saving_{side}"] = r.saving_from_hiring
            cross = r.crossover_month if r.crossover_month is not None else r.later_crossover_month
            row[f"crossover_{side}"] = float("nan") if cross is None else float(cross)
        rows.append(row)
    df = pd.DataFrame(rows)
    df["spread"] = (df["saving_high"] - df["saving_low"]).abs()
    df.attrs["base_saving"] = base.saving_from_hiring
    base_cross = base.crossover_month if base.crossover_month is not None else base.later_crossover_month
    df.attrs["base_crossover"] = base_cross
    return df.sort_values("spread", ascending=False).reset_index(drop=True)
