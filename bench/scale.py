"""`python -m bench.scale`: the ~100M-row point (not part of `make test`): the sample generator at 500,000
workers × 4 years, then side by side in one run the generation, the DuckDB build and the Spark build of a
snapshot, the snapshot's size, every page's analytics cold and full page runs warm on a replica serving it,
and a real server's memory while a session opens every page.

    python -m bench.scale                               # 500,000 workers × 4 years (~90M timesheet rows)
    python -m bench.scale --workers 2000 --years 1 --data /tmp/s --runs 1     # a quick try

Writes its section of bench/RESULTS.md (between <!-- scale:begin --> and <!-- scale:end -->).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from analytics.store.db import ROOT
from bench.dataset import DATA_DIR
from bench.timing import machine

GENERATED = "generation.json"  # how long generating the reused CSVs took
SPARK_BUILD = "spark_build.json"  # python -m bench.spark_build's result, reported with --skip-spark
RESULTS_JSON = "scale_results.json"  # the last run's figures (--write-only writes the section from them)
SCALE_BEGIN, SCALE_END = "<!-- scale:begin -->", "<!-- scale:end -->"
TARGET_ANALYTICS_COLD_S = 1.0
TARGET_RUN_WARM_S = 0.6
TARGET_SERVER_GB = 6.0


def log(msg: str) -> None:
    print(msg, flush=True)


def _rows(path: Path) -> int:
    with open(path, "rb") as f:
        return sum(buf.count(b"\n") for buf in iter(lambda: f.read(1 << 22), b"")) - 1


def generate(csv: Path, workers: int, years: int, seed: int) -> tuple[float | None, dict[str, int]]:
    """Generate the CSVs unless they are there for this many workers; (seconds or None if reused, rows)."""
    seconds = None
    if not (csv / "timesheets.csv").is_file() or not (csv / "workers.csv").is_file() or _rows(csv / "workers.csv") != workers:
        log(f"generating {workers:,} workers × {years} years into {csv} …")
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "analytics.sample_data", "--workers", str(workers), "--years", str(years),
                        "--seed", str(seed), "--out", str(csv)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        seconds = time.perf_counter() - t0
        (csv / GENERATED).write_text(json.dumps({"seconds": round(seconds, 1), "date": machine()["date"]}))
    rows = {p.stem: _rows(p) for p in sorted(csv.glob("*.csv"))}
    return seconds, rows


def earlier_generation(csv: Path) -> str:
    """What a reused folder says of its generation (", in 540 s on 2026-12-02 …"), or ""."""
    try:
        g = json.loads((csv / GENERATED).read_text())
        return f" in {g['seconds']:.0f} s, {g['date']}"
    except (OSError, ValueError, KeyError):
        return ""


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def build(csv: Path, out: Path, engine: str) -> tuple[float, Path]:
    from analytics.store import snapshot

    t0 = time.perf_counter()
    version = snapshot.build(csv, out, engine)
    return time.perf_counter() - t0, version


def server_memory(snapshot_dir: Path, tmp: Path) -> tuple[float, list[tuple[str, float]]]:
    """A real server on the snapshot: peak RSS (MB) while one session opens every page twice; each page's
    second (warm) full run as the server sent it, seconds."""
    import psutil

    from harness.servers import streamlit_process
    from harness.streamlit_client import PAGES, Session

    with streamlit_process(tmp / "unused.duckdb", {"STAFFING_LENS_SNAPSHOT": str(snapshot_dir)}, tmp) as (url, proc):
        peak, done = [0.0], threading.Event()

        def watch():
            p = psutil.Process(proc.pid)
            while not done.is_set():
                try:
                    peak[0] = max(peak[0], p.memory_info().rss / 2**20)
                except psutil.Error:
                    pass
                time.sleep(0.2)

        t = threading.Thread(target=watch, daemon=True)
        t.start()
        warm = []
        try:
            with Session(url, timeout=1800) as s:
                for page, name in PAGES.items():
                    s.run(page)
                    run = s.run(page)
                    if run.error:
                        raise RuntimeError(f"{name} failed on the served snapshot: {run.error}")
                    warm.append((name, run.seconds))
        finally:
            done.set()
            t.join()
    return peak[0], warm


def pages_on_snapshot(snapshot_dir: Path, runs: int):
    """Every page with AppTest on a replica of the snapshot (bench/pages.py's measure: analytics cold is
    the page's calls replayed without cache; run warm a full page run with the cache filled)."""
    import streamlit as st

    from bench.pages import PAGES, measure_page
    from harness.apptest import uses_st_navigation

    os.environ.pop("STAFFING_LENS_DB", None)
    os.environ["STAFFING_LENS_SNAPSHOT"] = str(snapshot_dir)
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        with uses_st_navigation():
            return [measure_page(k, p, runs, log) for k, p in PAGES.items()]
    finally:
        os.environ.pop("STAFFING_LENS_SNAPSHOT", None)
        st.cache_resource.clear()


def spark_row(b: dict) -> str:
    """The Spark build's row from bench/data/scale/spark_build.json (python -m bench.spark_build)."""
    how = (f"from {b['source']}, {b['master']}, driver {b['driver_memory']}, {b['shuffle_partitions']} shuffle "
           f"partitions, AQE on; {b['date']}, load average {b['load_start']:.1f} → {b['load_end']:.1f}")
    if b.get("seconds") is not None:
        same = ""
        if b.get("tables") is not None:
            differ = b.get("row_counts_differ") or {}
            same = (f"; row counts equal to the DuckDB build's in all {b['tables']} tables" if not differ else
                    "; row counts differ from the DuckDB build's in " + ", ".join(differ))
        size = f"snapshot {b['snapshot_gb']:.2f} GB of Parquet" if b.get("snapshot_gb") is not None else ""
        return f"| Spark build + publish ({how}{same}) | {b['seconds']:.0f} s | {size} |"
    if b.get("stopped_after_minutes") is not None:
        got = ", ".join(b.get("tables_written") or []) or "no table"
        return (f"| Spark build ({how}) | did not finish: stopped at its {b['limit_minutes']:.0f}-minute limit, "
                f"having written {got} | |")
    return f"| Spark build ({how}) | failed: {b.get('error', 'unknown error')} | |"


def lines(f: dict) -> list[str]:
    gb = f["server_peak_mb"] / 1024
    worst_cold = max(f["pages"], key=lambda p: p["analytics_cold"])
    worst_warm = max(f["warm_runs"], key=lambda p: p[1])
    gen = f"{f['generate_s']:.0f} s" if f["generate_s"] is not None else f"reused (generated earlier{f.get('generated_note', '')})"
    out = [
        "## The 100M-row point (`python -m bench.scale`)",
        "",
        f"{f['label']}: {', '.join(f'{k} {v:,}' for k, v in f['rows'].items())}. Measured {f['date']}; "
        f"1-minute load average {f['load'][0]:.1f} → {f['load'][1]:.1f} (the machine is shared).",
        "",
        "| step | time | |",
        "|---|---|---|",
        f"| generate the CSVs (sample generator) | {gen} | {f['csv_gb']:.1f} GB of CSV |",
        f"| DuckDB build + publish{' (' + f['built_note'] + ')' if f.get('built_note') else ''} | {f['duckdb_s']:.0f} s | "
        f"snapshot {f['duckdb_snapshot_gb']:.2f} GB of Parquet |",
    ]
    if f.get("spark_s") is not None:
        out.append(f"| Spark build + publish (local[{f['spark_master']}]) | {f['spark_s']:.0f} s | "
                   f"snapshot {f['spark_snapshot_gb']:.2f} GB of Parquet |")
    elif f.get("spark_build"):  # python -m bench.spark_build, run on its own
        out.append(spark_row(f["spark_build"]))
    else:
        out.append(f"| Spark build | not run: {f.get('spark_note', 'skipped')} | |")
    out += [
        "",
        "| page | analytics cold | full run cold | full run warm (AppTest) | warm run on a real server | slowest queries "
        "(s per page run) |",
        "|---|---|---|---|---|---|",
    ]
    warm = dict(f["warm_runs"])
    for p in f["pages"]:
        name = {"break_even": "Break-even"}.get(p["page"], p["page"].capitalize())
        slowest = "; ".join(f"{q} {t:.2f}" for q, t in p.get("queries", [])) or "—"
        out.append(f"| {p['page']} | {p['analytics_cold']:.2f} s | {p['run_cold']:.2f} s | {p['run_warm']:.2f} s | "
                   f"{warm.get(name, float('nan')):.2f} s | {slowest} |")
    out += [
        "",
        "Targets:",
        f"- every page's analytics cold ≤ {TARGET_ANALYTICS_COLD_S:.0f} s: slowest {worst_cold['page']} "
        f"{worst_cold['analytics_cold']:.2f} s — {'met' if worst_cold['analytics_cold'] <= TARGET_ANALYTICS_COLD_S else 'MISSED'}",
        f"- a full page run warm ≤ {TARGET_RUN_WARM_S} s (real server): slowest {worst_warm[0]} {worst_warm[1]:.2f} s — "
        f"{'met' if worst_warm[1] <= TARGET_RUN_WARM_S else 'MISSED'}",
        f"- server memory ≤ {TARGET_SERVER_GB:.0f} GB: peak {gb:.2f} GB while a session opened every page — "
        f"{'met' if gb <= TARGET_SERVER_GB else 'MISSED'}",
    ]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.split("\n\n")[0])
    ap.add_argument("--workers", type=int, default=500_000)
    ap.add_argument("--years", type=int, default=4)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--data", type=Path, default=DATA_DIR / "scale")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--skip-spark", action="store_true")
    ap.add_argument("--spark-note", default="--skip-spark", help="with --skip-spark: why, for the results")
    ap.add_argument("--reuse", action="store_true", help="reuse the DuckDB snapshot a previous run built (and its time)")
    ap.add_argument("--spark-master", default="local[2]")
    ap.add_argument("--spark-driver-memory", default="12g")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    ap.add_argument("--write-only", action="store_true",
                    help="measure nothing: rewrite the results section from the last run's figures "
                         "(and bench.spark_build's, if it ran since)")
    a = ap.parse_args(argv)
    import shutil
    import tempfile

    if a.write_only:
        return write_results(a.data, a.out)

    load0 = os.getloadavg()[0]
    csv = a.data / "csv"
    f: dict = {"label": f"{a.workers:,} workers × {a.years} years (sample generator, seed {a.seed})",
               "date": machine()["date"]}
    f["generate_s"], f["rows"] = generate(csv, a.workers, a.years, a.seed)
    f["generated_note"] = earlier_generation(csv)
    log("rows: " + ", ".join(f"{k} {v:,}" for k, v in f["rows"].items()))
    f["csv_gb"] = _size(csv) / 1e9
    snaps = a.data / "snapshots"
    builds = snaps / "builds.json"  # the build times of the snapshots there, for --reuse
    if a.reuse and builds.is_file():
        from analytics.store.snapshot import current_version

        f.update(json.loads(builds.read_text()))
        duck = current_version(snaps / "duckdb")
        log(f"reusing the DuckDB snapshot {duck.name} (built in {f['duckdb_s']:.0f} s, {f.get('built_note', '')})")
    else:
        shutil.rmtree(snaps, ignore_errors=True)
        f["duckdb_s"], duck = build(csv, snaps / "duckdb", "duckdb")
        builds.write_text(json.dumps({"duckdb_s": f["duckdb_s"], "built_note": f"measured {machine()['date']}"}))
    f["duckdb_snapshot_gb"] = _size(duck) / 1e9
    log(f"DuckDB build {f['duckdb_s']:.0f} s, snapshot {f['duckdb_snapshot_gb']:.2f} GB")
    if not a.skip_spark:
        os.environ["STAFFING_LENS_SPARK_MASTER"] = a.spark_master
        os.environ["STAFFING_LENS_SPARK_DRIVER_MEMORY"] = a.spark_driver_memory
        f["spark_master"] = a.spark_master.removeprefix("local[").rstrip("]")
        try:
            f["spark_s"], spark = build(csv, snaps / "spark", "spark")
            f["spark_snapshot_gb"] = _size(spark) / 1e9
            log(f"Spark build {f['spark_s']:.0f} s, snapshot {f['spark_snapshot_gb']:.2f} GB")
        except Exception as exc:  # noqa: BLE001 - reported in the results, the other figures still count
            f["spark_s"], f["spark_note"] = None, str(exc).splitlines()[0][:200]
            log(f"Spark build failed: {f['spark_note']}")
    else:
        f["spark_s"], f["spark_note"] = None, a.spark_note
    with tempfile.TemporaryDirectory() as tmp:
        f["server_peak_mb"], f["warm_runs"] = server_memory(snaps / "duckdb", Path(tmp))
    log(f"server peak RSS {f['server_peak_mb']:,.0f} MB; warm runs " +
        ", ".join(f"{n} {s:.2f} s" for n, s in f["warm_runs"]))
    results = pages_on_snapshot(snaps / "duckdb", a.runs)
    f["pages"] = [{"page": r.page, "analytics_cold": r.analytics_cold, "run_cold": r.run_cold, "run_warm": r.run_warm,
                   "queries": r.queries[:3]} for r in results]
    f["load"] = (load0, os.getloadavg()[0])
    (a.data / RESULTS_JSON).write_text(json.dumps(f, indent=1, default=str), encoding="utf-8")
    return write_results(a.data, a.out)


def write_results(data: Path, out: Path) -> int:
    """Write the results section from data/scale_results.json, with bench.spark_build's figures when the
    run skipped Spark and spark_build.json is there."""
    from bench.concurrency import write_section

    f = json.loads((data / RESULTS_JSON).read_text(encoding="utf-8"))
    if f.get("spark_s") is None and (data / SPARK_BUILD).is_file():
        f["spark_build"] = json.loads((data / SPARK_BUILD).read_text(encoding="utf-8"))
    write_section(lines(f), out, SCALE_BEGIN, SCALE_END)
    log(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
