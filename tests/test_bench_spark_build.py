"""The 100M-row point's Spark build on its own (bench/spark_build.py): the Parquet lake folder it builds
from holds the snapshot's core tables and is read as they are; a build in progress reports the tables
it has written; bench.scale words each outcome (finished, stopped at the limit, failed)."""

import duckdb

from analytics.store import snapshot
from bench.scale import spark_row
from bench.spark_build import parquet_source, written
from tests import tiny


def test_the_lake_folder_is_the_snapshots_core_tables(tmp_path):
    ws = tiny.build_workspace(tmp_path)
    ws.close()
    version = snapshot.build(tmp_path / "csv", tmp_path / "snap")
    lake = parquet_source(version, tmp_path / "lake")
    assert {p.name for p in lake.iterdir()} >= {f"{t}.parquet" for t in snapshot.schema.CORE_TABLES}
    # what a build from the lake reads: the same 4 workers and their timesheets (tests/tiny.py)
    path, kind = snapshot.source_file(lake, "workers")
    assert kind == "parquet"
    assert duckdb.connect().execute(f"SELECT count(*) FROM read_parquet('{path}/*.parquet')").fetchall() == [(4,)]


def test_a_build_in_progress_lists_the_tables_it_finished(tmp_path):
    tables = tmp_path / "versions" / ".20261202T-spark-abc.partial" / "tables"
    for name, finished in (("workers", True), ("timesheets", True), ("worker_weeks", False)):
        (tables / name).mkdir(parents=True)
        if finished:
            (tables / name / "_SUCCESS").touch()
    assert written(tmp_path) == ["timesheets", "workers"]


def test_each_outcome_is_worded_for_the_results():
    base = {"source": "the core tables as Parquet (v1)", "master": "local[2]", "driver_memory": "10g",
            "shuffle_partitions": 16, "date": "2026-12-02 04:40 UTC", "load_start": 3.0, "load_end": 4.0,
            "limit_minutes": 45}
    assert "| 1234 s |" in spark_row({**base, "seconds": 1234.4})
    stopped = spark_row({**base, "stopped_after_minutes": 45.2, "tables_written": ["horizon", "workers"]})
    assert "stopped at its 45-minute limit, having written horizon, workers" in stopped
    assert "failed: Java heap space" in spark_row({**base, "error": "Java heap space"})
