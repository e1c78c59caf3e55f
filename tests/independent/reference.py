"""The dashboard's headline figures worked out again from the raw CSV files, by PRODUCT.md's
definitions and issue 10's decisions, in plain Python and pandas.

This module imports nothing from analytics/ or ui/ (tests/test_reference_handworked.py checks
that): it is a second, deliberately naive implementation (one person, one week, one engagement
at a time) that the pages are compared with. Where it disagrees with a page, one of the two is
wrong, and the hand-worked fixture (tests/handworked.py) says which.

Rules it follows (PRODUCT.md + the decisions of issue 10):
- Data horizon: whole months, from the first day of the month of the first timesheet week to the
  last day of the month holding the last timesheet week's last day.
- As-of date (headcount, tenure): the period's last day, or the horizon's if earlier.
- Employees are paid for every day employed in the period (clipped to the horizon):
  (salary × (1 + benefits + payroll tax) + overhead) × days / 365, whatever the timesheets say.
- A week's hours count in the month its week_start falls in, on every page (also hours a
  contractor logged in the week holding their start date, when that week starts earlier).
- Capacity, for each week the timesheets cover and the person was employed on a workday:
  weekly_capacity_hours × workdays employed / 5 − time off, floored at 0.
- Billable utilization = Σ billable hours / Σ capacity over people in billable roles only;
  allocation = Σ logged hours / Σ capacity over everyone.
- An engagement's span is actual_start (else planned_start) to actual_end; one started and not
  ended runs until the horizon's end (or today if earlier); one not started spans its plan.
- Tenure: Kaplan–Meier median by worker type over the filtered roster who started by the as-of
  date; leaving = end_date on or before the as-of date; everyone else censored at the as-of date.
- Pay aggregates over 1–4 people (the privacy minimum, default 5) are withheld: None here.
- Pay that changes (the optional compensation.csv, issue 16): a person's salary, rate or weekly
  hours on a day is the latest non-empty value among their entries dated on or before that day
  (before their first entry, that first entry's); with no such value, the roster's. Salary is
  paid day by day at the salary of that day; a week's hours are paid, and its capacity counted,
  at the rate and weekly hours of its Monday. Break-even medians take each person's pay on their
  last day in the period.
- Pricing models (issue 16): an engagement is time_and_materials unless its pricing_model says
  fixed_fee or milestone. On those, the hours of "the vendor's people" (contractors whose vendor,
  Independent when empty, is the engagement's; any contractor when it names none) are not paid by
  the hour: the engagement's invoices (the optional invoices.csv) are, each in the month of its
  invoice_date, shared among those people by the hours each logged on the engagement in all (with
  the spread setting, a fixed fee's invoiced total is paid day by day over the engagement's days:
  actual_start, else planned_start, to actual_end, else planned_end). Invoices of an engagement
  none of them logged on count under the engagement's department. No vendor-management fee on
  invoices. Invoices of a time_and_materials engagement do not count.
- Currencies (issue 16): a person's pay is in their roster currency (workers.currency), or the
  latest non-empty currency of their compensation entries on that day. It is converted into the
  reporting currency (USD unless given) with fx_rates.csv: the rate of the month the amount falls in
  (a salary's day, a week's Monday, an invoice's date) for spend, the latest month's rate on or before the day for pay
  in force on a day (break-even medians). The reporting currency's own rate is 1. An amount whose
  month has no rate is left out (not counted as zero cost: simply not in the sums).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

# Calendar lengths, restated here on purpose (the app keeps its own in analytics/metrics/periods.py; a
# test checks the two agree): a day is 1/365 of a year, a month 365/12 days or 52/12 weeks.
DAYS_PER_YEAR = 365
DAYS_PER_MONTH = 365 / 12
WEEKS_PER_MONTH = 52 / 12
WORKDAYS_PER_WEEK = 5

NON_BILLABLE_ROLES = frozenset({"Computer User Support Specialist", "Computer and Information Systems Manager"})
MIN_GROUP = 5

# BLS OEWS May 2024 national median annual wages (PRODUCT.md), the fallback pay of break-even.
OEWS_MEDIAN_ANNUAL = {
    "Software Developer": 133080.0,
    "Information Security Analyst": 124910.0,
    "Database Administrator": 104620.0,
    "Computer Systems Analyst": 103790.0,
    "Project Management Specialist": 100750.0,
    "Network and Systems Administrator": 96800.0,
    "Computer User Support Specialist": 60340.0,
    "Computer and Information Systems Manager": 171200.0,
}
PAID_HOURS_PER_YEAR = 2080
FALLBACK_AGENCY_MARKUP = 0.40  # the middle of PRODUCT.md's 20–60% agency markups


@dataclass(frozen=True)
class Assumptions:
    """PRODUCT.md's default cost assumptions."""

    benefits_load: float = 0.19
    payroll_tax: float = 0.083
    overhead_per_employee: float = 5000.0
    productive_hours_per_year: float = 1860.0
    vendor_management_fee: float = 0.03
    recruiting_cost: float = 4700.0
    time_to_fill_days: float = 42.0
    ramp_up_weeks: float = 12.0
    ramp_up_productivity: float = 0.5
    tenure_limit_months: float = 18.0
    target_utilization: float = 0.75
    spread_fixed_fees: bool = False


DEFAULTS = Assumptions()

# The Break-even page's calculator as it first opens (pages/break_even.py).
BREAK_EVEN_SENIORITY = "mid"
BREAK_EVEN_HOURS_PER_WEEK = 40.0
BREAK_EVEN_MONTHS = 24
BREAK_EVEN_LONG_MONTHS = 120


@dataclass
class Data:
    workers: pd.DataFrame
    engagements: pd.DataFrame
    timesheets: pd.DataFrame
    time_off: pd.DataFrame
    # worker_id → [(effective_date, {column: value or None})], oldest first
    compensation: dict[str, list[tuple[date, dict]]] | None = None
    invoices: pd.DataFrame | None = None  # engagement_id, invoice_date, amount (invoices.csv, optional)
    # (currency, first day of month) → what one unit is worth in the reporting currency
    fx: dict[tuple[str, date], float] | None = None
    reporting: str = "USD"


PAY_COLUMNS = ("annual_salary", "hourly_rate", "weekly_capacity_hours")


def pay_on(data: Data, p: dict, column: str, d: date) -> float | None:
    """p's `column` in force on day d (the rules above), one entry at a time."""
    entries = (data.compensation or {}).get(p["worker_id"], [])
    value = None
    for i, (effective, values) in enumerate(entries):
        if (effective <= d or i == 0) and values[column] is not None:
            value = values[column]
    return p[column] if value is None else value


def currency_on(data: Data, p: dict, d: date) -> str:
    """The currency p is paid in on day d: the latest non-empty one of their entries (before the first,
    the first's), else the roster's, else the reporting currency."""
    value = None
    for i, (effective, values) in enumerate((data.compensation or {}).get(p["worker_id"], [])):
        if (effective <= d or i == 0) and values.get("currency"):
            value = values["currency"]
    return value or p.get("currency") or data.reporting


def rate_on(data: Data, code: str, d: date, monthly: bool = True) -> float | None:
    """One `code` in the reporting currency: that month's rate (monthly), else the latest month's on or
    before d; 1 for the reporting currency; None when there is none."""
    if code == data.reporting:
        return 1.0
    fx = data.fx or {}
    if monthly:
        return fx.get((code, date(d.year, d.month, 1)))
    months = [m for (c, m) in fx if c == code and m <= d]
    return fx[(code, max(months))] if months else None


def converted_on(data: Data, p: dict, column: str, d: date, monthly: bool = True) -> float | None:
    """pay_on in the reporting currency (None: no pay, or no rate for it)."""
    value = pay_on(data, p, column, d)
    if value is None:
        return None
    rate = rate_on(data, currency_on(data, p, d), d, monthly)
    return None if rate is None else value * rate


def _dates(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    for c in columns:
        df[c] = [None if pd.isna(v) or v == "" else date.fromisoformat(str(v)[:10]) for v in df[c]]
    return df


def load(folder: str | Path, reporting: str = "USD") -> Data:
    """Read workers, engagements, timesheets and time_off (and compensation, fx_rates when there) from a
    folder of CSV files; amounts are to be reported in `reporting`."""
    folder = Path(folder)

    def read(name: str) -> pd.DataFrame:
        return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)

    workers = _dates(read("workers"), ["start_date", "end_date"])
    for c in ("annual_salary", "hourly_rate", "weekly_capacity_hours"):
        workers[c] = [float(v) if v != "" else None for v in workers[c]]
    eng = _dates(read("engagements"), ["planned_start", "planned_end", "actual_start", "actual_end"])
    if "pricing_model" not in eng:  # a file from before pricing models: every engagement by the hour
        eng["pricing_model"] = ""
    eng["pricing_model"] = [v or "time_and_materials" for v in eng["pricing_model"]]
    invoices = None
    if (folder / "invoices.csv").is_file():
        invoices = _dates(read("invoices"), ["invoice_date"])
        invoices["amount"] = [float(v) for v in invoices["amount"]]
    ts = _dates(read("timesheets"), ["week_start"])
    ts["hours"] = [float(v) if v != "" else 0.0 for v in ts["hours"]]
    ts["billable"] = [str(v).strip().lower() in ("true", "1", "yes", "t") for v in ts["billable"]]
    off = _dates(read("time_off"), ["week_start"])
    off["hours"] = [float(v) if v != "" else 0.0 for v in off["hours"]]
    compensation: dict[str, list[tuple[date, dict]]] = {}
    if (folder / "compensation.csv").is_file():
        comp = _dates(read("compensation"), ["effective_date"])
        for r in comp.to_dict("records"):
            values = {c: float(r[c]) if r[c] != "" else None for c in PAY_COLUMNS}
            values["currency"] = r.get("currency") or None
            compensation.setdefault(r["worker_id"], []).append((r["effective_date"], values))
        for entries in compensation.values():
            entries.sort(key=lambda e: e[0])
    fx: dict[tuple[str, date], float] = {}
    if (folder / "fx_rates.csv").is_file():
        for r in _dates(read("fx_rates"), ["month"]).to_dict("records"):
            if r["currency"] != reporting:  # the reporting currency's own rows are not used
                fx[(r["currency"], r["month"])] = float(r["rate_to_reporting"])
    return Data(workers, eng, ts, off, compensation, invoices, fx, reporting)


# -- calendar ------------------------------------------------------------------------------
def month_start(month: str) -> date:
    """'2026-11' → 1 Nov 2026."""
    y, m = (int(p) for p in month.split("-"))
    return date(y, m, 1)


def month_end(d: date) -> date:
    """The last day of d's month."""
    first_next = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def days_between(lo: date, hi: date) -> int:
    """Days in [lo, hi], both included (0 if empty)."""
    return max(0, (hi - lo).days + 1)


@dataclass(frozen=True)
class View:
    """What a page is asked for: the period's first and last day, departments (empty = all)."""

    start: date
    end: date
    departments: tuple[str, ...]
    horizon_start: date
    horizon_end: date
    first_week: date
    last_week: date
    today: date

    @property
    def as_of(self) -> date:
        return min(self.end, self.horizon_end)

    def weeks(self) -> list[date]:
        """The Mondays the timesheets cover whose week starts inside the period."""
        out, w = [], self.first_week
        while w <= self.last_week:
            if self.start <= w <= self.end:
                out.append(w)
            w += timedelta(days=7)
        return out


def make_view(data: Data, first_month: str, last_month: str, departments=(), today: date | None = None) -> View:
    first_week = min(data.timesheets["week_start"])
    last_week = max(data.timesheets["week_start"])
    return View(
        start=month_start(first_month),
        end=month_end(month_start(last_month)),
        departments=tuple(departments or ()),
        horizon_start=first_week.replace(day=1),
        horizon_end=month_end(last_week + timedelta(days=6)),
        first_week=first_week,
        last_week=last_week,
        today=today or date.today(),
    )


def _people(data: Data, view: View) -> list[dict]:
    rows = data.workers.to_dict("records")
    if view.departments:
        rows = [r for r in rows if r["department"] in view.departments]
    return rows


def _employed_days(p: dict, lo: date, hi: date) -> int:
    """Days p was employed within [lo, hi]."""
    first = max(p["start_date"], lo)
    last = hi if p["end_date"] is None else min(p["end_date"], hi)
    return days_between(first, last)


def _withheld(value: float | None, people: int, min_group: int) -> float | None:
    return None if 0 < people < min_group else value


def _ratio(num: float, den: float) -> float | None:
    return num / den if den else None


# -- headcount -----------------------------------------------------------------------------
def headcount(data: Data, view: View) -> dict[str, int]:
    """People active on the as-of date, by worker type."""
    d = view.as_of
    out = {"employee": 0, "contractor": 0}
    for p in _people(data, view):
        if p["start_date"] <= d and (p["end_date"] is None or p["end_date"] >= d):
            out[p["worker_type"]] += 1
    return out


# -- spend and cost per hour ------------------------------------------------------------------
def costs(data: Data, view: View, a: Assumptions = DEFAULTS, min_group: int = MIN_GROUP) -> dict[str, object]:
    lo, hi = max(view.start, view.horizon_start), min(view.end, view.horizon_end)
    weeks = set(view.weeks())
    people = _people(data, view)
    ids = {p["worker_id"]: p for p in people}
    logged: dict[str, float] = {}
    billable: dict[str, float] = {}
    billed: dict[str, float] = {}  # Σ hours × the rate of the week's Monday
    invoiced = invoiced_spend(data, lo, hi, a)  # worker_id (or ("department", d)) → spend
    for r in data.timesheets.itertuples(index=False):
        if r.worker_id in ids and r.week_start in weeks:
            logged[r.worker_id] = logged.get(r.worker_id, 0.0) + r.hours
            rate = converted_on(data, ids[r.worker_id], "hourly_rate", r.week_start) or 0.0  # no rate: left out
            if not by_invoice(data, ids[r.worker_id], r.engagement_id):
                billed[r.worker_id] = billed.get(r.worker_id, 0.0) + r.hours * rate
            if r.billable:
                billable[r.worker_id] = billable.get(r.worker_id, 0.0) + r.hours

    emp_spend = emp_days = emp_billable = 0.0
    con_spend = con_hours = con_billable = 0.0
    emp_paid = con_paid = 0
    for p in people:
        days = _employed_days(p, lo, hi)
        if p["worker_type"] == "employee":
            if days:
                emp_paid += 1
                d = max(p["start_date"], lo)
                while d <= (hi if p["end_date"] is None else min(p["end_date"], hi)):  # day by day
                    salary = converted_on(data, p, "annual_salary", d) or 0.0  # no rate: the salary is left out
                    emp_spend += (salary * (1 + a.benefits_load + a.payroll_tax) + a.overhead_per_employee) / DAYS_PER_YEAR
                    d += timedelta(days=1)
                emp_days += days
            emp_billable += billable.get(p["worker_id"], 0.0)
        else:
            hours = logged.get(p["worker_id"], 0.0)
            if days or hours:
                con_paid += 1
            con_spend += billed.get(p["worker_id"], 0.0) * (1 + a.vendor_management_fee)
            con_spend += invoiced.get(p["worker_id"], 0.0)
            con_hours += hours
            con_billable += billable.get(p["worker_id"], 0.0)
    for key, amount in invoiced.items():  # invoices nobody's hours carry: the engagement's department
        if isinstance(key, tuple) and (not view.departments or key[1] in view.departments):
            con_spend += amount
    productive = emp_days / DAYS_PER_YEAR * a.productive_hours_per_year
    emp = _withheld(emp_spend, emp_paid, min_group)
    con = _withheld(con_spend, con_paid, min_group)
    total = None if emp is None or con is None else emp + con
    return {
        "employee_spend": emp,
        "contractor_spend": con,
        "employee_paid_people": emp_paid,
        "contractor_paid_people": con_paid,
        "total_spend": total,
        "contractor_share": None if total is None else _ratio(con, total),
        "employee_person_days": emp_days,
        "employee_productive_hours": productive,
        "contractor_hours": con_hours,
        "employee_billable_hours": emp_billable,
        "contractor_billable_hours": con_billable,
        "employee_cost_per_productive_hour": None if emp is None else _ratio(emp, productive),
        "contractor_cost_per_hour": None if con is None else _ratio(con, con_hours),
        "employee_cost_per_billable_hour": None if emp is None else _ratio(emp, emp_billable),
        "contractor_cost_per_billable_hour": None if con is None else _ratio(con, con_billable),
    }


def _engagement(data: Data, engagement_id) -> dict | None:
    if "_by_id" not in data.__dict__:  # looked up once per timesheet row: a dict, made once
        data.__dict__["_by_id"] = {e["engagement_id"]: e for e in data.engagements.to_dict("records")}
    return data.__dict__["_by_id"].get(engagement_id)


def by_invoice(data: Data, p: dict, engagement_id) -> bool:
    """Whether p's hours on the engagement are paid by its invoices, not by the hour."""
    e = _engagement(data, engagement_id) if engagement_id else None
    if e is None or e["pricing_model"] == "time_and_materials" or p["worker_type"] != "contractor":
        return False
    return e["vendor"] == "" or (p["vendor"] or "Independent") == e["vendor"]


def invoiced_spend(data: Data, lo: date, hi: date, a: Assumptions) -> dict:
    """Invoiced spend falling in lo … hi per person (and per ("department", d) for invoices of an
    engagement nobody's hours carry), one engagement, invoice and day at a time."""
    out: dict = {}
    if data.invoices is None:
        return out
    people = {p["worker_id"]: p for p in data.workers.to_dict("records")}
    for e in data.engagements.to_dict("records"):
        if e["pricing_model"] == "time_and_materials":
            continue
        hours: dict[str, float] = {}
        for r in data.timesheets.itertuples(index=False):
            if r.engagement_id == e["engagement_id"] and by_invoice(data, people[r.worker_id], r.engagement_id):
                hours[r.worker_id] = hours.get(r.worker_id, 0.0) + r.hours
        hours = {k: v for k, v in hours.items() if v > 0}
        mine = data.invoices[data.invoices["engagement_id"] == e["engagement_id"]]
        # each invoice in the reporting currency at its month's rate; one without a rate is left out
        converted = [(r.invoice_date, r.amount * rate) for r in mine.itertuples()
                     if (rate := rate_on(data, getattr(r, "currency", "") or "USD", r.invoice_date)) is not None]
        if e["pricing_model"] == "fixed_fee" and a.spread_fixed_fees:
            first = e["actual_start"] or e["planned_start"]
            last = max(e["actual_end"] or e["planned_end"], first)
            per_day = sum(v for _, v in converted) / days_between(first, last)
            amount = per_day * days_between(max(first, lo), min(last, hi))
        else:
            amount = sum(v for d, v in converted if lo <= d <= hi)
        if not hours:
            key = ("department", e["department"])
            out[key] = out.get(key, 0.0) + amount
        for worker_id, h in hours.items():
            out[worker_id] = out.get(worker_id, 0.0) + amount * h / sum(hours.values())
    return out


# -- utilization ----------------------------------------------------------------------------
def _workdays(p: dict, monday: date) -> int:
    n = 0
    for i in range(WORKDAYS_PER_WEEK):
        d = monday + timedelta(days=i)
        if p["start_date"] <= d and (p["end_date"] is None or d <= p["end_date"]):
            n += 1
    return n


def person_weeks(data: Data, view: View) -> list[dict]:
    """One row per filtered person × covered week in the period: capacity, logged, billable."""
    weeks = view.weeks()
    wk = set(weeks)
    logged: dict[tuple[str, date], float] = {}
    billable: dict[tuple[str, date], float] = {}
    on_engagements: dict[tuple[str, date], float] = {}
    for r in data.timesheets.itertuples(index=False):
        if r.week_start in wk:
            k = (r.worker_id, r.week_start)
            logged[k] = logged.get(k, 0.0) + r.hours
            if r.billable:
                billable[k] = billable.get(k, 0.0) + r.hours
            if r.engagement_id:
                on_engagements[k] = on_engagements.get(k, 0.0) + r.hours
    off: dict[tuple[str, date], float] = {}
    for r in data.time_off.itertuples(index=False):
        off[(r.worker_id, r.week_start)] = off.get((r.worker_id, r.week_start), 0.0) + r.hours
    rows = []
    for p in _people(data, view):
        for w in weeks:
            k = (p["worker_id"], w)
            days = _workdays(p, w)
            if not days and k not in logged:
                continue
            weekly = pay_on(data, p, "weekly_capacity_hours", w)
            cap = max(0.0, weekly * days / WORKDAYS_PER_WEEK - off.get(k, 0.0)) if days else 0.0
            rows.append(
                {
                    "worker_id": p["worker_id"], "worker_type": p["worker_type"], "role": p["role"],
                    "week_start": w, "capacity": cap, "logged": logged.get(k, 0.0), "billable": billable.get(k, 0.0),
                    "engagement": on_engagements.get(k, 0.0),
                }
            )
    return rows


def utilization(data: Data, view: View, non_billable_roles=NON_BILLABLE_ROLES) -> dict[str, object]:
    rows = person_weeks(data, view)
    out: dict[str, object] = {}
    for label, keep in (("", lambda r: True), ("employee_", lambda r: r["worker_type"] == "employee"),
                        ("contractor_", lambda r: r["worker_type"] == "contractor")):
        mine = [r for r in rows if keep(r)]
        billing = [r for r in mine if r["role"] not in non_billable_roles]
        cap = sum(r["capacity"] for r in mine)
        out[f"{label}capacity_hours"] = cap
        out[f"{label}logged_hours"] = sum(r["logged"] for r in mine)
        out[f"{label}billable_role_capacity_hours"] = sum(r["capacity"] for r in billing)
        out[f"{label}billable_role_billable_hours"] = sum(r["billable"] for r in billing)
        out[f"{label}allocation"] = _ratio(out[f"{label}logged_hours"], cap)
        out[f"{label}billable_utilization"] = _ratio(
            out[f"{label}billable_role_billable_hours"], out[f"{label}billable_role_capacity_hours"]
        )
    return out


BENCH_THRESHOLD = 0.5
BENCH_WEEKS = 4


def staffing(data: Data, view: View, non_billable_roles=NON_BILLABLE_ROLES, threshold: float = BENCH_THRESHOLD,
             weeks: int = BENCH_WEEKS) -> dict[str, object]:
    """Bench, busy off-project and over-allocated people over the last `weeks` weeks the
    timesheets cover up to the as-of date (never before the period's start), by PRODUCT.md:
    over-allocated = logged more than capacity (any role; it wins over the other two); then, for
    a billable role with engagement hours below `threshold` of capacity: bench (free to staff)
    when the capacity left free (capacity − logged) is at least the non-engagement hours logged,
    busy off-project when non-engagement hours are most of what is not on engagements."""
    last = min(view.as_of, view.last_week)
    last -= timedelta(days=last.weekday())
    first = max(last - timedelta(weeks=weeks - 1), view.start)
    window = View(first, last + timedelta(days=6), view.departments, view.horizon_start, view.horizon_end,
                  view.first_week, view.last_week, view.today)
    per: dict[str, dict] = {}
    for r in person_weeks(data, window):
        s = per.setdefault(r["worker_id"], {"role": r["role"], "capacity": 0.0, "logged": 0.0, "engagement": 0.0})
        for k in ("capacity", "logged", "engagement"):
            s[k] += r[k]
    over, bench, busy = [], [], []
    for worker, s in sorted(per.items()):
        if s["logged"] > s["capacity"]:
            over.append(worker)
        elif s["role"] not in non_billable_roles and s["capacity"] > 0 and s["engagement"] < threshold * s["capacity"]:
            free, internal = s["capacity"] - s["logged"], s["logged"] - s["engagement"]
            (bench if free >= internal else busy).append(worker)
    return {
        "staffing_window": (first, last),
        "bench": len(bench), "bench_people": bench,
        "busy_off_project": len(busy), "busy_off_project_people": busy,
        "over_allocated": len(over), "over_allocated_people": over,
    }


# -- engagements ----------------------------------------------------------------------------
def engagement_span(e: dict, view: View) -> tuple[date | None, date | None]:
    if e["actual_start"] is not None:
        end = e["actual_end"] if e["actual_end"] is not None else min(view.horizon_end, view.today)
        return e["actual_start"], end
    return e["planned_start"], e["planned_end"]


def delivery(data: Data, view: View) -> dict[str, object]:
    rows = data.engagements.to_dict("records")
    if view.departments:
        rows = [e for e in rows if e["department"] in view.departments]
    in_period = []
    for e in rows:
        lo, hi = engagement_span(e, view)
        if lo is not None and hi is not None and lo <= view.end and hi >= view.start:
            in_period.append(e)
    started = [e for e in in_period if e["actual_start"] is not None and e["status"] != "cancelled"]
    running_at_as_of = [e for e in started if engagement_span(e, view)[1] >= view.as_of >= e["actual_start"]]
    done = [e for e in in_period if e["status"] == "completed" and e["actual_start"] and e["actual_end"]]
    actual = [(e["actual_end"] - e["actual_start"]).days for e in done]
    planned = [(e["planned_end"] - e["planned_start"]).days for e in done]
    cancelled = [e for e in in_period if e["status"] == "cancelled"]
    return {
        "engagements": len(in_period),
        "engagements_in_progress": len(started),
        "engagements_running_at_as_of": len(running_at_as_of),
        "engagements_completed": len(done),
        "median_completed_months": statistics.median(actual) / DAYS_PER_MONTH if actual else None,
        "overrun": sum(actual) / sum(planned) - 1 if done and sum(planned) > 0 else None,
        "on_time_rate": (sum(e["actual_end"] <= e["planned_end"] for e in done) / len(done)) if done else None,
        "cancelled_share": len(cancelled) / len(in_period) if in_period else None,
    }


# -- tenure ---------------------------------------------------------------------------------
def kaplan_meier_median_days(durations: list[tuple[int, bool]]) -> float | None:
    """The first time at which the Kaplan–Meier survival S(t) falls to 0.5 or below, from
    (days, left) pairs; leavers at a time count before the censorings at that time."""
    s = 1.0
    for t in sorted({d for d, _ in durations}):
        at_risk = sum(1 for d, _ in durations if d >= t)
        left = sum(1 for d, gone in durations if d == t and gone)
        if left:
            s *= 1 - left / at_risk
            if s <= 0.5:
                return float(t)
    return None


def tenure(data: Data, view: View) -> dict[str, object]:
    d = view.as_of
    out: dict[str, object] = {}
    for t in ("employee", "contractor"):
        pairs = []
        for p in _people(data, view):
            if p["worker_type"] != t or p["start_date"] > d:
                continue
            left = p["end_date"] is not None and p["end_date"] <= d
            pairs.append((((p["end_date"] if left else d) - p["start_date"]).days, left))
        days = kaplan_meier_median_days(pairs)
        out[f"{t}_km_median_tenure_months"] = None if days is None else days / DAYS_PER_MONTH
        out[f"{t}_tenure_people"] = len(pairs)
        # the longest tenure followed: a median not reached yet lies beyond it
        out[f"{t}_longest_tenure_months"] = max((d for d, _ in pairs), default=0) / DAYS_PER_MONTH if pairs else None
    return out


# -- break-even -----------------------------------------------------------------------------
def _pay_median(data: Data, view: View, people: list[dict], column: str, role: str, seniority: str,
                min_group: int) -> float | None:
    """The median of each person's pay on their last day in the period."""
    for group in ([p for p in people if p["role"] == role and p["seniority"] == seniority],
                  [p for p in people if p["role"] == role]):
        if len(group) >= min_group:
            last = [view.end if p["end_date"] is None else min(p["end_date"], view.end) for p in group]
            paid = [converted_on(data, p, column, d, monthly=False) for p, d in zip(group, last, strict=True)]
            return statistics.median(v for v in paid if v is not None)
    return None


def cumulative(need_hours_per_week: float, salary: float, rate: float, months: float, a: Assumptions) -> tuple[float, float]:
    """(contracting, hiring) cumulative cost after `months` months, as PRODUCT.md's break-even
    describes: contracting = rate × fee × hours; hiring = recruiting up front, a contractor
    until the post is filled, the employee's fully loaded cost per productive hour of the need
    from the hire, and a contractor covering what the new hire cannot yet do during ramp-up."""
    c = rate * (1 + a.vendor_management_fee)
    e = (salary * (1 + a.benefits_load + a.payroll_tax) + a.overhead_per_employee) / a.productive_hours_per_year
    h = need_hours_per_week * WEEKS_PER_MONTH
    fill = a.time_to_fill_days / DAYS_PER_MONTH
    ramp = a.ramp_up_weeks / WEEKS_PER_MONTH
    waiting = min(months, fill)
    ramping = min(max(months - fill, 0.0), ramp)
    hired = max(months - fill, 0.0)
    hiring = a.recruiting_cost + c * h * waiting + (1 - a.ramp_up_productivity) * c * h * ramping + e * h * hired
    return c * h * months, hiring


def break_even(data: Data, view: View, a: Assumptions = DEFAULTS, min_group: int = MIN_GROUP) -> dict[str, object]:
    people = [
        p for p in _people(data, view)
        if p["start_date"] <= view.end and (p["end_date"] is None or p["end_date"] >= view.start)
    ]
    counts: dict[str, int] = {}
    for p in people:
        counts[p["role"]] = counts.get(p["role"], 0) + 1
    roles = sorted(counts, key=lambda r: (-counts[r], r)) + [r for r in OEWS_MEDIAN_ANNUAL if r not in counts]
    role, seniority = roles[0], BREAK_EVEN_SENIORITY
    emp = [p for p in people if p["worker_type"] == "employee"]
    con = [p for p in people if p["worker_type"] == "contractor"]
    salary = _pay_median(data, view, emp, "annual_salary", role, seniority, min_group)
    if salary is None:
        salary = OEWS_MEDIAN_ANNUAL.get(role)
    rate = _pay_median(data, view, con, "hourly_rate", role, seniority, min_group)
    if rate is None and role in OEWS_MEDIAN_ANNUAL:
        rate = round(OEWS_MEDIAN_ANNUAL[role] / PAID_HOURS_PER_YEAR * (1 + FALLBACK_AGENCY_MARKUP), 2)
    hours, months = BREAK_EVEN_HOURS_PER_WEEK, BREAK_EVEN_MONTHS

    def first_crossing(last: int) -> int | None:
        for m in range(1, last + 1):
            contracting, hiring = cumulative(hours, salary, rate, m, a)
            if hiring <= contracting + 1e-6:
                return m
        return None

    contracting, hiring = cumulative(hours, salary, rate, months, a)
    within = first_crossing(months)
    return {
        "break_even_role": role,
        "break_even_seniority": seniority,
        "break_even_salary": salary,
        "break_even_rate": rate,
        "break_even_month": within,
        "break_even_later_month": None if within is not None else first_crossing(BREAK_EVEN_LONG_MONTHS),
        "break_even_contracting": contracting,
        "break_even_hiring": hiring,
        "break_even_saving_from_hiring": contracting - hiring,
        "break_even_employee_cost_per_hour": (salary * (1 + a.benefits_load + a.payroll_tax) + a.overhead_per_employee)
        / a.productive_hours_per_year,
        "break_even_contractor_cost_per_hour": rate * (1 + a.vendor_management_fee),
        "break_even_verdict": "hire" if within is not None else "contract",
    }


# -- everything -------------------------------------------------------------------------------
def figures(
    source: str | Path | Data,
    first_month: str,
    last_month: str,
    departments: tuple[str, ...] | list[str] = (),
    a: Assumptions = DEFAULTS,
    min_group: int = MIN_GROUP,
    today: date | None = None,
    non_billable_roles=NON_BILLABLE_ROLES,
    reporting: str = "USD",
) -> dict[str, object]:
    """Every headline figure of Overview, Costs, Break-even & scenarios, Utilization and
    Duration & delivery for the months first_month … last_month ('YYYY-MM') and departments
    (empty = all), keyed by figure name; amounts in the `reporting` currency."""
    data = source if isinstance(source, Data) else load(source, reporting)
    view = make_view(data, first_month, last_month, departments, today)
    hc = headcount(data, view)
    out: dict[str, object] = {
        "period_start": view.start,
        "period_end": view.end,
        "horizon_start": view.horizon_start,
        "horizon_end": view.horizon_end,
        "as_of": view.as_of,
        "headcount_employee": hc["employee"],
        "headcount_contractor": hc["contractor"],
    }
    out |= costs(data, view, a, min_group)
    out |= utilization(data, view, non_billable_roles)
    out |= staffing(data, view, non_billable_roles)
    out |= delivery(data, view)
    out |= tenure(data, view)
    out |= break_even(data, view, a, min_group)
    return out
