"""Plan: expected capacity against demand by role and month ahead, the gap in hours and FTE, who
rolls off and the projected bench. Pricing the gaps is analytics/plan/gap_pricing.py.

The plan's months start on the first day of the month after the data's last day (the as-of date).
A month is analytics.metrics.periods' 52/12 weeks, pro-rated by the share of its days a person or a need
covers, so a full month of a 40-hour week is 40 × 52/12 = 173.33 hours, as in the break-even engine.

- **Capacity** of a person in a month = weekly_capacity_hours × (1 − the role's leave share over the
  last 52 weeks) × 52/12 × the share of the month's days between start_date and end_date; for
  employees also × (1 − annual attrition)^(k/12) in the plan's k-th month (the expected share still
  employed at its end). Annual attrition defaults to 1 − the Kaplan–Meier 12-month retention of the
  employees in the data. Contractors stay until their end date.
- **Demand** of a row in a month = hours_per_week × 52/12 × the share of the month's days between
  its start and end: confirmed rows count fully, tentative ones × probability (expected); the low
  band is confirmed only, the high band every tentative row at 100%. The work in hand is demand too:
  each active engagement's hours by role over the last four weeks, until its planned end
  (plan_engagement_demand.sql), unless a demand row names that engagement.
- **Gap** = expected demand − capacity (positive: short of people); FTE = hours / (40 × 52/12).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from analytics.metrics import horizon, periods, reference, retention
from analytics.metrics.filters import Filters
from analytics.plan.settings import PlanSettings
from analytics.store.db import Workspace
from analytics.store.schema import DEMAND_STATUSES

FULL_TIME_HOURS_PER_WEEK = 40.0
EDITABLE_ROWS = 2000  # more demand rows than this are edited in the CSV, not on the page
FTE_HOURS_PER_MONTH = FULL_TIME_HOURS_PER_WEEK * periods.WEEKS_PER_MONTH
DEMAND_COLUMNS = [
    "demand_id", "engagement_id", "department", "role", "seniority", "hours_per_week", "start_date", "end_date",
    "probability", "status",
]
GAP_COLUMNS = [
    "role", "month", "capacity_hours", "employee_hours", "contractor_hours", "demand_low_hours",
    "demand_hours", "demand_high_hours", "gap_hours", "gap_low_hours", "gap_high_hours", "capacity_fte",
    "demand_fte", "gap_fte",
]


@dataclass(frozen=True)
class PlanInputs:
    """What the plan reads from the workspace, once per filter selection (cached by the app)."""

    as_of: date | None  # the data's last day; None without data
    people: pd.DataFrame  # capacity groups (plan_capacity_groups.sql): role, worker_type, dates, hours, people
    leavers: pd.DataFrame  # plan_leavers.sql
    leave_rates: dict[str, float]  # role → share of contracted hours lost to leave
    demand: pd.DataFrame  # the demand table's rows (plan_demand.sql)
    engagement_demand: pd.DataFrame  # the work in hand (plan_engagement_demand.sql)
    attrition_from_data: float | None  # 1 − KM 12-month retention of employees
    employees_followed: int
    known_roles: tuple[str, ...]
    known_departments: tuple[str, ...]


def annual_attrition_from_km(employees: pd.DataFrame) -> float | None:
    """1 − S(12 months) of the Kaplan–Meier retention of the employees given (tenure_months, left, and
    optionally people: how many each row counts), or None when nobody was followed for 12 months."""
    if employees.empty:
        return None
    people = employees["people"] if "people" in employees.columns else None
    s = retention.survival_at(retention.kaplan_meier(employees["tenure_months"], employees["left"], people), 12.0)
    return None if s is None else 1.0 - s


def inputs(ws: Workspace, filters: Filters) -> PlanInputs:
    """Read the roster, leave rates, demand and work in hand as of the data's last day."""
    h = horizon.data_horizon(ws)
    as_of = h.last_day
    params = {**filters.params(), "worker_types": [], "as_of": as_of or date.today()}
    people = ws.query("plan_capacity_groups", params)
    leave = ws.query("plan_leave_rates")
    known = ws.query("plan_known_values").iloc[0]
    attrition, followed = None, 0
    if as_of is not None:
        t = ws.query("plan_employee_tenure", params)
        p = pd.DataFrame({"tenure_months": periods.days_to_months(t["tenure_days"].astype(float)),
                          "left": t["left_by_then"].astype(bool), "people": t["people"].astype("int64")})
        followed = int(p["people"].sum())
        attrition = annual_attrition_from_km(p)
    return PlanInputs(
        as_of=as_of,
        people=people,
        leavers=ws.query("plan_leavers", params),
        leave_rates={r.role: float(r.leave_share) for r in leave.itertuples() if pd.notna(r.leave_share)},
        demand=ws.query("plan_demand", params) if ws.has_table("demand") else pd.DataFrame(columns=DEMAND_COLUMNS),
        engagement_demand=ws.query("plan_engagement_demand", params) if as_of else pd.DataFrame(columns=DEMAND_COLUMNS),
        attrition_from_data=attrition,
        employees_followed=followed,
        known_roles=tuple(known["roles"]) if isinstance(known["roles"], list | tuple | np.ndarray) else (),
        known_departments=tuple(known["departments"])
        if isinstance(known["departments"], list | tuple | np.ndarray) else (),
    )


# -- months --------------------------------------------------------------------------------------
def plan_start(as_of: date) -> date:
    """The first day of the month after `as_of`."""
    return (pd.Timestamp(as_of).to_period("M") + 1).start_time.date()


def plan_months(as_of: date, months: int) -> pd.DataFrame:
    """The plan's months: month ("YYYY-MM"), k (1 …), first and last day, days."""
    first = pd.Period(plan_start(as_of), freq="M")
    ps = pd.period_range(first, periods=months, freq="M")
    return pd.DataFrame(
        {
            "month": [p.strftime("%Y-%m") for p in ps],
            "k": np.arange(1, months + 1),
            "first": [p.start_time.normalize() for p in ps],
            "last": [p.end_time.normalize() for p in ps],
            "days": [p.days_in_month for p in ps],
        }
    )


def month_shares(start: pd.Series, end: pd.Series, months: pd.DataFrame) -> np.ndarray:
    """rows × months: the share of each month's days between start and end (inclusive; NaT = open)."""
    s = pd.to_datetime(start).to_numpy(dtype="datetime64[D]")
    e = pd.to_datetime(end).to_numpy(dtype="datetime64[D]")
    s = np.where(np.isnat(s), np.datetime64("1900-01-01"), s)[:, None]
    e = np.where(np.isnat(e), np.datetime64("2200-01-01"), e)[:, None]
    lo = months["first"].to_numpy(dtype="datetime64[D]")[None, :]
    hi = months["last"].to_numpy(dtype="datetime64[D]")[None, :]
    days = (np.minimum(e, hi) - np.maximum(s, lo)).astype(int) + 1
    return np.clip(days, 0, None) / months["days"].to_numpy()[None, :]


def _isin(values: pd.Series, allowed) -> pd.Series:
    """values.isin(allowed) through a hash table (Arrow-backed strings check element by element)."""
    return values.astype(object).isin(set(allowed))


def _long(frame: pd.DataFrame, values: np.ndarray | dict[str, np.ndarray], months: pd.DataFrame, by: list[str],
          name: str = "") -> pd.DataFrame:
    """Sum rows × months matrices (one, called `name`, or a dict name → matrix) per `by` group into
    long form: *by, month, one column per matrix (groups sorted)."""
    matrices = values if isinstance(values, dict) else {name: values}
    if frame.empty:
        return pd.DataFrame(columns=[*by, "month", *matrices])
    parts = [pd.factorize(frame[c].astype(object), sort=True) for c in by]
    flat = np.ravel_multi_index([codes for codes, _ in parts], [len(u) for _, u in parts])
    groups, inverse = np.unique(flat, return_inverse=True)
    which = np.unravel_index(groups, [len(u) for _, u in parts])
    n = len(months)
    out = pd.DataFrame({c: np.repeat(np.asarray(u, dtype=object)[w], n) for c, (_, u), w in zip(by, parts, which,
                                                                                             strict=True)})
    out["month"] = np.tile(months["month"].to_numpy(), len(groups))
    for col, m in matrices.items():
        sums = np.zeros((len(groups), m.shape[1]))
        np.add.at(sums, inverse, m)
        out[col] = sums.reshape(-1)
    return out


# -- capacity -----------------------------------------------------------------------------------
def person_month_hours(people: pd.DataFrame, leave_rates: dict[str, float], months: pd.DataFrame,
                       annual_attrition: float) -> np.ndarray:
    """rows × months: each row's expected hours (module docstring), × its `people` when given (groups)."""
    weekly = people["weekly_capacity_hours"].to_numpy(dtype=float)
    if "people" in people:
        weekly = weekly * people["people"].to_numpy(dtype=float)
    leave = people["role"].map(leave_rates).fillna(0.0).to_numpy(dtype=float)
    share = month_shares(people["start_date"], people["end_date"], months)
    still = (1.0 - annual_attrition) ** (months["k"].to_numpy(dtype=float) / 12.0)
    is_emp = (people["worker_type"] == "employee").to_numpy()[:, None]
    thinning = np.where(is_emp, still[None, :], 1.0)
    return (weekly * (1.0 - leave) * periods.WEEKS_PER_MONTH)[:, None] * share * thinning


def capacity(people: pd.DataFrame, leave_rates: dict[str, float], months: pd.DataFrame,
             annual_attrition: float) -> pd.DataFrame:
    """Expected capacity per role × worker type × month: role, worker_type, month, hours."""
    hours = person_month_hours(people, leave_rates, months, annual_attrition)
    return _long(people, hours, months, ["role", "worker_type"], "hours")


# -- demand -------------------------------------------------------------------------------------
def effective_demand(inp: PlanInputs, settings: PlanSettings) -> pd.DataFrame:
    """The demand rows the plan uses: the demand table with the plan's edits (rows added or changed,
    by demand_id) and probability overrides, plus the work in hand of engagements no row names."""
    rows = inp.demand[DEMAND_COLUMNS].copy()
    if settings.demand_edits:
        edits = pd.DataFrame([dict(e) for e in settings.demand_edits]).reindex(columns=DEMAND_COLUMNS)
        for c in ("start_date", "end_date"):
            edits[c] = pd.to_datetime(edits[c], errors="coerce")
        rows = pd.concat([rows[~rows["demand_id"].isin(edits["demand_id"])], edits], ignore_index=True)
    for demand_id, p in settings.probability_overrides:
        rows.loc[rows["demand_id"] == demand_id, "probability"] = p
    named = set(rows["engagement_id"].dropna())
    work = inp.engagement_demand[~_isin(inp.engagement_demand["engagement_id"], named)][DEMAND_COLUMNS]
    rows = rows.assign(source="demand")
    if len(work):
        work = work.assign(source="work in hand")
        rows = pd.concat([rows, work], ignore_index=True) if len(rows) else work.reset_index(drop=True)
    return rows.reset_index(drop=True)


def editable_demand(inp: PlanInputs, settings: PlanSettings) -> pd.DataFrame:
    """The demand rows a user may edit on the page (the table's, with the plan's edits), not the work in hand."""
    rows = effective_demand(inp, settings)
    return rows[rows["source"] == "demand"][DEMAND_COLUMNS].reset_index(drop=True)


def demand_problems(rows: pd.DataFrame, known_roles, known_departments) -> tuple[pd.DataFrame, list[str]]:
    """(the rows the plan can use, one plain message per row left out): end before start, probability
    outside 0–1, a status other than tentative/confirmed, a role not in the roster or the BLS list, a
    department not in the roster or the engagements, missing dates or hours. Checked column by column
    (tens of thousands of rows at scale); only the rows left out are worded one by one."""
    if rows.empty:
        return rows.reset_index(drop=True), []
    roles = set(known_roles) | set(reference.OEWS_MEDIAN_ANNUAL)
    start = pd.to_datetime(rows["start_date"], errors="coerce")
    end = pd.to_datetime(rows["end_date"], errors="coerce")
    p = pd.to_numeric(rows["probability"], errors="coerce")
    h = pd.to_numeric(rows["hours_per_week"], errors="coerce")
    checks = [
        (start.isna() | end.isna(), lambda r, i: "start_date and end_date are both needed"),
        (end < start, lambda r, i: f"end_date {end.iloc[i]:%Y-%m-%d} is before start_date {start.iloc[i]:%Y-%m-%d}"),
        (p.isna() | (p < 0) | (p > 1), lambda r, i: f"probability {r.probability} is outside 0–1"),
        (h.isna() | (h < 0), lambda r, i: f"hours_per_week {r.hours_per_week} is not a number of hours"),
        (~_isin(rows["status"], DEMAND_STATUSES), lambda r, i: f"status {r.status!r} is not tentative or confirmed"),
        (~_isin(rows["role"], roles), lambda r, i: f"role {r.role!r} is not a role in the roster"),
        (~_isin(rows["department"], known_departments),
         lambda r, i: f"department {r.department!r} is not a department in the roster"),
    ]
    masks = np.column_stack([m.fillna(False).to_numpy(dtype=bool) for m, _ in checks])
    bad = masks.any(axis=1)
    problems = []
    for i in np.flatnonzero(bad):
        r = rows.iloc[i]
        why = "; ".join(word(r, i) for (_, word), hit in zip(checks, masks[i], strict=True) if hit)
        problems.append(f"Demand row {i + 1} ({r.demand_id}): {why}. It is left out of the plan.")
    out = rows[~bad].copy()
    out["start_date"], out["end_date"] = start[~bad], end[~bad]
    out["probability"], out["hours_per_week"] = p[~bad].astype(float), h[~bad].astype(float)
    return out.reset_index(drop=True), problems


def demand_by_role(rows: pd.DataFrame, months: pd.DataFrame) -> pd.DataFrame:
    """Demand per role × month: role, month, low_hours (confirmed), hours (expected), high_hours."""
    cols = ["role", "month", "low_hours", "hours", "high_hours"]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    full = rows["hours_per_week"].to_numpy(dtype=float)[:, None] * periods.WEEKS_PER_MONTH * month_shares(
        rows["start_date"], rows["end_date"], months)
    confirmed = (rows["status"] == "confirmed").to_numpy()[:, None]
    p = rows["probability"].to_numpy(dtype=float)[:, None]
    out = _long(rows, {"low_hours": np.where(confirmed, full, 0.0), "hours": np.where(confirmed, full, full * p),
                       "high_hours": full}, months, ["role"])
    return out[cols]


# -- the gap ------------------------------------------------------------------------------------
def gap(cap: pd.DataFrame, dem: pd.DataFrame, months: pd.DataFrame, leave_out_roles=()) -> pd.DataFrame:
    """Role × month: capacity (all, employees, contractors), demand (low, expected, high), gap hours
    for each band and FTE. Roles with no demand that never bill (`leave_out_roles`) are left out."""
    by_type = cap.pivot_table(index=["role", "month"], columns="worker_type", values="hours", aggfunc="sum",
                              fill_value=0.0) if len(cap) else pd.DataFrame()
    roles = sorted(set(cap["role"]) | set(dem["role"]))
    roles = [r for r in roles if r not in set(leave_out_roles) or r in set(dem["role"])]
    grid = pd.MultiIndex.from_product([roles, months["month"]], names=["role", "month"]).to_frame(index=False)
    out = grid.merge(by_type.reset_index() if len(by_type) else grid, on=["role", "month"], how="left")
    for t in ("employee", "contractor"):
        out[f"{t}_hours"] = out[t].astype(float).fillna(0.0) if t in out else 0.0
    out["capacity_hours"] = out["employee_hours"] + out["contractor_hours"]
    out = out.merge(dem, on=["role", "month"], how="left")
    for band, col in (("low", "low_hours"), ("", "hours"), ("high", "high_hours")):
        name = f"demand_{band}_hours" if band else "demand_hours"
        out[name] = out[col].astype(float).fillna(0.0) if col in out else 0.0
        out[f"gap_{band}_hours" if band else "gap_hours"] = out[name] - out["capacity_hours"]
    out["capacity_fte"] = out["capacity_hours"] / FTE_HOURS_PER_MONTH
    out["demand_fte"] = out["demand_hours"] / FTE_HOURS_PER_MONTH
    out["gap_fte"] = out["gap_hours"] / FTE_HOURS_PER_MONTH
    return out[GAP_COLUMNS]


def gap_by_month(g: pd.DataFrame) -> pd.DataFrame:
    """Totals per month: capacity, demand (three bands) in hours and FTE, shortfall FTE (Σ of roles
    short of people) and projected bench FTE (Σ of capacity no demand needs, billable roles only as
    `gap` left them)."""
    cols = ["month", "capacity_hours", "demand_low_hours", "demand_hours", "demand_high_hours"]
    if g.empty:
        return pd.DataFrame(columns=[*cols, "shortfall_fte", "bench_fte",
                                     *(c.replace("_hours", "_fte") for c in cols[1:])])
    t = g.assign(short=g["gap_hours"].clip(lower=0), free=(-g["gap_hours"]).clip(lower=0))
    out = t.groupby("month", as_index=False)[cols[1:] + ["short", "free"]].sum()
    out["shortfall_fte"] = out.pop("short") / FTE_HOURS_PER_MONTH
    out["bench_fte"] = out.pop("free") / FTE_HOURS_PER_MONTH
    for c in cols[1:]:
        out[c.replace("_hours", "_fte")] = out[c] / FTE_HOURS_PER_MONTH
    return out


def roll_offs(people: pd.DataFrame, months: pd.DataFrame) -> pd.DataFrame:
    """People whose end date falls in the plan's months, soonest first: why (contract ends / planned
    leaver), full_name, worker_type, role, department, end_date, weekly hours."""
    cols = ["end_date", "why", "full_name", "worker_type", "role", "department", "weekly_capacity_hours"]
    if people.empty:
        return pd.DataFrame(columns=cols)
    end = pd.to_datetime(people["end_date"])
    inside = end.notna() & (end >= months["first"].iloc[0]) & (end <= months["last"].iloc[-1])
    out = people[inside].assign(end_date=end[inside].dt.date)
    out["why"] = np.where(out["worker_type"] == "contractor", "contract ends", "planned leaver")
    return out.sort_values(["end_date", "full_name"])[cols].reset_index(drop=True)
