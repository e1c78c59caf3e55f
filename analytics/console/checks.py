"""The SQL console's first wall: a statement is parsed and walked before it runs — exactly one SELECT
(or WITH … SELECT), no function that reads files, settings or internals, table functions from an
allow-list only, brackets nested at most MAX_NESTING deep, and only tables that exist in the workspace
(a quoted file path or a catalog view is refused, however it is dressed up as a CTE name)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import duckdb

from analytics.store.db import ADHOC_SCHEMA, Workspace

MAX_SQL_CHARS = 20_000

# Functions refused anywhere in a query: they read files or the network, run SQL given as
# text, or reveal settings, the environment or DuckDB's internals.
DENIED_FUNCTIONS = {
    "read_csv", "read_csv_auto", "read_parquet", "parquet_scan", "read_json", "read_json_auto",
    "read_json_objects", "read_json_objects_auto", "read_ndjson", "read_ndjson_auto", "read_ndjson_objects",
    "read_text", "read_blob", "glob", "sniff_csv", "parquet_metadata", "parquet_schema", "parquet_file_metadata",
    "parquet_kv_metadata", "parquet_bloom_probe", "query", "query_table", "getenv", "current_setting",
    "getvariable", "which_secret", "load_extension", "install_extension", "sqlite_scan", "sqlite_attach",
    "postgres_scan", "mysql_scan", "delta_scan", "iceberg_scan", "read_xlsx", "read_avro", "json_execute_serialized_sql",
    "checkpoint", "force_checkpoint", "test_all_types", "enable_logging", "disable_logging",
}
DENIED_PREFIXES = ("duckdb_", "pragma_", "read_", "parquet_", "sqlite_", "postgres_", "mysql_", "iceberg_", "delta_", "json_execute")



def first_line(exc: Exception) -> str:
    """The first line of an error, for a one-line message."""
    text = str(exc)
    return text.splitlines()[0] if text else type(exc).__name__


class SqlRefused(Exception):
    """The query is not allowed or failed; the message is plain text for the user."""


# Table functions a console query may call in FROM: they make rows from their arguments and read
# nothing else. Every other table function is refused (an allow-list, since DuckDB keeps adding
# ones that read files, settings or call other functions by name, e.g. destroy_external_resource).
ALLOWED_TABLE_FUNCTIONS = {
    "range", "generate_series", "unnest", "json_each", "json_tree", "repeat", "repeat_row",
    "pg_timezone_names", "icu_calendar_names",
}
# How deeply brackets may nest: far beyond any hand-written query, well within what the parser
# and the query walker handle (an expression ~500 deep used to crash the page run).
MAX_NESTING = 100


@dataclass
class _Reference:
    catalog: str
    schema: str
    table: str
    cte_in_scope: bool  # a CTE of that name is visible where the reference is


def _walk(root: object) -> tuple[set[str], set[str], list[_Reference]]:
    """(functions, table functions, table references) in a json_serialize_sql tree. A CTE name
    only covers the query it is declared in (and what nests inside it), so a name declared in a
    subquery cannot make a file path or catalog view elsewhere in the statement pass as a CTE."""
    functions: set[str] = set()
    table_functions: set[str] = set()
    tables: list[_Reference] = []
    stack: list[tuple[object, frozenset[str]]] = [(root, frozenset())]
    while stack:
        node, scope = stack.pop()
        if isinstance(node, list):
            stack.extend((v, scope) for v in node)
            continue
        if not isinstance(node, dict):
            continue
        cte_map = node.get("cte_map")
        if isinstance(cte_map, dict):
            names = {str(e["key"]).lower() for e in cte_map.get("map", []) or [] if isinstance(e, dict) and "key" in e}
            scope = scope | names
        if isinstance(node.get("function_name"), str):
            functions.add(node["function_name"].lower())
        if node.get("type") == "TABLE_FUNCTION" and isinstance(node.get("function"), dict):
            table_functions.add(str(node["function"].get("function_name", "")).lower())
        if node.get("type") == "BASE_TABLE":
            table = str(node.get("table_name", "")).lower()
            schema_name = (node.get("schema_name") or "").lower()
            catalog = (node.get("catalog_name") or "").lower()
            tables.append(_Reference(catalog, schema_name, table, not schema_name and not catalog and table in scope))
        stack.extend((v, scope) for v in node.values())
    return functions, table_functions, tables


def _nesting(text: str) -> int:
    """The deepest bracket nesting outside quoted strings and identifiers."""
    depth = deepest = 0
    quote: str | None = None
    for ch in text:
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch in "([":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")]":
            depth -= 1
    return deepest


# The tables and views a console query may read: not the last load's undo copy (schema _undo,
# analytics.ingest.history), nor the audit trail (schema audit, analytics/access/audit.py), the admin's alone.
CATALOGUE_SQL = (
    "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database() "
    "AND NOT temporary AND schema_name NOT IN ('_undo', 'audit') UNION ALL SELECT schema_name, view_name "
    "FROM duckdb_views() WHERE database_name = current_database() AND NOT internal AND NOT temporary "
    "AND schema_name NOT IN ('_undo', 'audit')"
)


def queryable_tables(ws: Workspace) -> set[tuple[str, str]]:
    """(schema, table) pairs a console query may read: the workspace's tables and views."""
    df = ws.sql(
        CATALOGUE_SQL
    )
    return {(s.lower(), t.lower()) for s, t in zip(df["schema_name"], df["table_name"], strict=True)}


_TOO_DEEP = (
    f"The query nests brackets more than {MAX_NESTING} levels deep. Write it with fewer nested "
    "expressions or subqueries (a CTE per step reads better too)."
)


def ws_catalog(ws: Workspace) -> str:
    """The name DuckDB gives the workspace's own database (a catalog a query may name)."""
    cur = ws.con.cursor()
    try:
        return str(cur.execute("SELECT current_database()").fetchall()[0][0]).lower()
    finally:
        cur.close()


def check_query(ws: Workspace, text: str) -> str:
    """The statement to run, or SqlRefused saying why not."""
    text = (text or "").strip()
    if not text:
        raise SqlRefused("Type a SELECT query first.")
    if len(text) > MAX_SQL_CHARS:
        raise SqlRefused(f"The query is longer than {MAX_SQL_CHARS:,} characters.")
    if _nesting(text) > MAX_NESTING:
        raise SqlRefused(_TOO_DEEP)
    cur = ws.con.cursor()
    try:
        try:
            statements = cur.extract_statements(text)
        except duckdb.Error as exc:
            raise SqlRefused(f"The query could not be parsed: {first_line(exc)}") from exc
        if len(statements) != 1:
            raise SqlRefused(
                f"Run exactly one statement at a time (found {len(statements)}). Remove the extra ';'-separated statements."
            )
        kind = statements[0].type
        if kind != duckdb.StatementType.SELECT:
            word = str(kind).split(".")[-1]
            raise SqlRefused(
                f"Only read-only SELECT queries (or WITH … SELECT) can run here, not {word} statements. "
                "The console cannot change data, settings, files or extensions."
            )
        try:
            tree = json.loads(cur.execute("SELECT json_serialize_sql($q)", {"q": text}).fetchall()[0][0])
        except RecursionError as exc:
            raise SqlRefused(_TOO_DEEP) from exc
        except duckdb.Error as exc:
            raise SqlRefused(f"The query could not be parsed: {first_line(exc)}") from exc
    finally:
        cur.close()
    if tree.get("error"):
        raise SqlRefused(f"The query could not be parsed: {tree.get('error_message', 'syntax error')}")
    try:
        functions, table_functions, tables = _walk(tree.get("statements", []))
    except RecursionError as exc:
        raise SqlRefused(_TOO_DEEP) from exc
    denied = sorted(f for f in functions if f in DENIED_FUNCTIONS or f.startswith(DENIED_PREFIXES))
    denied += sorted(table_functions - ALLOWED_TABLE_FUNCTIONS - set(denied))
    if denied:
        raise SqlRefused(
            f"The function {denied[0]}() is not available in the console: it reads files, settings or "
            "database internals. Query the workspace tables instead."
        )
    known = queryable_tables(ws)
    for ref in tables:
        if "/" in ref.table or "\\" in ref.table or "." in ref.table or ":" in ref.table:
            raise SqlRefused(
                f"Reading files is not allowed in the console ({ref.table!r}). Query the workspace tables instead."
            )
        if ref.cte_in_scope:
            continue
        candidates = [(ref.schema, ref.table)] if ref.schema else [("main", ref.table), (ADHOC_SCHEMA, ref.table)]
        if ref.catalog not in ("", ws_catalog(ws)) or not any(c in known for c in candidates):
            shown = ".".join(x for x in (ref.catalog, ref.schema, ref.table) if x)
            raise SqlRefused(
                f"There is no table named {shown!r}. Tables: workers, engagements, timesheets, time_off, reviews, "
                "worker_weeks, worker_months, engagement_hours, and ad-hoc uploads as adhoc.<name>."
            )
    return text
