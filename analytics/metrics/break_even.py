"""Break-even between contracting and hiring for a need of H hours a week over M months.

The model, month by month (a month is analytics.metrics.periods' 365/12 days = 52/12 weeks; the need is
h = H × 52/12 hours a month; c = contractor cost per hour = rate × (1 + vendor-management fee);
e = employee cost per productive hour = fully loaded annual cost / productive hours per year):

- **Contracting**: a contractor covers every hour: cumulative cost after m months = c × h × m.
- **Hiring**:
  1. the recruiting cost is paid at month 0;
  2. during the time to fill (time_to_fill_days / (365/12) months) a contractor covers the whole
     need at c per hour;
  3. from the hire, the employee costs e per hour of the need every month (the hire is sized to
     the need: H hours a week of productive work is H × 52 / productive-hours-per-year FTE, so
     leave and holidays are paid for, as they are for a real employee);
  4. during ramp-up (ramp_up_weeks from the hire) the employee delivers only
     ramp_up_productivity of the hours, and a contractor still covers the shortfall,
     (1 − ramp_up_productivity) × h, at c per hour.
  Periods that end part-way through a month are pro-rated within it.

The **crossover month** is the first month-end at which hiring's cumulative cost is at or below
contracting's. After the ramp-up hiring accrues e per hour against contracting's c, so once it
has crossed it stays below; if e ≥ c it never crosses: contracting stays cheaper.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.metrics import costs, periods, privacy, reference
from analytics.metrics.assumptions import CostAssumptions
from analytics.metrics.filters import Filters
from analytics.store.db import Workspace

LONG_HORIZON_MONTHS = 120  # how far to look for a crossover beyond the chosen duration
TOLERANCE = 1e-6  # dollars: equal cumulative costs count as crossed


@dataclass(frozen=True)
class Need:
    """The work to staff and the pay it would take: contractor's hourly rate (before the
    vendor-management fee) and an employee's annual salary."""

    hours_per_week: float
    months: int
    salary: float
    contractor_rate: float


def hours_per_month(hours_per_week: float) -> float:
    """H × 52 / 12."""
    return hours_per_week * periods.WEEKS_PER_MONTH


def time_to_fill_months(a: CostAssumptions) -> float:
    return periods.days_to_months(a.time_to_fill_days)


def ramp_up_months(a: CostAssumptions) -> float:
    return a.ramp_up_weeks / periods.WEEKS_PER_MONTH


def _overlap(lo: np.ndarray, hi: np.ndarray, start: float, end: float) -> np.ndarray:
    """Length of [lo, hi) ∩ [start, end) for each month."""
    return np.clip(np.minimum(hi, end) - np.maximum(lo, start), 0.0, None)


def cumulative_costs(need: Need, a: CostAssumptions, months: int | None = None) -> pd.DataFrame:
    """Month 0 … months (default need.months): columns month, contracting, hiring (cumulative
    costs at each month-end) and the parts of hiring: recruiting, contractor_cover, employee."""
    n = need.months if months is None else months
    h = hours_per_month(need.hours_per_week)
    c = costs.contractor_cost_per_hour(need.contractor_rate, a)
    e = costs.employee_cost_per_productive_hour(need.salary, a)
    fill = time_to_fill_months(a)
    ramp_end = fill + ramp_up_months(a)
    m = np.arange(1, n + 1, dtype=float)
    lo, hi = m - 1, m
    before_hire = _overlap(lo, hi, 0.0, fill)
    ramping = _overlap(lo, hi, fill, ramp_end)
    employed = _overlap(lo, hi, fill, np.inf)
    cover = c * h * (before_hire + (1 - a.ramp_up_productivity) * ramping)
    employee = e * h * employed
    df = pd.DataFrame(
        {
            "month": np.arange(0, n + 1),
            "contracting": np.concatenate([[0.0], np.cumsum(np.full(n, c * h))]),
            "recruiting": np.full(n + 1, float(a.recruiting_cost)),
            "contractor_cover": np.concatenate([[0.0], np.cumsum(cover)]),
            "employee": np.concatenate([[0.0], np.cumsum(employee)]),
        }
    )
    df["hiring"] = df["recruiting"] + df["contractor_cover"] + df["employee"]
    return df[["month", "contracting", "hiring", "recruiting", "contractor_cover", "employee"]]


def crossover_month(curve: pd.DataFrame) -> int | None:
    """First month ≥ 1 whose cumulative hiring cost is at or below contracting's, or None."""
    crossed = curve[(curve["month"] >= 1) & (curve["hiring"] <= curve["contracting"] + TOLERANCE)]
    return None if crossed.empty else int(crossed["month"].iloc[0])


@dataclass(frozen=True)
class BreakEven:
    """The calculator's answer. saving_from_hiring = contracting − hiring at the chosen duration
    (negative: hiring costs more)."""

    crossover_month: int | None  # within the chosen duration
    later_crossover_month: int | None  # within LONG_HORIZON_MONTHS, if not within the duration
    contracting: float
    hiring: float
    saving_from_hiring: float
    contractor_cost_per_hour: float
    employee_cost_per_hour: float


def break_even(need: Need, a: CostAssumptions) -> BreakEven:
    """Crossover month and the cumulative costs at the chosen duration."""
    curve = cumulative_costs(need, a)
    within = crossover_month(curve)
    later = None
    if within is None:
        later = crossover_month(cumulative_costs(need, a, max(LONG_HORIZON_MONTHS, need.months)))
    end = curve.iloc[-1]
    return BreakEven(
        crossover_month=within,
        later_crossover_month=later,
        contracting=float(end["contracting"]),
        hiring=float(end["hiring"]),
        saving_from_hiring=float(end["contracting"] - end["hiring"]),
        contractor_cost_per_hour=float(costs.contractor_cost_per_hour(need.contractor_rate, a)),
        employee_cost_per_hour=float(costs.employee_cost_per_productive_hour(need.salary, a)),
    )


def verdict(result: BreakEven, months: int) -> str:
    """The answer in one plain sentence."""
    if result.crossover_month is not None:
        return (
            f"Hiring breaks even in month {result.crossover_month}: from then on its cumulative cost "
            "is at or below contracting's."
        )
    tail = (
        f" (it would break even in month {result.later_crossover_month})"
        if result.later_crossover_month is not None
        else f" (and would not break even within {max(LONG_HORIZON_MONTHS, months) // 12} years)"
    )
    return f"Contracting stays cheaper over the {months}-month horizon{tail}."


# -- defaults from the data ----------------------------------------------------------------------
def pay_medians(ws: Workspace, filters: Filters) -> pd.DataFrame:
    """Median salary / contractor rate per role × seniority (seniority NaN = all seniorities)
    and worker type. The worker-type filter is ignored: the calculator compares both types."""
    return ws.query("break_even_rates", {**filters.params(), "worker_types": []})


def roles(medians: pd.DataFrame) -> list[str]:
    """Roles to offer: those in the data, most people first, then benchmarked roles not in it."""
    seen: list[str] = []
    if len(medians):
        by_role = medians[medians["seniority"].isna()].groupby("role")["people"].sum()
        seen = sorted(by_role.index, key=lambda r: (-by_role[r], r))
    return seen + [r for r in reference.OEWS_MEDIAN_ANNUAL if r not in seen]


@dataclass(frozen=True)
class PayDefault:
    value: float | None
    source: str


MedianTable = dict[tuple[str, str | None, str], tuple[int, float | None, float | None]]


def median_table(medians: pd.DataFrame) -> MedianTable:
    """pay_medians as a dict (role, seniority or None, worker_type) → (people, salary, rate)."""
    return {
        (r.role, None if pd.isna(r.seniority) else r.seniority, r.worker_type): (
            int(r.people),
            None if pd.isna(r.median_salary) else float(r.median_salary),
            None if pd.isna(r.median_rate) else float(r.median_rate),
        )
        for r in medians.itertuples(index=False)
    }


def _median(table: MedianTable, role: str, seniority: str | None, worker_type: str) -> PayDefault:
    """The role × seniority median, else the role's over all seniorities, if enough people."""
    kind = "employees" if worker_type == "employee" else "contractors"
    levels = [(seniority, f"{seniority} {role}")] if seniority is not None else []
    for level, label in [*levels, (None, f"{role}, all seniorities")]:
        row = table.get((role, level, worker_type))
        if row is None or privacy.is_suppressed(row[0]):
            continue
        value = row[1] if worker_type == "employee" else row[2]
        if value is not None:
            return PayDefault(value, f"median of {row[0]} {kind} ({label}) in the filtered data")
    return PayDefault(None, "")


# Fallback contractor rate when the data has too few: OEWS hourly × (1 + a mid agency markup).
FALLBACK_MARKUP = 0.40


def salary_default(medians: pd.DataFrame | MedianTable, role: str, seniority: str | None) -> PayDefault:
    """Median salary of the role × seniority, else of the role, else the OEWS median: the
    convert-to-hire list's equivalent employee, whose source column says which was used.
    `medians` is pay_medians' frame, or its median_table when looking up many."""
    table = median_table(medians) if isinstance(medians, pd.DataFrame) else medians
    d = _median(table, role, seniority, "employee")
    if d.value is not None:
        return d
    oews = reference.oews_median_annual(role)
    if oews is not None:
        return PayDefault(oews, "BLS OEWS May 2024 median (too few employees in the data)")
    return PayDefault(None, "no data: type a salary")


def rate_default(medians: pd.DataFrame | MedianTable, role: str, seniority: str | None) -> PayDefault:
    """Median contractor rate of the role × seniority, else of the role, else OEWS hourly × 1.4."""
    table = median_table(medians) if isinstance(medians, pd.DataFrame) else medians
    d = _median(table, role, seniority, "contractor")
    if d.value is not None:
        return d
    hourly = reference.oews_median_hourly(role)
    if hourly is not None:
        return PayDefault(
            round(hourly * (1 + FALLBACK_MARKUP), 2),
            f"OEWS median hourly × {1 + FALLBACK_MARKUP:.2f} agency markup (too few contractors in the data)",
        )
    return PayDefault(None, "no data: type a rate")


# -- the calculator's defaults: like with like, or a fallback the user picks ------------------------
ALL_SENIORITIES = "All seniorities of this role"
OEWS_SALARY = "BLS OEWS median wage"
OEWS_RATE = f"BLS OEWS median wage × {1 + FALLBACK_MARKUP:.2f} agency markup"


@dataclass(frozen=True)
class PaySide:
    """One side of the calculator for a role × seniority: employees' salary or contractors' rate.
    `like_for_like` is that group's median when it has at least the privacy minimum of people,
    else None, and then `fallbacks` (choice label → figure, in the order offered) are what the
    user may pick instead: the role's median over all seniorities (if enough people) and the
    BLS OEWS figure (if the role is benchmarked)."""

    worker_type: str
    role: str
    seniority: str
    people: int
    like_for_like: PayDefault | None
    fallbacks: dict[str, PayDefault]

    @property
    def short(self) -> bool:
        """Too few people at this seniority to compare like with like."""
        return self.like_for_like is None

    @property
    def kind(self) -> str:
        return "employees" if self.worker_type == "employee" else "contractors"

    @property
    def pay(self) -> str:
        return "salary" if self.worker_type == "employee" else "contractor rate"


def _group_median(table: MedianTable, role: str, seniority: str | None, worker_type: str) -> tuple[int, float | None]:
    """(people, median pay) of a group, the median None when fewer than the privacy minimum."""
    row = table.get((role, seniority, worker_type))
    if row is None:
        return 0, None
    value = row[1] if worker_type == "employee" else row[2]
    return row[0], (value if row[0] >= privacy.min_group_size() else None)


def pay_side(medians: pd.DataFrame | MedianTable, role: str, seniority: str, worker_type: str) -> PaySide:
    """The salary (worker_type "employee") or contractor rate side of the calculator."""
    table = median_table(medians) if isinstance(medians, pd.DataFrame) else medians
    kind = "employees" if worker_type == "employee" else "contractors"
    people, value = _group_median(table, role, seniority, worker_type)
    if value is not None:
        same = PayDefault(value, f"median of {people} {kind} ({seniority} {role}) in the filtered data")
        return PaySide(worker_type, role, seniority, people, same, {})
    fallbacks: dict[str, PayDefault] = {}
    role_people, role_value = _group_median(table, role, None, worker_type)
    if role_value is not None:
        fallbacks[ALL_SENIORITIES] = PayDefault(
            role_value, f"median of {role_people} {kind} ({role}, all seniorities) in the filtered data"
        )
    if worker_type == "employee":
        oews = reference.oews_median_annual(role)
        if oews is not None:
            fallbacks[OEWS_SALARY] = PayDefault(oews, "BLS OEWS May 2024 median annual wage")
    else:
        hourly = reference.oews_median_hourly(role)
        if hourly is not None:
            fallbacks[OEWS_RATE] = PayDefault(
                round(hourly * (1 + FALLBACK_MARKUP), 2),
                f"BLS OEWS May 2024 median hourly wage × {1 + FALLBACK_MARKUP:.2f} agency markup",
            )
    return PaySide(worker_type, role, seniority, people, None, fallbacks)


def pay_used(side: PaySide, fallback: str | None = None) -> PayDefault:
    """The figure the calculator starts from: like for like when the data allows, else the chosen
    fallback (the first offered if `fallback` is None or not offered), else no figure."""
    if side.like_for_like is not None:
        return side.like_for_like
    if fallback in side.fallbacks:
        return side.fallbacks[fallback]
    if side.fallbacks:
        return next(iter(side.fallbacks.values()))
    return PayDefault(None, f"no data: type a {'salary' if side.worker_type == 'employee' else 'rate'}")


def _too_few(side: PaySide) -> str:
    group = f"{side.seniority} {side.role}"
    if side.people == 0:
        return f"no {group} {side.kind}"
    return f"fewer than {privacy.min_group_size()} {group} {side.kind}"


def like_for_like_warning(salary: PaySide, rate: PaySide) -> str | None:
    """What the verdict cannot compare like with like, or None when both sides come from the same
    role and seniority in the data."""
    short = [s for s in (salary, rate) if s.short]
    if not short:
        return None
    missing = " and ".join(_too_few(s) for s in short)
    pays = " and ".join(s.pay for s in short)
    offered = any(s.fallbacks for s in short)
    tail = (
        f"so the {pays} below {'is a fallback' if len(short) == 1 else 'are fallbacks'} you choose (or type your own)."
        if offered
        else f"and no benchmark exists: type the {pays}."
    )
    return f"Not like with like: the filtered data has {missing}, {tail}"
