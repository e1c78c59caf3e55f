"""Query changes the benchmark proposes for files other engineers own: each bench/proposed/<name>.sql
replaces analytics/sql/<name>.sql. Measured here against the current query on the same
workspace (median of runs) and checked to return the same rows and numbers, so the lead can
adopt them by copying the file over.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analytics import db as dbmod
from analytics.db import Workspace, load_sql
from analytics.filters import WORKER_FILTER_SQL, Filters
from bench.metrics import same_numbers
from bench.timing import median_time

PROPOSED_DIR = Path(__file__).resolve().parent / "proposed"


def proposed_names() -> list[str]:
    return sorted(p.stem for p in PROPOSED_DIR.glob("*.sql"))


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


def compare(ws: Workspace, name: str, params: dict) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """(current result, proposed result, largest relative difference); raises if they differ."""
    cur, new = ws.sql(load_sql(name), params), ws.sql(proposed_sql(name), params)
    if list(cur.columns) != list(new.columns):
        raise AssertionError(f"{name}: columns differ: {list(cur.columns)} vs {list(new.columns)}")
    keys = [c for c in cur.columns if cur[c].dtype.kind not in "fiu"]
    values = [c for c in cur.columns if c not in keys]
    return cur, new, same_numbers(name, cur, new, keys, values)


def measure_proposed(ws: Workspace, periods: dict[str, Filters], runs: int = 5, log=print) -> list[ProposedResult]:
    out = []
    for name in proposed_names():
        for label, f in periods.items():
            params = f.params()
            cur, _, diff = compare(ws, name, params)
            a = median_time(lambda name=name, p=params: ws.sql(load_sql(name), p), runs).median
            b = median_time(lambda name=name, p=params: ws.sql(proposed_sql(name), p), runs).median
            r = ProposedResult(name, label, len(cur), a, b, diff)
            log(f"  {name:<20} {label:<14} current {a:6.3f} s  proposed {b:6.3f} s  ({r.rows} rows, same numbers)")
            out.append(r)
    return out


@contextlib.contextmanager
def swapped_in() -> Iterator[None]:
    """Within this block the app runs the proposed queries instead of the current ones: a what-if,
    reported apart from the figures of the app as it is."""
    original = dbmod.load_sql

    def load(name: str) -> str:
        return proposed_sql(name) if (PROPOSED_DIR / f"{name}.sql").is_file() else original(name)

    dbmod.load_sql = load
    try:
        yield
    finally:
        dbmod.load_sql = original
