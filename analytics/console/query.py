"""The read-only SQL console: one SELECT over the workspace, checked, then run in a child
process of its own under OS limits, its result capped.

Three walls. (1) The statement is parsed and walked first (analytics/console/checks.py): one SELECT,
no function that reads files, settings or internals, table functions from an allow-list only,
and only tables that exist in the workspace (a quoted file path or a catalog view is refused,
however it is dressed up as a CTE name). (2) It runs in a child process (analytics/console/worker.py) on
a read-only snapshot of the workspace with external access off and no allowed directory (so
not the upload staging folder), under an address-space limit, a CPU-time limit and a wall-clock
kill: whatever it builds, it builds in that process. (3) DuckDB's own lock-down in that process.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from analytics.console.checks import CATALOGUE_SQL, SqlRefused, check_query
from analytics.store.db import ADHOC_SCHEMA, Workspace
from analytics.store.derived import META_TABLE

DEFAULT_TIMEOUT_S = 10.0
DISPLAY_ROWS = 1_000
DOWNLOAD_ROWS = 1_000_000
# Results are read in chunks and stop growing past this many bytes (in pandas), so one wide
# query cannot fill the server's memory (1M rows of 2 KB strings took 5.8 GB and 12 s before).
MAX_RESULT_BYTES = 200 * 1024 * 1024
FETCH_CHUNK_ROWS = 10_000
# DuckDB's memory_limit is shared by the whole process, so a console query that grows past this
# much over what DuckDB used when it started is interrupted before it starves other sessions'
# pages (measured: a 3×10^8-element list() made a concurrent page query fail with Out of Memory).
MAX_QUERY_MEMORY_BYTES = 1536 * 1024 * 1024
WATCH_INTERVAL_S = 0.02

@dataclass
class SqlResult:
    frame: pd.DataFrame  # up to DOWNLOAD_ROWS rows
    truncated: bool  # more rows exist than DOWNLOAD_ROWS (or than fit in MAX_RESULT_BYTES)
    seconds: float
    too_large: bool = False  # stopped at MAX_RESULT_BYTES rather than at the row cap

    @property
    def shown(self) -> pd.DataFrame:
        return self.frame.head(DISPLAY_ROWS)



_MEMORY_MESSAGE = (
    "The query was stopped because it needed too much memory (more than "
    f"{MAX_QUERY_MEMORY_BYTES / 1024**3:.1f} GB), which would slow down everyone else using the app. "
    "Aggregate or filter it, or add a LIMIT."
)


def _time_message(timeout_s: float) -> str:
    return (
        f"The query was stopped after the {timeout_s:g}-second time limit. Narrow it down "
        "(filter rows, aggregate, or add a LIMIT)."
    )


_CPU_MESSAGE = (
    "The query was stopped because it used up its CPU time limit. Narrow it down "
    "(filter rows, aggregate, or add a LIMIT)."
)
_CRASH_MESSAGE = (
    "The query's process stopped unexpectedly (most often because the query needed too much memory). "
    "Aggregate or filter it, or add a LIMIT."
)


# -- the read-only snapshot the child process opens ----------------------------------------
# DuckDB lets only one process open a file while it is open for writing (checked: a read-only
# connection from a second process fails with "Could not set lock on file"), so the console's
# process cannot open the server's workspace. Instead the server writes the tables a console
# query may read into a snapshot file of their own, once per data version, in a private folder
# (owner-only, never the upload staging folder); the child opens that read-only.
_snapshots: dict[int, tuple[int, Path]] = {}
_snapshot_lock = threading.Lock()
_SNAPSHOT_ROOT: Path | None = None


def _snapshot_root() -> Path:
    global _SNAPSHOT_ROOT
    if _SNAPSHOT_ROOT is None or not _SNAPSHOT_ROOT.is_dir():
        _SNAPSHOT_ROOT = Path(tempfile.mkdtemp(prefix="staffing_lens_console_"))  # mode 0700
        atexit.register(shutil.rmtree, _SNAPSHOT_ROOT, True)
    return _SNAPSHOT_ROOT


def _drop_snapshot(key: int) -> None:
    with _snapshot_lock:
        entry = _snapshots.pop(key, None)
    if entry is not None:
        shutil.rmtree(entry[1].parent, ignore_errors=True)


def console_snapshot(ws: Workspace) -> Path:
    """The snapshot file holding every table and view a console query may read, as last
    committed; rebuilt when the workspace's data version moves on."""
    key = id(ws)
    with _snapshot_lock:
        cur = ws.con.cursor()
        try:
            cur.execute("BEGIN TRANSACTION")
            version = int(cur.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'data_version'").fetchall()[0][0])
            have = _snapshots.get(key)
            if have is not None and have[0] == version and have[1].is_file():
                return have[1]
            folder = Path(tempfile.mkdtemp(prefix=f"v{version}_", dir=_snapshot_root()))
            path = folder / "console.duckdb"
            snap = duckdb.connect(str(path))
            try:
                snap.execute(f"CREATE SCHEMA IF NOT EXISTS {ADHOC_SCHEMA}")
                names = cur.execute(
                    CATALOGUE_SQL
                ).fetchall()
                for schema_name, table in names:
                    # Names come from DuckDB's own catalogue, quoted as identifiers.
                    ident = f'"{schema_name.replace(chr(34), chr(34) * 2)}"."{table.replace(chr(34), chr(34) * 2)}"'
                    batches = cur.sql(f"SELECT * FROM {ident}").to_arrow_reader(100_000)
                    snap.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema_name.replace(chr(34), chr(34) * 2)}"')
                    snap.register("_console_source", batches)
                    snap.execute(f"CREATE TABLE {ident} AS SELECT * FROM _console_source")
                    snap.unregister("_console_source")
                snap.execute("CHECKPOINT")
            finally:
                snap.close()
            os.chmod(path, 0o600)
        finally:
            try:
                cur.execute("ROLLBACK")
            finally:
                cur.close()
        old = _snapshots.get(key)
        _snapshots[key] = (version, path)
        if old is None:
            weakref.finalize(ws, _drop_snapshot, key)
    if old is not None:
        shutil.rmtree(old[1].parent, ignore_errors=True)
    return path


WORKER = Path(__file__).resolve().parent / "worker.py"
# The child's own start-up (Python, duckdb, pyarrow: ~0.3 s) and its time to notice the
# interrupt come on top of the user's limit before the hard kill.
KILL_GRACE_S = 1.0


def _child_env() -> dict[str, str]:
    """The child sees nothing of the server's environment (secrets, tokens) beyond what Python needs."""
    return {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "TZ")}


def run_query(
    ws: Workspace, text: str, timeout_s: float = DEFAULT_TIMEOUT_S, max_rows: int = DOWNLOAD_ROWS
) -> SqlResult:
    """Run one checked SELECT in a child process of its own on a read-only snapshot of the
    workspace, killed after `timeout_s` seconds (plus start-up grace) and limited to
    MAX_QUERY_MEMORY_BYTES of address space; return at most `max_rows` rows (and whether
    there were more). Every failure is a SqlRefused with a plain one-line message."""
    sql = check_query(ws, text)
    snapshot = console_snapshot(ws)
    started = time.perf_counter()
    request = {
        "snapshot": str(snapshot), "sql": sql, "timeout_s": float(timeout_s), "max_rows": int(max_rows),
        "max_bytes": MAX_RESULT_BYTES, "memory_bytes": MAX_QUERY_MEMORY_BYTES, "chunk_rows": FETCH_CHUNK_ROWS,
    }
    proc = subprocess.Popen(
        [sys.executable, "-I", str(WORKER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, env=_child_env(), cwd=str(snapshot.parent),
    )
    killed = threading.Event()

    def kill() -> None:
        killed.set()
        proc.kill()

    timer = threading.Timer(timeout_s + KILL_GRACE_S, kill)
    timer.daemon = True
    timer.start()
    chunks: list[pd.DataFrame] = []
    names: list[str] = []
    nbytes, too_large, stopped_early = 0, False, False
    try:
        assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
        proc.stdin.write(json.dumps(request).encode())
        proc.stdin.close()
        try:
            reader = pa.ipc.open_stream(proc.stdout)
            names = list(reader.schema.names)
            rows_read = 0
            for batch in reader:
                chunk = batch.to_pandas()
                chunks.append(chunk)
                rows_read += len(chunk)
                nbytes += int(chunk.memory_usage(deep=True).sum())
                # The same budget in pandas as before the process boundary: stop reading here.
                if rows_read > max_rows:
                    stopped_early = True
                    break
                if nbytes > MAX_RESULT_BYTES:
                    too_large = stopped_early = True
                    break
        except (pa.ArrowInvalid, OSError):
            pass  # no stream (the query failed or the child died): the status says why
        if stopped_early:
            proc.kill()
        err = proc.stderr.read(64 * 1024)
        proc.wait()
    finally:
        timer.cancel()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    seconds = time.perf_counter() - started
    status = _last_status(err)
    if not stopped_early:
        if killed.is_set():
            raise SqlRefused(_time_message(timeout_s))
        if status is None:
            if proc.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
                raise SqlRefused(_CPU_MESSAGE)
            raise SqlRefused(_CRASH_MESSAGE)
        if not status.get("ok"):
            kind = status.get("kind")
            if kind == "time":
                raise SqlRefused(_time_message(timeout_s))
            if kind == "memory":
                raise SqlRefused(_MEMORY_MESSAGE)
            raise SqlRefused(f"The query failed: {status.get('message', 'unknown error')}")
        too_large = bool(status.get("too_large"))
    frame = pd.concat(chunks, ignore_index=True) if chunks else pd.DataFrame(columns=names)
    truncated = too_large or len(frame) > max_rows or bool(status and status.get("more"))
    return SqlResult(frame.head(max_rows), truncated, seconds, too_large)


def _last_status(err: bytes) -> dict | None:
    for line in reversed(err.decode("utf-8", "replace").splitlines()):
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict) and "ok" in value:
            return value
    return None
