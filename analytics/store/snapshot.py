"""Snapshots: every core and derived table of a workspace as Parquet plus a manifest, built by DuckDB
or by Spark from the same SQL files (analytics/sql/build_*.sql, transpiled to Spark SQL by SQLGlot),
and published atomically, so a reader never sees half a snapshot.

A snapshot folder (what `--out` names) holds published versions and a pointer to the current one:

    OUT/CURRENT                       the current version's name (replaced atomically)
    OUT/versions/<version>/manifest.json
    OUT/versions/<version>/tables/<table>/*.parquet

A version is written under a temporary name and renamed into place when complete; then CURRENT is
replaced in one `os.replace`. Older versions stay, so a reader that resolved CURRENT a moment ago
still reads whole data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from analytics.store import schema
from analytics.store.derived import (
    DERIVED_TABLES,
    META_TABLE,
    derived_missing,
    derived_rules_version,
    derived_select,
    rebuild_derived,
)
from analytics.store.source_columns import (
    MissingColumns,
    csv_header,
    csv_types,
    insert_csv,
    insert_from,
    missing_columns,
    select_list,
)

CORE_TABLES = schema.LOAD_ORDER  # every loaded table a snapshot carries, the optional ones (demand) included
TABLES = (*CORE_TABLES, *DERIVED_TABLES)
ENGINES = ("duckdb", "spark")
MANIFEST = "manifest.json"
CURRENT = "CURRENT"
_SPARK_TYPES = {"VARCHAR": "STRING", "DATE": "DATE", "DOUBLE": "DOUBLE", "BOOLEAN": "BOOLEAN", "INTEGER": "INT"}


class SnapshotError(Exception):
    """A snapshot cannot be built, published or read; the message says what and where."""


# -- the SQL both engines run ------------------------------------------------------------------
def select_of(table: str) -> str:
    """The SELECT that builds a derived table (analytics.store.derived.derived_select: the build_<table>.sql the
    workspace runs, without the `CREATE OR REPLACE TABLE … AS` only DuckDB's workspace needs)."""
    return derived_select(table)


def spark_sql(table: str) -> str:
    """The derived table's SELECT in Spark SQL, transpiled from DuckDB's dialect with SQLGlot."""
    import sqlglot

    return sqlglot.transpile(select_of(table), read="duckdb", write="spark")[0]


# -- sources -----------------------------------------------------------------------------------
def source_file(source: Path, table: str) -> tuple[Path, str]:
    """The file holding `table` in a source folder: <table>.parquet (file or folder) or <table>.csv;
    (None, "empty") for an optional table the folder does not hold (the snapshot carries it empty)."""
    for name, kind in ((f"{table}.parquet", "parquet"), (f"{table}.csv", "csv")):
        p = source / name
        if p.exists():
            return p, kind
    if table in schema.OPTIONAL_TABLES:
        return None, "empty"
    raise SnapshotError(f"{source} has no {table}.csv or {table}.parquet")


def source_fingerprint(source: Path) -> str:
    """A short hash of the source files' names, sizes and modification times (the manifest's
    data version for a build from a folder)."""
    h = hashlib.sha256()
    for t in CORE_TABLES:
        p, kind = source_file(source, t)
        if kind == "empty":
            continue
        for f in sorted([p] if p.is_file() else p.rglob("*")):
            if f.is_file():
                st = f.stat()
                h.update(f"{f.name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:16]


# -- engines -----------------------------------------------------------------------------------
def _duckdb_from(con: duckdb.DuckDBPyConnection, target: Path) -> dict[str, int]:
    """Write every table of `con` as tables/<table>/data.parquet under `target`; row counts."""
    counts = {}
    for t in TABLES:
        folder = target / "tables" / t
        folder.mkdir(parents=True)
        con.execute(f"COPY {t} TO '{folder / 'data.parquet'}' (FORMAT parquet)")
        counts[t] = int(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
    return counts


def build_duckdb(source: Path, target: Path, reporting_currency: str = "USD") -> dict[str, int]:
    """Load the core tables from `source` into an in-memory DuckDB, build the derived tables with the
    workspace's own SQL (amounts converted into `reporting_currency`), and write them all to `target`."""
    con = duckdb.connect()
    try:
        for t in schema.TABLES.values():
            con.execute(t.ddl())
        con.execute(f"CREATE TABLE {META_TABLE} (key VARCHAR PRIMARY KEY, value VARCHAR)")
        con.execute(f"INSERT INTO {META_TABLE} VALUES ('reporting_currency', $c)", {"c": reporting_currency})
        for name in CORE_TABLES:
            t = schema.TABLES[name]
            path, kind = source_file(source, name)
            if kind == "empty":
                continue
            try:  # by the file's column names: a file from before a column existed lacks it
                if kind == "csv":
                    insert_csv(con, t, path)
                else:
                    glob = str(path / "*.parquet") if path.is_dir() else str(path)
                    insert_from(con, t, "read_parquet($p)", {"p": glob})
            except MissingColumns as exc:
                raise SnapshotError(f"{path}: {exc}") from exc
        rebuild_derived(con)
        return _duckdb_from(con, target)
    except duckdb.Error as exc:
        raise SnapshotError(f"building from {source} failed: {exc}") from exc
    finally:
        con.close()


def spark_session(app_name: str = "staffing-lens-build"):
    """A Spark session: the cluster's under spark-submit, local otherwise (STAFFING_LENS_SPARK_MASTER
    overrides, e.g. local[2]); quiet, UTC."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    if os.environ.get("STAFFING_LENS_SPARK_MASTER"):  # else spark-submit's master, or local[*]
        builder = builder.master(os.environ["STAFFING_LENS_SPARK_MASTER"])
    if os.environ.get("STAFFING_LENS_SPARK_DRIVER_MEMORY"):  # local mode: the driver does the work (e.g. 12g)
        builder = builder.config("spark.driver.memory", os.environ["STAFFING_LENS_SPARK_DRIVER_MEMORY"])
    spark = (
        builder.config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _uri(path: Path) -> str:
    """A file:// URI: on a cluster whose default filesystem is HDFS, the snapshot still goes to the shared
    folder mounted at the same path on the driver, the executors and the replicas."""
    return Path(path).resolve().as_uri()


def build_spark(source: Path, target: Path, spark=None, reporting_currency: str = "USD") -> dict[str, int]:
    """The same build on Spark: core tables read with the schema's types, each derived table from its
    build_*.sql transpiled to Spark SQL, everything written as Parquet to `target`; amounts converted
    into `reporting_currency` (fx_rates)."""
    own = spark is None
    spark = spark or spark_session()
    try:
        frames = {}
        for name in CORE_TABLES:
            t = schema.TABLES[name]
            path, kind = source_file(source, name)
            if kind == "empty":
                ddl = ", ".join(f"{c.name} {_SPARK_TYPES[c.type]}" for c in t.columns)
                df = spark.createDataFrame([], ddl)
            else:
                if kind == "csv":  # read by the header's names, typed as the schema says
                    header = csv_types(t, csv_header(path))
                    ddl = ", ".join(f"`{h}` {_SPARK_TYPES[ty]}" for h, ty in header.items())
                    df = spark.read.csv(_uri(path), header=True, schema=ddl, dateFormat="yyyy-MM-dd")
                else:
                    df = spark.read.parquet(_uri(path))
                try:
                    df = df.selectExpr(*select_list(t, df.columns, _SPARK_TYPES))
                except MissingColumns as exc:
                    raise SnapshotError(f"{path}: {exc}") from exc
            frames[name] = df
            df.createOrReplaceTempView(name)
        # the workspace's key/value facts the derived SQL reads: the reporting currency (build_reporting.sql)
        spark.createDataFrame([("reporting_currency", reporting_currency)], "key STRING, value STRING") \
            .createOrReplaceTempView(META_TABLE)
        for name in DERIVED_TABLES:
            df = spark.sql(spark_sql(name)).cache()
            frames[name] = df
            df.createOrReplaceTempView(name)
        counts = {}
        for name in TABLES:
            frames[name].coalesce(1).write.parquet(_uri(target / "tables" / name))
            counts[name] = int(spark.read.parquet(_uri(target / "tables" / name)).count())
        return counts
    except Exception as exc:  # Py4J / analysis errors: say which build failed
        if isinstance(exc, SnapshotError):
            raise
        raise SnapshotError(f"building from {source} on Spark failed: {str(exc).splitlines()[0][:500]}") from exc
    finally:
        if own:
            spark.stop()


# -- publishing --------------------------------------------------------------------------------
def _schema_of(version: Path) -> dict[str, list[list[str]]]:
    con = duckdb.connect()
    try:
        return {
            t: [[str(c), str(ty)] for c, ty in con.execute(
                "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet($p))",
                {"p": str(version / "tables" / t / "*.parquet")},
            ).fetchall()]
            for t in TABLES
        }
    finally:
        con.close()


def publish(out: Path, engine: str, write: Callable[[Path], dict[str, int]], data_version: str) -> Path:
    """Write a new version under `out` with `write(folder)`, add its manifest, and make it current
    atomically. Returns the published version's folder."""
    out = Path(out)
    versions = out / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC)
    name = f"{stamp:%Y%m%dT%H%M%S%fZ}-{engine}-{secrets.token_hex(3)}"
    tmp = versions / f".{name}.partial"
    t0 = time.perf_counter()
    try:
        counts = write(tmp)
        manifest = {
            "version": name,
            "data_version": data_version,
            "built_at": stamp.isoformat(timespec="seconds"),
            "build_seconds": round(time.perf_counter() - t0, 2),
            "engine": engine,
            "derived_rules": derived_rules_version(),
            "row_counts": counts,
            "schema": _schema_of(tmp),
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        final = versions / name
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    pointer = out / f".{CURRENT}.{secrets.token_hex(3)}"
    pointer.write_text(name + "\n", encoding="utf-8")
    os.replace(pointer, out / CURRENT)
    return final


def build(source: Path, out: Path, engine: str = "duckdb") -> Path:
    """Build a snapshot of the workspace tables held in `source` (CSV or Parquet) and publish it."""
    source = Path(source)
    if engine not in ENGINES:
        raise SnapshotError(f"unknown engine {engine!r}: choose {' or '.join(ENGINES)}")
    if not source.is_dir():
        raise SnapshotError(f"{source} is not a folder")
    fingerprint = source_fingerprint(source)
    write = build_duckdb if engine == "duckdb" else build_spark
    return publish(out, engine, lambda target: write(source, target), fingerprint)


def publish_workspace(db_path: Path, out: Path) -> Path:
    """Publish a snapshot of a workspace file as it is (no Spark): one writer instance and many
    read-only replicas. A file whose derived tables were built by older rules (the app rebuilds
    them when it opens it) is published with today's, built from its core tables; the file is
    only read."""
    db_path = Path(db_path)
    if not db_path.is_file():
        raise SnapshotError(f"{db_path} does not exist")
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error as exc:
        raise SnapshotError(f"cannot read {db_path}: {exc}") from exc
    try:
        row = con.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'data_version'").fetchone()
        version = f"workspace-{row[0] if row else 0}"
        have = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()}
        if not derived_missing(con) and set(TABLES) <= have and not missing_columns(con):
            return publish(out, "duckdb", lambda target: _duckdb_from(con, target), version)
    finally:
        con.close()
    fresh = duckdb.connect()
    try:
        fresh.execute("ATTACH $p AS src (READ_ONLY)", {"p": str(db_path)})
        for t in schema.TABLES.values():
            fresh.execute(t.ddl())
            if t.name in have:  # an optional table a workspace from before it existed lacks stays empty
                insert_from(fresh, t, f"src.{t.name}")  # by name: its columns may predate today's
        fresh.execute(f"CREATE TABLE {META_TABLE} (key VARCHAR PRIMARY KEY, value VARCHAR)")
        fresh.execute(f"INSERT INTO {META_TABLE} SELECT key, value FROM src.{META_TABLE}")
        fresh.execute("DETACH src")
        rebuild_derived(fresh)
        return publish(out, "duckdb", lambda target: _duckdb_from(fresh, target), version)
    finally:
        fresh.close()


def current_version(out: Path) -> Path:
    """The folder of the snapshot's current version."""
    out = Path(out)
    try:
        name = (out / CURRENT).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise SnapshotError(f"{out} holds no published snapshot (no {CURRENT} file)") from exc
    version = out / "versions" / name
    if not (version / MANIFEST).is_file():
        raise SnapshotError(f"{out}: the current version {name} has no manifest")
    return version


def manifest(version: Path) -> dict:
    return json.loads((Path(version) / MANIFEST).read_text(encoding="utf-8"))
