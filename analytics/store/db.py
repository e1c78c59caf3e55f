"""Opening, locking down and sharing the embedded DuckDB workspace.

One `Workspace` per process (the Streamlit app holds it in `st.cache_resource`); every query
runs on its own short-lived cursor and is read fully into pandas before the cursor closes.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from pathlib import Path

import duckdb
import pandas as pd

from analytics.store import schema
from analytics.store.derived import META_TABLE, derived_missing, rebuild_derived
from analytics.store.errors import WorkspaceError
from analytics.store.files import OPEN_CONFIG, friendly_error, is_workspace, read_every_block, refuse_other_formats
from analytics.store.source_columns import MissingColumns, add_missing_columns, insert_csv
from analytics.store.sql_files import load_sql
from analytics.store.staging import UPLOAD_DIR, owner_only_dir, sweep_staging

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB = ROOT / "data" / "workspace.duckdb"
SAMPLE_DIR = ROOT / "data" / "sample"
# Free-form tables analysts upload for exploration live in their own schema, apart from the five.
ADHOC_SCHEMA = "adhoc"


def workspace_path() -> Path:
    """The workspace file: `STAFFING_LENS_DB` if set, else data/workspace.duckdb."""
    return Path(os.environ.get("STAFFING_LENS_DB") or DEFAULT_DB).expanduser().resolve()


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
        self.manifest: dict | None = None  # the published version's manifest (analytics.store.replica)
        self._write_lock = threading.Lock()
        self.last_rebuild: dict[str, str] = {}
        self.migrated: list[str] = []  # "table.column" added on open to a workspace from before it existed  # derived table → what the last write rebuilt (rebuild_derived)
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
                refuse_other_formats(self.path)
            # Extension auto-install and auto-load off before the file opens: DuckDB would
            # otherwise fetch an extension from the network to read a SQLite file given as
            # the workspace. The rest of the lock-down follows once the schema exists.
            self.con = duckdb.connect(str(path), read_only=read_only, config=dict(OPEN_CONFIG))
        except (duckdb.Error, OSError) as exc:
            # A failed create (e.g. disk full) can leave an empty file behind: it holds no data,
            # and left there it would look like a damaged workspace on the next start.
            if not existed and self.path.is_file() and self.path.stat().st_size == 0:
                self.path.unlink()
            raise friendly_error(exc, self.path) from exc
        try:
            if existed:
                read_every_block(self.con)
            if existed and not is_workspace(self.con):
                raise WorkspaceError(
                    f"{self.path} is a DuckDB database, but not a Staffing Lens workspace (it has tables of its own "
                    "and no Staffing Lens data version), so it was left exactly as it is. Point STAFFING_LENS_DB at a "
                    "workspace file, or at a new file name to start from the sample data.", "foreign",
                )
            if not read_only:
                self._create_schema()
            if load_sample and not read_only and self.is_empty():
                self.load_csv_dir(SAMPLE_DIR)
            elif not read_only and not self.is_empty() and derived_missing(self.con):
                with self.transaction():  # a workspace from an older version: same data, today's facts
                    pass
            if lock_down:
                self._lock_down()
        except duckdb.Error as exc:
            self.con.close()
            raise friendly_error(exc, self.path) from exc
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
        # a workspace written before a column existed gains it, with its default
        self.migrated = add_missing_columns(self.con)
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
        owner_only_dir(UPLOAD_DIR)
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
        benchmark set); the five core files must be there, an optional table without a file is emptied. User uploads go through analytics.ingest.upload, which validates first."""
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
                try:  # by its header: a file from before a column existed lacks it
                    insert_csv(cur, schema.TABLES[name], folder / f"{name}.csv")
                except MissingColumns as exc:
                    raise WorkspaceError(f"{folder / (name + '.csv')}: {exc}") from exc
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
