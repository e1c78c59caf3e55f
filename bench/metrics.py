"""The main metrics, DuckDB (the app's own analytics functions) against the pandas baseline
(bench/baseline.py) in the same process and run, each checked to give the same numbers."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from analytics.metrics import allocation, costs, delivery, horizon, utilization
from analytics.metrics.assumptions import DEFAULTS
from analytics.metrics.filters import Filters
from analytics.metrics.roles import DEFAULT_NON_BILLABLE_ROLES
from analytics.store.db import Workspace
from bench import baseline
from bench.timing import median_time


@dataclass
class MetricResult:
    name: str
    rows: int  # rows in the result
    duckdb: float  # median seconds
    pandas: float  # median seconds
    max_rel_diff: float  # largest relative difference between the two results' numbers

    @property
    def ratio(self) -> float:
        """How many times faster DuckDB is than pandas."""
        return self.pandas / self.duckdb if self.duckdb > 0 else float("inf")


class Mismatch(AssertionError):
    """DuckDB and pandas disagree on a metric: the benchmark's figures would be meaningless."""


def same_numbers(name: str, a: pd.DataFrame, b: pd.DataFrame, keys: list[str], values: list[str], rtol: float = 1e-9) -> float:
    """Assert two results hold the same keys and (within rtol) the same values; return the
    largest relative difference. Floating sums in another order differ in the last digits."""
    a = a[keys + values].sort_values(keys).reset_index(drop=True)
    b = b[keys + values].sort_values(keys).reset_index(drop=True)
    if len(a) != len(b):
        raise Mismatch(f"{name}: DuckDB gives {len(a)} rows, pandas {len(b)}")
    for k in keys:
        # a NULL key equals a NULL key (astype(str) turns None into NaN, which equals nothing)
        if not (a[k].astype(str).fillna("<NULL>") == b[k].astype(str).fillna("<NULL>")).all():
            raise Mismatch(f"{name}: the rows differ in {k}")
    worst = 0.0
    for v in values:
        x, y = a[v].to_numpy(dtype="float64"), b[v].to_numpy(dtype="float64")
        if not np.array_equal(np.isnan(x), np.isnan(y)):
            raise Mismatch(f"{name}: {v} is missing in different rows")
        ok = ~np.isnan(x)
        if ok.any():
            rel = np.abs(x[ok] - y[ok]) / np.maximum(np.abs(y[ok]), 1e-12)
            worst = max(worst, float(rel.max()))
    if worst > rtol:
        raise Mismatch(f"{name}: values differ by up to {worst:.2e} (relative)")
    return worst


@dataclass(frozen=True)
class Metric:
    name: str
    duckdb: Callable[[Workspace], pd.DataFrame]
    pandas: Callable[[baseline.Frames], pd.DataFrame]
    keys: list[str]
    values: list[str]


STAFFING_KEYS = ["status", "worker_id", "full_name", "worker_type", "department", "role", "engagement_names"]
STAFFING_VALUES = [
    "weeks", "capacity_hours", "total_hours", "billable_hours", "engagement_hours", "weeks_over_capacity",
    "engagements", "utilization", "allocation", "engagement_share",
]


def app_staffing_lists(
    ws: Workspace,
    filters: Filters,
    as_of: date,
    weeks: int = utilization.DEFAULT_BENCH_WEEKS,
    threshold: float = utilization.DEFAULT_BENCH_THRESHOLD,
    non_billable_roles: Collection[str] = DEFAULT_NON_BILLABLE_ROLES,
) -> pd.DataFrame:
    """The Utilization page's three lists, as the page asks for them (its window, its people,
    then over-allocated, bench and busy off-project), one frame with a `status` column."""
    first, last = allocation.recent_weeks(ws, filters, as_of, weeks)
    people = allocation.people_utilization(ws, filters, first, last)
    return pd.concat(
        [
            allocation.over_allocated(people).assign(status="over_allocated"),
            allocation.bench(people, threshold, non_billable_roles).assign(status="bench"),
            allocation.busy_off_project(people, threshold, non_billable_roles).assign(status="busy_off_project"),
        ],
        ignore_index=True,
    )


def baseline_staffing_lists(
    fr: baseline.Frames,
    filters: Filters,
    as_of: date,
    weeks: int = utilization.DEFAULT_BENCH_WEEKS,
    threshold: float = utilization.DEFAULT_BENCH_THRESHOLD,
    non_billable_roles: Collection[str] = DEFAULT_NON_BILLABLE_ROLES,
) -> pd.DataFrame:
    """The same three lists in pandas, window included."""
    first, last = baseline.recent_weeks(fr, filters, as_of, weeks)
    return baseline.staffing_lists(fr, filters, first, last, threshold, non_billable_roles)


def main_metrics(ws: Workspace, whole: Filters, default: Filters) -> list[Metric]:
    """The four metrics of the issue, on the whole period (the staffing lists: the last 4 weeks
    with timesheets of the app's default period, as the Utilization page shows them). The default
    non-billable roles are left out of billable utilization and of the bench and busy off-project
    lists on both sides."""
    as_of = horizon.as_of_date(default, horizon.data_horizon(ws))
    weeks, threshold = utilization.DEFAULT_BENCH_WEEKS, utilization.DEFAULT_BENCH_THRESHOLD
    non_billable = DEFAULT_NON_BILLABLE_ROLES

    def by_model(fr: baseline.Frames) -> pd.DataFrame:
        return baseline.duration_by_delivery_model(fr, whole).reset_index()

    return [
        Metric(
            "Spend by month and worker type",
            lambda w: costs.spend_by_month(w, whole, DEFAULTS),
            lambda fr: baseline.spend_by_month(fr, whole, DEFAULTS),
            ["month", "worker_type"], ["spend"],
        ),
        Metric(
            "Utilization by department and month",
            lambda w: utilization.rates_by(
                utilization.with_month(utilization.utilization_facts(w, whole)), ["department", "month"], non_billable
            ),
            lambda fr: baseline.utilization_by_department_month(fr, whole, non_billable),
            ["department", "month"],
            ["capacity_hours", "total_hours", "billable_hours", *utilization.BILLABLE_ROLE_HOURS, "utilization",
             "allocation"],
        ),
        Metric(
            # the bench alone is often empty on generated data (few people leave capacity free), so
            # the metric is the whole split: a person on the wrong list fails on `status`
            f"Bench, busy off-project and over-allocated lists (< {threshold:.0%} on engagements, "
            f"last {weeks} weeks)",
            lambda w: app_staffing_lists(w, default, as_of, weeks, threshold, non_billable),
            lambda fr: baseline_staffing_lists(fr, default, as_of, weeks, threshold, non_billable),
            STAFFING_KEYS, STAFFING_VALUES,
        ),
        Metric(
            "Engagement duration by delivery model",
            lambda w: delivery.delivery_summary(w, whole),  # what the Duration page shows
            by_model,
            ["delivery_model"],
            ["engagements", "completed", "median_months", "overrun", "on_time_rate", "cancelled_share", "quality"],
        ),
    ]


def measure_metrics(
    ws: Workspace, whole: Filters, default: Filters, runs: int = 5, log=print, frames: baseline.Frames | None = None,
) -> tuple[float, list[MetricResult]]:
    """(seconds to read the tables into pandas — 0 if `frames` were given —, one result per metric)."""
    load = 0.0
    if frames is None:
        t0 = time.perf_counter()
        frames = baseline.load_frames(ws)
        load = time.perf_counter() - t0
        log(f"  pandas: read {', '.join(baseline.TABLES)} in {load:.2f} s (not counted below)")
    out = []
    for m in main_metrics(ws, whole, default):
        with ws.snapshot():
            d = median_time(lambda m=m: m.duckdb(ws), runs)
        p = median_time(lambda m=m: m.pandas(frames), runs)
        diff = same_numbers(m.name, d.result, p.result, m.keys, m.values)
        r = MetricResult(m.name, len(d.result), d.median, p.median, diff)
        log(f"  {m.name:<45} DuckDB {r.duckdb:6.3f} s  pandas {r.pandas:6.3f} s  ×{r.ratio:5.1f}  ({r.rows} rows, max diff {diff:.1e})")
        out.append(r)
    return load, out
