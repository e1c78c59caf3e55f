"""Delivery: how long engagements run and overrun by delivery model (in-house / contractor / mixed,
from who logged the hours), on-time and cancelled shares and delivery quality.

Engagement duration = actual_end − actual_start (days); overrun = actual / planned duration − 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.metrics.filters import Filters
from analytics.metrics.periods import DAYS_PER_MONTH
from analytics.store.db import Workspace

MODELS = ("in-house", "mixed", "contractor", "no hours")


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
