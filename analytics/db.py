"""Opening, locking down and sharing the embedded DuckDB workspace.

One `Workspace` per process (the Streamlit app holds it in `st.cache_resource`); every query
runs on its own short-lived cursor and is read fully into pandas before the cursor closes.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import hashlib
import os
import re
import shutil
import stat
import tempfile
import threading
import time
from pathlib import Path
from typing import NamedTuple

import duckdb
import pandas as pd

from analytics import schema
from analytics.filters import WORKER_FILTER_SQL

ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = Path(__file__).resolve().parent / "sql"
DEFAULT_DB = ROOT / "data" / "workspace.duckdb"
SAMPLE_DIR = ROOT / "data" / "sample"
# Uploaded files are staged here so DuckDB's CSV sniffer can read them; it is the only
# directory (besides the bundled sample) the locked-down connection may read. Each process
# stages into a folder of its own (staging_dir), owner-only, emptied as each file is read and
# swept of what dead processes left (sweep_staging) whenever a workspace opens.
UPLOAD_DIR = Path(tempfile.gettempdir()) / "staffing_lens_uploads"
# A file staged directly under UPLOAD_DIR (the layout before per-process folders) older than
# this is a crash's leftover.
STRAY_STAGED_AGE_S = 600
META_TABLE = "_meta"
# Free-form tables analysts upload for exploration live in their own schema, apart from the five.
ADHOC_SCHEMA = "adhoc"


class WorkspaceError(RuntimeError):
    """A workspace problem worded for the person using the app.

    `kind` is one of "locked", "permission", "corrupt", "other"; the app offers to move a
    corrupt file aside and restore the sample."""

    def __init__(self, message: str, kind: str = "other"):
        super().__init__(message)
        self.kind = kind


def _process_start(pid: int) -> str | None:
    """The kernel's start time of process `pid` (clock ticks since boot), or None if it is not
    running: with the pid it names one process, even after the pid is reused."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            stat = f.read()
    except OSError:
        return None
    return stat.rsplit(")", 1)[-1].split()[19]


def _owner_only_dir(path: Path) -> Path:
    """`path` as a directory only this user can enter: created 0700, or an existing one checked
    (not a symlink, owned by this user) and tightened to 0700."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    st = path.lstat()
    if stat.S_ISLNK(st.st_mode) or not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
        raise WorkspaceError(
            f"The upload staging folder {path} is not a folder owned by this user; remove it or set TMPDIR "
            "to a private folder.", "permission",
        )
    if st.st_mode & 0o777 != 0o700:
        os.chmod(path, 0o700)
    return path


_STAGING: Path | None = None


def staging_dir() -> Path:
    """This process's own staging folder under UPLOAD_DIR (owner-only; removed at exit)."""
    global _STAGING
    if _STAGING is None or not _STAGING.is_dir():
        _owner_only_dir(UPLOAD_DIR)
        me = os.getpid()
        _STAGING = _owner_only_dir(UPLOAD_DIR / f"{me}-{_process_start(me) or 0}")
        atexit.register(shutil.rmtree, _STAGING, True)
    return _STAGING


def sweep_staging() -> list[Path]:
    """Remove what crashed processes left in UPLOAD_DIR (a load killed mid-way leaves the whole
    file there): folders of processes no longer running, and old stray files. Returns what went."""
    removed: list[Path] = []
    if not UPLOAD_DIR.is_dir():
        return removed
    for entry in UPLOAD_DIR.iterdir():
        try:
            if entry.is_dir() and not entry.is_symlink():
                pid, _, start = entry.name.partition("-")
                alive = pid.isdigit() and _process_start(int(pid)) == start
                if not alive:
                    shutil.rmtree(entry, ignore_errors=True)
                    removed.append(entry)
            elif time.time() - entry.lstat().st_mtime > STRAY_STAGED_AGE_S:
                entry.unlink()
                removed.append(entry)
        except OSError:
            continue  # another process's sweep got there first
    return removed


def workspace_path() -> Path:
    """The workspace file: `STAFFING_LENS_DB` if set, else data/workspace.duckdb."""
    return Path(os.environ.get("STAFFING_LENS_DB") or DEFAULT_DB).expanduser().resolve()


def load_sql(name: str) -> str:
    """The text of analytics/sql/<name>.sql (one named, parameterised query per file)."""
    path = SQL_DIR / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"no query named {name!r}")
    return path.read_text(encoding="utf-8").replace("{worker_filter}", WORKER_FILTER_SQL)


def _friendly(exc: Exception, path: Path) -> WorkspaceError:
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


_OPEN_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
# What other databases start with (SQLite's documented header string); DuckDB would try to read
# them through an extension.
_FOREIGN_HEADERS = {b"SQLite format 3\x00": "a SQLite database"}


def _refuse_other_formats(path: Path) -> None:
    """WorkspaceError ("foreign") if `path` is another kind of database; the file is only read."""
    with open(path, "rb") as f:
        head = f.read(16)
    for magic, what in _FOREIGN_HEADERS.items():
        if head.startswith(magic):
            raise WorkspaceError(
                f"{path} is {what}, not a Staffing Lens workspace, so it was left exactly as it is. Point "
                "STAFFING_LENS_DB at a workspace file, or at a new file name to start from the sample data.",
                "foreign",
            )


def _is_workspace(con: duckdb.DuckDBPyConnection) -> bool:
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


def _read_every_block(con: duckdb.DuckDBPyConnection) -> None:
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


class Workspace:
    """The DuckDB workspace: five core tables and the optional ones, derived weekly/monthly facts, a
    data version and the saved plan versions."""

    def __init__(
        self, path: Path | str, *, lock_down: bool = True, load_sample: bool = True, read_only: bool = False
    ):
        self.path = Path(path)
        self.read_only = read_only
        # Shown on every page when set (e.g. the data directory is read-only).
        self.warning: str | None = None
        # Set on a replica serving a published snapshot: why uploads are off and where data is loaded.
        self.uploads_off: str | None = None
        self.manifest: dict | None = None  # the published version's manifest (analytics.replica)
        self._write_lock = threading.Lock()
        self.last_rebuild: dict[str, str] = {}  # derived table → what the last write rebuilt (rebuild_derived)
        self._rebuilt_on = None  # the open transaction's cursor once rebuild_now ran in it
        self._local = threading.local()
        existed = self.path.exists()
        # Everyone's pay passes through files this process creates (the workspace's .wal, staged
        # uploads under UPLOAD_DIR): owner-only from the start, whatever the umask was.
        os.umask(os.umask(0o077) | 0o077)
        try:
            if str(path) != ":memory:" and not read_only:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            if existed and str(path) != ":memory:":
                _refuse_other_formats(self.path)
            # Extension auto-install and auto-load off before the file opens: DuckDB would
            # otherwise fetch an extension from the network to read a SQLite file given as
            # the workspace. The rest of the lock-down follows once the schema exists.
            self.con = duckdb.connect(str(path), read_only=read_only, config=dict(_OPEN_CONFIG))
        except (duckdb.Error, OSError) as exc:
            # A failed create (e.g. disk full) can leave an empty file behind: it holds no data,
            # and left there it would look like a damaged workspace on the next start.
            if not existed and self.path.is_file() and self.path.stat().st_size == 0:
                self.path.unlink()
            raise _friendly(exc, self.path) from exc
        try:
            if existed:
                _read_every_block(self.con)
            if existed and not _is_workspace(self.con):
                raise WorkspaceError(
                    f"{self.path} is a DuckDB database, but not a Staffing Lens workspace (it has tables of its own "
                    "and no Staffing Lens data version), so it was left exactly as it is. Point STAFFING_LENS_DB at a "
                    "workspace file, or at a new file name to start from the sample data.", "foreign",
                )
            if not read_only:
                self._create_schema()
            if load_sample and not read_only and self.is_empty():
                self.load_csv_dir(SAMPLE_DIR)
            elif not read_only and not self.is_empty() and _derived_missing(self.con):
                with self.transaction():  # a workspace from an older version: same data, today's facts
                    pass
            if lock_down:
                self._lock_down()
        except duckdb.Error as exc:
            self.con.close()
            raise _friendly(exc, self.path) from exc
        except Exception:
            self.con.close()
            raise
        if not read_only and self.path.is_file():
            try:  # everyone's pay is in here: owner-only
                os.chmod(self.path, 0o600)
            except OSError:
                pass

    # -- set-up -------------------------------------------------------------------------
    def _create_schema(self) -> None:
        for t in schema.TABLES.values():
            self.con.execute(t.ddl())
        self.con.execute(
            f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key VARCHAR PRIMARY KEY, value VARCHAR)"
        )
        self.con.execute(
            f"INSERT INTO {META_TABLE} VALUES ('data_version', '0') ON CONFLICT DO NOTHING"
        )
        self.con.execute(f"CREATE SCHEMA IF NOT EXISTS {ADHOC_SCHEMA}")
        self.con.execute(load_sql("create_plan_versions"))

    def _lock_down(self, read_also: list[str] | None = None) -> None:
        """DuckDB's documented order: extensions off, allowed directories, no external access,
        limits, then lock the configuration so no later statement can undo it. `read_also`: more
        folders it may read (a replica's snapshot version)."""
        _owner_only_dir(UPLOAD_DIR)
        sweep_staging()  # what a crash left: a killed load leaves a whole roster behind
        c = self.con
        c.execute("SET autoinstall_known_extensions = false")
        c.execute("SET autoload_known_extensions = false")
        c.execute("SET allowed_directories = $dirs", {"dirs": [str(SAMPLE_DIR), str(UPLOAD_DIR), *(read_also or [])]})
        c.execute("SET enable_external_access = false")
        c.execute("SET memory_limit = '6GB'")
        c.execute("SET threads = 2")
        c.execute("SET lock_configuration = true")

    def close(self) -> None:
        self.con.close()

    # -- reading ------------------------------------------------------------------------
    @contextlib.contextmanager
    def snapshot(self):
        """Within this block, every query on this thread reads one consistent snapshot of the
        data (a read transaction), so a page run never mixes data from before and after a load
        that commits meanwhile. The app wraps each script run in one."""
        if getattr(self._local, "cursor", None) is not None:  # already inside one
            yield
            return
        cur = self.con.cursor()
        cur.execute("BEGIN TRANSACTION")
        self._local.cursor = cur
        self._local.version = None
        try:
            yield
        finally:
            self._local.cursor = None
            self._local.version = None
            try:
                cur.execute("ROLLBACK")
            finally:
                cur.close()

    def sql(self, text: str, params: dict | list | None = None) -> pd.DataFrame:
        """Run one statement and return the whole result: on this thread's snapshot if one is
        open, else on a cursor of its own."""
        if isinstance(params, dict):
            # Bind only the parameters the statement names: callers pass the whole filter set.
            used = set(re.findall(r"\$([A-Za-z_]\w*)", text))
            params = {k: v for k, v in params.items() if k in used}
        shared = getattr(self._local, "cursor", None)
        cur = shared or self.con.cursor()
        try:
            return cur.execute(text, params).df() if params else cur.execute(text).df()
        finally:
            if shared is None:
                cur.close()

    def query(self, name: str, params: dict | None = None) -> pd.DataFrame:
        """Run the named query from analytics/sql/ with bound parameters."""
        return self.sql(load_sql(name), params)

    def is_empty(self) -> bool:
        return int(self.sql("SELECT count(*) AS n FROM workers")["n"].iloc[0]) == 0

    def data_version(self) -> int:
        """The data version this thread reads. Inside a snapshot it cannot change, so it is read once
        per snapshot (every cached call of a page run asks for it)."""
        inside = getattr(self._local, "cursor", None) is not None
        if inside and getattr(self._local, "version", None) is not None:
            return self._local.version
        v = self.sql(f"SELECT value FROM {META_TABLE} WHERE key = 'data_version'")
        version = int(v["value"].iloc[0]) if len(v) else 0
        if inside:
            self._local.version = version
        return version

    def adhoc_tables(self) -> list[str]:
        """Names of the ad-hoc tables analysts uploaded (schema `adhoc`), sorted."""
        df = self.sql(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = $s AND database_name = current_database() "
            "ORDER BY table_name",
            {"s": ADHOC_SCHEMA},
        )
        return df["table_name"].tolist()

    def has_table(self, name: str) -> bool:
        """Whether the main schema holds `name` (a table or view): an optional table is missing from a
        workspace an older version wrote and that is opened read-only (nothing creates it then)."""
        found = self.sql(
            "SELECT count(*) AS n FROM (SELECT table_name AS t FROM duckdb_tables() WHERE schema_name = 'main' "
            "AND database_name = current_database() UNION ALL SELECT view_name FROM duckdb_views() "
            "WHERE schema_name = 'main' AND database_name = current_database()) WHERE t = $name",
            {"name": name},
        )
        return bool(found["n"].iloc[0])

    def _tables_present(self) -> list[str]:
        return [t for t in schema.LOAD_ORDER if t in schema.CORE_TABLES or self.has_table(t)]

    def row_counts(self) -> dict[str, int]:
        """Rows per workspace table (an optional table the file lacks counts 0)."""
        present = self._tables_present()
        return {
            t: int(self.sql(f"SELECT count(*) AS n FROM {t}")["n"].iloc[0]) if t in present else 0
            for t in schema.LOAD_ORDER
        }

    # -- writing ------------------------------------------------------------------------
    def transaction(self):
        """Context manager: a cursor inside BEGIN … COMMIT (ROLLBACK on any error).

        Writes are serialised by a lock; derived facts are rebuilt and the data version bumped
        in the same transaction, so readers see old data or new data, never a mix."""
        ws = self

        class _Tx:
            def __enter__(self):
                ws._write_lock.acquire()
                self.cur = ws.con.cursor()
                self.cur.execute("BEGIN TRANSACTION")
                return self.cur

            def __exit__(self, exc_type, exc, tb):
                try:
                    if exc_type is None:
                        if ws._rebuilt_on is not self.cur:
                            ws.last_rebuild = rebuild_derived(self.cur)
                        self.cur.execute(
                            f"UPDATE {META_TABLE} SET value = CAST(CAST(value AS INTEGER) + 1 AS VARCHAR) "
                            "WHERE key = 'data_version'"
                        )
                        self.cur.execute("COMMIT")
                    else:
                        self.cur.execute("ROLLBACK")
                finally:
                    ws._rebuilt_on = None
                    self.cur.close()
                    ws._write_lock.release()
                return False

        return _Tx()

    def rebuild_now(self, cur: duckdb.DuckDBPyConnection) -> None:
        """Rebuild the derived tables now, in the transaction of `cur` (from `transaction()`), so they can
        be read before it commits (an upload's warnings); the commit then rebuilds nothing more, so no
        data may be written after this in that transaction."""
        self.last_rebuild = rebuild_derived(cur)
        self._rebuilt_on = cur

    @contextlib.contextmanager
    def settings_transaction(self):
        """A cursor inside BEGIN … COMMIT for the workspace's own settings (saved upload mappings):
        serialised with loads, but no derived rebuild and no new data version (the data is unchanged)."""
        with self._write_lock:
            cur = self.con.cursor()
            try:
                cur.execute("BEGIN TRANSACTION")
                yield cur
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            finally:
                cur.close()

    def load_csv_dir(self, folder: Path | str) -> dict[str, int]:
        """Replace all the tables with the CSVs in `folder` (trusted files: the sample or a
        benchmark set); the five core files must be there, an optional table without a file is emptied. User uploads go through analytics.upload, which validates first."""
        folder = Path(folder)
        missing = [t for t in schema.CORE_TABLES if not (folder / f"{t}.csv").is_file()]
        if missing:
            raise WorkspaceError(f"{folder} lacks {', '.join(m + '.csv' for m in missing)}")
        with self.transaction() as cur:
            for name in reversed(schema.LOAD_ORDER):
                cur.execute(f"DELETE FROM {name}")
            for name in schema.LOAD_ORDER:
                if not (folder / f"{name}.csv").is_file():
                    continue  # an optional table the folder does not hold stays empty
                t = schema.TABLES[name]
                types = {c.name: c.type for c in t.columns}
                cur.execute(
                    f"INSERT INTO {name} ({', '.join(t.column_names)}) "
                    f"SELECT {', '.join(t.column_names)} FROM read_csv($path, header = true, "
                    "columns = $types, dateformat = '%Y-%m-%d')",
                    {"path": str(folder / f"{name}.csv"), "types": types},
                )
        return self.row_counts()

    def reset_to_sample(self) -> dict[str, int]:
        """Replace the workspace tables with the bundled sample data in one transaction (ad-hoc
        tables are kept). Returns the new row counts, read outside any open snapshot."""
        self.load_csv_dir(SAMPLE_DIR)
        return self.committed_row_counts()

    def committed_row_counts(self) -> dict[str, int]:
        """Row counts of the latest committed data, even inside a page's read snapshot (which
        still sees the data as it was when the page run began)."""
        present = self._tables_present()
        cur = self.con.cursor()
        try:
            return {t: int(cur.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]) if t in present else 0
                    for t in schema.LOAD_ORDER}
        finally:
            cur.close()

    def committed_data_version(self) -> int:
        """The data version as last committed (see committed_row_counts)."""
        cur = self.con.cursor()
        try:
            row = cur.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'data_version'").fetchall()
            return int(row[0][0]) if row else 0
        finally:
            cur.close()


# built from the loaded tables, in this order, by analytics/sql/build_<name>.sql
DERIVED_TABLES = (
    "horizon", "worker_weeks", "worker_months", "engagement_hours", "engagement_facts", "group_weeks", "group_months",
    # the facts the pages read instead of timesheets and person-weeks at ~100M rows (bench/RESULTS.md)
    "people_months", "booked_weeks", "worker_month_runs", "logged_week_runs", "engagement_week_runs",
    "engagement_recent_hours",
    # the standing data-quality checks (analytics.ingest.quality), worked out at load, not per page view
    "quality_over_capacity", "quality_outside_employment", "quality_outside_engagement", "quality_orphans",
)
# How a derived table can be rebuilt when a load changed only some weeks of the weekly tables
# (timesheets, time_off): the column holding each row's week ("week") or month ("month"). Such a
# table promises that its rows of week (month) p depend only on the weekly tables' rows of the weeks
# in p, on the other core tables and on whether p lies inside the horizon; its rows of the affected
# weeks (months) are then deleted and re-inserted from its own build_<name>.sql, filtered to them.
# A table not named here (the default) is rebuilt in full on every load.
PARTIAL_REBUILD: dict[str, tuple[str, str]] = {
    "worker_weeks": ("week_start", "week"),
    "worker_months": ("month", "month"),
    "group_weeks": ("week_start", "week"),
    "group_months": ("month", "month"),
    "people_months": ("month", "month"),
    "booked_weeks": ("week_start", "week"),
    "quality_over_capacity": ("week_start", "week"),
    "quality_outside_employment": ("week_start", "week"),
    "quality_outside_engagement": ("week_start", "week"),
    "quality_orphans": ("week_start", "week"),  # its reviews' rows have no week: no weekly table feeds them
}


class Runs(NamedTuple):
    """A derived table of runs: per `key`, the maximal runs `first` … `last` of consecutive weeks
    (months, by `grain`) in which a condition holds that depends only on that week's (month's) rows
    of `source` (a weekly table, or a derived table rebuilt before it) and on unchanged tables."""

    key: tuple[str, ...]
    first: str
    last: str
    grain: str
    source: str
    column: str  # the source's week (month) column


# Tables of runs rebuilt partially: only the runs touching the changed weeks (months) are replaced,
# by their parts outside those weeks merged with the runs the build file finds in those weeks alone
# (its source narrowed to them), so a refresh reads a month of timesheets, not every one.
RUNS_REBUILD: dict[str, Runs] = {
    "logged_week_runs": Runs(("worker_id",), "first_week", "last_week", "week", "timesheets", "week_start"),
    "engagement_week_runs": Runs(("worker_id", "engagement_id"), "first_week", "last_week", "week", "timesheets", "week_start"),
    "worker_month_runs": Runs(("worker_id",), "first_month", "last_month", "month", "worker_months", "month"),
}
WEEKLY_TABLES = ("timesheets", "time_off")
# Where a transaction notes the weeks it changed (mark_weeks_changed); a NULL week means everything.
CHANGED_WEEKS = "_changed_weeks"
NO_WEEKS = "SELECT CAST(NULL AS DATE) LIMIT 0"  # for mark_weeks_changed: no core row changed
MAX_RANGES = 8  # more separate runs of weeks than this are rebuilt as one range


def derived_select(table: str) -> str:
    """The SELECT that builds a derived table: its build_<table>.sql without comment lines and without
    the `CREATE OR REPLACE TABLE … AS` (also what analytics.snapshot transpiles to Spark)."""
    text = "\n".join(line for line in load_sql(f"build_{table}").splitlines() if not line.strip().startswith("--"))
    return re.sub(r"^\s*CREATE\s+OR\s+REPLACE\s+TABLE\s+\w+\s+AS\s*", "", text, count=1, flags=re.I)


def mark_weeks_changed(cur: duckdb.DuckDBPyConnection, weeks_sql: str | None) -> None:
    """Note, in the caller's transaction, that the only core rows it changes are those of the weeks
    `weeks_sql` yields (one DATE column) in WEEKLY_TABLES; None: anything may have changed. The rebuild at commit then touches only those weeks' derived rows (PARTIAL_REBUILD). A
    transaction that marks nothing rebuilds everything."""
    cur.execute(f"CREATE TEMP TABLE IF NOT EXISTS {CHANGED_WEEKS} (week_start DATE)")
    if weeks_sql is None:
        cur.execute(f"INSERT INTO {CHANGED_WEEKS} VALUES (NULL)")
    else:
        cur.execute(f"INSERT INTO {CHANGED_WEEKS} SELECT DISTINCT * FROM ({weeks_sql})")


def _marked_weeks(cur: duckdb.DuckDBPyConnection) -> list | None:
    """The weeks the transaction marked, sorted; None when it marked nothing or everything."""
    marked = cur.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = $t", {"t": CHANGED_WEEKS}
    ).fetchall()[0][0]
    if not marked:
        return None
    rows = [r[0] for r in cur.execute(f"SELECT DISTINCT week_start FROM {CHANGED_WEEKS} ORDER BY 1 NULLS FIRST").fetchall()]
    cur.execute(f"DROP TABLE {CHANGED_WEEKS}")
    return None if rows and rows[0] is None else rows


def _index(d: dt.date, grain: str) -> int:
    """Weeks and months numbered consecutively (a week by its Monday: day 1 of the calendar was one)."""
    return (d.toordinal() - 1) // 7 if grain == "week" else d.year * 12 + d.month - 1


def _period(i: int, grain: str) -> dt.date:
    return dt.date.fromordinal(i * 7 + 1) if grain == "week" else dt.date(i // 12, i % 12 + 1, 1)


def _ranges(spans: list[tuple[dt.date, dt.date]], grain: str) -> list[tuple[dt.date, dt.date]]:
    """Spans of weeks (months), first and last included, merged where they overlap or touch; at most
    MAX_RANGES runs (else one run covering them all)."""
    runs: list[list[int]] = []
    for lo, hi in sorted((_index(a, grain), _index(b, grain)) for a, b in spans):
        if runs and lo <= runs[-1][1] + 1:
            runs[-1][1] = max(runs[-1][1], hi)
        else:
            runs.append([lo, hi])
    if len(runs) > MAX_RANGES:
        runs = [[runs[0][0], runs[-1][1]]]
    return [(_period(lo, grain), _period(hi, grain)) for lo, hi in runs]


def _affected(cur: duckdb.DuckDBPyConnection, weeks: list, before: tuple) -> dict[str, list] | None:
    """The runs of weeks and of months to rebuild, from the weeks changed and the horizon before the
    load (the horizon table already rebuilt): the periods between an old and a new bound of the
    horizon are affected too. None when the data was or becomes empty, or holds dates Python cannot
    (everything is rebuilt)."""
    after = cur.execute("SELECT first_day, last_day, first_week, last_week FROM horizon").fetchall()[0]
    if not all(isinstance(d, dt.date) for d in (*before, *after, *weeks)):
        return None
    week_spans = [(w, w) for w in weeks]
    # a week counts in the months of its first and of its last day
    month_spans = [(w, w + dt.timedelta(days=6)) for w in weeks]
    for i, spans in ((2, week_spans), (3, week_spans), (0, month_spans), (1, month_spans)):
        if before[i] != after[i]:
            spans.append((min(before[i], after[i]), max(before[i], after[i])))
    return {"week": _ranges(week_spans, "week"), "month": _ranges(month_spans, "month")}


def _step(d: dt.date, grain: str, n: int) -> dt.date:
    return d + dt.timedelta(days=7 * n) if grain == "week" else _period(_index(d, grain) + n, grain)


def _rebuild_runs(cur: duckdb.DuckDBPyConnection, table: str, r: Runs, lo: dt.date, hi: dt.date) -> None:
    """Replace the runs of `table` touching lo … hi (a changed span of weeks or months): their parts
    before and after the span still hold; inside it the runs are what the build file finds when its
    source holds only the span's rows; touching pieces are merged into runs again."""
    key = ", ".join(r.key)
    args = {"lo": lo, "hi": hi, "before": _step(lo, r.grain, -1), "after": _step(hi, r.grain, 1)}
    touching = f"{r.last} >= $before AND {r.first} <= $after"
    edges = {"before": args["before"], "after": args["after"]}
    cur.execute(f"CREATE OR REPLACE TEMP TABLE _old_runs AS SELECT * FROM {table} WHERE {touching}", edges)
    cur.execute(f"DELETE FROM {table} WHERE {touching}", edges)
    narrowed = f"{r.source} AS (SELECT * FROM main.{r.source} WHERE {r.column} BETWEEN $lo AND $hi)"
    inside = derived_select(table).strip()
    inside = re.sub(r"^WITH\s", f"WITH {narrowed},\n", inside, count=1, flags=re.I) if re.match(r"WITH\s", inside, re.I) \
        else f"WITH {narrowed}\n{inside}"
    nxt = "+ 7" if r.grain == "week" else "+ INTERVAL 1 MONTH"
    cur.execute(
        f"INSERT INTO {table} BY NAME WITH pieces AS ("
        f"SELECT {key}, {r.first}, least({r.last}, $before) AS {r.last} FROM _old_runs WHERE {r.first} <= $before "
        f"UNION ALL SELECT {key}, greatest({r.first}, $after) AS {r.first}, {r.last} FROM _old_runs WHERE {r.last} >= $after "
        f"UNION ALL SELECT {key}, {r.first}, {r.last} FROM (\n{inside}\n) AS b), "
        f"flagged AS (SELECT *, CASE WHEN {r.first} <= max({r.last}) OVER (PARTITION BY {key} ORDER BY {r.first}, {r.last} "
        f"ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) {nxt} THEN 0 ELSE 1 END AS _starts FROM pieces), "
        f"numbered AS (SELECT *, sum(_starts) OVER (PARTITION BY {key} ORDER BY {r.first}, {r.last} "
        f"ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS _run FROM flagged) "
        f"SELECT {key}, min({r.first}) AS {r.first}, max({r.last}) AS {r.last} FROM numbered GROUP BY {key}, _run",
        args,
    )
    cur.execute("DROP TABLE _old_runs")


def rebuild_derived(cur: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Pre-aggregate weekly and monthly facts per person (see the .sql files for the rules), and
    those facts per group of the global filters (week or month × type × department × role …), so
    group figures at ~10M timesheet rows read thousands of rows, not millions (bench/RESULTS.md).

    When the transaction marked the weeks it changed (mark_weeks_changed) and the derived tables were
    built by today's rules, the tables of PARTIAL_REBUILD get only those weeks' (months') rows
    deleted and re-inserted, those of RUNS_REBUILD only the runs touching them; the others are
    rebuilt in full. Returns table → what was rebuilt."""
    weeks = _marked_weeks(cur)
    before = None
    if weeks is not None and DERIVED_TABLES[0] == "horizon" and not _derived_missing(cur):
        before = cur.execute("SELECT first_day, last_day, first_week, last_week FROM horizon").fetchall()[0]
    runs = None
    done: dict[str, str] = {}
    for table in DERIVED_TABLES:
        if table in PARTIAL_REBUILD and runs is not None:
            column, grain = PARTIAL_REBUILD[table]
            for lo, hi in runs[grain]:
                cur.execute(f"DELETE FROM {table} WHERE {column} BETWEEN $lo AND $hi", {"lo": lo, "hi": hi})
                # the file's SELECT filtered by constants: DuckDB pushes them into its scans
                cur.execute(f"INSERT INTO {table} BY NAME SELECT * FROM (\n{derived_select(table)}\n) AS b "
                            f"WHERE {column} BETWEEN $lo AND $hi", {"lo": lo, "hi": hi})
            done[table] = ", ".join(f"{lo}…{hi}" for lo, hi in runs[grain]) or "none"
        elif table in RUNS_REBUILD and runs is not None:
            spans = runs[RUNS_REBUILD[table].grain]
            for lo, hi in spans:
                _rebuild_runs(cur, table, RUNS_REBUILD[table], lo, hi)
            done[table] = ", ".join(f"{lo}…{hi}" for lo, hi in spans) or "none"
        else:
            cur.execute(load_sql(f"build_{table}"))
            done[table] = "all"
        if table == "horizon" and before is not None:
            runs = _affected(cur, weeks, before)
    cur.execute(
        f"INSERT OR REPLACE INTO {META_TABLE} VALUES ('derived_rules', $v)", {"v": derived_rules_version()}
    )
    return done


def derived_rules_version() -> str:
    """A fingerprint of the build_*.sql files: a workspace whose derived tables were built by other
    rules (an older version of the app) is rebuilt on open, so no page shows figures by old rules."""
    h = hashlib.sha256()
    for table in DERIVED_TABLES:
        h.update(load_sql(f"build_{table}").encode())
    return h.hexdigest()[:16]


def _derived_missing(con: duckdb.DuckDBPyConnection) -> bool:
    """True when a workspace written by an older version lacks one of today's derived tables, or
    built them by other rules."""
    have = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()}
    if not set(DERIVED_TABLES) <= have:
        return True
    row = con.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'derived_rules'").fetchall()
    return not row or row[0][0] != derived_rules_version()


def open_workspace(path: Path | str | None = None, *, lock_down: bool = True) -> Workspace:
    """Open (creating and seeding on first start) the workspace at `path` or the default.

    If the file or its folder cannot be written (read-only or full disk), keep serving: open the
    existing file read-only, or, with no file yet, the sample in memory; `warning` says so."""
    path = Path(path or workspace_path())
    try:
        return Workspace(path, lock_down=lock_down)
    except WorkspaceError as exc:
        if exc.kind != "permission":
            raise
        if path.is_file():
            ws = Workspace(path, lock_down=lock_down, read_only=True)
            ws.warning = f"{exc} Showing the data it holds read-only: uploads are disabled until it is writable."
        else:
            ws = Workspace(":memory:", lock_down=lock_down)
            ws.path = path
            ws.warning = (
                f"{exc} Showing the bundled sample data from memory: uploads will not be saved "
                "until the folder is writable."
            )
        return ws


def move_aside(path: Path | str) -> Path:
    """Rename a damaged workspace file (and its WAL) to `<name>.corrupt-<UTC time>`; never delete."""
    import datetime as _dt

    path = Path(path)
    stamp = _dt.datetime.now(_dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    path.rename(target)
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        wal.rename(target.with_name(target.name + ".wal"))
    return target
