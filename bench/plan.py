"""The Plan page at the 9M-row scale (issue 15's target: its analytics cold in at most 1 s).

    python -m bench.plan [--data DIR] [--runs 5]

Uses the scaled dataset (bench/dataset.py; its demand.csv is written with the sample generator's own
draws when a dataset generated before the demand table lacks it, then loaded into the workspace), and
measures, with no cache at all, what one Plan page run computes: the plan's inputs (plan.inputs), the
pay medians (break_even.pay_medians) and the whole plan (builder.build: capacity, demand, gap,
pricing, roll-offs), median of runs; then the page itself in AppTest (bench/pages.py: cold and warm).
The result goes into bench/RESULTS.md between the plan markers.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path

from analytics.store.db import Workspace
from bench.concurrency import write_section
from bench.dataset import DATA_DIR, default_filters, ensure_dataset
from bench.timing import machine, median_time

TARGET_S = 1.0
BEGIN, END = "<!-- plan:begin -->", "<!-- plan:end -->"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def ensure_demand(csv_dir: Path, workers: int, years: int, seed: int) -> Path:
    """csv_dir/demand.csv as `python -m analytics.sample_data` writes it for these arguments."""
    from samplegen.calibration import DEFAULT_END
    from samplegen.demand import draw_demand
    from samplegen.engagements import draw_engagements
    from samplegen.people import draw_workers
    from samplegen.period import Period
    from samplegen.write import CsvOut

    path = csv_dir / "demand.csv"
    if not path.is_file():
        p = Period(DEFAULT_END, years)
        w = draw_workers(workers, seed, p)
        out = CsvOut(csv_dir, "demand")
        out.write(draw_demand(workers, seed, p, draw_engagements(workers, seed, p, w)))
        out.close()
    return path


def _load_demand(db: Path, csv: Path) -> int:
    """Replace the workspace's demand rows with the file's (a dataset loaded before the table existed)."""
    from analytics.ingest import upload

    ws = Workspace(db, lock_down=False, load_sample=False)
    try:
        if ws.row_counts()["demand"] == 0:
            upload.load(ws, [upload.FileSpec("demand.csv", csv.read_bytes(), "demand", "replace")])
        return ws.row_counts()["demand"]
    finally:
        ws.close()


@dataclass
class PlanBench:
    rows: dict[str, int]
    first: float  # the very first computation in the process (DuckDB's buffers cold too)
    median: float  # median of runs, no cache
    parts: dict[str, float]  # median seconds of inputs / medians / build
    roles: int
    gaps: int
    run_cold: float = 0.0
    run_warm: float = 0.0
    load_avg: tuple[float, float] = (0.0, 0.0)  # 1-minute load average at the start and the end


def measure(db: Path, runs: int, log=print) -> PlanBench:
    import os

    from analytics.metrics import break_even
    from analytics.metrics.roles import DEFAULT_NON_BILLABLE_ROLES
    from analytics.plan import builder
    from analytics.plan import capacity as plan
    from analytics.plan.settings import PlanSettings

    load0 = os.getloadavg()[0]
    ws = Workspace(db, lock_down=True, load_sample=False, read_only=True)
    parts: dict[str, list[float]] = {"plan.inputs": [], "break_even.pay_medians": [], "plan_build.build": []}
    try:
        filters = default_filters(ws)
        out = {}

        def once() -> None:
            with ws.snapshot():
                t = time.perf_counter()
                inp = plan.inputs(ws, filters)
                t1 = time.perf_counter()
                medians = break_even.pay_medians(ws, filters)
                t2 = time.perf_counter()
                out["plan"] = builder.build(inp, PlanSettings(), medians, DEFAULT_NON_BILLABLE_ROLES)
                t3 = time.perf_counter()
            for k, v in zip(parts, (t1 - t, t2 - t1, t3 - t2), strict=True):
                parts[k].append(v)

        t0 = time.perf_counter()
        once()
        first = time.perf_counter() - t0
        timed = median_time(once, runs)
        rows = ws.row_counts()
    finally:
        ws.close()
    import statistics

    p = out["plan"]
    r = PlanBench(rows, first, timed.median, {k: statistics.median(v[1:] or v) for k, v in parts.items()},
                  p.gap["role"].nunique(), len(p.pricing), load_avg=(load0, os.getloadavg()[0]))
    log(f"  plan analytics: first {r.first:.3f} s, median {r.median:.3f} s ({r.parts}); "
        f"{r.roles} roles, {r.gaps} gaps priced")
    return r


def section(r: PlanBench, runs: int) -> list[str]:
    m = machine()
    ok = "met" if r.median <= TARGET_S else "**missed**"
    rows = ", ".join(f"{k} {v:,}" for k, v in r.rows.items())
    lines = [
        "## Plan page (`python -m bench.plan`)", "",
        f"{m['cores']} cores ({m['cpu']}), {m['memory']} RAM; measured {m['date']}; the machine is shared (1-minute "
        f"load average {r.load_avg[0]:.1f} at the start, {r.load_avg[1]:.1f} at the end). "
        f"Rows: {rows}. Default filters (the last 12 months), the default plan (12 months, attrition from "
        "the data), no cache.", "",
        "| what | seconds | target |", "|---|---|---|",
        f"| Plan analytics cold, median of {runs} (inputs + pay medians + the whole plan) | {r.median:.3f} | "
        f"≤ {TARGET_S:g} s: {ok} |",
        f"| the same, first run in the process (DuckDB's buffers cold too) | {r.first:.3f} | |",
    ]
    lines += [f"| · {k} | {v:.3f} | |" for k, v in r.parts.items()]
    if r.run_cold:
        lines += [f"| Plan page in AppTest, cache cleared (median) | {r.run_cold:.3f} | |",
                  f"| Plan page in AppTest, cache warm (median) | {r.run_warm:.3f} | |"]
    lines += ["", f"{r.roles} roles planned, {r.gaps} gaps priced with the break-even engine."]
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA_DIR)
    ap.add_argument("--workers", type=int, default=50_000)
    ap.add_argument("--years", type=int, default=4)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--skip-apptest", action="store_true")
    ap.add_argument("--out", type=Path, default=RESULTS)
    a = ap.parse_args(argv)
    if (a.data / "csv" / "workers.csv").is_file():  # written before the load, so the load takes it too
        ensure_demand(a.data / "csv", a.workers, a.years, a.seed)
    ds = ensure_dataset(a.workers, a.years, a.seed, a.data)
    n = _load_demand(ds.db, ensure_demand(ds.csv_dir, a.workers, a.years, a.seed))
    print(f"demand rows: {n:,}", flush=True)
    r = measure(ds.db, a.runs)
    if not a.skip_apptest:
        from bench.pages import PAGES, measure_pages

        page = measure_pages(ds.db, a.runs, {"plan": PAGES["plan"]})[0]
        if page.exception:
            print(f"the Plan page raised: {page.exception}", flush=True)
            return 1
        r.run_cold, r.run_warm = page.run_cold, page.run_warm
    write_section(section(r, a.runs), a.out, BEGIN, END)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
