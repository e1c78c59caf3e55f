"""The pandas baseline: each main metric written the straightforward way in pandas, on the same
tables the DuckDB implementation reads (read into DataFrames first; that load is timed apart and
not counted in the metric's time). Definitions follow PRODUCT.md; the scalar cost formulas are
analytics.costs' own, so both sides share one definition of fully loaded cost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from analytics import costs, periods
from analytics.assumptions import CostAssumptions
from analytics.db import Workspace
from analytics.filters import Filters

TABLES = ("workers", "worker_months", "worker_weeks", "timesheets", "engagements", "engagement_hours")
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
    contractors' hours × rate × (1 + fee). Columns month, worker_type, spend."""
    m = fr.worker_months
    m = m[(m["month"] >= _ts(f.start).to_period("M").to_timestamp()) & (m["month"] <= _ts(f.end))]
    w = filtered_workers(fr.workers, f)[["worker_id", "worker_type", "annual_salary", "hourly_rate"]]
    j = m.merge(w, on="worker_id")
    emp = j["worker_type"] == "employee"
    j["salary_cost"] = np.where(emp, j["annual_salary"].fillna(0) * j["days_employed"] / 365.0, 0.0)
    j["employee_years"] = np.where(emp, j["days_employed"] / 365.0, 0.0)
    j["contractor_billings"] = np.where(emp, 0.0, j["hours"] * j["hourly_rate"].fillna(0))
    g = j.groupby(["month", "worker_type"], as_index=False)[["salary_cost", "employee_years", "contractor_billings"]].sum()
    is_emp = g["worker_type"] == "employee"
    g["spend"] = np.where(
        is_emp,
        costs.fully_loaded_annual_cost(g["salary_cost"], a, employees=g["employee_years"]),
        costs.contractor_cost_per_hour(g["contractor_billings"], a),
    )
    return g[["month", "worker_type", "spend"]].sort_values(["month", "worker_type"]).reset_index(drop=True)


def utilization_by_department_month(fr: Frames, f: Filters) -> pd.DataFrame:
    """Σ billable / Σ capacity and Σ logged / Σ capacity per department × month (weeks starting
    in the period, counted in the month they start in)."""
    k = fr.worker_weeks
    k = k[(k["week_start"] >= _ts(f.start)) & (k["week_start"] <= _ts(f.end))]
    w = filtered_workers(fr.workers, f)[["worker_id", "department"]]
    j = k.merge(w, on="worker_id")
    j["month"] = j["week_start"].dt.to_period("M").dt.to_timestamp()
    g = j.groupby(["department", "month"], as_index=False)[["capacity_hours", "total_hours", "billable_hours"]].sum()
    cap = g["capacity_hours"].where(g["capacity_hours"] > 0)
    g["utilization"] = g["billable_hours"] / cap
    g["allocation"] = g["total_hours"] / cap
    return g.sort_values(["department", "month"]).reset_index(drop=True)


def bench_list(fr: Frames, f: Filters, first_week: date, last_week: date, threshold: float = 0.5) -> pd.DataFrame:
    """People with capacity whose billable utilization over the weeks first_week … last_week is
    below `threshold`, least utilized first, with the engagements they logged hours on."""
    k = fr.worker_weeks
    k = k[(k["week_start"] >= _ts(first_week)) & (k["week_start"] <= _ts(last_week))]
    w = filtered_workers(fr.workers, f)[["worker_id", "full_name", "worker_type", "department", "role"]]
    k = k[k["worker_id"].isin(w["worker_id"])]
    p = k.groupby("worker_id", as_index=False).agg(
        weeks=("week_start", "size"),
        capacity_hours=("capacity_hours", "sum"),
        total_hours=("total_hours", "sum"),
        billable_hours=("billable_hours", "sum"),
    )
    p["utilization"] = p["billable_hours"] / p["capacity_hours"].where(p["capacity_hours"] > 0)
    p = p[(p["capacity_hours"] > 0) & (p["utilization"] < threshold)]
    t = fr.timesheets
    t = t[(t["week_start"] >= _ts(first_week)) & (t["week_start"] <= _ts(last_week)) & (t["hours"] > 0)]
    t = t[t["worker_id"].isin(p["worker_id"])].merge(fr.engagements[["engagement_id", "name"]], on="engagement_id")
    eng = t.groupby("worker_id", as_index=False).agg(
        engagements=("engagement_id", "nunique"),
        engagement_names=("name", lambda s: "; ".join(sorted(set(s)))),
    )
    p = p.merge(w, on="worker_id").merge(eng, on="worker_id", how="left")
    p["engagements"] = p["engagements"].fillna(0).astype("int64")
    p["engagement_names"] = p["engagement_names"].fillna("")
    return p.sort_values(["utilization", "full_name"]).reset_index(drop=True)


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
