"""Snapshots (analytics/store/snapshot.py): every core and derived table as Parquet plus a manifest, built
by DuckDB or by a real Spark in local mode from the same SQL files, published atomically."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from analytics.store import snapshot
from analytics.store.db import Workspace
from tests import tiny

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"


def table(version: Path, name: str) -> pd.DataFrame:
    df = duckdb.connect().execute(f"SELECT * FROM read_parquet('{version}/tables/{name}/*.parquet')").df()
    return df.sort_values(list(df.columns)).reset_index(drop=True)


def assert_same_snapshot(a: Path, b: Path) -> None:
    """Table by table and row by row, numbers to 1e-9 relative."""
    for name in snapshot.TABLES:
        x, y = table(a, name), table(b, name)
        assert list(x.columns) == list(y.columns), name
        pd.testing.assert_frame_equal(x, y, check_dtype=False, rtol=1e-9, obj=name)


def test_a_duckdb_snapshot_holds_every_table_and_a_manifest(tmp_path):
    version = snapshot.build(SAMPLE, tmp_path / "snap")
    m = snapshot.manifest(version)
    assert snapshot.current_version(tmp_path / "snap") == version
    assert m["engine"] == "duckdb" and set(m["row_counts"]) == set(snapshot.TABLES)
    # the row counts are the files' own: 300 workers, 45,582 timesheet rows in the sample
    assert m["row_counts"]["workers"] == 300 == len(table(version, "workers"))
    assert m["row_counts"]["timesheets"] == len(pd.read_csv(SAMPLE / "timesheets.csv"))
    assert ["week_start", "DATE"] in m["schema"]["timesheets"]
    # the derived tables are the workspace's: the same rows a workspace file builds from the same CSVs
    ws = Workspace(tmp_path / "sample.duckdb", lock_down=False)  # seeded from data/sample
    try:
        got = table(version, "group_months")
        want = ws.sql("SELECT * FROM group_months")
        want = want.sort_values(list(want.columns)).reset_index(drop=True)
        pd.testing.assert_frame_equal(got, want, check_dtype=False, rtol=1e-12)
    finally:
        ws.close()


def test_publishing_a_workspace_file_equals_building_from_its_csvs(tmp_path):
    ws = tiny.build_workspace(tmp_path)
    ws.con.execute("CHECKPOINT")
    ws.close()
    from_file = snapshot.publish_workspace(tmp_path / "tiny.duckdb", tmp_path / "a")
    from_csvs = snapshot.build(tmp_path / "csv", tmp_path / "b")
    assert_same_snapshot(from_file, from_csvs)
    assert snapshot.manifest(from_file)["data_version"] == "workspace-1"  # one load so far


def test_a_workspace_file_built_by_older_rules_is_published_with_todays_derived_tables(tmp_path):
    ws = tiny.build_workspace(tmp_path)
    # as an older version of the app left it: other build rules, a derived table without today's columns
    ws.con.execute("UPDATE _meta SET value = 'older' WHERE key = 'derived_rules'")
    ws.con.execute("CREATE OR REPLACE TABLE worker_weeks AS SELECT worker_id, week_start FROM worker_weeks LIMIT 1")
    ws.con.execute("CHECKPOINT")
    ws.close()
    before = (tmp_path / "tiny.duckdb").read_bytes()
    published = snapshot.publish_workspace(tmp_path / "tiny.duckdb", tmp_path / "a")
    assert_same_snapshot(published, snapshot.build(tmp_path / "csv", tmp_path / "b"))
    assert (tmp_path / "tiny.duckdb").read_bytes() == before  # the file is only read


def test_a_workspace_file_from_before_the_demand_table_publishes_it_empty(tmp_path):
    ws = tiny.build_workspace(tmp_path)
    ws.con.execute("DROP TABLE demand")
    ws.con.execute("CHECKPOINT")
    ws.close()
    published = snapshot.publish_workspace(tmp_path / "tiny.duckdb", tmp_path / "a")
    assert snapshot.manifest(published)["row_counts"]["demand"] == 0
    assert snapshot.manifest(published)["row_counts"]["workers"] == 4


def test_a_new_version_replaces_current_atomically_and_a_failed_build_changes_nothing(tmp_path):
    out = tmp_path / "snap"
    first = snapshot.build(SAMPLE, out)
    second = snapshot.build(SAMPLE, out)
    assert first != second and snapshot.current_version(out) == second
    assert (first / snapshot.MANIFEST).is_file()  # a reader still on the old version reads whole data
    broken = tmp_path / "broken"
    broken.mkdir()
    for f in SAMPLE.glob("*.csv"):
        if f.name != "reviews.csv":
            (broken / f.name).write_bytes(f.read_bytes())
    with pytest.raises(snapshot.SnapshotError, match="no reviews.csv"):
        snapshot.build(broken, out)
    assert snapshot.current_version(out) == second
    assert sorted(p.name for p in (out / "versions").iterdir()) == sorted([first.name, second.name])  # no partial


def test_the_command_line_builds_and_refuses_bad_arguments_with_exit_2(tmp_path):
    run = [sys.executable, "-m", "analytics.workspace"]
    ok = subprocess.run([*run, "build", "--source", str(SAMPLE), "--out", str(tmp_path / "s")],
                        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0, ok.stderr
    assert "published" in ok.stdout and "workers 300" in ok.stdout
    bad = subprocess.run([*run, "build", "--source", str(tmp_path / "nowhere"), "--out", str(tmp_path / "t")],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert bad.returncode == 2 and "is not a folder" in bad.stderr
    engine = subprocess.run([*run, "build", "--engine", "oracle", "--source", str(SAMPLE), "--out", str(tmp_path)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert engine.returncode == 2
    # the old form keeps working
    legacy = subprocess.run([*run, "--db", str(tmp_path / "w.duckdb"), "--load", str(SAMPLE)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert legacy.returncode == 0 and "loaded" in legacy.stdout
    published = json.loads((snapshot.current_version(tmp_path / "s") / "manifest.json").read_text())
    assert published["derived_rules"]


@pytest.fixture(scope="module")
def spark():
    session = snapshot.spark_session("staffing-lens-tests")
    yield session
    session.stop()


def test_spark_builds_the_same_snapshot_as_duckdb(tmp_path, spark):
    """The sample, a generated organisation, the hand-worked one with its pay history (changes
    mid-month, empty columns carried forward), tiny's with invoiced work, and the one paid in USD and EUR
    without February's EUR rate (pay left out and named), the sample also reported in EUR: Spark (SQL
    transpiled from the same build_*.sql by SQLGlot) and DuckDB give the same tables, row by row."""
    from samplegen import generate
    from tests import fx_tiny, handworked

    org = tmp_path / "org"
    generate(120, 1, 5, org, progress=False)
    history = handworked.write_csvs(tmp_path / "history", history=True)
    # fixed-fee and milestone work with its invoices (issue 16): one in-house engagement, one of a vendor
    priced = tiny.write_csvs(tmp_path / "priced", tiny.priced_frames())
    two = fx_tiny.write_csvs(tmp_path / "two", [r for r in fx_tiny.RATES if r[:2] != ("EUR", "2024-02-01")])
    for source, code in ((SAMPLE, "USD"), (SAMPLE, "EUR"), (org, "USD"), (history, "USD"), (priced, "USD"),
                         (two, "USD")):
        name = f"{source.name}_{code}"
        duck = snapshot.publish(tmp_path / f"duck_{name}", "duckdb",
                                lambda target, s=source, c=code: snapshot.build_duckdb(s, target, c), "test")
        on_spark = snapshot.publish(
            tmp_path / f"spark_{name}", "spark",
            lambda target, s=source, c=code: snapshot.build_spark(s, target, spark, c), "test",
        )
        assert snapshot.manifest(on_spark)["engine"] == "spark"
        assert_same_snapshot(duck, on_spark)
    months = snapshot.current_version(tmp_path / "spark_two_USD") / "tables" / "worker_months" / "*.parquet"
    unrated = duckdb.sql(f"SELECT worker_id, month FROM read_parquet('{months}') WHERE unrated_currency = 'EUR' "
                         "ORDER BY 1").fetchall()
    assert [(w, str(m)) for w, m in unrated] == [("C1", "2024-02-01"), ("E2", "2024-02-01")]  # the compared rows hold them


def test_the_same_command_runs_under_spark_submit(tmp_path):
    """`spark-submit analytics/workspace.py build --engine spark …`, as on a cluster (here master local[1])."""
    spark_submit = Path(sys.executable).parent / "spark-submit"
    out = subprocess.run(
        [str(spark_submit), "--master", "local[1]", "analytics/workspace.py", "build", "--engine", "spark",
         "--source", str(SAMPLE), "--out", str(tmp_path / "snap")],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYSPARK_PYTHON": sys.executable, "PYSPARK_DRIVER_PYTHON": sys.executable},
    )
    assert out.returncode == 0, out.stderr[-2000:]
    version = snapshot.current_version(tmp_path / "snap")
    assert snapshot.manifest(version)["engine"] == "spark"
    assert_same_snapshot(version, snapshot.build(SAMPLE, tmp_path / "duck"))


def test_every_derived_table_has_a_spark_translation():
    for name in snapshot.DERIVED_TABLES:
        sql = snapshot.spark_sql(name)
        assert sql.upper().startswith(("SELECT", "WITH")) and "CREATE" not in sql.upper(), name
