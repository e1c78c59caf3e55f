"""Duration & delivery: how long engagements run and overrun by delivery model (in-house /
contractor / mixed, from who logged the hours), delivery quality, tenure and retention of
employees vs contractors, review attributes by worker type, and contractors past the tenure
policy limit.

Engagement duration = actual_end − actual_start (days); overrun = actual / planned duration − 1.
Tenure = (end_date or the as-of date) − start_date; retention = Kaplan–Meier by worker type.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from analytics import formatting, horizon, retention
from analytics.db import Workspace
from analytics.filters import Filters
from analytics.periods import DAYS_PER_MONTH
from analytics.schema import REVIEW_ATTRIBUTES

MODELS = ("in-house", "mixed", "contractor", "no hours")
TYPES = ("employee", "contractor")


# -- engagements ---------------------------------------------------------------------------


def duration_days(start: pd.Series, end: pd.Series) -> pd.Series:
    """end − start in days (NaN where either date is missing)."""
    return (pd.to_datetime(end) - pd.to_datetime(start)).dt.days.astype("float64")


def overrun(actual_days: pd.Series | float, planned_days: pd.Series | float):
    """actual / planned duration − 1 (NaN where the planned duration is not positive)."""
    if isinstance(actual_days, pd.Series) or isinstance(planned_days, pd.Series):
        planned = pd.Series(planned_days, dtype="float64")
        return pd.Series(actual_days, dtype="float64") / planned.where(planned > 0) - 1
    return actual_days / planned_days - 1 if planned_days and planned_days > 0 else float("nan")


def with_durations(engagements: pd.DataFrame) -> pd.DataFrame:
    """Engagements (with the delivery_model engagement_facts classified at load, the one rule)
    plus planned_days, actual_days, overrun (completed only) and on_time (completed by the
    planned end; NaN for engagements not completed)."""
    e = engagements.copy()
    e["planned_days"] = duration_days(e["planned_start"], e["planned_end"])
    e["actual_days"] = duration_days(e["actual_start"], e["actual_end"])
    done = e["status"] == "completed"
    e["overrun"] = overrun(e["actual_days"].where(done), e["planned_days"])
    on_time = pd.to_datetime(e["actual_end"]) <= pd.to_datetime(e["planned_end"])
    e["on_time"] = on_time.astype("float64").where(done & e["actual_end"].notna())
    return e


def engagements(ws: Workspace, filters: Filters) -> pd.DataFrame:
    """Engagements of the filtered departments whose span overlaps the period, with durations
    and delivery model (from all hours ever logged on them)."""
    return with_durations(ws.query("engagement_people", filters.params()))


def group_overrun(e: pd.DataFrame) -> float | None:
    """Σ actual / Σ planned duration − 1 over completed engagements with both durations."""
    d = e[e["overrun"].notna()]
    planned = d["planned_days"].sum()
    return float(d["actual_days"].sum() / planned - 1) if planned > 0 else None


def on_time_rate(e: pd.DataFrame) -> float | None:
    """Completed engagements finished by their planned end ÷ completed engagements."""
    d = e["on_time"].dropna()
    return float(d.mean()) if len(d) else None


def cancelled_share(e: pd.DataFrame) -> float | None:
    """Cancelled engagements ÷ all engagements given."""
    return float((e["status"] == "cancelled").mean()) if len(e) else None


def mean_quality(e: pd.DataFrame) -> float | None:
    """Mean quality_score of the rated engagements (1–5)."""
    q = e["quality_score"].dropna()
    return float(q.mean()) if len(q) else None


def has_quality_scores(e: pd.DataFrame) -> bool:
    """Whether any of the engagements has a quality_score."""
    return bool(e["quality_score"].notna().any())


def engagements_active(e: pd.DataFrame) -> int:
    """Engagements started and not cancelled among those whose span overlaps the period, those
    that finished during it included (the registry's engagements_active)."""
    return int((e["actual_start"].notna() & (e["status"] != "cancelled")).sum())


@dataclass(frozen=True)
class DeliveryTotals:
    engagements: int
    active: int  # started and not cancelled (the registry's engagements_active)
    completed: int
    median_months: float | None
    overrun: float | None
    on_time_rate: float | None
    cancelled_share: float | None
    quality: float | None


def delivery_totals(e: pd.DataFrame) -> DeliveryTotals:
    """The headline figures over all engagements given."""
    done = e[(e["status"] == "completed") & e["actual_days"].notna()]
    return DeliveryTotals(
        engagements=len(e),
        active=engagements_active(e),
        completed=len(done),
        median_months=float(done["actual_days"].median() / DAYS_PER_MONTH) if len(done) else None,
        overrun=group_overrun(e),
        on_time_rate=on_time_rate(e),
        cancelled_share=cancelled_share(e),
        quality=mean_quality(e),
    )


def by_delivery_model(e: pd.DataFrame) -> pd.DataFrame:
    """Per delivery model: engagements, completed, cancelled, median completed duration (months),
    overrun (Σ actual / Σ planned − 1), on-time rate, cancelled share, mean quality and rated count.
    The page reads the same table from SQL (delivery_summary); this pandas form is the reference
    the tests and the bench check it against."""
    rows = []
    for m in MODELS:
        g = e[e["delivery_model"] == m]
        if g.empty:
            continue
        t = delivery_totals(g)
        rows.append(
            {
                "delivery_model": m,
                "engagements": t.engagements,
                "completed": t.completed,
                "cancelled": int((g["status"] == "cancelled").sum()),
                "median_months": t.median_months,
                "overrun": t.overrun,
                "on_time_rate": t.on_time_rate,
                "cancelled_share": t.cancelled_share,
                "quality": t.quality,
                "rated": int(g["quality_score"].notna().sum()),
            }
        )
    out = pd.DataFrame(
        rows,
        columns=[
            "delivery_model", "engagements", "completed", "cancelled", "median_months", "overrun",
            "on_time_rate", "cancelled_share", "quality", "rated",
        ],
    )
    rates = ["median_months", "overrun", "on_time_rate", "cancelled_share", "quality"]
    out[rates] = out[rates].astype("float64")
    return out


SUMMARY_COLUMNS = [
    "delivery_model", "engagements", "completed", "cancelled", "median_months", "overrun",
    "on_time_rate", "cancelled_share", "quality", "rated",
]


def delivery_summary(ws: Workspace, filters: Filters) -> pd.DataFrame:
    """by_delivery_model's table for the engagements `engagements(ws, filters)` returns, in one
    SQL pass (analytics/sql/duration_by_delivery_model.sql) instead of a pandas filter per model:
    same rows, order, columns and numbers."""
    params = {**filters.params(), "days_per_month": DAYS_PER_MONTH}
    return ws.query("duration_by_delivery_model", params)  # SUMMARY_COLUMNS, typed by the SQL


def completed(e: pd.DataFrame) -> pd.DataFrame:
    """Completed engagements with both durations, months alongside days (for distributions)."""
    d = e[(e["status"] == "completed") & e["actual_days"].notna() & e["planned_days"].notna()].copy()
    d["actual_months"] = d["actual_days"] / DAYS_PER_MONTH
    d["planned_months"] = d["planned_days"] / DAYS_PER_MONTH
    return d


BOX_COLUMNS = ["n", "q1", "median", "q3", "lowerfence", "upperfence", "mean"]
SCATTER_POINTS = 300  # planned vs actual shows at most this many engagements (~60 bytes each)


def box_stats(values: pd.Series) -> dict:
    """What a plotly box draws, computed as plotly.js does from the raw values: quartiles by
    its default 'linear' method (numpy's 'hazen': position n·p − ½), whiskers (fences) at the
    most extreme values within 1.5 × IQR of the box (so never beyond the data), and the mean."""
    v = np.sort(pd.Series(values, dtype="float64").dropna().to_numpy())
    if not len(v):
        return dict.fromkeys(BOX_COLUMNS, np.nan) | {"n": 0}
    q1, median, q3 = np.quantile(v, [0.25, 0.5, 0.75], method="hazen")
    reach = 1.5 * (q3 - q1)
    return {
        "n": len(v),
        "q1": float(q1),
        "median": float(median),
        "q3": float(q3),
        "lowerfence": float(min(q1, v[v >= q1 - reach][0])),
        "upperfence": float(max(q3, v[v <= q3 + reach][-1])),
        "mean": float(v.mean()),
    }


def box_stats_by_model(e: pd.DataFrame, value: str) -> pd.DataFrame:
    """box_stats of `value` per delivery model (models in MODELS order, those with no values
    left out): delivery_model, n, q1, median, q3, lowerfence, upperfence, mean."""
    rows = []
    for m in MODELS:
        v = e.loc[e["delivery_model"] == m, value].dropna()
        if len(v):
            rows.append({"delivery_model": m, **box_stats(v)})
    return pd.DataFrame(rows, columns=["delivery_model", *BOX_COLUMNS])


def scatter_sample(e: pd.DataFrame, n: int | None = None) -> pd.DataFrame:
    """At most n (default SCATTER_POINTS) rows for a scatter plot: all of them if there are no
    more, else a fixed random sample (random_state=0, so the same data always shows the same
    points), in the given order."""
    n = SCATTER_POINTS if n is None else n
    if len(e) <= n:
        return e
    return e.sample(n=n, random_state=0).sort_index()


# -- people: tenure and retention --------------------------------------------------------


def as_of(ws: Workspace, filters: Filters) -> date:
    """The date tenure is measured on (horizon.as_of_date: period end or the data's last day)."""
    return horizon.as_of_date(filters, horizon.data_horizon(ws))


def people(ws: Workspace, filters: Filters) -> pd.DataFrame:
    """Everyone (of the filtered departments, roles and types) who started on or before the
    as-of date, with tenure_days, tenure_months, active and left (= not active)."""
    p = horizon.people_as_of(ws, filters, as_of(ws, filters))
    return with_tenure(p)


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
        km = retention.kaplan_meier(g["tenure_months"], g["left"])
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
    km = retention.kaplan_meier(g["tenure_months"], g["left"])
    return MedianTenure(len(g), retention.median_survival(km), float(g["tenure_months"].max()))


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
        active = g[~g["left"]]
        gone = g[g["left"]]
        rows.append(
            {
                "worker_type": t,
                "people": len(g),
                "active": len(active),
                "left": len(gone),
                "median_active_months": float(active["tenure_months"].median()) if len(active) else None,
                "median_leaver_months": float(gone["tenure_months"].median()) if len(gone) else None,
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
        months = p.loc[p["worker_type"] == t, "tenure_months"].dropna().to_numpy(dtype="float64")
        if len(months):
            bins, people = np.unique(np.floor(months / width), return_counts=True)
            parts.append(pd.DataFrame({"worker_type": t, "start": bins * width, "end": (bins + 1) * width, "people": people}))
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


# -- reviews -----------------------------------------------------------------------------


def review_profile(ws: Workspace, filters: Filters) -> pd.DataFrame:
    """Mean of each of the six review attributes by worker type, over the filtered people's
    reviews dated in the period: worker_type, reviews, people, the six attributes, overall."""
    df = ws.query("review_averages", filters.params())
    order = {t: i for i, t in enumerate(TYPES)}
    return df.sort_values("worker_type", key=lambda s: s.map(order)).reset_index(drop=True)


def attribute_gaps(profile: pd.DataFrame) -> pd.DataFrame:
    """Per review attribute: employees' mean, contractors' mean and the gap (contractor −
    employee), largest absolute gap first; NaN where a type has no reviews."""
    p = profile.set_index("worker_type")
    rows = []
    for a in REVIEW_ATTRIBUTES:
        emp = p[a].get("employee", np.nan) if a in p.columns else np.nan
        con = p[a].get("contractor", np.nan) if a in p.columns else np.nan
        rows.append({"attribute": a, "employee": emp, "contractor": con, "gap": con - emp})
    out = pd.DataFrame(rows)
    return out.reindex(out["gap"].abs().sort_values(ascending=False, na_position="last").index).reset_index(drop=True)
