"""Tenure and retention of employees vs contractors, and contractors past the tenure policy limit.

Tenure = (end_date or the as-of date) − start_date; retention = Kaplan–Meier by worker type
(analytics/metrics/retention.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from analytics.export import formatting
from analytics.metrics import horizon, retention
from analytics.metrics.filters import Filters
from analytics.metrics.periods import DAYS_PER_MONTH
from analytics.store.db import Workspace
from analytics.store.schema import WORKER_TYPES

TYPES = WORKER_TYPES


# -- people: tenure and retention --------------------------------------------------------


def as_of(ws: Workspace, filters: Filters) -> date:
    """The date tenure is measured on (horizon.as_of_date: period end or the data's last day)."""
    return horizon.as_of_date(filters, horizon.data_horizon(ws))


def people(ws: Workspace, filters: Filters) -> pd.DataFrame:
    """Everyone (of the filtered departments, roles and types) who started on or before the
    as-of date, with tenure_days, tenure_months, active and left (= not active)."""
    p = horizon.people_as_of(ws, filters, as_of(ws, filters))
    return with_tenure(p)


def counts(ws: Workspace, filters: Filters, as_of_day: date) -> pd.DataFrame:
    """tenure_counts.sql with tenure: the filtered people who started by `as_of_day`, one row per worker
    type, tenure and outcome with `people` counting them. Every function below reads such a frame as it
    reads one row per person (a frame without `people` counts each row once)."""
    return with_tenure(ws.query("tenure_counts", {**filters.params(), "as_of": as_of_day}))


def weights(p: pd.DataFrame) -> pd.Series:
    """How many people each row of a tenure frame stands for: its `people` count, else 1."""
    if "people" in p.columns:
        return p["people"].astype("int64")
    return pd.Series(1, index=p.index, dtype="int64")


def weighted_median(values: pd.Series, people: pd.Series) -> float | None:
    """The median of `values` with each repeated `people` times, as pandas' median of the repeated
    values gives it (the mean of the two middle values of an even count); NaN values are skipped;
    None when there are none."""
    keep = values.notna() & (people > 0)
    v, w = values[keep].to_numpy(dtype="float64"), people[keep].to_numpy(dtype="int64")
    if not len(v):
        return None
    order = np.argsort(v, kind="stable")
    v, c = v[order], np.cumsum(w[order])
    n = int(c[-1])
    lo, hi = v[np.searchsorted(c, (n - 1) // 2, side="right")], v[np.searchsorted(c, n // 2, side="right")]
    return float(np.mean([lo, hi]))


def with_tenure(p: pd.DataFrame) -> pd.DataFrame:
    """Add tenure_months (tenure_days / DAYS_PER_MONTH) and `left` (the event for retention)."""
    out = p.drop(columns=[c for c in ("annual_salary", "hourly_rate") if c in p.columns])
    out["tenure_months"] = out["tenure_days"].astype("float64") / DAYS_PER_MONTH
    out["left"] = ~out["active"].astype(bool)
    return out


def retention_curves(p: pd.DataFrame) -> pd.DataFrame:
    """Kaplan–Meier retention per worker type, time in months: worker_type, time, at_risk,
    left, censored, survival. People still active are censored at the as-of date."""
    curves = []
    for t in TYPES:
        g = p[p["worker_type"] == t]
        if g.empty:
            continue
        km = retention.kaplan_meier(g["tenure_months"], g["left"], weights(g))
        curves.append(km.assign(worker_type=t))
    if not curves:
        return pd.DataFrame(columns=["worker_type", *retention.KM_COLUMNS])
    return pd.concat(curves, ignore_index=True)[["worker_type", *retention.KM_COLUMNS]]


@dataclass(frozen=True)
class MedianTenure:
    """The Kaplan–Meier median tenure of one worker type (the registry's median_tenure): `months`,
    or None when fewer than half have left yet, in which case the median is beyond the longest
    tenure followed (`followed_months`)."""

    people: int
    months: float | None
    followed_months: float | None


def median_tenure(p: pd.DataFrame, worker_type: str) -> MedianTenure:
    """The one tenure headline: Kaplan–Meier median of `worker_type` in `people(...)`'s frame."""
    g = p[p["worker_type"] == worker_type]
    if g.empty:
        return MedianTenure(0, None, None)
    people = weights(g)
    km = retention.kaplan_meier(g["tenure_months"], g["left"], people)
    return MedianTenure(int(people.sum()), retention.median_survival(km), float(g.loc[people > 0, "tenure_months"].max()))


def median_tenure_text(t: MedianTenure) -> str:
    """"9.3 months", "6.4 years", "over 3.0 years" (not reached yet) or "—" (nobody)."""
    if t.months is not None:
        return formatting.months(t.months)
    if t.followed_months is None:
        return "—"
    return f"over {formatting.months(t.followed_months)}"


def tenure_summary(p: pd.DataFrame, curves: pd.DataFrame) -> pd.DataFrame:
    """Per worker type: people, active, left, median tenure of the active (months), median
    completed tenure of leavers, Kaplan–Meier median retention and retention at 12 months."""
    rows = []
    for t in TYPES:
        g = p[p["worker_type"] == t]
        if g.empty:
            continue
        km = curves[curves["worker_type"] == t]
        w = weights(g)
        active, gone = ~g["left"], g["left"]
        rows.append(
            {
                "worker_type": t,
                "people": int(w.sum()),
                "active": int(w[active].sum()),
                "left": int(w[gone].sum()),
                "median_active_months": weighted_median(g.loc[active, "tenure_months"], w[active]),
                "median_leaver_months": weighted_median(g.loc[gone, "tenure_months"], w[gone]),
                "km_median_months": retention.median_survival(km),
                "retained_12_months": retention.survival_at(km, 12),
            }
        )
    out = pd.DataFrame(
        rows,
        columns=[
            "worker_type", "people", "active", "left", "median_active_months", "median_leaver_months",
            "km_median_months", "retained_12_months",
        ],
    )
    months = ["median_active_months", "median_leaver_months", "km_median_months", "retained_12_months"]
    out[months] = out[months].astype("float64")
    return out


def tenure_distribution(p: pd.DataFrame, who: str = "active") -> pd.DataFrame:
    """People for the tenure histogram: 'active' (tenure to date), 'leavers' (completed
    tenure) or 'everyone'."""
    if who == "active":
        return p[~p["left"]]
    if who == "leavers":
        return p[p["left"]]
    return p


def tenure_bins(p: pd.DataFrame, width: float = 6.0) -> pd.DataFrame:
    """People per worker type and tenure bin of `width` months, [0, width), [width, 2·width), …
    (left-closed, like plotly's histogram bins): worker_type, start, end, people. Empty bins
    are left out."""
    parts = []
    for t in TYPES:
        g = p[(p["worker_type"] == t) & p["tenure_months"].notna()]
        if len(g):
            n = weights(g).groupby(np.floor(g["tenure_months"].to_numpy(dtype="float64") / width)).sum()
            n = n[n > 0]
            bins = n.index.to_numpy(dtype="float64")
            parts.append(pd.DataFrame({"worker_type": t, "start": bins * width, "end": (bins + 1) * width,
                                       "people": n.to_numpy()}))
    if not parts:
        return pd.DataFrame(columns=["worker_type", "start", "end", "people"])
    return pd.concat(parts, ignore_index=True).astype({"people": "int64"})


def monthly_steps(km: pd.DataFrame) -> pd.DataFrame:
    """A Kaplan–Meier curve (retention.kaplan_meier) kept at whole months 0, 1, 2, … and its
    last time: survival is the estimate at that time (so at the end of each month, exactly the
    full curve's value there), at_risk the people still followed then (tenure ≥ t), left and
    censored the leavers and censorings since the previous point (month 0: at time 0). Drawn as
    a step line, a drop inside a month shows at the month's end."""
    if km.empty:
        return km[list(retention.KM_COLUMNS)].copy()
    t = km["time"].to_numpy(dtype="float64")
    last = t[-1]
    grid = np.arange(0.0, np.floor(last) + 1)
    if last > grid[-1]:
        grid = np.append(grid, last)
    at_or_before = np.searchsorted(t, grid, side="right") - 1  # the curve's value at each point
    first_from = np.searchsorted(t, grid, side="left")  # the first time ≥ each point (≤ last)
    interval = np.searchsorted(grid, t, side="left")  # each time's point: the first ≥ it
    return pd.DataFrame(
        {
            "time": grid,
            "at_risk": km["at_risk"].to_numpy()[first_from],
            "left": np.bincount(interval, weights=km["left"].to_numpy(), minlength=len(grid)).astype("int64"),
            "censored": np.bincount(interval, weights=km["censored"].to_numpy(), minlength=len(grid)).astype("int64"),
            "survival": km["survival"].to_numpy(dtype="float64")[at_or_before],
        }
    )


def monthly_retention(curves: pd.DataFrame) -> pd.DataFrame:
    """retention_curves kept at whole months per worker type (monthly_steps), for the chart."""
    parts = [monthly_steps(g.reset_index(drop=True)).assign(worker_type=t) for t, g in curves.groupby("worker_type", sort=False)]
    if not parts:
        return pd.DataFrame(columns=["worker_type", *retention.KM_COLUMNS])
    return pd.concat(parts, ignore_index=True)[["worker_type", *retention.KM_COLUMNS]]


def past_tenure_limit(p: pd.DataFrame, limit_months: float) -> pd.DataFrame:
    """Contractors active on the as-of date whose tenure exceeds the policy limit, longest
    first, with months_over = tenure_months − limit."""
    c = p[(p["worker_type"] == "contractor") & ~p["left"] & (p["tenure_months"] > limit_months)].copy()
    c["months_over"] = c["tenure_months"] - limit_months
    cols = list(PAST_LIMIT_COLUMNS)
    return c.sort_values(["tenure_months", "full_name"], ascending=[False, True])[cols].reset_index(drop=True)


PAST_LIMIT_COLUMNS = (
    "worker_id", "full_name", "role", "department", "vendor", "start_date", "tenure_months", "months_over",
)
