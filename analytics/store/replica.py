"""Serving a published snapshot read-only (STAFFING_LENS_SNAPSHOT=DIR): each version becomes an in-memory
DuckDB workspace read from its Parquet files, so any number of `streamlit run` processes can serve one
snapshot folder on shared storage while a writer instance or a Spark job publishes new versions."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from analytics.export.safe_text import md_literal
from analytics.store import schema
from analytics.store.db import Workspace, WorkspaceError
from analytics.store.derived import DERIVED_TABLES, META_TABLE, derived_rules_version
from analytics.store.snapshot import SnapshotError, current_version, manifest
from analytics.store.source_columns import MissingColumns, select_list, source_columns

ENV = "STAFFING_LENS_SNAPSHOT"


def snapshot_dir() -> Path | None:
    """The snapshot folder this server serves, or None (the workspace file mode)."""
    value = os.environ.get(ENV, "").strip()
    return Path(value) if value else None


def current(folder: Path) -> Path:
    """The current version's folder, as a WorkspaceError the app shows when there is none."""
    try:
        return current_version(folder)
    except SnapshotError as exc:
        raise WorkspaceError(
            f"{ENV} names {folder}, which cannot be served: {exc}. Publish one with "
            "`python -m analytics.workspace publish --db PATH --out DIR` or `… build --source DIR --out DIR`.",
            "snapshot",
        ) from exc


def open_version(version: Path) -> Workspace:
    """An in-memory workspace holding one published version, read-only from then on."""
    version = Path(version)
    try:
        info = manifest(version)
    except (OSError, ValueError) as exc:
        raise WorkspaceError(f"the snapshot version {version} has no readable manifest: {exc}", "snapshot") from exc
    ws = Workspace(":memory:", lock_down=False, load_sample=False)
    tables = version / "tables"
    try:
        cur = ws.con.cursor()
        cur.execute("BEGIN TRANSACTION")
        # Views over the Parquet files: nothing is copied, so a version opens at once and memory stays
        # DuckDB's buffer, whatever the snapshot's size. A core table the snapshot lacks stays empty.
        for name, table in schema.TABLES.items():
            if (tables / name).is_dir():
                cur.execute(f"DROP TABLE {name}")
                # by name: a version published before a column existed lacks it (it reads as its default)
                present = source_columns(cur, _parquet(tables / name))
                cur.execute(f"CREATE VIEW {name} AS SELECT {', '.join(select_list(table, present))} "
                            f"FROM {_parquet(tables / name)}")
        for name in DERIVED_TABLES:
            if not (tables / name).is_dir():
                raise WorkspaceError(f"the snapshot version {version.name} lacks the derived table {name}", "snapshot")
            cur.execute(f"CREATE VIEW {name} AS SELECT * FROM {_parquet(tables / name)}")
        cur.execute(
            f"UPDATE {META_TABLE} SET value = $v WHERE key = 'data_version'", {"v": str(_version_number(info))}
        )
        cur.execute("COMMIT")
        cur.close()
        ws.con.execute("SELECT count(*) FROM worker_weeks").fetchall()  # every file there and readable
    except (duckdb.Error, MissingColumns) as exc:
        ws.close()
        raise WorkspaceError(f"the snapshot version {version.name} cannot be read: {exc}", "snapshot") from exc
    ws._lock_down(read_also=[str(version)])
    ws.path = version
    ws.read_only = True
    ws.manifest = info
    if info.get("derived_rules") != derived_rules_version():
        ws.warning = (
            f"The snapshot version {info['version']} was built by another version of Staffing Lens (other rules for "
            "the derived facts), so some figures may differ from this version's. Rebuild it with "
            "`python -m analytics.workspace build` or `publish`."
        )
    ws.uploads_off = (
        f"This server shows a published snapshot (version {info['version']}, {built(info)}) "
        f"from {md_literal(str(version.parent.parent))}, read-only. Data is loaded where the "
        "snapshot is built: "
        "on the writer instance, then `python -m analytics.workspace publish`, or by the scheduled "
        "`python -m analytics.workspace build` job. A new version appears here at the next page run."
    )
    return ws


def built(info: dict) -> str:
    """"built 2 Dec 2026 01:12 UTC by spark", from a manifest."""
    import datetime as dt

    try:
        when = dt.datetime.fromisoformat(info["built_at"]).astimezone(dt.UTC)
        stamp = f"{when.day} {when:%b %Y %H:%M} UTC"
    except (KeyError, ValueError):
        stamp = str(info.get("built_at", "at an unknown time"))
    return f"built {stamp} by {info.get('engine', 'an unknown engine')}"


def _parquet(folder: Path) -> str:
    return "read_parquet('" + str(folder / "*.parquet").replace("'", "''") + "')"


def _version_number(info: dict) -> int:
    """The data version shown in the footer: the workspace's own number for a published workspace, else
    the position of the build in time (its build stamp)."""
    dv = str(info.get("data_version", ""))
    if dv.startswith("workspace-") and dv[len("workspace-"):].isdigit():
        return int(dv[len("workspace-"):])
    return int("".join(ch for ch in info["version"][:15] if ch.isdigit()) or 0)
