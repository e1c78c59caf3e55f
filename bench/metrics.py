"""The main metrics, DuckDB (the app's own analytics functions) against the pandas baseline
(bench/baseline.py) in the same process and run, each checked to give the same numbers."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics import costs, duration, overview, utilization
from analytics.assumptions import DEFAULTS
from analytics.db import Workspace
from analytics.filters import Filters
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
        if not (a[k].astype(str) == b[k].astype(str)).all():
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


def main_metrics(ws: Workspace, whole: Filters, default: Filters) -> list[Metric]:
    """The four metrics of the issue, on the whole period (the bench list: the last 4 weeks of
    the app's default period, as the Utilization page shows it)."""
    as_of = overview.as_of_date(default, overview.data_horizon(ws))
    first, last = utilization.last_weeks(default, as_of, utilization.DEFAULT_BENCH_WEEKS)
    threshold = utilization.DEFAULT_BENCH_THRESHOLD

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
            lambda w: utilization.rates_by(utilization.with_month(utilization.utilization_facts(w, whole)), ["department", "month"]),
            lambda fr: baseline.utilization_by_department_month(fr, whole),
            ["department", "month"], ["capacity_hours", "total_hours", "billable_hours", "utilization", "allocation"],
        ),
        Metric(
            f"Bench list (< {threshold:.0%} over the last {utilization.DEFAULT_BENCH_WEEKS} weeks)",
            lambda w: utilization.bench(utilization.people_utilization(w, default, first, last), threshold),
            lambda fr: baseline.bench_list(fr, default, first, last, threshold),
            ["worker_id", "full_name", "engagement_names"],
            ["weeks", "capacity_hours", "billable_hours", "utilization", "engagements"],
        ),
        Metric(
            "Engagement duration by delivery model",
            lambda w: duration.delivery_summary(w, whole),  # what the Duration page shows
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
