"""Saved mappings: a file's column choices, value mappings and read options, kept in the workspace
under a name and found again when a file with the same header arrives, so next month's export
loads with nothing to choose."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import duckdb
import pandas as pd

from analytics.store import synonyms
from analytics.store.db import Workspace

SAVED = "_saved_mappings"


def header_fingerprint(columns: list[str]) -> str:
    """The same for two files whose headers differ only in case, spacing and punctuation."""
    return hashlib.sha1("\x1f".join(synonyms.header_key(c) for c in columns).encode()).hexdigest()[:16]


def ensure(cur: duckdb.DuckDBPyConnection) -> None:
    cur.execute(
        f"CREATE TABLE IF NOT EXISTS {SAVED} (name VARCHAR PRIMARY KEY, header VARCHAR, columns VARCHAR, "
        "\"table\" VARCHAR, mode VARCHAR, mapping VARCHAR, value_maps VARCHAR, options VARCHAR, updated_at TIMESTAMP)"
    )


def save(cur: duckdb.DuckDBPyConnection, name: str, columns: list[str], table: str, mode: str,
         mapping: dict[str, str], value_maps: dict[str, dict[str, str]], options: dict) -> None:
    """Save (or overwrite) mapping `name` in the caller's transaction; one saved mapping per header."""
    ensure(cur)
    header = header_fingerprint(columns)
    cur.execute(f"DELETE FROM {SAVED} WHERE name = $n OR header = $h", {"n": name, "h": header})
    cur.execute(
        f"INSERT INTO {SAVED} VALUES ($n, $h, $c, $t, $m, $map, $vm, $o, $at)",
        {"n": name, "h": header, "c": json.dumps(columns), "t": table, "m": mode, "map": json.dumps(mapping),
         "vm": json.dumps(value_maps), "o": json.dumps(options), "at": dt.datetime.now(dt.UTC).replace(tzinfo=None)},
    )


def _rows(ws: Workspace, where: str = "TRUE", params: dict | None = None) -> list[dict]:
    cur = ws.con.cursor()
    try:
        have = cur.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = $t "
            "AND database_name = current_database()", {"t": SAVED},
        ).fetchall()[0][0]
        if not have:
            return []
        df = cur.execute(f"SELECT * FROM {SAVED} WHERE {where} ORDER BY name", params or {}).df()
    finally:
        cur.close()
    out = []
    for r in df.to_dict("records"):
        for k in ("columns", "mapping", "value_maps", "options"):
            r[k] = json.loads(r[k]) if r[k] else {}
        out.append(r)
    return out


def find(ws: Workspace, columns: list[str]) -> dict | None:
    """The saved mapping for a file with this header, or None."""
    rows = _rows(ws, "header = $h", {"h": header_fingerprint(columns)})
    return rows[0] if rows else None


def saved(ws: Workspace) -> list[dict]:
    """Every saved mapping, by name."""
    return _rows(ws)


def overview(ws: Workspace) -> pd.DataFrame:
    """name, table, mode, columns mapped, values mapped, saved (UTC): for the page's list."""
    rows = [
        {"name": r["name"], "table": r["table"], "mode": r["mode"],
         "columns mapped": ", ".join(f"{k} ← {v}" for k, v in r["mapping"].items()),
         "values mapped": ", ".join(f"{c}: {raw} → {v}" for c, m in r["value_maps"].items() for raw, v in m.items()),
         "saved (UTC)": r["updated_at"]}
        for r in saved(ws)
    ]
    return pd.DataFrame(rows, columns=["name", "table", "mode", "columns mapped", "values mapped", "saved (UTC)"])


def delete(ws: Workspace, name: str) -> None:
    with ws.settings_transaction() as cur:
        ensure(cur)
        cur.execute(f"DELETE FROM {SAVED} WHERE name = $n", {"n": name})


def update(ws: Workspace, name: str, new_name: str, value_maps: dict[str, dict[str, str]] | None = None) -> None:
    """Rename a saved mapping and, if given, replace its value mappings."""
    new_name = new_name.strip()
    if not new_name:
        raise ValueError("A saved mapping needs a name.")
    with ws.settings_transaction() as cur:
        ensure(cur)
        if new_name != name and cur.execute(f"SELECT count(*) FROM {SAVED} WHERE name = $n", {"n": new_name}).fetchall()[0][0]:
            raise ValueError(f"There is already a saved mapping called {new_name}.")
        cur.execute(f"UPDATE {SAVED} SET name = $new WHERE name = $n", {"new": new_name, "n": name})
        if value_maps is not None:
            cur.execute(f"UPDATE {SAVED} SET value_maps = $vm WHERE name = $n", {"vm": json.dumps(value_maps), "n": new_name})
