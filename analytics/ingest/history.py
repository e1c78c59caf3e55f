"""Load history and "Undo the last load", kept in the workspace file so both survive a restart.

Every load writes one row per table it touched to `_load_history` (when, who — None until sign-in
exists —, file, table, mode, rows added / changed / removed, data version before and after). The
last load's old rows (the scope it removed) and the keys it inserted are kept in schema `_undo`;
undoing deletes those keys and puts the old rows back, so the table's contents are exactly what
they were. Only the last load can be undone, and only while nothing else has changed the data."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from analytics.ingest.refresh import Changes, scope_sql
from analytics.store import schema
from analytics.store.db import ADHOC_SCHEMA, Workspace
from analytics.store.derived import META_TABLE, NO_WEEKS, WEEKLY_TABLES, mark_weeks_changed
from analytics.store.source_columns import insert_from

HISTORY = "_load_history"
UNDO_SCHEMA = "_undo"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def ensure(cur: duckdb.DuckDBPyConnection) -> None:
    cur.execute(
        f"CREATE TABLE IF NOT EXISTS {HISTORY} (load_id INTEGER, loaded_at TIMESTAMP, \"user\" VARCHAR, file VARCHAR, "
        "\"table\" VARCHAR, mode VARCHAR, added BIGINT, changed BIGINT, removed BIGINT, version_before INTEGER, "
        "version_after INTEGER, undone BOOLEAN, had_table BOOLEAN)"
    )


def begin(cur: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """Start recording a load in the caller's transaction: (load id, data version before). The
    previous load's undo copy goes: only the last load can be undone."""
    ensure(cur)
    cur.execute(f"DROP SCHEMA IF EXISTS {UNDO_SCHEMA} CASCADE")
    cur.execute(f"CREATE SCHEMA {UNDO_SCHEMA}")
    load_id = cur.execute(f"SELECT coalesce(max(load_id), 0) + 1 FROM {HISTORY}").fetchall()[0][0]
    version = cur.execute(f"SELECT CAST(value AS INTEGER) FROM {META_TABLE} WHERE key = 'data_version'").fetchall()[0][0]
    return int(load_id), int(version)


def removed_copy(table: str) -> str:
    """Where the rows a load removes from `table` are kept for undo (refresh.stage_scope writes it)."""
    return f"{UNDO_SCHEMA}.{_q('removed_' + table)}"


def keep_added_keys(cur: duckdb.DuckDBPyConnection, table: schema.Table, typed: str, mode: str) -> None:
    """Keep the keys the load inserts (its removed rows are in removed_copy). A replace inserts the
    table's every row, so its undo empties the table instead: nothing to keep."""
    if mode == "replace":
        return
    cur.execute(
        f"CREATE TABLE {UNDO_SCHEMA}.{_q('added_' + table.name)} AS SELECT {', '.join(table.key)} FROM {typed}"
    )


def keep_adhoc(cur: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Keep a copy of ad-hoc table `name` as it is; False if there is none yet."""
    exists = cur.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = $s AND table_name = $t AND database_name = current_database()",
        {"s": ADHOC_SCHEMA, "t": name},
    ).fetchall()[0][0]
    if exists:
        cur.execute(f"CREATE TABLE {UNDO_SCHEMA}.{_q('adhoc_' + name)} AS SELECT * FROM {ADHOC_SCHEMA}.{_q(name)}")
    return bool(exists)


def record(cur: duckdb.DuckDBPyConnection, load_id: int, version_before: int, file: str, table: str, mode: str,
           changes: Changes, user: str | None = None, had_table: bool = True) -> None:
    cur.execute(
        f"INSERT INTO {HISTORY} VALUES ($id, $at, $user, $file, $table, $mode, $a, $c, $r, $vb, $va, FALSE, $had)",
        {"id": load_id, "at": dt.datetime.now(dt.UTC).replace(tzinfo=None), "user": user, "file": file, "table": table,
         "mode": mode, "a": changes.added, "c": changes.changed, "r": changes.removed, "vb": version_before,
         "va": version_before + 1, "had": had_table},
    )


def _has_history(cur: duckdb.DuckDBPyConnection) -> bool:
    return bool(cur.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = $t AND database_name = current_database()",
        {"t": HISTORY},
    ).fetchall()[0][0])


def history(ws: Workspace, limit: int = 200) -> pd.DataFrame:
    """The load history, newest first, as the Data page shows it."""
    cols = ["when (UTC)", "user", "file", "table", "mode", "added", "changed", "removed", "data version", "undone"]
    cur = ws.con.cursor()
    try:
        if not _has_history(cur):
            return pd.DataFrame(columns=cols)
        df = cur.execute(
            f"SELECT loaded_at, \"user\", file, \"table\", mode, added, changed, removed, "
            f"CAST(version_before AS VARCHAR) || ' → ' || CAST(version_after AS VARCHAR) AS dv, undone "
            f"FROM {HISTORY} ORDER BY load_id DESC, \"table\" LIMIT $n", {"n": limit},
        ).df()
    finally:
        cur.close()
    df.columns = cols
    from analytics.ingest.refresh import MODE_LABELS

    df["mode"] = df["mode"].map({**MODE_LABELS, "undo": "Undo of the load before"}).fillna(df["mode"])
    return df


def last_undoable(ws: Workspace) -> pd.DataFrame | None:
    """The last load's rows if it can still be undone (not undone, and nothing has changed the data
    since: its version after is the current one), else None."""
    cur = ws.con.cursor()
    try:
        if not _has_history(cur):
            return None
        last = cur.execute(f"SELECT * FROM {HISTORY} WHERE load_id = (SELECT max(load_id) FROM {HISTORY})").df()
        version = int(cur.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'data_version'").fetchall()[0][0])
        undo_kept = cur.execute("SELECT count(*) FROM duckdb_schemas() WHERE schema_name = $s AND database_name = current_database()",
                                {"s": UNDO_SCHEMA}).fetchall()[0][0]
    finally:
        cur.close()
    if last.empty or last["mode"].iloc[0] == "undo" or bool(last["undone"].any()) or not undo_kept:
        return None
    if int(last["version_after"].iloc[0]) != version:
        return None
    return last


def undo_last(ws: Workspace, user: str | None = None) -> list[str]:
    """Put back the contents every table had before the last load; one line per table restored.
    Raises ValueError when there is nothing to undo."""
    last = last_undoable(ws)
    if last is None:
        raise ValueError("There is no load to undo: the last one was undone already, or the data changed since.")
    done = []
    with ws.transaction() as cur:
        load_id, version = begin_undo(cur)
        for row in last.itertuples():
            table = row.table
            if table.startswith("adhoc:"):
                name = table[len("adhoc:"):]
                cur.execute(f"DROP TABLE IF EXISTS {ADHOC_SCHEMA}.{_q(name)}")
                if row.had_table:
                    cur.execute(f"CREATE TABLE {ADHOC_SCHEMA}.{_q(name)} AS SELECT * FROM {UNDO_SCHEMA}.{_q('adhoc_' + name)}")
                done.append(f"adhoc.{name} " + ("restored" if row.had_table else "removed"))
                restored = Changes(0, 0, 0)
                mark_weeks_changed(cur, NO_WEEKS)
            else:
                t = schema.TABLES[table]
                on = " AND ".join(f"a.{k} IS NOT DISTINCT FROM e.{k}" for k in t.key)
                added = f"{UNDO_SCHEMA}.{_q('added_' + table)}"
                removed = f"{UNDO_SCHEMA}.{_q('removed_' + table)}"
                if row.mode == "replace":  # the table holds only what the load inserted
                    cur.execute(f"DELETE FROM main.{table}")
                elif row.mode == "replace_weeks":  # the file's weeks hold only what the load inserted
                    cur.execute(f"DELETE FROM main.{table} AS e WHERE {scope_sql(t, row.mode, added)}")
                else:
                    cur.execute(f"DELETE FROM main.{table} AS e WHERE EXISTS (SELECT 1 FROM {added} AS a WHERE {on})")
                # by name: a copy kept before the workspace gained a column lacks it
                insert_from(cur, t, removed, into=f"main.{table}")
                restored = Changes(int(row.removed), int(row.changed), int(row.added))
                # the weeks the load changed: only their derived rows are rebuilt (a replace keeps no
                # added keys: everything)
                weekly = t.name in WEEKLY_TABLES and row.mode in ("replace_weeks", "append")
                mark_weeks_changed(cur, f"SELECT week_start FROM {added} UNION ALL SELECT week_start FROM {removed}"
                                   if weekly else None)
                done.append(f"{table} as it was before {row.file} was loaded")
            record(cur, load_id, version, row.file, table, "undo", restored, user)
        cur.execute(f"UPDATE {HISTORY} SET undone = TRUE WHERE load_id = $id", {"id": int(last["load_id"].iloc[0])})
        cur.execute(f"DROP SCHEMA IF EXISTS {UNDO_SCHEMA} CASCADE")
    return done


def begin_undo(cur: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    load_id = cur.execute(f"SELECT max(load_id) + 1 FROM {HISTORY}").fetchall()[0][0]
    version = cur.execute(f"SELECT CAST(value AS INTEGER) FROM {META_TABLE} WHERE key = 'data_version'").fetchall()[0][0]
    return int(load_id), int(version)
