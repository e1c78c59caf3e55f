"""Workspace files for tests and the benchmark: a DuckDB workspace built from a folder of the core
CSVs, as `python -m analytics.workspace --db PATH --load DIR` builds one."""

from __future__ import annotations

from pathlib import Path

from analytics.store.db import Workspace


def workspace_file(db: Path, csv_dir: Path) -> Path:
    """Load every CSV in `csv_dir` into a new workspace file at `db` and close it; returns `db`."""
    ws = Workspace(Path(db), lock_down=False, load_sample=False)
    try:
        ws.load_csv_dir(Path(csv_dir))
    finally:
        ws.close()
    return Path(db)


def locked_workspace(db: Path, csv_dir: Path) -> Workspace:
    """The same workspace opened as the app opens it (locked down)."""
    return Workspace(workspace_file(db, csv_dir), lock_down=True, load_sample=False)
