"""Workspace files as DuckDB opens them: refusing a file that is some other format, telling a workspace
from a stranger's DuckDB file, reading every block so damage shows on open, and DuckDB's errors worded
for the person using the app (locked, no permission, damaged)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from analytics.store.derived import META_TABLE
from analytics.store.errors import WorkspaceError


def friendly_error(exc: Exception, path: Path) -> WorkspaceError:
    text = str(exc)
    low = text.lower()
    kind = "other"
    # Damage first: DuckDB's checksum message names a "block", which must not read as a lock.
    if "checksum" in low:
        kind = "corrupt"
        why = f"The workspace file {path} is damaged: part of it fails DuckDB's checksum."
    elif "not a valid duckdb" in low or "corrupt" in low:
        kind = "corrupt"
        why = f"The workspace file {path} is damaged (not a valid DuckDB database)."
    elif "could not read enough bytes" in low:
        kind = "corrupt"
        why = f"The workspace file {path} is damaged: it is shorter than it says (cut off while it was copied or written)."
    elif "could not set lock" in low or "conflicting lock" in low:
        kind = "locked"
        why = (
            f"The workspace file {path} is in use by another program (it is locked). "
            "Close the other program or point STAFFING_LENS_DB at another file."
        )
    elif "no space left" in low:
        kind = "permission"
        why = f"The disk holding the workspace file {path} is full."
    elif "permission" in low or "read-only" in low or isinstance(exc, PermissionError):
        kind = "permission"
        why = f"The workspace file {path} cannot be written (read-only file system or permission denied)."
    else:
        why = f"The workspace file {path} could not be opened: {text.splitlines()[0] if text else type(exc).__name__}"
    err = WorkspaceError(why, kind)
    err.__cause__ = exc
    return err


OPEN_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
# What other databases start with (SQLite's documented header string); DuckDB would try to read
# them through an extension.
FOREIGN_HEADERS = {b"SQLite format 3\x00": "a SQLite database"}


def refuse_other_formats(path: Path) -> None:
    """WorkspaceError ("foreign") if `path` is another kind of database; the file is only read."""
    with open(path, "rb") as f:
        head = f.read(16)
    for magic, what in FOREIGN_HEADERS.items():
        if head.startswith(magic):
            raise WorkspaceError(
                f"{path} is {what}, not a Staffing Lens workspace, so it was left exactly as it is. Point "
                "STAFFING_LENS_DB at a workspace file, or at a new file name to start from the sample data.",
                "foreign",
            )


def is_workspace(con: duckdb.DuckDBPyConnection) -> bool:
    """True for a Staffing Lens workspace (a `_meta` table holding a data version) and for a DuckDB
    file with nothing in it yet; False for any other database, which must not be touched."""
    tables = con.execute(
        "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database() "
        "UNION ALL SELECT schema_name, view_name FROM duckdb_views() "
        "WHERE database_name = current_database() AND NOT internal"
    ).fetchall()
    if not tables:
        return True
    if ("main", META_TABLE) not in tables:
        return False
    return bool(con.execute(f"SELECT count(*) FROM {META_TABLE} WHERE key = 'data_version'").fetchall()[0][0])


def read_every_block(con: duckdb.DuckDBPyConnection) -> None:
    """Read every column of every table once, so a damaged block (DuckDB checks each block's
    checksum as it reads it) is found now, where the app offers to move the file aside, rather
    than by whichever page reads it first. The sample takes milliseconds; ~10M timesheet rows a
    second or two, once per server start."""
    tables = con.execute(
        "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary"
    ).fetchall()
    for schema_name, table in tables:
        ident = '"' + schema_name.replace('"', '""') + '"."' + table.replace('"', '""') + '"'
        con.execute(f"SELECT count(*), sum(hash(t)) FROM {ident} AS t").fetchall()
