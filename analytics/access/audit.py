"""The audit trail: who signed in or out, loaded, undid or reset data, ran a SQL console query,
downloaded a table or report, or changed the default cost assumptions, and when; appended to audit.events in the
workspace (never edited or deleted by the app) and read back for the admin page.

Every event is also written to the operator's log, so a read-only replica (which cannot write to its
snapshot) still leaves a trail there.
"""

from __future__ import annotations

import logging
import threading
import weakref
from datetime import UTC, date, datetime, timedelta

import duckdb
import pandas as pd

from analytics.store.db import Workspace
from analytics.store.sql_files import load_sql

ACTIONS: dict[str, str] = {
    "sign_in": "Signed in",
    "sign_out": "Signed out",
    "no_access": "Signed in without access",
    "load": "Loaded data",
    "undo": "Undid a load",
    "reset": "Reset to sample data",
    "sql_query": "SQL console query",
    "download": "Download",
    "assumptions": "Changed default cost assumptions",
    "currency": "Changed the reporting currency",
}
MAX_DETAILS = 20_000  # characters of a query or detail kept (a pasted script stays readable, not unbounded)

log = logging.getLogger("staffing_lens.audit")
_created: weakref.WeakSet = weakref.WeakSet()  # workspaces whose table exists
_lock = threading.Lock()


def _ensure_table(ws: Workspace, cur: duckdb.DuckDBPyConnection) -> None:
    if ws in _created:
        return
    with _lock:
        cur.execute(load_sql("audit_create"))
        _created.add(ws)


def record(ws: Workspace, user: str, role: str | None, action: str, details: str = "",
           at: datetime | None = None) -> bool:
    """Append one event (committed at once, outside the page's read snapshot). Returns False when
    the workspace cannot be written (a read-only replica): the operator's log still has it."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    at = (at or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None)
    details = (details or "")[:MAX_DETAILS]
    log.info("audit %s user=%s role=%s %s", action, user, role, details.replace("\n", " ")[:500])
    if ws.read_only:
        return False
    cur = ws.con.cursor()
    try:
        _ensure_table(ws, cur)
        cur.execute(load_sql("audit_append"),
                    {"at_utc": at, "user_email": user, "role": role, "action": action, "details": details})
    finally:
        cur.close()
    return True


def events(ws: Workspace, user: str = "", actions: tuple[str, ...] = (), since: date | None = None,
           until: date | None = None) -> pd.DataFrame:
    """The audit trail, newest first: at_utc, user_email, role, action, details; narrowed by a
    part of the user's email, the actions and the UTC days since … until (both included)."""
    cur = ws.con.cursor()
    try:
        if not ws.read_only:
            _ensure_table(ws, cur)
        elif not cur.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'audit' "
                             "AND table_name = 'events'").fetchall()[0][0]:
            return pd.DataFrame(columns=["at_utc", "user_email", "role", "action", "details"])
        start = datetime.combine(since or date(1970, 1, 1), datetime.min.time())
        end = datetime.combine((until or date(9999, 12, 30)) + timedelta(days=1), datetime.min.time())
        return cur.execute(load_sql("audit_events"),
                           {"user": user or "", "actions": list(actions), "since": start, "until": end}).df()
    finally:
        cur.close()
