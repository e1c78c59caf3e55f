"""Issue 12's figures: real-export uploads at scale, through the Data page's own path.

1. A 1,000,000-row timesheet export with German headers (Personalnummer;Projekt;Wochenbeginn;
   Stunden;Abrechenbar;Tätigkeit), `;`, Latin-1, dd.mm.yyyy, decimal commas and Ja/Nein:
   `upload.detect` (sniffing, header and value matching) then `upload.load` (validate every rule,
   write, keep the undo copy, record the history, rebuild the derived tables; one transaction).
   Target: validate + load ≤ 5 s; peak memory reported.
2. A refresh of one month at the ~9M-row scale: the last whole month of the benchmark workspace's
   timesheets exported the same German way (hours of 1 row in 100 corrected), loaded with "Replace
   the weeks in this file" into a copy of the workspace. Target ≤ 5 s.

Each upload runs in a fresh process (`python -m bench.ingest german|refresh CSV DB`) so its peak
memory (VmHWM) is its own, and is undone afterwards so every run starts from the same workspace;
medians of the runs, with where the time went (the stages upload.load reports to its progress bar)
and how long the undo took. `python -m bench.ingest [--before DIR]` runs both (alternating with an
older checkout's code in DIR) and writes the section between <!-- ingest:begin --> and
<!-- ingest:end --> of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from analytics.store.db import ROOT, Workspace
from bench.dataset import DATA_DIR
from bench.upload import peak_rss, prepare

RESULTS = ROOT / "bench" / "RESULTS.md"
TARGET_S = 5.0

_GERMAN = (
    "SELECT worker_id AS Personalnummer, engagement_id AS Projekt, strftime(week_start, '%d.%m.%Y') AS Wochenbeginn, "
    "replace(printf('%.2f', hours {adjust}), '.', ',') AS Stunden, CASE WHEN billable THEN 'Ja' ELSE 'Nein' END AS Abrechenbar, "
    "CASE WHEN engagement_id IS NULL THEN 'Büro' ELSE 'Entwicklung' END AS \"Tätigkeit\" FROM {source}"
)


def _write_german(con: duckdb.DuckDBPyConnection, source: str, out: Path, adjust: str = "") -> Path:
    """COPY the rows as a German export, then transcode to Latin-1 (DuckDB writes UTF-8)."""
    tmp = out.with_suffix(".utf8.csv")
    con.execute(f"COPY ({_GERMAN.format(source=source, adjust=adjust)}) TO '{tmp}' (HEADER, DELIMITER ';')")
    out.write_bytes(tmp.read_bytes().decode("utf-8").encode("latin-1"))
    tmp.unlink()
    return out


def prepare_german(csv_dir: Path, folder: Path, rows: int = 1_000_000) -> tuple[Path, Path]:
    """The upload benchmark's first `rows` timesheet rows as a German export, and the workspace they
    load into (bench.upload.prepare: their workers and every engagement)."""
    plain, db = prepare(csv_dir, folder, rows)
    out = folder / "zeiterfassung.csv"
    if not out.is_file():
        con = duckdb.connect()
        _write_german(con, f"read_csv('{plain}', header = true)", out)
        con.close()
    return out, db


def prepare_refresh(scale_db: Path, folder: Path) -> tuple[Path, Path, str]:
    """A copy of the ~9M-row workspace and its last whole month of timesheets as a German export
    (every 100th row's hours + 0.5: changed rows to count)."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "refresh.duckdb"
    con = duckdb.connect(str(scale_db), read_only=True)
    month = con.execute(
        "SELECT (date_trunc('month', max(week_start)) - INTERVAL 1 MONTH)::DATE FROM timesheets"
    ).fetchall()[0][0]
    source = (
        f"(SELECT *, row_number() OVER () AS _n FROM timesheets WHERE date_trunc('month', week_start) = DATE '{month}')"
    )
    out = _write_german(con, source, folder / "refresh_month.csv", adjust="+ CASE WHEN _n % 100 = 0 THEN 0.5 ELSE 0 END")
    con.close()
    return out, db, str(month)[:7]


# where a load's time goes: the stages upload.load reports through its progress callback
STAGES = {"Reading": "read", "Checking": "validate", "Writing": "write", "Rebuilding": "derived", "Checking plausibility": "warnings"}


def _stage(text: str) -> str:
    return next(v for k, v in sorted(STAGES.items(), key=lambda kv: -len(kv[0])) if text.startswith(k))


def _one(kind: str, csv: Path, db: Path) -> dict:
    from analytics.ingest import history, upload

    ws = Workspace(db, load_sample=False)  # locked down, as the app opens it
    data = csv.read_bytes()  # the uploader already holds the bytes
    t0 = time.perf_counter()
    found = upload.detect(ws, csv.name, data)
    detect_s = time.perf_counter() - t0
    opts = upload.CsvOptions(found.delimiter, found.encoding, found.date_format, found.decimal_comma)
    mode = "replace_weeks" if kind == "refresh" else "replace"
    spec = upload.FileSpec(csv.name, data, found.suggested_table or "timesheets", mode, (), opts)
    marks: list[tuple[str, float]] = []
    t0 = time.perf_counter()
    result = upload.load(ws, [spec], progress=lambda text, _f: marks.append((_stage(text), time.perf_counter())))
    end = time.perf_counter()
    load_s = end - t0
    stages: dict[str, float] = {}
    for (name, at), (_, nxt) in zip(marks, [*marks[1:], ("end", end)], strict=True):
        stages[name] = stages.get(name, 0.0) + nxt - at  # the last stage includes the commit
    rebuilt = ws.last_rebuild.get("worker_weeks", "?")  # "all", or the weeks rebuilt
    undo_s = None
    if kind != "seed":  # undone, so the next run starts from the same workspace
        t0 = time.perf_counter()
        history.undo_last(ws)
        undo_s = time.perf_counter() - t0
    ws.close()
    return {"detect": detect_s, "load": load_s, "table": found.suggested_table, "rows": result.rows_loaded,
            "changes": list(result.changes.get("timesheets", ())), "peak": peak_rss(), "stages": stages,
            "undo": undo_s, "rebuilt": rebuilt}


def run_once(kind: str, csv: Path, db: Path, fresh_copy: Path | None = None, log=print, code: Path = ROOT) -> dict:
    """One upload in a fresh process running the code in `code` (this checkout, or an older one
    unpacked elsewhere to compare with); `fresh_copy`: the workspace copied over `db` first."""
    if fresh_copy is not None:  # each refresh starts from the untouched workspace
        for suffix in ("", ".wal"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        shutil.copyfile(fresh_copy, db)
    load_avg = os.getloadavg()[0]
    p = subprocess.run([sys.executable, "-m", "bench.ingest", kind, str(csv), str(db)], cwd=code,
                       check=True, capture_output=True, text=True)
    d = {**json.loads(p.stdout.strip().splitlines()[-1]), "load_avg": load_avg}
    log(f"  {kind} ({code}): detect {d['detect']:.2f} s, load {d['load']:.2f} s, peak {d['peak'] / 2**20:.0f} MB, "
        f"stages {d.get('stages')}, undo {d.get('undo')}, load average {load_avg:.1f}")
    return d


def summarise(out: list[dict], csv: Path) -> dict:
    """Medians of the runs (peak memory: the highest)."""
    stages = {k: statistics.median(d["stages"].get(k, 0.0) for d in out) for k in STAGES.values()} if "stages" in out[0] else {}
    return {
        "detect": statistics.median(d["detect"] for d in out), "load": statistics.median(d["load"] for d in out),
        "peak_mb": max(d["peak"] for d in out) / 2**20, "rows": out[-1]["rows"], "changes": out[-1]["changes"],
        "table": out[-1]["table"], "mb": csv.stat().st_size / 1e6, "runs": len(out), "stages": stages,
        "undo": statistics.median(d["undo"] for d in out) if out[0].get("undo") is not None else None,
        "rebuilt": out[-1].get("rebuilt"), "load_avg": (min(d["load_avg"] for d in out), max(d["load_avg"] for d in out)),
    }


def section(german: dict, refresh: dict, month: str, scale_rows: int, before: dict | None = None,
            before_label: str = "", again: dict | None = None) -> str:
    """The results section: `german` loaded into an empty timesheets table, `again` (optional) the same
    export replacing its own rows, `refresh` the month; `before`: the same figures of older code."""
    def ok(d: dict) -> str:
        return "✅" if d["load"] <= TARGET_S else "❌"

    def row(what: str, d: dict, old: dict | None, extra: str) -> str:
        was = f"{old['load']:.2f} s (load average {old['load_avg'][0]:.1f}–{old['load_avg'][1]:.1f})" if old else "—"
        return (f"| {what} | {d['mb']:.1f} MB | {d['detect']:.2f} s | {was} | **{d['load']:.2f} s** | {ok(d)} "
                f"| {d['load_avg'][0]:.1f}–{d['load_avg'][1]:.1f} | {d['peak_mb']:.0f} MB | {extra} |")

    def stages(what: str, d: dict) -> str:
        return f"| {what} | " + " | ".join(f"{d['stages'].get(k, 0.0):.2f} s" for k in STAGES.values()) + f" | {d['undo'] or 0:.2f} s |"

    before = before or {}
    g_rows = sum(german["rows"].values())
    a, c, r = refresh["changes"]
    export = f"{g_rows:,}-row German timesheet export (; Latin-1, dd.mm.yyyy, 11,50, Ja/Nein)"
    rows = [row(f"{export} into an empty timesheets table", german, before.get("german"),
                f"{g_rows:,} loaded into {german['table']}; derived tables rebuilt: {german['rebuilt']}")]
    if again:
        ch = again["changes"]
        rows.append(row("the same export again, replacing all rows (an unchanged re-export)", again, before.get("again"),
                        f"{ch[0]:,} added, {ch[1]:,} changed, {ch[2]:,} removed; derived weekly rows rebuilt: {again['rebuilt']}"))
    rows.append(row(f"one month ({month}) refreshed in the {scale_rows:,}-row workspace, replace the weeks in this file",
                    refresh, before.get("refresh"),
                    f"{a:,} added, {c:,} changed, {r:,} removed; derived rows rebuilt: weeks {refresh['rebuilt']}"))
    return "\n".join([
        "<!-- ingest:begin (python -m bench.ingest) -->",
        "## Real-export uploads (issue 12)",
        "",
        f"Through the Data page's path in a fresh process each: `upload.detect` (sniffing, header and value matching) "
        f"then `upload.load` (validate every rule, write by mode, keep the undo copy, record the load, rebuild the "
        f"derived tables — only the weeks whose rows differ —, one transaction), then \"Undo the last load\"; every "
        f"run starts from a fresh copy of the same workspace. Medians of {german['runs']}; peak RSS (VmHWM) the highest. "
        f"Target: validate + load ≤ {TARGET_S:g} s. Before: {before_label or 'not measured'}, run the same way in the "
        "same session, alternating with today's code.",
        "",
        "| upload | file | detect | validate + load before | validate + load now | ≤ 5 s | load average (1 min) | peak RSS | rows |",
        "|---|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        "Where the time goes (medians; the stages `upload.load` reports to its progress bar):",
        "",
        "| upload | read the file | check every rule | write by mode, undo copy, added/changed/removed | rebuild derived tables | plausibility warnings + commit | undo afterwards |",
        "|---|---|---|---|---|---|---|",
        stages("German export into an empty table", german),
        *([stages("the same export again", again)] if again else []),
        stages(f"one month at {scale_rows:,} rows", refresh),
        "<!-- ingest:end -->",
    ])


def write_section(text: str, path: Path = RESULTS) -> None:
    import re

    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    pattern = re.compile(r"<!-- ingest:begin.*?<!-- ingest:end -->", re.DOTALL)
    new = pattern.sub(lambda _: text, old) if pattern.search(old) else old.rstrip("\n") + "\n\n" + text + "\n"
    path.write_text(new, encoding="utf-8")


def run(source: Path = DATA_DIR, work: Path | None = None, runs: int = 3, log=print, results: Path = RESULTS,
        before: Path | None = None, before_label: str = "") -> str:
    """Both figures from the benchmark's generated dataset in `source` (bench.dataset; read only),
    working in `work` (default: `source`); with `before` (an older checkout) each run of today's code
    alternates with one of that code's."""
    work = work or source
    work.mkdir(parents=True, exist_ok=True)
    csv, db = prepare_german(source / "csv", work / "upload_1000000")
    empty, seeded = db.with_name("empty.duckdb"), db.with_name("seeded.duckdb")
    if not empty.is_file():  # the organisation (its workers, every engagement), no timesheets yet
        ws = Workspace(empty, lock_down=False, load_sample=False)
        ws.load_csv_dir(db.parent / "org")
        ws.con.execute("CHECKPOINT")
        ws.close()
    if not seeded.is_file():  # ... and the export loaded once
        shutil.copyfile(empty, seeded)
        run_once("seed", csv, seeded, log=log)
    pristine = work / "refresh" / "scale.duckdb"
    pristine.parent.mkdir(parents=True, exist_ok=True)
    if not pristine.is_file():
        shutil.copyfile(source / "bench.duckdb", pristine)
    ws = Workspace(pristine, lock_down=False, load_sample=False)  # derived tables by today's rules, before timing
    ws.con.execute("CHECKPOINT")
    ws.close()
    scale_rows = duckdb.connect(str(pristine), read_only=True).execute("SELECT count(*) FROM timesheets").fetchall()[0][0]
    month_csv, refresh_db, month = prepare_refresh(pristine, work / "refresh")
    cases = {"german": ("german", csv, db, empty), "again": ("german", csv, db, seeded),
             "refresh": ("refresh", month_csv, refresh_db, pristine)}
    now: dict[str, list] = {k: [] for k in cases}
    old: dict[str, list] = {k: [] for k in cases}
    for _ in range(runs):
        for case, (kind, file, target, fresh) in cases.items():
            now[case].append(run_once(kind, file, target, fresh, log))
            if before:
                old[case].append(run_once(kind, file, target, fresh, log, code=before))
    was = {k: summarise(v, cases[k][1]) for k, v in old.items() if v}
    text = section(summarise(now["german"], csv), summarise(now["refresh"], month_csv), month, scale_rows, was, before_label,
                   summarise(now["again"], csv))
    write_section(text, results)
    return text


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("kind", nargs="?", choices=("german", "refresh", "seed"))
    p.add_argument("csv", nargs="?", type=Path)
    p.add_argument("db", nargs="?", type=Path)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--data", type=Path, default=DATA_DIR, help="the benchmark's dataset folder (read only)")
    p.add_argument("--work", type=Path, default=None, help="where the upload files and workspace copies go")
    p.add_argument("--before", type=Path, default=None,
                   help="an older checkout (e.g. `git archive <commit> | tar -x -C DIR`) to measure alternately")
    p.add_argument("--before-label", default="", help="what --before is, for the results")
    a = p.parse_args(argv)
    if a.kind:
        print(json.dumps(_one(a.kind, a.csv, a.db)))
    else:
        print(run(a.data, a.work, a.runs, before=a.before, before_label=a.before_label))
    return 0


if __name__ == "__main__":
    sys.exit(main())
