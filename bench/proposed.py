"""Query changes the benchmark proposes for files other engineers own. A bench/proposed/<name>.sql
either replaces analytics/sql/<name>.sql (a drop-in), or is a new query doing in one pass what an
analytics function now does in pandas (NEW_QUERIES says which function). Each is measured here
against the current code on the same workspace (median of runs) and checked to return the same
rows and numbers, so the lead can adopt it by copying the file over (and, for a new query,
making the function return `ws.query(name, filters.params())`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analytics import db as dbmod
from analytics import duration
from analytics.db import SQL_DIR, Workspace, load_sql
from analytics.filters import WORKER_FILTER_SQL, Filters
from bench.metrics import same_numbers
from bench.timing import median_time

PROPOSED_DIR = Path(__file__).resolve().parent / "proposed"


# new queries → the analytics function whose result they reproduce
NEW_QUERIES: dict[str, Callable[[Workspace, Filters], pd.DataFrame]] = {
    "duration_by_delivery_model": lambda ws, f: duration.by_delivery_model(duration.engagements(ws, f)),
}


def proposed_names() -> list[str]:
    """Every proposal: drop-in replacements and new queries."""
    return sorted(p.stem for p in PROPOSED_DIR.glob("*.sql"))


def replacement_names() -> list[str]:
    """The proposals that replace an existing analytics/sql file."""
    return [n for n in proposed_names() if (SQL_DIR / f"{n}.sql").is_file()]


def proposed_sql(name: str) -> str:
    return (PROPOSED_DIR / f"{name}.sql").read_text(encoding="utf-8").replace("{worker_filter}", WORKER_FILTER_SQL)


@dataclass
class ProposedResult:
    name: str
    period: str
    rows: int
    current: float
    proposed: float
    max_rel_diff: float


def current(ws: Workspace, name: str, f: Filters) -> pd.DataFrame:
    """What the app computes now for the proposal `name`."""
    if name in NEW_QUERIES:
        return NEW_QUERIES[name](ws, f)
    return ws.sql(load_sql(name), f.params())


def compare(ws: Workspace, name: str, f: Filters) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """(current result, proposed result, largest relative difference); raises if they differ."""
    cur, new = current(ws, name, f), ws.sql(proposed_sql(name), f.params())
    if list(cur.columns) != list(new.columns):
        raise AssertionError(f"{name}: columns differ: {list(cur.columns)} vs {list(new.columns)}")
    keys = [c for c in cur.columns if cur[c].dtype.kind not in "fiu"]
    values = [c for c in cur.columns if c not in keys]
    return cur, new, same_numbers(name, cur, new, keys, values)


def measure_proposed(ws: Workspace, periods: dict[str, Filters], runs: int = 5, log=print) -> list[ProposedResult]:
    out = []
    for name in proposed_names():
        for label, f in periods.items():
            cur, _, diff = compare(ws, name, f)
            a = median_time(lambda name=name, f=f: current(ws, name, f), runs).median
            b = median_time(lambda name=name, f=f: ws.sql(proposed_sql(name), f.params()), runs).median
            r = ProposedResult(name, label, len(cur), a, b, diff)
            log(f"  {name:<20} {label:<14} current {a:6.3f} s  proposed {b:6.3f} s  ({r.rows} rows, same numbers)")
            out.append(r)
    return out


@contextlib.contextmanager
def swapped_in() -> Iterator[None]:
    """Within this block the app runs the proposed drop-in queries instead of the current ones: a
    what-if, reported apart from the figures of the app as it is. (New queries are not called by
    the app; bench.metrics uses them directly in its what-if.)"""
    original = dbmod.load_sql

    def load(name: str) -> str:
        return proposed_sql(name) if (PROPOSED_DIR / f"{name}.sql").is_file() else original(name)

    dbmod.load_sql = load
    try:
        yield
    finally:
        dbmod.load_sql = original
