"""Reading a workspace table from a source that may predate some of its columns — a CSV or Parquet
file, an older workspace, a published snapshot — and migrating older workspace files on open.

A source is read by the names in its header, never by position: a column the schema declares with a
`default` (analytics.store.schema.Column.default) may be absent or empty and then gets its default; an
optional column without one may be absent (NULL); only a required column must be there.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

import duckdb

from analytics.store import schema


class MissingColumns(ValueError):
    """A source lacks required columns of its table; the message names the table and the columns."""


def select_list(table: schema.Table, present: Iterable[str], type_names: dict[str, str] | None = None) -> list[str]:
    """One SQL expression per column of `table`, in the schema's order, over a source holding the columns
    `present`; `type_names` maps the schema's type names to another engine's (Spark's)."""
    have = {str(p).lower() for p in present}
    out, missing = [], []
    for c in table.columns:
        sql_type = type_names[c.type] if type_names else c.type
        default = c.default_sql.replace(f" AS {c.type})", f" AS {sql_type})")
        if c.name.lower() in have:
            out.append(f"coalesce({c.name}, {default}) AS {c.name}" if c.default is not None else c.name)
        elif c.required:
            missing.append(c.name)
        else:
            out.append(f"{default} AS {c.name}")
    if missing:
        raise MissingColumns(f"{table.name} lacks the required column(s) {', '.join(missing)}")
    return out


def csv_header(path: Path) -> list[str]:
    """The column names in a CSV file's header line."""
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return next(csv.reader(fh), [])


def csv_types(table: schema.Table, header: list[str]) -> dict[str, str]:
    """The header's columns with the schema's types (a column the schema does not know is read as text)."""
    known = {c.name.lower(): c.type for c in table.columns}
    return {h: known.get(h.lower(), "VARCHAR") for h in header}


def source_columns(con: duckdb.DuckDBPyConnection, relation: str, params: dict | None = None) -> list[str]:
    """The column names of a relation (a table name or a table function such as read_parquet($p))."""
    return [r[0] for r in con.execute(f"SELECT column_name FROM (DESCRIBE SELECT * FROM {relation})", params).fetchall()]


def insert_csv(con: duckdb.DuckDBPyConnection, table: schema.Table, path: Path) -> None:
    """Insert the rows of a trusted CSV (the sample, a benchmark or snapshot source folder) into `table`."""
    header = csv_header(path)
    cols = ", ".join(table.column_names)
    con.execute(
        f"INSERT INTO {table.name} ({cols}) SELECT {', '.join(select_list(table, header))} FROM read_csv($p, "
        "header = true, columns = $types, dateformat = '%Y-%m-%d')",
        {"p": str(path), "types": csv_types(table, header)},
    )


def insert_from(con: duckdb.DuckDBPyConnection, table: schema.Table, relation: str, params: dict | None = None,
                into: str | None = None) -> None:
    """Insert into `table` (or the table named `into`) the rows of another relation with the same kind of
    rows (a Parquet file, a table of an attached older workspace, an undo copy), by column name."""
    present = source_columns(con, relation, params)
    cols = ", ".join(table.column_names)
    con.execute(f"INSERT INTO {into or table.name} ({cols}) SELECT {', '.join(select_list(table, present))} FROM {relation}",
                params)


def missing_columns(con: duckdb.DuckDBPyConnection) -> list[tuple[schema.Table, schema.Column]]:
    """The schema columns the workspace tables on `con` lack (a file written before they existed)."""
    rows = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'main' "
        "AND database_name = current_database()"
    ).fetchall()
    have: dict[str, set[str]] = {}
    for t, c in rows:
        have.setdefault(t, set()).add(c.lower())
    return [(t, c) for t in schema.TABLES.values() if t.name in have
            for c in t.columns if c.name.lower() not in have[t.name]]


def add_missing_columns(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Migrate a workspace written before some columns existed: ALTER TABLE … ADD COLUMN (with its default)
    for every schema column its tables lack, in one transaction. Returns "table.column" for each one added."""
    todo = missing_columns(con)
    if not todo:
        return []
    con.execute("BEGIN TRANSACTION")
    try:
        for t, c in todo:
            con.execute(f"ALTER TABLE {t.name} ADD COLUMN {c.ddl()}")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return [f"{t.name}.{c.name}" for t, c in todo]
