"""`python -m bench.spark_build`: the 100M-row point's Spark build on its own, with a time limit, from the
core tables as Parquet (those of the DuckDB-built snapshot: a lake folder), logging which tables are
written as it goes, so a build that does not finish in time still says how far it got. Writes
bench/data/scale/spark_build.json, which `python -m bench.scale --skip-spark` reports.

    nice -n 10 python -m bench.spark_build --minutes 45 --driver-memory 10g --shuffle-partitions 16
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.dataset import DATA_DIR
from bench.timing import machine

RESULT = "spark_build.json"


def parquet_source(version: Path, folder: Path) -> Path:
    """A folder naming each core table of a snapshot version as <table>.parquet (links to its Parquet
    folder), the layout `analytics.workspace build --source` reads."""
    from analytics.store import snapshot

    folder.mkdir(parents=True, exist_ok=True)
    for t in snapshot.CORE_TABLES:
        if (version / "tables" / t).is_dir():
            (folder / f"{t}.parquet").symlink_to(version / "tables" / t)
    return folder


def written(out: Path) -> list[str]:
    """The tables a build in progress under `out` has finished writing (Spark's _SUCCESS marker)."""
    return sorted(p.parent.name for p in (out / "versions").glob(".*.partial/tables/*/_SUCCESS"))


def compared(duck: Path, spark: Path) -> dict:
    """The Spark-built version against the DuckDB-built one it was built from: its size (GB of Parquet) and
    the tables whose row counts differ (manifests), for the results."""
    from analytics.store.snapshot import manifest

    d, s = manifest(duck)["row_counts"], manifest(spark)["row_counts"]
    differ = {t: [d.get(t), s.get(t)] for t in sorted(set(d) | set(s)) if d.get(t) != s.get(t)}
    size = sum(p.stat().st_size for p in spark.rglob("*") if p.is_file())
    return {"snapshot_gb": round(size / 1e9, 2), "tables": len(s), "row_counts_differ": differ}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.spark_build", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA_DIR / "scale")
    ap.add_argument("--minutes", type=float, default=45)
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--driver-memory", default="10g")
    ap.add_argument("--shuffle-partitions", type=int, default=16)
    a = ap.parse_args(argv)
    from pyspark.sql import SparkSession

    from analytics.store import snapshot

    duck = snapshot.current_version(a.data / "snapshots" / "duckdb")
    out = a.data / "snapshots" / "spark"
    result: dict = {"source": f"the core tables as Parquet ({duck.name})", "master": a.master,
                    "driver_memory": a.driver_memory, "shuffle_partitions": a.shuffle_partitions,
                    "date": machine()["date"], "load_start": os.getloadavg()[0], "limit_minutes": a.minutes}
    spark = (
        SparkSession.builder.appName("staffing-lens-scale").master(a.master)
        .config("spark.driver.memory", a.driver_memory)
        .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.adaptive.enabled", "true")
        .config("spark.sql.shuffle.partitions", str(a.shuffle_partitions))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")  # build_spark uses this session as it is (no settings of its own)
    done = threading.Event()
    outcome: dict = {}

    def run() -> None:
        t0 = time.perf_counter()
        try:
            with tempfile.TemporaryDirectory() as tmp:
                src = parquet_source(duck, Path(tmp) / "lake")
                version = snapshot.publish(out, "spark", lambda target: snapshot.build_spark(src, target, spark),
                                           snapshot.source_fingerprint(src))
            outcome["seconds"] = round(time.perf_counter() - t0, 1)
            outcome["version"] = version.name
            outcome.update(compared(duck, version))
        except Exception as exc:  # noqa: BLE001 - the figure to report, whatever stopped it
            outcome["error"] = str(exc).splitlines()[0][:300]
        finally:
            done.set()

    t0 = time.perf_counter()
    threading.Thread(target=run, daemon=True).start()
    progress = []
    while not done.wait(30):
        minutes = (time.perf_counter() - t0) / 60
        tables = written(out)
        if not progress or progress[-1][1] != tables:
            progress.append((round(minutes, 1), tables))
            print(f"{minutes:5.1f} min: written {', '.join(tables) or 'nothing yet'}", flush=True)
        if minutes > a.minutes:
            outcome["stopped_after_minutes"] = round(minutes, 1)
            outcome["tables_written"] = tables
            break
    result.update(outcome)
    result["progress"] = progress
    result["load_end"] = os.getloadavg()[0]
    (a.data / RESULT).write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "progress"}), flush=True)
    if not done.is_set():
        stop_unfinished(spark, out)
    spark.stop()
    return 0


def stop_unfinished(spark, out: Path) -> None:
    """Stop a build past its time limit: cancel Spark's jobs, remove the unpublished version, end the JVM
    this process started, and exit (the build thread is still waiting inside the JVM)."""
    import shutil

    import psutil

    spark.sparkContext.cancelAllJobs()
    for partial in (out / "versions").glob(".*.partial"):
        shutil.rmtree(partial, ignore_errors=True)
    for child in psutil.Process().children(recursive=True):
        child.terminate()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
