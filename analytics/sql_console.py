"""The read-only SQL console: one SELECT over the workspace, checked, time-limited and capped.

DuckDB itself is the outer wall (extensions off, external access off, configuration locked, see
db.Workspace._lock_down); DuckDB says SQL is no security boundary, so here the statement is also
parsed and walked: exactly one SELECT (or WITH … SELECT), no table function that touches files,
settings or internals, and only tables that exist in the workspace (so a quoted file path in FROM
is refused). A timer interrupts queries that run longer than the limit.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics.db import ADHOC_SCHEMA, Workspace

DEFAULT_TIMEOUT_S = 10.0
DISPLAY_ROWS = 1_000
DOWNLOAD_ROWS = 1_000_000
MAX_SQL_CHARS = 20_000
# Results are read in chunks and stop growing past this many bytes (in pandas), so one wide
# query cannot fill the server's memory (1M rows of 2 KB strings took 5.8 GB and 12 s before).
MAX_RESULT_BYTES = 200 * 1024 * 1024
FETCH_CHUNK_ROWS = 10_000
# DuckDB's memory_limit is shared by the whole process, so a console query that grows past this
# much over what DuckDB used when it started is interrupted before it starves other sessions'
# pages (measured: a 3×10^8-element list() made a concurrent page query fail with Out of Memory).
MAX_QUERY_MEMORY_BYTES = 1536 * 1024 * 1024
WATCH_INTERVAL_S = 0.02

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


class SqlRefused(Exception):
    """The query is not allowed or failed; the message is plain text for the user."""


@dataclass
class SqlResult:
    frame: pd.DataFrame  # up to DOWNLOAD_ROWS rows
    truncated: bool  # more rows exist than DOWNLOAD_ROWS (or than fit in MAX_RESULT_BYTES)
    seconds: float
    too_large: bool = False  # stopped at MAX_RESULT_BYTES rather than at the row cap

    @property
    def shown(self) -> pd.DataFrame:
        return self.frame.head(DISPLAY_ROWS)


def _walk(node, functions: set[str], tables: list[tuple[str, str]], ctes: set[str]) -> None:
    if isinstance(node, dict):
        if "function_name" in node and isinstance(node["function_name"], str):
            functions.add(node["function_name"].lower())
        if node.get("type") == "BASE_TABLE":
            tables.append(((node.get("schema_name") or "").lower(), str(node.get("table_name", "")).lower()))
        cte_map = node.get("cte_map")
        if isinstance(cte_map, dict):
            for entry in cte_map.get("map", []) or []:
                if isinstance(entry, dict) and "key" in entry:
                    ctes.add(str(entry["key"]).lower())
        for v in node.values():
            _walk(v, functions, tables, ctes)
    elif isinstance(node, list):
        for v in node:
            _walk(v, functions, tables, ctes)


def queryable_tables(ws: Workspace) -> set[tuple[str, str]]:
    """(schema, table) pairs a console query may read: the workspace's tables and views."""
    df = ws.sql(
        "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database() "
        "AND NOT temporary UNION ALL SELECT schema_name, view_name FROM duckdb_views() "
        "WHERE database_name = current_database() AND NOT internal AND NOT temporary"
    )
    return {(s.lower(), t.lower()) for s, t in zip(df["schema_name"], df["table_name"], strict=True)}


def check_query(ws: Workspace, text: str) -> str:
    """The statement to run, or SqlRefused saying why not."""
    text = (text or "").strip()
    if not text:
        raise SqlRefused("Type a SELECT query first.")
    if len(text) > MAX_SQL_CHARS:
        raise SqlRefused(f"The query is longer than {MAX_SQL_CHARS:,} characters.")
    cur = ws.con.cursor()
    try:
        try:
            statements = cur.extract_statements(text)
        except duckdb.Error as exc:
            raise SqlRefused(f"The query could not be parsed: {_first_line(exc)}") from exc
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
        except duckdb.Error as exc:
            raise SqlRefused(f"The query could not be parsed: {_first_line(exc)}") from exc
    finally:
        cur.close()
    if tree.get("error"):
        raise SqlRefused(f"The query could not be parsed: {tree.get('error_message', 'syntax error')}")
    functions: set[str] = set()
    tables: list[tuple[str, str]] = []
    ctes: set[str] = set()
    _walk(tree.get("statements", []), functions, tables, ctes)
    denied = sorted(f for f in functions if f in DENIED_FUNCTIONS or f.startswith(DENIED_PREFIXES))
    if denied:
        raise SqlRefused(
            f"The function {denied[0]}() is not available in the console: it reads files, settings or "
            "database internals. Query the workspace tables instead."
        )
    known = queryable_tables(ws)
    for schema_name, table in tables:
        if schema_name == "" and table in ctes:
            continue
        if "/" in table or "\\" in table or "." in table:
            raise SqlRefused(f"Reading files is not allowed in the console ({table!r}). Query the workspace tables instead.")
        candidates = [(schema_name, table)] if schema_name else [("main", table), (ADHOC_SCHEMA, table)]
        if not any(c in known for c in candidates):
            raise SqlRefused(
                f"There is no table named {table!r}. Tables: workers, engagements, timesheets, time_off, reviews, "
                "worker_weeks, worker_months, engagement_hours, and ad-hoc uploads as adhoc.<name>."
            )
    return text


def _first_line(exc: Exception) -> str:
    text = str(exc)
    return text.splitlines()[0] if text else type(exc).__name__


_MEMORY_MESSAGE = (
    "The query was stopped because it needed too much memory (more than "
    f"{MAX_QUERY_MEMORY_BYTES / 1024**3:.1f} GB), which would slow down everyone else using the app. "
    "Aggregate or filter it, or add a LIMIT."
)


class _Watchdog(threading.Thread):
    """Interrupts a console query after the time limit, or when DuckDB's memory use grows by
    more than MAX_QUERY_MEMORY_BYTES while it runs; `reason` says which."""

    def __init__(self, ws: Workspace, cur: duckdb.DuckDBPyConnection, timeout_s: float):
        super().__init__(daemon=True)
        self.cur, self.timeout_s = cur, timeout_s
        self.probe = ws.con.cursor()
        self.reason: str | None = None
        self._done = threading.Event()
        self.baseline = self._memory()

    def _memory(self) -> int:
        try:
            return int(self.probe.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchall()[0][0] or 0)
        except duckdb.Error:
            return 0

    def run(self) -> None:
        deadline = time.perf_counter() + self.timeout_s
        while not self._done.wait(WATCH_INTERVAL_S):
            if time.perf_counter() >= deadline:
                self.reason = "time"
            elif self._memory() - self.baseline > MAX_QUERY_MEMORY_BYTES:
                self.reason = "memory"
            if self.reason:
                self.cur.interrupt()
                return

    def stop(self) -> None:
        self._done.set()
        self.join()
        self.probe.close()


def run_query(
    ws: Workspace, text: str, timeout_s: float = DEFAULT_TIMEOUT_S, max_rows: int = DOWNLOAD_ROWS
) -> SqlResult:
    """Run one checked SELECT on a dedicated cursor, interrupted after `timeout_s` seconds;
    return at most `max_rows` rows (and whether there were more)."""
    sql = check_query(ws, text)
    cur = ws.con.cursor()
    started = time.perf_counter()
    watch = _Watchdog(ws, cur, timeout_s)
    watch.start()
    try:
        # Read-only: nothing this transaction does can be committed.
        cur.execute("BEGIN TRANSACTION READ ONLY")
        rel = cur.execute(sql)
        names = [d[0] for d in rel.description] if rel.description else []
        chunks: list[pd.DataFrame] = []
        rows_read, nbytes, too_large = 0, 0, False
        # Read in chunks: the timer only interrupts DuckDB's execution, so the time limit and a
        # memory budget are also checked here, between chunks.
        while rows_read <= max_rows:
            rows = rel.fetchmany(min(FETCH_CHUNK_ROWS, max_rows + 1 - rows_read))
            if not rows:
                break
            chunk = pd.DataFrame.from_records(rows, columns=names)
            chunks.append(chunk)
            rows_read += len(chunk)
            nbytes += int(chunk.memory_usage(deep=True).sum())
            if time.perf_counter() - started > timeout_s:
                raise duckdb.InterruptException("time limit")
            if nbytes > MAX_RESULT_BYTES:
                too_large = rows_read <= max_rows
                break
        frame = pd.concat(chunks, ignore_index=True) if chunks else pd.DataFrame(columns=names)
        truncated = too_large or len(frame) > max_rows
        return SqlResult(frame.head(max_rows), truncated, time.perf_counter() - started, too_large)
    except duckdb.InterruptException as exc:
        if watch.reason == "memory":
            raise SqlRefused(_MEMORY_MESSAGE) from exc
        raise SqlRefused(
            f"The query was stopped after the {timeout_s:g}-second time limit. Narrow it down "
            "(filter rows, aggregate, or add a LIMIT)."
        ) from exc
    except duckdb.Error as exc:
        if watch.reason == "memory" or "out of memory" in str(exc).lower():
            raise SqlRefused(_MEMORY_MESSAGE) from exc
        if "interrupt" in str(exc).lower():
            raise SqlRefused(
                f"The query was stopped after the {timeout_s:g}-second time limit. Narrow it down "
                "(filter rows, aggregate, or add a LIMIT)."
            ) from exc
        raise SqlRefused(f"The query failed: {_first_line(exc)}") from exc
    finally:
        watch.stop()
        try:
            cur.execute("ROLLBACK")
        except duckdb.Error:
            pass
        cur.close()
