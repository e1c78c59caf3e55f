"""The organisation's default cost assumptions: the published defaults (analytics.metrics.assumptions.DEFAULTS)
with the values an admin saved over them, stored in the workspace (app_settings.default_assumptions).
The sidebar starts from these and its reset button returns to them."""

from __future__ import annotations

import math

from analytics.metrics.assumptions import ASSUMPTION_NAMES, DEFAULTS, CostAssumptions
from analytics.store.db import Workspace
from analytics.store.sql_files import load_sql


def _table_exists(cur) -> bool:
    return bool(cur.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'app_settings' "
                            "AND table_name = 'default_assumptions'").fetchall()[0][0])


def load(ws: Workspace) -> CostAssumptions:
    """The organisation's defaults as last committed (DEFAULTS where an admin set nothing)."""
    cur = ws.con.cursor()
    try:
        if not _table_exists(cur):
            return DEFAULTS
        rows = cur.execute(load_sql("default_assumptions")).fetchall()
    finally:
        cur.close()
    saved = {name: float(value) for name, value in rows if name in ASSUMPTION_NAMES}
    return DEFAULTS.with_changes(**saved)


def save(ws: Workspace, assumptions: CostAssumptions) -> list[str]:
    """Make `assumptions` the organisation's defaults (in one transaction); returns the changes as
    "name: old → new" lines for the audit trail."""
    before = load(ws)
    cur = ws.con.cursor()
    try:
        cur.execute(load_sql("default_assumptions_create"))
        cur.execute("BEGIN TRANSACTION")
        try:
            cur.execute(load_sql("default_assumptions_clear"))
            for name in ASSUMPTION_NAMES:
                value = getattr(assumptions, name)
                if not math.isclose(value, getattr(DEFAULTS, name), rel_tol=1e-12, abs_tol=1e-12):
                    cur.execute(load_sql("default_assumptions_set"), {"name": name, "value": float(value)})
            cur.execute("COMMIT")
        except Exception:
            cur.execute("ROLLBACK")
            raise
    finally:
        cur.close()
    return [f"{n}: {getattr(before, n):g} → {getattr(assumptions, n):g}" for n in ASSUMPTION_NAMES
            if getattr(before, n) != getattr(assumptions, n)]
