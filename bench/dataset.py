"""The scaled dataset: generated once with the sample generator into bench/data/ (gitignored)
and loaded into its own workspace file; reused when its row counts show it is complete."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from analytics.metrics.filters import Filters
from analytics.metrics.headlines import data_horizon
from analytics.store.db import ROOT, Workspace
from analytics.store.sql_files import SQL_DIR

BENCH_DIR = ROOT / "bench"
DATA_DIR = BENCH_DIR / "data"


@dataclass(frozen=True)
class Dataset:
    """A generated organisation: its CSV folder, its workspace file and row counts."""

    csv_dir: Path
    db: Path
    workers: int
    years: int
    seed: int
    rows: dict[str, int]


def _csv_rows(path: Path) -> int:
    with open(path, "rb") as f:
        return sum(buf.count(b"\n") for buf in iter(lambda: f.read(1 << 22), b"")) - 1


def ensure_dataset(
    workers: int = 50_000, years: int = 4, seed: int = 7, folder: Path = DATA_DIR, log=print
) -> Dataset:
    """Generate the CSVs and build the workspace unless both are already there and agree
    (same worker count in the CSV and the workspace, same timesheet rows)."""
    csv_dir, db = folder / "csv", folder / "bench.duckdb"
    folder.mkdir(parents=True, exist_ok=True)
    py = sys.executable
    ts_csv = csv_dir / "timesheets.csv"
    if not (csv_dir / "workers.csv").is_file() or not ts_csv.is_file() or _csv_rows(csv_dir / "workers.csv") != workers:
        log(f"generating {workers:,} workers × {years} years into {csv_dir} …")
        subprocess.run(
            [py, "-m", "analytics.sample_data", "--workers", str(workers), "--years", str(years),
             "--seed", str(seed), "--out", str(csv_dir)],
            cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
        )
    rows = _workspace_rows(db)
    if rows.get("workers") != workers or rows.get("timesheets") != _csv_rows(ts_csv):
        log(f"loading {csv_dir} into {db} …")
        subprocess.run(
            [py, "-m", "analytics.workspace", "--db", str(db), "--load", str(csv_dir)],
            cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
        )
        rows = _workspace_rows(db)
    missing = missing_derived(db)
    if missing:  # built before a derived table was added: rebuild them (a load does the same)
        log(f"building derived tables {', '.join(missing)} in {db} …")
        ws = Workspace(db, lock_down=False, load_sample=False)
        try:
            with ws.transaction():
                pass
            ws.con.execute("CHECKPOINT")
        finally:
            ws.close()
    return Dataset(csv_dir, db, workers, years, seed, rows)


def derived_tables() -> list[str]:
    """The tables every load rebuilds: one per analytics/sql/build_<table>.sql."""
    return sorted(p.stem.removeprefix("build_") for p in SQL_DIR.glob("build_*.sql"))


def missing_derived(db: Path) -> list[str]:
    ws = Workspace(db, lock_down=False, load_sample=False, read_only=True)
    try:
        have = set(ws.sql("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'")["table_name"])
    finally:
        ws.close()
    return [t for t in derived_tables() if t not in have]


def _workspace_rows(db: Path) -> dict[str, int]:
    if not db.is_file():
        return {}
    try:
        ws = Workspace(db, lock_down=False, load_sample=False, read_only=True)
    except Exception:
        return {}
    try:
        return ws.row_counts()
    finally:
        ws.close()


def default_filters(ws: Workspace) -> Filters:
    """What the app shows on first load: the last 12 months of data, everyone (ui/sidebar.py)."""
    import pandas as pd

    h = data_horizon(ws)
    last = pd.Period(h.last_day, freq="M")
    first = max(last - 11, pd.Period(h.first_day, freq="M"))
    return Filters(first.start_time.date(), last.end_time.date())


def whole_period(ws: Workspace) -> Filters:
    """Every month the data covers, everyone."""
    import pandas as pd

    h = data_horizon(ws)
    return Filters(pd.Period(h.first_day, freq="M").start_time.date(), pd.Period(h.last_day, freq="M").end_time.date())
