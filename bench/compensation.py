"""Pay history at the benchmark's scale (issue 16): the 9M-row dataset with a compensation history
for every person (the sample generator's yearly raises for employees, its renegotiated rates, and
every other contractor's rate changed about twice a year), against the same workspace without one.
Reports the derived-table rebuild time of both and each page's analytics with a cold cache, and
writes its section of bench/RESULTS.md (between <!-- compensation:begin --> and <!-- compensation:end -->).

    python -m bench.compensation [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from analytics.store.db import ROOT, Workspace
from bench.concurrency import write_section
from bench.dataset import DATA_DIR, ensure_dataset
from bench.pages import PAGES, _replay, recording_calls, uses_st_navigation
from bench.run import derived_rebuild_seconds
from samplegen.calibration import DEFAULT_END
from samplegen.compensation import draw_compensation
from samplegen.currency import roster_as_written
from samplegen.period import Period, date_array

BEGIN, END = "<!-- compensation:begin -->", "<!-- compensation:end -->"
TARGET_COLD = 0.5  # s, each page's analytics with a cold cache (bench/RESULTS.md's pages table)
CONTRACTOR_CHANGES = 4  # entries per contractor without a renegotiation: start and three changes


def history(workers: int, years: int, seed: int) -> pa.Table:
    """compensation rows for everyone: the generator's, plus CONTRACTOR_CHANGES entries (rate +2% a
    step, the last the roster's) for each contractor the generator left without one."""
    p = Period(DEFAULT_END, years)
    w = roster_as_written(workers, seed, p)
    drawn = draw_compensation(seed, p, w)
    have = set(drawn.column("worker_id").to_pylist())
    ids, days, rates = [], [], []
    last = np.where(w["end"] < 0, p.h1, np.minimum(w["end"], p.h1))
    for i in np.flatnonzero(w["is_con"]):
        if w["worker_id"][i] in have:
            continue
        step = max(int(last[i] - w["start"][i]) // CONTRACTOR_CHANGES, 1)
        for k in range(CONTRACTOR_CHANGES):
            ids.append(w["worker_id"][i])
            days.append(int(w["start"][i]) + k * step)
            rates.append(round(float(w["rate"][i]) / 1.02 ** (CONTRACTOR_CHANGES - 1 - k), 2))
    extra = pa.table({
        "worker_id": pa.array(ids, pa.string()),
        "effective_date": date_array(np.array(days, dtype=np.int64)),
        "annual_salary": pa.array(np.full(len(ids), np.nan), pa.float64(), from_pandas=True),
        "hourly_rate": pa.array(rates, pa.float64()),
        "weekly_capacity_hours": pa.array(np.full(len(ids), np.nan), pa.float64(), from_pandas=True),
        "currency": pa.array([None] * len(ids), pa.string()),  # empty: the roster's currency
    })
    return pa.concat_tables([drawn, extra.select(drawn.column_names)])


def _copy_with(source_db: Path, target: Path, comp_csv: Path | None) -> tuple[Path, int]:
    """A copy of the dataset's workspace holding `comp_csv` as its compensation (none if None),
    derived tables rebuilt; returns it and the compensation rows."""
    want = 0 if comp_csv is None else sum(1 for _ in open(comp_csv, encoding="utf-8")) - 1
    if target.is_file():  # made by an earlier run from the same dataset: reused when it holds that history
        ws = Workspace(target, lock_down=False, load_sample=False)
        try:
            if ws.row_counts()["compensation"] == want:
                return target, want
        finally:
            ws.close()
    shutil.copyfile(source_db, target)
    ws = Workspace(target, lock_down=False, load_sample=False)
    try:
        with ws.transaction() as cur:
            cur.execute("DELETE FROM compensation")
            if comp_csv is not None:
                cur.execute("INSERT INTO compensation SELECT * FROM read_csv($p, header = true, "
                            "dateformat = '%Y-%m-%d')", {"p": str(comp_csv)})
        ws.con.execute("CHECKPOINT")
        return target, ws.row_counts()["compensation"]
    finally:
        ws.close()


def _rebuilds(dbs: dict[str, Path], runs: int) -> dict[str, float]:
    """Median derived-table rebuild of each workspace, the workspaces taking turns (ABAB…), so the
    shared machine's load weighs on both alike."""
    times: dict[str, list[float]] = {k: [] for k in dbs}
    for i in range(runs):
        for name in (list(dbs) if i % 2 == 0 else list(dbs)[::-1]):
            ws = Workspace(dbs[name], lock_down=False, load_sample=False)
            try:
                times[name].append(derived_rebuild_seconds(ws))
            finally:
                ws.close()
    return {k: statistics.median(v) for k, v in times.items()}


def _page_calls(db: Path, path: str) -> list:
    """The analytics calls a page makes on first view (AppTest on `db`, as bench.pages records them)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from analytics import cache

    os.environ["STAFFING_LENS_DB"] = str(db)
    st.cache_data.clear()
    st.cache_resource.clear()
    calls: list = []
    with uses_st_navigation():
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at.run()
        if path != PAGES["overview"]:
            at.switch_page(path)
        st.cache_data.clear()
        with recording_calls(calls):
            at.run()
    cache.workspace().close()
    st.cache_resource.clear()
    return calls


def _pages(dbs: dict[str, Path], runs: int) -> dict[str, dict[str, float]]:
    """Each page's analytics with no cache on each workspace (the calls recorded once, on the one
    with history), replayed in turns (ABAB…): page → workspace → median seconds."""
    out: dict[str, dict[str, float]] = {}
    for key, path in PAGES.items():
        calls = _page_calls(dbs["with"], path)
        open_ = {k: Workspace(db, lock_down=False, load_sample=False, read_only=True) for k, db in dbs.items()}
        try:
            times: dict[str, list[float]] = {k: [] for k in dbs}
            for i in range(runs):
                for name in (list(dbs) if i % 2 == 0 else list(dbs)[::-1]):
                    times[name].append(_replay(open_[name], calls, 1)[0])
        finally:
            for ws in open_.values():
                ws.close()
        out[key] = {k: statistics.median(v) for k, v in times.items()}
        print(f"  {key:<12} " + "  ".join(f"{k} {v:.3f} s" for k, v in out[key].items()), flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.compensation", description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args(argv)
    started, load0 = datetime.now(UTC), os.getloadavg()[0]
    ds = ensure_dataset()
    work = DATA_DIR / "compensation"
    work.mkdir(parents=True, exist_ok=True)
    comp_csv = work / "compensation.csv"
    t0 = time.perf_counter()
    table = history(ds.workers, ds.years, ds.seed)
    pacsv.write_csv(table, comp_csv, pacsv.WriteOptions(quoting_style="none"))
    print(f"history: {table.num_rows:,} entries for {ds.workers:,} people in {time.perf_counter() - t0:.1f} s",
          flush=True)
    without, _ = _copy_with(ds.db, work / "without.duckdb", None)
    with_db, n = _copy_with(ds.db, work / "with.duckdb", comp_csv)
    dbs = {"without": without, "with": with_db}
    rebuild = _rebuilds(dbs, 4)
    print(f"rebuild: {rebuild}", flush=True)
    pages = _pages(dbs, a.runs)
    lines = [
        "## Pay history at scale (issue 16)",
        "",
        f"Measured {started:%Y-%m-%d %H:%M} UTC by `python -m bench.compensation` (load average "
        f"{load0:.1f} → {os.getloadavg()[0]:.1f}; the machine is shared). The benchmark's dataset "
        f"({ds.rows.get('timesheets', 0):,} timesheet rows, {ds.workers:,} people) with a compensation "
        f"history for every person: {n:,} entries, {n / ds.workers:.1f} a person (employees: the sample "
        "generator's raise on each anniversary since their start; contractors: its renegotiated rates, "
        f"else {CONTRACTOR_CHANGES} rates over their engagement), against the same workspace without one. "
        "Rebuild: the derived tables (analytics.store.derived.DERIVED_TABLES), median of 4; pages: each page's "
        "analytics calls (recorded once with AppTest, as for the pages table above) replayed with no cache, "
        f"median of {a.runs}. The two workspaces take turns (ABAB…) in both, so the machine's load weighs on "
        "both alike: compare the columns, not these figures with those measured on a quiet machine.",
        "",
        "| figure | without history | with history | target | |",
        "|---|---|---|---|---|",
        f"| Derived-table rebuild | {rebuild['without']:.2f} s | {rebuild['with']:.2f} s | (reported) | |",
    ]
    for key in PAGES:
        before, after = pages[key]["without"], pages[key]["with"]
        ok = after <= TARGET_COLD
        lines.append(f"| {key}: analytics, cold | {before:.3f} s | {after:.3f} s | ≤ {TARGET_COLD} s | "
                     f"{'✅' if ok else '❌'} |")
    write_section(lines, begin=BEGIN, end=END)
    print("\n".join(lines), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
