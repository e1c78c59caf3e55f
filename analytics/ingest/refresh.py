"""Loading a checked file by mode, and counting what it changes before it is written.

Every mode is "remove a scope of the table's rows, insert the file's rows": replace — every row;
append — none; replace the weeks in this file (timesheets, time off) — the rows of the weeks the
file covers; update or add by key (workers, engagements) — the rows whose keys the file holds. So
added / changed / removed are counted the same way for all four, and undo needs only the scope's
old rows and the keys inserted (analytics.ingest.history)."""

from __future__ import annotations

from typing import NamedTuple

import duckdb

from analytics.store import schema
from analytics.store.derived import WEEKLY_TABLES

MODES = ("replace", "append", "replace_weeks", "upsert")
MODE_LABELS = {
    "replace": "Replace all rows",
    "append": "Append rows",
    "replace_weeks": "Replace the weeks in this file",
    "upsert": "Update or add by key",
}
MODE_HELP = {
    "replace": "empties the table and loads the file",
    "append": "adds the file's rows (keys already in the table are reported as problems)",
    "replace_weeks": "replaces the table's rows of every week the file covers and keeps all other weeks",
    "upsert": "updates the rows whose key is in the file, adds the new ones and keeps the rest",
}


def modes_for(table: str) -> tuple[str, ...]:
    """The modes a table offers: refresh by week for weekly tables, by key for the roster and
    engagements, replace and append for every table (ad-hoc ones included)."""
    cols = schema.TABLES[table].column_names if table in schema.TABLES else []
    if "week_start" in cols:
        return ("replace", "append", "replace_weeks")
    if table in ("workers", "engagements"):
        return ("replace", "append", "upsert")
    return ("replace", "append")


class Changes(NamedTuple):
    """Rows a load adds (new keys), changes (same key, other values) and removes."""

    added: int
    changed: int
    removed: int


def _on(key: tuple[str, ...], a: str, b: str) -> str:
    return " AND ".join(f"{a}.{k} IS NOT DISTINCT FROM {b}.{k}" for k in key)


def scope_sql(table: schema.Table, mode: str, typed: str) -> str:
    """WHERE clause (over main.<table> AS e) of the rows the load removes."""
    if mode == "replace":
        return "TRUE"
    if mode == "append":
        return "FALSE"
    if mode == "replace_weeks":
        return f"e.week_start IN (SELECT DISTINCT week_start FROM {typed} WHERE week_start IS NOT NULL)"
    if mode == "upsert":
        return f"EXISTS (SELECT 1 FROM {typed} AS d WHERE {_on(table.key, 'd', 'e')})"
    raise ValueError(f"unknown mode {mode!r}")


def stage_scope(cur: duckdb.DuckDBPyConnection, table: schema.Table, mode: str, typed: str, scope: str,
                temp: bool = True) -> Changes:
    """Copy the rows the load removes into table `scope` (a temp table, or with temp=False the undo
    copy itself, so they are copied once); count added, changed, removed."""
    cols = ", ".join(table.column_names)
    where = scope_sql(table, mode, typed)
    if mode == "append" and not temp and table.duplicates != "refuse":
        # undo deletes every row with an appended key: rows already there that repeat one (a table
        # that takes repeated rows) are kept with the removed rows, so the undo puts them back
        where = f"EXISTS (SELECT 1 FROM {typed} AS d WHERE {_on(table.key, 'd', 'e')})"
    cur.execute(f"CREATE OR REPLACE {'TEMP ' if temp else ''}TABLE {scope} AS SELECT {cols} FROM main.{table.name} AS e "
                f"WHERE {where}")
    if mode == "append":
        return Changes(int(cur.execute(f"SELECT count(*) FROM {typed}").fetchall()[0][0]), 0, 0)
    same = " AND ".join(f"d.{c} IS NOT DISTINCT FROM s.{c}" for c in table.column_names)
    week = ", coalesce(d.week_start, s.week_start) AS week_start" if "week_start" in table.column_names else ""
    # one pass: file rows without an old row are added, old rows without a file row removed; the
    # rows that differ are kept (with their week: only those weeks' derived rows are rebuilt)
    cur.execute(
        f"CREATE OR REPLACE TEMP TABLE {_diff(table)} AS SELECT CASE WHEN s._in IS NULL THEN 'added' "
        f"WHEN d._in IS NULL THEN 'removed' ELSE 'changed' END AS kind{week} "
        f"FROM (SELECT {cols}, TRUE AS _in FROM {typed}) AS d "
        f"FULL OUTER JOIN (SELECT *, TRUE AS _in FROM {scope}) AS s ON {_on(table.key, 'd', 's')} "
        f"WHERE s._in IS NULL OR d._in IS NULL OR NOT ({same})"
    )
    n = dict(cur.execute(f"SELECT kind, count(*) FROM {_diff(table)} GROUP BY kind").fetchall())
    return Changes(int(n.get("added", 0)), int(n.get("changed", 0)), int(n.get("removed", 0)))


def _diff(table: schema.Table) -> str:
    return f"_differing_{table.name}"


def write(cur: duckdb.DuckDBPyConnection, table: schema.Table, mode: str, typed: str) -> int:
    """Remove the scope's rows and insert the file's (in the caller's transaction); rows inserted."""
    cols = ", ".join(table.column_names)
    if mode != "append":
        cur.execute(f"DELETE FROM main.{table.name} AS e WHERE {scope_sql(table, mode, typed)}")
    cur.execute(f"INSERT INTO main.{table.name} ({cols}) SELECT {cols} FROM {typed} ORDER BY _line")
    return int(cur.execute(f"SELECT count(*) FROM {typed}").fetchall()[0][0])


def weeks_changed(table: schema.Table, mode: str, typed: str) -> str | None:
    """SQL of the weeks whose rows a load (after stage_scope) changes in a weekly table: an append's
    weeks, or the weeks of the rows a replace — of the file's weeks or of everything — adds, changes
    or removes; else None (anything may change). analytics.store.derived rebuilds only those weeks'
    derived rows."""
    if table.name not in WEEKLY_TABLES or mode not in ("replace_weeks", "append", "replace"):
        return None
    return f"SELECT week_start FROM {typed}" if mode == "append" else f"SELECT week_start FROM {_diff(table)}"
