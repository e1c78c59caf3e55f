"""Each page of the app at scale: the analytics it asks for (replayed with no cache, median of
5) and full AppTest runs of the page with a cold and a warm Streamlit cache.

Which analytics a page calls is not listed here: the bench records every `analytics.cache.call`
the page makes while AppTest runs it (a timer around the cached function, for measurement
only), so the figures follow the pages as they change.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analytics.store.db import ROOT
from bench.timing import median_time
from harness.apptest import uses_st_navigation

PAGES = {
    "overview": "pages/overview.py",
    "costs": "pages/costs.py",
    "break_even": "pages/break_even.py",
    "utilization": "pages/utilization.py",
    "duration": "pages/duration.py",
    "plan": "pages/plan.py",
    "data": "pages/data.py",
}


@dataclass(frozen=True)
class Call:
    """One analytics call a page made through analytics.cache.call."""

    fn: Callable[..., Any]
    args: tuple
    kwargs: tuple

    @property
    def name(self) -> str:
        return f"{self.fn.__module__.removeprefix('analytics.')}.{self.fn.__qualname__}"


@dataclass
class PageResult:
    page: str
    analytics_cold: float = 0.0  # Σ of the page's calls, no cache, median of runs
    calls: list[tuple[str, float]] = field(default_factory=list)  # (name, median s), slowest first
    queries: list[tuple[str, float]] = field(default_factory=list)  # (SQL file, s per page run)
    run_cold: float = 0.0  # full AppTest run, st.cache_data cleared first (median)
    run_warm: float = 0.0  # full AppTest run again, cache filled (median)
    first_run: float = 0.0  # the very first run of the page in this process
    exception: str | None = None


@contextlib.contextmanager
def recording_calls(into: list[Call]) -> Iterator[None]:
    """Record each distinct analytics.cache.call made meanwhile; the cache itself is untouched
    (the function's name, arguments and data version still key it)."""
    from analytics import cache

    original = cache.call

    def call(fn, *args, **kwargs):
        c = Call(fn, args, tuple(sorted(kwargs.items())))
        if c not in into:
            into.append(c)
        return original(fn, *args, **kwargs)

    cache.call = call
    try:
        yield
    finally:
        cache.call = original


def _exception_text(at) -> str | None:
    if not at.exception:
        return None
    return "; ".join(str(e.value).splitlines()[0] for e in at.exception)[:300]


def _replay(ws, calls: list[Call], runs: int) -> tuple[float, list[tuple[str, float]], list[tuple[str, float]]]:
    """Run the recorded calls straight on the workspace (no cache at all), `runs` times:
    (median Σ seconds, per call median seconds, per named SQL query median seconds per page run)."""
    from analytics.store.db import Workspace

    per_call: dict[str, list[float]] = {}
    per_query: dict[str, list[float]] = {}
    original = Workspace.query

    def timed_query(self, name, params=None):
        t = time.perf_counter()
        try:
            return original(self, name, params)
        finally:
            per_query.setdefault(name, []).append(time.perf_counter() - t)

    def once() -> float:
        total = 0.0
        with ws.snapshot():
            for c in calls:
                t = time.perf_counter()
                c.fn(ws, *c.args, **dict(c.kwargs))
                dt = time.perf_counter() - t
                per_call.setdefault(c.name, []).append(dt)
                total += dt
        return total

    Workspace.query = timed_query
    try:
        timed = median_time(once, runs)
    finally:
        Workspace.query = original
    calls_ = sorted(((n, statistics.median(ts)) for n, ts in per_call.items()), key=lambda x: -x[1])
    # a query may run several times in one page run: its time per page run is Σ / runs
    queries = sorted(((n, sum(ts) / runs) for n, ts in per_query.items()), key=lambda x: -x[1])
    return timed.median, calls_, queries


def measure_page(key: str, path: str, runs: int = 5, log=print) -> PageResult:
    """One page: see the module docstring. STAFFING_LENS_DB must point at the workspace."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from analytics import cache

    r = PageResult(key)
    calls: list[Call] = []
    # a session that opened the app (on Overview, the default page), then goes to this page
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.run()
    if path != PAGES["overview"]:
        at.switch_page(path)
    st.cache_data.clear()
    t0 = time.perf_counter()
    with recording_calls(calls):
        at.run()
    r.first_run = time.perf_counter() - t0
    r.exception = _exception_text(at)

    r.analytics_cold, r.calls, r.queries = _replay(cache.workspace(), calls, runs)

    def rerun() -> None:  # the session reruns the page, as on any widget change
        at.run()
        if at.exception and not r.exception:
            r.exception = _exception_text(at)

    r.run_cold = median_time(rerun, runs, before=st.cache_data.clear).median
    rerun()  # fill the cache
    r.run_warm = median_time(rerun, runs).median
    slowest = f"{r.calls[0][0]} {r.calls[0][1]:.3f} s" if r.calls else "-"
    log(
        f"  {key:<12} analytics {r.analytics_cold:6.3f} s  run cold {r.run_cold:6.3f} s  "
        f"warm {r.run_warm:6.3f} s  ({len(calls)} calls; slowest {slowest})"
    )
    return r


def measure_pages(db: Path, runs: int = 5, pages: dict[str, str] | None = None, log=print) -> list[PageResult]:
    """Every page with AppTest on the workspace file `db`."""
    import streamlit as st

    os.environ["STAFFING_LENS_DB"] = str(db)
    st.cache_data.clear()
    st.cache_resource.clear()
    with uses_st_navigation():
        results = [measure_page(k, p, runs, log) for k, p in (pages or PAGES).items()]
    from analytics import cache

    cache.workspace().close()  # release the file for whoever opens it next
    st.cache_resource.clear()
    return results
