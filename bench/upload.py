"""Uploading a 1M-row timesheet CSV: the Data page's own upload path (analytics.ingest.upload: read,
validate against schema.py, write and rebuild the derived facts in one transaction) against
`pandas.read_csv` plus the same checks in pandas (which writes nothing).

Each upload runs in a fresh subprocess (`python -m bench.upload duckdb|pandas …`) so its peak
memory is its own: peak RSS (VmHWM), and the increase over the RSS before the upload
(the highest of the runs; times are medians).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import psutil

from analytics.store import schema
from analytics.store.db import ROOT, Workspace

TABLE = "timesheets"


@dataclass
class UploadResult:
    side: str  # "duckdb" or "pandas"
    rows: int
    mb: float  # file size
    seconds: float  # median over runs
    validate_seconds: float | None  # DuckDB: validation alone (no write), median
    peak_rss_mb: float  # the process's peak resident memory
    rss_increase_mb: float  # peak − resident memory just before the upload
    problems: int  # problems found in the file (0 expected: it is clean)


def prepare(csv_dir: Path, folder: Path, rows: int = 1_000_000) -> tuple[Path, Path]:
    """Write the first `rows` timesheet rows of the generated data to folder/timesheets.csv and
    build folder/upload.duckdb holding the workers they reference and every engagement (the
    other tables empty): the organisation the timesheets are uploaded into."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "timesheets.csv"
    db = folder / "upload.duckdb"
    if target.is_file() and db.is_file() and sum(1 for _ in open(target, "rb")) - 1 == rows:
        return target, db
    with open(csv_dir / "timesheets.csv", "rb") as src, open(target, "wb") as out:
        for i, line in enumerate(src):
            if i > rows:
                break
            out.write(line)
    org = folder / "org"
    org.mkdir(exist_ok=True)
    ids = set(pd.read_csv(target, usecols=["worker_id"], dtype=str)["worker_id"])
    workers = pd.read_csv(csv_dir / "workers.csv", dtype=str, keep_default_na=False)
    workers[workers["worker_id"].isin(ids)].to_csv(org / "workers.csv", index=False)
    (org / "engagements.csv").write_bytes((csv_dir / "engagements.csv").read_bytes())
    for name in ("timesheets", "time_off", "reviews"):
        (org / f"{name}.csv").write_text(",".join(schema.TABLES[name].column_names) + "\n", encoding="utf-8")
    for p in (db, db.with_name(db.name + ".wal")):
        p.unlink(missing_ok=True)
    ws = Workspace(db, lock_down=False, load_sample=False)
    ws.load_csv_dir(org)
    ws.con.execute("CHECKPOINT")
    ws.close()
    return target, db


# -- the pandas side ------------------------------------------------------------------------
def pandas_problems(df: pd.DataFrame, table: schema.Table, refs: dict[str, set]) -> int:
    """Count the problems analytics.ingest.validation would report, in pandas: required values, types,
    allowed values, ranges, row rules, duplicate keys and references."""
    problems = 0
    typed = {}
    for c in table.columns:
        raw = df[c.name] if c.name in df else pd.Series(pd.NA, index=df.index, dtype="string")
        text = raw.astype("string").str.strip().replace("", pd.NA)
        if c.type == "DATE":
            v = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
        elif c.type in ("DOUBLE", "INTEGER"):
            v = pd.to_numeric(text, errors="coerce")
        elif c.type == "BOOLEAN":
            v = text.str.lower().map({"true": True, "false": False, "1": True, "0": False})
        else:
            v = text
        problems += int((text.notna() & v.isna()).sum())  # does not parse
        if c.required:
            problems += int(text.isna().sum())
        if c.allowed:
            problems += int((v.notna() & ~v.isin(c.allowed)).sum())
        if c.minimum is not None:
            problems += int((v < c.minimum).sum())
        if c.maximum is not None:
            problems += int((v > c.maximum).sum())
        if c.references:
            problems += int((v.notna() & ~v.isin(refs[c.references])).sum())
        typed[c.name] = v
    for check in table.checks:
        if check.sql == "isodow(week_start) = 1":
            ws_ = typed["week_start"]
            problems += int((ws_.notna() & (ws_.dt.day_of_week != 0)).sum())
        else:
            raise NotImplementedError(check.sql)
    key = pd.DataFrame({k: typed[k] for k in table.key})
    problems += int(key.duplicated(keep=False).sum())
    return problems


def _run_pandas(csv: Path, db: Path, runs: int) -> dict:
    ws = Workspace(db, lock_down=False, load_sample=False, read_only=True)
    refs = {
        "workers.worker_id": set(ws.sql("SELECT worker_id FROM workers")["worker_id"]),
        "engagements.engagement_id": set(ws.sql("SELECT engagement_id FROM engagements")["engagement_id"]),
    }
    ws.close()
    table = schema.TABLES[TABLE]
    before = psutil.Process().memory_info().rss
    times, problems = [], 0
    for _ in range(runs):
        t0 = time.perf_counter()
        df = pd.read_csv(csv, dtype=str, keep_default_na=False)
        problems = pandas_problems(df, table, refs)
        times.append(time.perf_counter() - t0)
        del df
    return {"times": times, "validate": None, "before": before, "problems": problems}


def _run_duckdb(csv: Path, db: Path, runs: int) -> dict:
    from analytics.ingest import upload

    ws = Workspace(db, load_sample=False)  # locked down, as the app opens it
    data = csv.read_bytes()  # in the app the uploader already holds the bytes
    spec = upload.FileSpec(csv.name, data, TABLE, "replace")
    before = psutil.Process().memory_info().rss
    times, vtimes, problems = [], [], 0
    for _ in range(runs):
        t0 = time.perf_counter()
        report = upload.validate(ws, [spec])
        vtimes.append(time.perf_counter() - t0)
        problems = report.total
        t0 = time.perf_counter()
        upload.load(ws, [spec])
        times.append(time.perf_counter() - t0)
    ws.close()
    return {"times": times, "validate": vtimes, "before": before, "problems": problems}


def measure_upload(csv: Path, db: Path, runs: int = 3, log=print) -> list[UploadResult]:
    """Both sides, each in its own process."""
    rows = sum(1 for _ in open(csv, "rb")) - 1
    out = []
    for side in ("duckdb", "pandas"):
        runs_ = []
        for _ in range(runs):  # each upload in a fresh process, as the first upload after a start
            p = subprocess.run(
                [sys.executable, "-m", "bench.upload", side, str(csv), str(db), "--runs", "1"],
                cwd=ROOT, check=True, capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"},
            )
            runs_.append(json.loads(p.stdout.strip().splitlines()[-1]))
        times = sorted(d["times"][0] for d in runs_)
        v = sorted(d["validate"][0] for d in runs_) if runs_[0]["validate"] else None
        worst = max(runs_, key=lambda d: d["peak"])
        r = UploadResult(
            side, rows, csv.stat().st_size / 1e6, times[len(times) // 2], v[len(v) // 2] if v else None,
            worst["peak"] / 2**20, max(d["peak"] - d["before"] for d in runs_) / 2**20, runs_[-1]["problems"],
        )
        log(f"  upload {side:<6} {r.seconds:6.2f} s  peak RSS {r.peak_rss_mb:7.0f} MB (+{r.rss_increase_mb:.0f} MB)  problems {r.problems}")
        out.append(r)
    return out


def peak_rss() -> int:
    """This process's peak resident memory in bytes: VmHWM, which starts afresh at exec (getrusage's
    ru_maxrss does not: a child forked from a big parent inherits the parent's peak)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="One side of the upload benchmark (prints JSON).")
    p.add_argument("side", choices=("duckdb", "pandas"))
    p.add_argument("csv", type=Path)
    p.add_argument("db", type=Path)
    p.add_argument("--runs", type=int, default=3)
    a = p.parse_args(argv)
    d = (_run_duckdb if a.side == "duckdb" else _run_pandas)(a.csv, a.db, a.runs)
    d["peak"] = peak_rss()
    print(json.dumps(d))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
