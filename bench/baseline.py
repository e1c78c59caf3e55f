"""The pandas baseline: each main metric written the straightforward way in pandas, on the same
tables the DuckDB implementation reads (read into DataFrames first; that load is timed apart and
not counted in the metric's time). Definitions follow PRODUCT.md; the scalar cost formulas are
analytics.metrics.costs' own, so both sides share one definition of fully loaded cost, and the default
non-billable roles are analytics.metrics.roles' constant (the rules that apply them are written here).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from analytics.metrics import costs, periods
from analytics.metrics.assumptions import CostAssumptions
from analytics.metrics.filters import Filters
from analytics.metrics.roles import DEFAULT_NON_BILLABLE_ROLES
from analytics.store.db import Workspace

TABLES = ("workers", "worker_months", "worker_weeks", "timesheets", "engagements", "engagement_hours", "invoice_months")
DAYS_PER_MONTH = periods.DAYS_PER_MONTH


@dataclass
class Frames:
    """The workspace's tables as pandas DataFrames."""

    workers: pd.DataFrame
    worker_months: pd.DataFrame
    worker_weeks: pd.DataFrame
    timesheets: pd.DataFrame
    engagements: pd.DataFrame
    engagement_hours: pd.DataFrame
    invoice_months: pd.DataFrame


def load_frames(ws: Workspace) -> Frames:
    """Every table the metrics read, whole, into pandas."""
    return Frames(**{t: ws.sql(f"SELECT * FROM {t}") for t in TABLES})


def _ts(d: date) -> pd.Timestamp:
    return pd.Timestamp(d)


def filtered_workers(workers: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """The global filters on the roster (an empty selection means everyone)."""
    keep = pd.Series(True, index=workers.index)
    for col, chosen in (("department", f.departments), ("role", f.roles), ("worker_type", f.worker_types)):
        if chosen:
            keep &= workers[col].isin(chosen)
    return workers[keep]


def spend_by_month(fr: Frames, f: Filters, a: CostAssumptions) -> pd.DataFrame:
    """Spend per month × worker type: employees' fully loaded cost pro-rated by days employed,
    contractors' hours × rate × (1 + fee), at the pay in force (worker_months' salary_cost and
    billings per person and month, from the compensation history), plus what fixed-fee and milestone work
    was invoiced (invoice_months; those hours are not in the billings). Columns month, worker_type, spend."""
    m = fr.worker_months
    m = m[(m["month"] >= _ts(f.start).to_period("M").to_timestamp()) & (m["month"] <= _ts(f.end))]
    w = filtered_workers(fr.workers, f)[["worker_id", "worker_type"]]
    j = m.merge(w, on="worker_id")
    emp = j["worker_type"] == "employee"
    j["salary_cost"] = np.where(emp, j["salary_cost"], 0.0)
    j["employee_years"] = np.where(emp, j["days_employed"] / 365.0, 0.0)
    j["contractor_billings"] = np.where(emp, 0.0, j["billings"])
    g = j.groupby(["month", "worker_type"], as_index=False)[["salary_cost", "employee_years", "contractor_billings"]].sum()
    inv = fr.invoice_months
    inv = filtered_workers(inv[(inv["month"] >= _ts(f.start).to_period("M").to_timestamp()) & (inv["month"] <= _ts(f.end))], f)
    column = "invoiced_spread" if a.spread_fixed_fees else "invoiced"
    inv = inv.groupby(["month", "worker_type"], as_index=False)[column].sum().rename(columns={column: "invoiced"})
    g = g.merge(inv, on=["month", "worker_type"], how="outer").fillna(0.0)
    is_emp = g["worker_type"] == "employee"
    g["spend"] = np.where(
        is_emp,
        costs.fully_loaded_annual_cost(g["salary_cost"], a, employees=g["employee_years"]),
        costs.contractor_cost_per_hour(g["contractor_billings"], a) + g["invoiced"],
    )
    return g[["month", "worker_type", "spend"]].sort_values(["month", "worker_type"]).reset_index(drop=True)


def utilization_by_department_month(
    fr: Frames, f: Filters, non_billable_roles: Collection[str] = DEFAULT_NON_BILLABLE_ROLES
) -> pd.DataFrame:
    """Per department × month (weeks starting in the period, counted in the month they start in):
    allocation = Σ logged / Σ capacity over everyone; utilization = Σ billable / Σ capacity over
    the people in billable roles only (those sums in billable_role_capacity_hours /
    billable_role_billable_hours; NaN for a group with no billable-role capacity)."""
    k = fr.worker_weeks
    k = k[(k["week_start"] >= _ts(f.start)) & (k["week_start"] <= _ts(f.end))]
    w = filtered_workers(fr.workers, f)[["worker_id", "department", "role"]]
    j = k.merge(w, on="worker_id")
    j["month"] = j["week_start"].dt.to_period("M").dt.to_timestamp()
    bills = ~j["role"].isin(list(non_billable_roles))
    j["billable_role_capacity_hours"] = j["capacity_hours"].where(bills, 0.0)
    j["billable_role_billable_hours"] = j["billable_hours"].where(bills, 0.0)
    sums = ["capacity_hours", "total_hours", "billable_hours", "billable_role_capacity_hours", "billable_role_billable_hours"]
    g = j.groupby(["department", "month"], as_index=False)[sums].sum()
    billable_cap = g["billable_role_capacity_hours"].where(g["billable_role_capacity_hours"] > 0)
    g["utilization"] = g["billable_role_billable_hours"] / billable_cap
    g["allocation"] = g["total_hours"] / g["capacity_hours"].where(g["capacity_hours"] > 0)
    return g.sort_values(["department", "month"]).reset_index(drop=True)


def recent_weeks(fr: Frames, f: Filters, as_of: date, weeks: int) -> tuple[date, date]:
    """The Mondays starting the last `weeks` weeks of the lists' window: counted back from `as_of`
    or the last week with timesheets, whichever is earlier; never before the period's start."""
    last_data = fr.timesheets["week_start"].max()
    end = as_of if pd.isna(last_data) else min(as_of, last_data.date())
    last = end - timedelta(days=end.weekday())
    first = last - timedelta(weeks=max(1, int(weeks)) - 1)
    return max(first, f.start), last


STATUSES = ("over_allocated", "bench", "busy_off_project")


def staffing_lists(
    fr: Frames,
    f: Filters,
    first_week: date,
    last_week: date,
    threshold: float = 0.5,
    non_billable_roles: Collection[str] = DEFAULT_NON_BILLABLE_ROLES,
    limit: float = 1.0,
) -> pd.DataFrame:
    """The three lists of the weeks first_week … last_week, one row per person on one, `status`
    saying which (PRODUCT.md's rules):
    - over_allocated: logged > limit × capacity, or hours logged with no capacity; any role; first;
    - otherwise, a billable role with capacity and engagement hours (hours logged with an
      engagement, in weeks employed) < threshold × capacity: bench when the free hours
      (capacity − logged) are at least the internal hours (logged − engagement hours), else
      busy_off_project.
    Each list in its on-screen order: over-allocated highest allocation first, the other two least
    engagement share first; with the engagements each person logged hours on."""
    k = fr.worker_weeks
    k = k[(k["week_start"] >= _ts(first_week)) & (k["week_start"] <= _ts(last_week))]
    w = filtered_workers(fr.workers, f)[["worker_id", "full_name", "worker_type", "department", "role"]]
    k = k[k["worker_id"].isin(w["worker_id"])]
    p = k.assign(over_capacity=k["total_hours"] > k["capacity_hours"]).groupby("worker_id", as_index=False).agg(
        weeks=("week_start", "size"),
        capacity_hours=("capacity_hours", "sum"),
        total_hours=("total_hours", "sum"),
        billable_hours=("billable_hours", "sum"),
        weeks_over_capacity=("over_capacity", "sum"),
    )
    t = fr.timesheets
    t = t[(t["week_start"] >= _ts(first_week)) & (t["week_start"] <= _ts(last_week))]
    t = t[t["worker_id"].isin(p["worker_id"])]
    booked = (
        t[t["engagement_id"].notna()]
        .merge(k[["worker_id", "week_start"]], on=["worker_id", "week_start"])  # weeks employed only
        .groupby("worker_id", as_index=False)
        .agg(engagement_hours=("hours", "sum"))
    )
    on = t[t["hours"] > 0].merge(fr.engagements[["engagement_id", "name"]], on="engagement_id")
    eng = on.groupby("worker_id", as_index=False).agg(
        engagements=("engagement_id", "nunique"),
        engagement_names=("name", lambda s: "; ".join(sorted(set(s)))),
    )
    p = p.merge(w, on="worker_id").merge(booked, on="worker_id", how="left").merge(eng, on="worker_id", how="left")
    p["engagement_hours"] = p["engagement_hours"].fillna(0.0)
    p["engagements"] = p["engagements"].fillna(0).astype("int64")
    p["engagement_names"] = p["engagement_names"].fillna("")

    cap, logged, on_engagements = p["capacity_hours"], p["total_hours"], p["engagement_hours"]
    over = (logged > limit * cap) | ((cap <= 0) & (logged > 0))
    under = ~over & (cap > 0) & (on_engagements < threshold * cap) & ~p["role"].isin(list(non_billable_roles))
    free, internal = cap - logged, logged - on_engagements
    p["status"] = np.select(
        [over, under & (free >= internal), under], ["over_allocated", "bench", "busy_off_project"], default=""
    )
    with_capacity = cap.where(cap > 0)
    p["utilization"] = p["billable_hours"] / with_capacity
    p["allocation"] = logged / with_capacity
    p["engagement_share"] = on_engagements / with_capacity
    lists = [
        p[p["status"] == "over_allocated"].sort_values(
            ["allocation", "full_name"], ascending=[False, True], na_position="first"
        ),
        p[p["status"] == "bench"].sort_values(["engagement_share", "full_name"]),
        p[p["status"] == "busy_off_project"].sort_values(["engagement_share", "full_name"]),
    ]
    return pd.concat(lists, ignore_index=True)


def delivery_model(employee_hours: pd.Series, contractor_hours: pd.Series) -> pd.Series:
    """in-house / mixed / contractor by the contractors' share of hours (≥ 80% by one type
    decides), or 'no hours'."""
    total = employee_hours + contractor_hours
    share = contractor_hours / total.where(total > 0)
    return pd.Series(
        np.select(
            [share.isna(), share >= 0.8, share <= 0.2], ["no hours", "contractor", "in-house"], default="mixed"
        ),
        index=share.index,
    )


def duration_by_delivery_model(fr: Frames, f: Filters) -> pd.DataFrame:
    """Per delivery model, over engagements of the filtered departments overlapping the period:
    engagements, completed, median completed duration (months), overrun (Σ actual / Σ planned
    − 1), on-time rate, cancelled share and mean quality."""
    e = fr.engagements.merge(fr.engagement_hours, on="engagement_id", how="left")
    lo = e["actual_start"].fillna(e["planned_start"])
    # a running engagement (started, neither completed nor cancelled, no actual end) runs until the
    # data's last day: the end of the month holding the last timesheet week's Sunday
    last_day = (fr.timesheets["week_start"].max() + pd.Timedelta(days=6)) + pd.offsets.MonthEnd(0)
    running = e["actual_start"].notna() & e["actual_end"].isna() & ~e["status"].isin(["completed", "cancelled"])
    hi = e["actual_end"].fillna(e["planned_end"]).mask(running, last_day)
    e = e[(lo <= _ts(f.end)) & (hi >= _ts(f.start))]
    if f.departments:
        e = e[e["department"].isin(f.departments)]
    e = e.assign(
        delivery_model=delivery_model(e["employee_hours"].fillna(0), e["contractor_hours"].fillna(0)),
        planned_days=(e["planned_end"] - e["planned_start"]).dt.days.astype("float64"),
        actual_days=(e["actual_end"] - e["actual_start"]).dt.days.astype("float64"),
    )
    done = (e["status"] == "completed") & e["actual_days"].notna()
    both = done & e["planned_days"].gt(0)
    e = e.assign(
        done=done,
        cancelled=e["status"] == "cancelled",
        on_time=(e["actual_end"] <= e["planned_end"]).astype("float64").where(done),
        done_days=e["actual_days"].where(done),
        ov_actual=e["actual_days"].where(both),
        ov_planned=e["planned_days"].where(both),
    )
    g = e.groupby("delivery_model").agg(
        engagements=("engagement_id", "size"),
        completed=("done", "sum"),
        median_days=("done_days", "median"),
        ov_actual=("ov_actual", "sum"),
        ov_planned=("ov_planned", "sum"),
        on_time_rate=("on_time", "mean"),
        cancelled_share=("cancelled", "mean"),
        quality=("quality_score", "mean"),
    )
    g["median_months"] = g["median_days"] / DAYS_PER_MONTH
    g["overrun"] = g["ov_actual"] / g["ov_planned"].where(g["ov_planned"] > 0) - 1
    return g[["engagements", "completed", "median_months", "overrun", "on_time_rate", "cancelled_share", "quality"]]
