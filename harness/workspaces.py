"""Workspace files for tests and the benchmark: a DuckDB workspace built from a folder of the core
CSVs, as `python -m analytics.workspace --db PATH --load DIR` builds one."""

from __future__ import annotations

from pathlib import Path

from analytics.ingest.upload import table_checksum
from analytics.store import schema
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


def contents(ws: Workspace, *, version: bool = True) -> dict:
    """Row count and content hash of every loaded table (and the data version): equal before and after
    anything that must leave the data exactly as it was."""
    out: dict = {t: table_checksum(ws, t) for t in schema.LOAD_ORDER}
    return out | {"version": ws.data_version()} if version else out
