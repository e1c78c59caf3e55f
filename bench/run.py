"""`make bench`: Staffing Lens at ~10M timesheet rows against its targets.

    python -m bench.run                      # the full benchmark (50,000 workers × 4 years)
    python -m bench.run --workers 200 --years 1 --data /tmp/b --runs 1 --skip-browser --no-readme

Writes bench/RESULTS.md and the README's Performance section (see bench/report.py).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from analytics.db import ROOT, Workspace, rebuild_derived
from bench import report
from bench.dataset import DATA_DIR, default_filters, ensure_dataset, whole_period
from bench.timing import machine


def log(msg: str) -> None:
    print(msg, flush=True)


def derived_rebuild_seconds(ws: Workspace) -> float:
    """How long rebuilding the derived tables takes (in a transaction rolled back after)."""
    cur = ws.con.cursor()
    try:
        cur.execute("BEGIN TRANSACTION")
        t0 = time.perf_counter()
        rebuild_derived(cur)
        return time.perf_counter() - t0
    finally:
        cur.execute("ROLLBACK")
        cur.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--workers", type=int, default=50_000)
    p.add_argument("--years", type=int, default=4)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--data", type=Path, default=DATA_DIR, help="folder for the generated CSVs and workspaces")
    p.add_argument("--runs", type=int, default=5, help="repetitions behind each median")
    p.add_argument("--upload-rows", type=int, default=1_000_000)
    p.add_argument("--skip-browser", action="store_true", help="no Playwright payload / server memory figures")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    p.add_argument("--no-readme", action="store_true", help="leave README.md alone")
    a = p.parse_args(argv)

    start_load = os.getloadavg()[0]
    log(f"dataset: {a.workers:,} workers × {a.years} years (seed {a.seed}) in {a.data}")
    ds = ensure_dataset(a.workers, a.years, a.seed, a.data, log)
    log("  " + ", ".join(f"{k} {v:,}" for k, v in ds.rows.items()))
    r = report.Results(
        machine=machine(), dataset=ds.rows, load_avg=(start_load, 0.0), runs=a.runs,
        dataset_label=f"{a.workers:,} workers × {a.years} years (sample generator, seed {a.seed})",
    )

    log("DuckDB vs pandas:")
    ws = Workspace(ds.db, load_sample=False)  # locked down as the app opens it (2 threads)
    try:
        r.derived_rebuild_s = derived_rebuild_seconds(ws)
        log(f"  derived tables rebuild in {r.derived_rebuild_s:.2f} s")
        from bench.metrics import measure_metrics

        whole, default = whole_period(ws), default_filters(ws)
        from bench.baseline import TABLES, load_frames

        t0 = time.perf_counter()
        frames = load_frames(ws)
        r.pandas_load_s = time.perf_counter() - t0
        log(f"  pandas: read {', '.join(TABLES)} in {r.pandas_load_s:.2f} s (not counted below)")
        _, r.metrics = measure_metrics(ws, whole, default, a.runs, log, frames)
        del frames
    finally:
        ws.close()

    log("pages (AppTest):")
    from bench.pages import measure_pages

    r.pages = measure_pages(ds.db, a.runs, log=log)

    log(f"upload ({a.upload_rows:,} timesheet rows):")
    from bench.upload import measure_upload, prepare

    csv, db = prepare(ds.csv_dir, a.data / f"upload_{a.upload_rows}", a.upload_rows)
    r.upload = measure_upload(csv, db, min(a.runs, 3), log)

    log("board pack (PDF, default filters):")
    from bench.boardpack import measure_board_pack, sample_db

    r.board_packs = [measure_board_pack(sample_db(a.data), "sample", 1, log),
                     measure_board_pack(ds.db, "scale", 1, log)]

    if not a.skip_browser:
        log("bytes to the browser and server memory (Playwright):")
        from bench.payload import measure_payload

        r.payload_sample = measure_payload("sample", None, log)
        r.payload_scale = measure_payload("scale", ds.db, log)

    r.load_avg = (start_load, os.getloadavg()[0])
    notes_file = ROOT / "bench" / "NOTES.md"
    notes = notes_file.read_text(encoding="utf-8") if notes_file.is_file() else ""
    report.write_results(a.out, report.results_md(r, notes))
    log(f"wrote {a.out}")
    if not a.no_readme:
        report.write_readme(ROOT / "README.md", r)
        log("updated README.md (Performance section)")
    for fig, target, result, met in report.headline(r):
        log(f"  {report.ok(met)} {fig}: {result} (target {target})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
