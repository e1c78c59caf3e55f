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


def test_the_section_is_rewritten_from_the_last_runs_figures_with_the_spark_build(tmp_path):
    import json

    from bench.scale import RESULTS_JSON, SPARK_BUILD, write_results

    figures = {"label": "500,000 workers × 4 years", "rows": {"timesheets": 91_181_793}, "date": "2026-12-02 05:00 UTC",
               "load": [2.0, 3.0], "generate_s": None, "csv_gb": 3.4, "duckdb_s": 480, "duckdb_snapshot_gb": 0.8,
               "spark_s": None, "spark_note": "run separately", "server_peak_mb": 5000, "warm_runs": [["Overview", 0.1]],
               "pages": [{"page": "overview", "analytics_cold": 0.8, "run_cold": 1.2, "run_warm": 0.1,
                          "queries": [["people_as_of", 0.3]]}]}
    (tmp_path / RESULTS_JSON).write_text(json.dumps(figures))
    (tmp_path / SPARK_BUILD).write_text(json.dumps({
        "source": "the core tables as Parquet (v1)", "master": "local[2]", "driver_memory": "10g",
        "shuffle_partitions": 16, "date": "2026-12-02 05:10 UTC", "load_start": 3.0, "load_end": 4.0,
        "limit_minutes": 30, "stopped_after_minutes": 30.4, "tables_written": ["workers"]}))
    out = tmp_path / "RESULTS.md"
    out.write_text("# Benchmark results\n", encoding="utf-8")
    write_results(tmp_path, out)
    text = out.read_text(encoding="utf-8")
    assert "| overview | 0.80 s | 1.20 s | 0.10 s | 0.10 s | people_as_of 0.30 |" in text
    assert "stopped at its 30-minute limit, having written workers" in text
    assert "slowest overview 0.80 s — met" in text


def test_a_finished_build_is_compared_with_the_duckdb_build_it_came_from(tmp_path):
    from bench.spark_build import compared

    ws = tiny.build_workspace(tmp_path)
    ws.close()
    a = snapshot.build(tmp_path / "csv", tmp_path / "a")
    b = snapshot.build(tmp_path / "csv", tmp_path / "b")
    c = compared(a, b)
    tables = len(snapshot.manifest(a)["row_counts"])
    assert c["row_counts_differ"] == {} and c["tables"] == tables > 20 and c["snapshot_gb"] >= 0
    base = {"source": "the core tables as Parquet (v1)", "master": "local[2]", "driver_memory": "10g",
            "shuffle_partitions": 16, "date": "2026-12-02 17:05 UTC", "load_start": 0.6, "load_end": 2.3,
            "limit_minutes": 80, "seconds": 1804.1, "snapshot_gb": 0.88}
    assert (f"row counts equal to the DuckDB build's in all {tables} tables) | 1804 s | snapshot 0.88 GB of Parquet |"
            in spark_row({**base, **c, "snapshot_gb": 0.88}))
    assert "row counts differ from the DuckDB build's in workers" in spark_row(
        {**base, "tables": tables, "row_counts_differ": {"workers": [4, 3]}})
