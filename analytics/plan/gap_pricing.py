"""Pricing each role's gap both ways with the break-even engine (analytics/metrics/break_even.py): contract
(rate × hours) or hire (recruiting, a contractor through the time to fill, ramp-up, fully loaded
cost), the recommendation, its saving and break-even month, and whether the recommendation holds
if the tentative demand does or does not come in.

A role's gap over a band of demand runs from its first to its last month short of people: M months,
the need H = Σ shortfall hours over those months / (M × 52/12) hours a week (an average: months in
between with no shortfall count as 0). The break-even engine prices H hours a week for M months with
the role × seniority's median salary and contractor rate (break_even.pay_side / pay_used: like for
like, else the role's median over all seniorities, else the BLS OEWS figure). The seniority is the
one with the most expected demand hours for the role. Hiring is recommended when its cost over the
gap is below contracting's; the saving is the difference; hires needed = H × 52 / productive hours
per year, rounded up (break_even's sizing of a hire to the need).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from analytics.metrics import break_even, periods
from analytics.metrics.assumptions import CostAssumptions
from analytics.store.schema import SENIORITY_LEVELS

BANDS = {"low": "gap_low_hours", "expected": "gap_hours", "high": "gap_high_hours"}
TOLERANCE = 0.005  # dollars: a tie goes to contracting (no commitment)


@dataclass(frozen=True)
class GapNeed:
    role: str
    first_month: str
    last_month: str
    months: int
    hours_per_week: float
    shortfall_hours: float


def gap_need(role_gap: pd.DataFrame, column: str = "gap_hours") -> GapNeed | None:
    """The need a role's monthly gap rows (one role, months in order) add up to, or None if never short."""
    short = role_gap[role_gap[column] > 1e-9]
    if short.empty:
        return None
    order = role_gap["month"].tolist()
    i, j = order.index(short["month"].iloc[0]), order.index(short["month"].iloc[-1])
    months = j - i + 1
    total = float(short[column].sum())
    return GapNeed(str(role_gap["role"].iloc[0]), order[i], order[j], months, total / (months * periods.WEEKS_PER_MONTH),
                   total)


def pricing_seniorities(demand_rows: pd.DataFrame) -> dict[str, str]:
    """Per role, the seniority with the most expected demand hours a week (ties: the more junior)."""
    if demand_rows.empty:
        return {}
    d = demand_rows
    w = d["hours_per_week"].astype(float) * d["probability"].where(d["status"] == "tentative", 1.0).astype(float)
    by = w.groupby([d["role"].astype(object), d["seniority"].astype(object)]).sum()
    out: dict[str, str] = {}
    for (role, level), hours in by.items():
        rank = (hours, -SENIORITY_LEVELS.index(level) if level in SENIORITY_LEVELS else 0)
        if role not in out or rank > out[role][1]:
            out[role] = (level, rank)
    return {r: v[0] for r, v in out.items()}



@dataclass(frozen=True)
class FillPrice:
    need: GapNeed
    seniority: str
    salary: float
    rate: float
    salary_source: str
    rate_source: str
    contract_cost: float
    hire_cost: float
    recommendation: str  # "contract" | "hire"
    saving: float  # what the recommendation saves over the other way
    break_even_month: int | None  # hiring's crossover month within the gap, if any
    hires: int


def price(need: GapNeed, seniority: str, medians, a: CostAssumptions) -> FillPrice | None:
    """Both ways to fill `need` (None when the data and the BLS list have no salary or rate)."""
    salary = break_even.pay_used(break_even.pay_side(medians, need.role, seniority, "employee"))
    rate = break_even.pay_used(break_even.pay_side(medians, need.role, seniority, "contractor"))
    if not salary.value or not rate.value:
        return None
    result = break_even.break_even(
        break_even.Need(need.hours_per_week, need.months, salary.value, rate.value), a
    )
    hire = result.hiring < result.contracting - TOLERANCE
    return FillPrice(
        need=need, seniority=seniority, salary=salary.value, rate=rate.value, salary_source=salary.source,
        rate_source=rate.source, contract_cost=result.contracting, hire_cost=result.hiring,
        recommendation="hire" if hire else "contract", saving=abs(result.contracting - result.hiring),
        break_even_month=result.crossover_month,
        hires=math.ceil(need.hours_per_week * periods.WEEKS_PER_YEAR / a.productive_hours_per_year - 1e-9),
    )


PRICING_COLUMNS = [
    "role", "seniority", "first_month", "last_month", "months", "hours_per_week", "shortfall_hours", "salary",
    "rate", "contract_cost", "hire_cost", "recommendation", "saving", "break_even_month", "hires",
    "if_tentative_lost", "if_tentative_won", "tentative_note", "salary_source", "rate_source",
]


def _band_call(role_gap: pd.DataFrame, band: str, seniority: str, medians, a: CostAssumptions) -> str:
    need = gap_need(role_gap, BANDS[band])
    if need is None:
        return "no gap"
    salary = break_even.pay_used(break_even.pay_side(medians, need.role, seniority, "employee")).value
    rate = break_even.pay_used(break_even.pay_side(medians, need.role, seniority, "contractor")).value
    if not salary or not rate:
        return "no figures"
    end = break_even.cumulative_costs(break_even.Need(need.hours_per_week, need.months, salary, rate), a).iloc[-1]
    return "hire" if end["hiring"] < end["contracting"] - TOLERANCE else "contract"


def price_gaps(g: pd.DataFrame, demand_rows: pd.DataFrame, medians, a: CostAssumptions) -> pd.DataFrame:
    """One row per role short of people on expected demand: both fill costs, the recommendation, its
    saving, break-even month, hires needed, and the recommendation with no tentative demand
    (if_tentative_lost) and with all of it (if_tentative_won)."""
    rows = []
    table = break_even.median_table(medians) if isinstance(medians, pd.DataFrame) else medians
    levels = pricing_seniorities(demand_rows)
    for role, role_gap in g.groupby("role", sort=True):
        role_gap = role_gap.sort_values("month")
        need = gap_need(role_gap)
        if need is None:
            continue
        seniority = levels.get(role, "mid")
        p = price(need, seniority, table, a)
        if p is None:
            continue
        rows.append({
            "role": role, "seniority": seniority, "first_month": need.first_month, "last_month": need.last_month,
            "months": need.months, "hours_per_week": need.hours_per_week, "shortfall_hours": need.shortfall_hours,
            "salary": p.salary, "rate": p.rate, "contract_cost": p.contract_cost, "hire_cost": p.hire_cost,
            "recommendation": p.recommendation, "saving": p.saving, "break_even_month": p.break_even_month,
            "hires": p.hires, "if_tentative_lost": _band_call(role_gap, "low", seniority, table, a),
            "if_tentative_won": _band_call(role_gap, "high", seniority, table, a),
            "salary_source": p.salary_source, "rate_source": p.rate_source,
        })
        rows[-1]["tentative_note"] = sensitivity_note(rows[-1])
    return pd.DataFrame(rows, columns=PRICING_COLUMNS)


def with_chosen_fills(pricing: pd.DataFrame, fills: dict[str, str]) -> pd.DataFrame:
    """Add `fill` (the plan's choice for the role, else the recommendation) and `cost` of that fill."""
    out = pricing.copy()
    out["fill"] = [fills.get(r, rec) for r, rec in zip(out["role"], out["recommendation"], strict=True)]
    out["cost"] = out["hire_cost"].where(out["fill"] == "hire", out["contract_cost"]).astype(float)
    return out


def sensitivity_note(row) -> str:
    """How the recommendation for a role changes with the tentative demand, in plain words."""
    lost, won, rec = row["if_tentative_lost"], row["if_tentative_won"], row["recommendation"]
    if lost == rec and won == rec:
        return f"{rec.capitalize()} either way."
    parts = []
    if lost != rec:
        parts.append("without the tentative work: " + ("no gap" if lost == "no gap" else lost))
    if won != rec:
        parts.append("if all of it comes in: " + won)
    return f"{rec.capitalize()} on expected demand; " + "; ".join(parts) + "."
