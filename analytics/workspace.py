"""Build a workspace file from a folder of the five CSVs, or build and publish snapshots.

    python -m analytics.workspace --db PATH --load DIR
    python -m analytics.workspace build [--engine duckdb|spark] --source DIR --out SNAPSHOT_DIR
    python -m analytics.workspace publish --db PATH --out SNAPSHOT_DIR
    spark-submit --master yarn analytics/workspace.py build --engine spark --source DIR --out SNAPSHOT_DIR

`build` reads the workspace tables from DIR (CSV or Parquet: a lake folder), builds every derived
table from analytics/sql/build_*.sql (on Spark, transpiled by SQLGlot; the same command runs under
spark-submit on a cluster) and publishes the snapshot atomically. `publish` snapshots a workspace
file as it is, with no Spark.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

if not __package__:  # run as a file (`spark-submit analytics/workspace.py build …`): import the package beside it
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analytics.store.db import Workspace, WorkspaceError


def _load(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m analytics.workspace", description=__doc__.splitlines()[0])
    p.add_argument("--db", required=True, type=Path, help="workspace file to create or replace the data of")
    p.add_argument("--load", required=True, type=Path, help="folder holding workers.csv … reviews.csv")
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    try:
        ws = Workspace(args.db, lock_down=False, load_sample=False)
        counts = ws.load_csv_dir(args.load)
        ws.con.execute("CHECKPOINT")
        ws.close()
    except WorkspaceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    rows = ", ".join(f"{k} {v:,}" for k, v in counts.items())
    print(f"loaded {args.load} into {args.db} in {time.perf_counter() - t0:.1f} s: {rows}")
    return 0


def _snapshot(argv: list[str]) -> int:
    from analytics.store import snapshot

    p = argparse.ArgumentParser(prog="python -m analytics.workspace", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build a snapshot from a folder of CSV or Parquet tables")
    b.add_argument("--engine", choices=snapshot.ENGINES, default="duckdb")
    b.add_argument("--source", required=True, type=Path, help="folder holding workers … reviews (.csv or .parquet)")
    b.add_argument("--out", required=True, type=Path, help="snapshot folder to publish into")
    pub = sub.add_parser("publish", help="publish a snapshot of a workspace file")
    pub.add_argument("--db", required=True, type=Path)
    pub.add_argument("--out", required=True, type=Path)
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    try:
        if args.command == "build":
            version = snapshot.build(args.source, args.out, args.engine)
        else:
            version = snapshot.publish_workspace(args.db, args.out)
    except snapshot.SnapshotError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    m = snapshot.manifest(version)
    rows = ", ".join(f"{k} {v:,}" for k, v in m["row_counts"].items() if k in snapshot.CORE_TABLES)
    print(f"published {version} ({m['engine']}) in {time.perf_counter() - t0:.1f} s: {rows}")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("build", "publish"):
        return _snapshot(argv)
    return _load(argv)


if __name__ == "__main__":
    raise SystemExit(main())
