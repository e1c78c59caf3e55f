"""`make bench`: Staffing Lens at ~10M timesheet rows against its targets.

    python -m bench.run                      # the full benchmark (50,000 workers × 4 years)
    python -m bench.run --workers 200 --years 1 --data /tmp/b --runs 1 --skip-browser --no-readme

Writes bench/RESULTS.md and the README's Performance section (see bench/report.py).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from analytics.store.db import ROOT, Workspace
from analytics.store.derived import rebuild_derived
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


def hardening(r: report.Results, upload_csv: Path, upload_db: Path, log) -> None:
    """Issue 18's figures: every console attack and workbook bomb against another session's page
    queries on the bundled sample, then the upload CSV's rows as an .xlsx through the Data page's path."""
    import tempfile

    from bench import concurrency, workbooks

    log("SQL console under attack and workbook bombs (bundled sample):")
    with tempfile.TemporaryDirectory() as d:
        ws = Workspace(Path(d) / "attack.duckdb", lock_down=True, load_sample=True)
        try:
            load0 = os.getloadavg()[0]
            for name in concurrency.ALL_ATTACKS:
                a = concurrency.sql_attack_latency(ws, name, ATTACK_TIMEOUT_S)
                log(f"  {name}: {a.kind} after {a.attack_seconds:.1f} s, RSS +{a.rss_growth_mb:.0f} MB, "
                    f"other p95 {a.during_p95 * 1e3:.0f} ms (idle {a.baseline_p95 * 1e3:.0f})")
                r.attacks.append(a)
            r.attack_load_avg = (load0, os.getloadavg()[0])
            r.attack_rows = ws.row_counts()
            r.bombs = workbooks.measure_bombs(ws, log=log)
        finally:
            ws.close()
    log("workbook upload:")
    xlsx = workbooks.write_timesheets_xlsx(upload_csv, upload_csv.with_name("timesheets.xlsx"))
    r.workbook_upload = workbooks.measure_workbook_upload(xlsx, upload_db, log)


ATTACK_TIMEOUT_S = 5.0


def write_hardening_sections(r: report.Results, out: Path) -> None:
    """The console table goes into the concurrency section (its page times are kept), the
    workbook tables into their own."""
    from bench import concurrency, workbooks

    rows = r.attack_rows
    lines = ["## Concurrency and the SQL console under attack (`python -m bench.concurrency`)", ""]
    lines += concurrency.kept_page_times(out)
    lines += concurrency.attack_lines(r.attacks, rows, ATTACK_TIMEOUT_S, r.attack_load_avg)
    concurrency.write_section(lines, out)
    m = r.machine
    line = (f"{m['cores']} cores ({m['cpu']}), {m['memory']} RAM; measured {m['date']} in `make bench`; 1-minute load "
            f"average {r.load_avg[0]:.1f} at the start of the run, {r.load_avg[1]:.1f} at its end (the machine is shared)")
    workbooks_lines = workbooks.section_lines(r.bombs, r.workbook_upload, line, rows["timesheets"])
    concurrency.write_section(workbooks_lines, out, workbooks.WORKBOOKS_BEGIN, workbooks.WORKBOOKS_END)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--workers", type=int, default=50_000)
    p.add_argument("--years", type=int, default=4)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--data", type=Path, default=DATA_DIR, help="folder for the generated CSVs and workspaces")
    p.add_argument("--runs", type=int, default=5, help="repetitions behind each median")
    p.add_argument("--upload-rows", type=int, default=1_000_000)
    p.add_argument("--skip-browser", action="store_true", help="no Playwright payload / server memory figures")
    p.add_argument("--skip-load", action="store_true", help="no load test (python -m bench.load: locust over websockets)")
    p.add_argument("--skip-hardening", action="store_true",
                   help="no console attacks, workbook bombs or large workbook (issue 18's figures)")
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

    log("real-export uploads (issue 12: German 1M-row export, a month's refresh at scale):")
    from bench import ingest

    ingest.run(a.data, None, min(a.runs, 3), log, results=a.out)

    log("board pack (PDF, default filters):")
    from bench.boardpack import measure_board_pack, sample_db

    r.board_packs = [measure_board_pack(sample_db(a.data), "sample", 1, log),
                     measure_board_pack(ds.db, "scale", 1, log)]

    if not a.skip_browser:
        log("bytes to the browser and server memory (Playwright):")
        from bench.payload import measure_payload

        r.payload_sample = measure_payload("sample", None, log)
        r.payload_scale = measure_payload("scale", ds.db, log)

    if not a.skip_hardening:
        hardening(r, csv, db, log)

    r.load_avg = (start_load, os.getloadavg()[0])
    notes_file = ROOT / "bench" / "NOTES.md"
    notes = notes_file.read_text(encoding="utf-8") if notes_file.is_file() else ""
    report.write_results(a.out, report.results_md(r, notes))
    if r.attacks or r.bombs:
        write_hardening_sections(r, a.out)
    log(f"wrote {a.out}")
    if not a.no_readme:
        report.write_readme(ROOT / "README.md", r)
        log("updated README.md (Performance section)")
    for fig, target, result, met in report.headline(r):
        log(f"  {report.ok(met)} {fig}: {result} (target {target})")
    if not a.skip_load:
        # its own process: locust's users are gevent greenlets, which patch this process's sockets
        log("the server under load (python -m bench.load; sample and this dataset, 1 and 2 processes):")
        subprocess.run([sys.executable, "-m", "bench.load", "--seconds", "30", "--workers", str(a.workers),
                        "--years", str(a.years), "--data", str(a.data)], cwd=ROOT, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
