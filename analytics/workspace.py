"""Build a workspace file from a folder of the five CSVs (large datasets, benchmarks).

    python -m analytics.workspace --db PATH --load DIR
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from analytics.db import Workspace, WorkspaceError


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
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


if __name__ == "__main__":
    raise SystemExit(main())
