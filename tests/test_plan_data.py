"""The optional demand table end to end: uploaded with row-level checks (bad rows named, nothing
written), carried by snapshots and their replicas, empty in a workspace or snapshot without it."""

import pytest

from analytics.ingest import upload
from analytics.store import replica, snapshot
from analytics.store.db import SAMPLE_DIR, Workspace
from tests import plan_tiny

HEADER = b"demand_id,engagement_id,department,role,seniority,hours_per_week,start_date,end_date,probability,status\n"


@pytest.fixture
def ws(tmp_path):
    w = Workspace(tmp_path / "d.duckdb", lock_down=False, load_sample=False)
    w.load_csv_dir(plan_tiny.write_csvs(tmp_path / "csv"))
    yield w
    w.close()


def test_a_demand_file_uploads_and_the_five_tables_stay_as_they_were(ws):
    before = {t: upload.table_checksum(ws, t) for t in ("workers", "timesheets", "engagements")}
    data = HEADER + b"N1,ENG1,Engineering,Software Developer,mid,40,2027-02-01,2027-06-30,0.4,tentative\n"
    res = upload.load(ws, [upload.FileSpec("demand.csv", data, "demand", "append")])
    assert res.rows_loaded == {"demand": 1} and res.row_counts["demand"] == 3
    assert {t: upload.table_checksum(ws, t) for t in before} == before


def test_bad_demand_rows_are_reported_by_line_and_column_and_nothing_loads(ws):
    before = upload.table_checksum(ws, "demand")
    data = HEADER + (
        b"N1,,Engineering,Software Developer,mid,40,2027-06-01,2027-02-01,1,confirmed\n"
        b"N2,,Engineering,Software Developer,mid,40,2027-02-01,2027-06-01,1.5,tentative\n"
        b"N3,,Engineering,Software Developer,mid,40,2027-02-01,2027-06-01,0.5,maybe\n"
    )
    with pytest.raises(upload.ValidationFailed) as failed:
        upload.load(ws, [upload.FileSpec("demand.csv", data, "demand", "append")])
    got = {(r.line, r.column) for r in failed.value.report.rows.itertuples()}
    assert {(2, "end_date"), (3, "probability"), (4, "status")} <= got
    assert upload.table_checksum(ws, "demand") == before


def test_snapshots_carry_demand_and_replicas_read_it(tmp_path):
    version = snapshot.build(SAMPLE_DIR, tmp_path / "snap")
    m = snapshot.manifest(version)
    rows = len((SAMPLE_DIR / "demand.csv").read_text(encoding="utf-8").splitlines()) - 1
    assert rows > 0 and m["row_counts"]["demand"] == rows
    rep = replica.open_version(version)
    try:
        assert rep.row_counts()["demand"] == rows
    finally:
        rep.close()


def test_a_folder_without_demand_builds_a_snapshot_with_it_empty(tmp_path):
    version = snapshot.build(plan_tiny.write_csvs(tmp_path / "csv", with_demand=False), tmp_path / "snap")
    assert snapshot.manifest(version)["row_counts"]["demand"] == 0
    rep = replica.open_version(version)
    try:
        assert rep.row_counts()["demand"] == 0 and rep.row_counts()["workers"] == 4
    finally:
        rep.close()


def test_an_older_workspace_without_demand_opened_read_only_still_plans(tmp_path):
    """A workspace written before the demand table existed, opened read-only (nothing creates the
    table then): row counts say 0 demand rows and the plan runs on the work in hand."""
    from analytics.metrics import break_even
    from analytics.plan import builder, capacity
    from analytics.plan.settings import PlanSettings

    db = tmp_path / "old.duckdb"
    ws = Workspace(db, lock_down=False, load_sample=False)
    ws.load_csv_dir(plan_tiny.write_csvs(tmp_path / "csv", with_demand=False))
    ws.con.execute("DROP TABLE demand")
    ws.con.execute("DROP TABLE plan_versions")
    ws.close()
    ro = Workspace(db, lock_down=True, load_sample=False, read_only=True)
    try:
        assert ro.row_counts() == {"workers": 4, "engagements": 1, "timesheets": 15, "time_off": 1, "reviews": 0,
                                   "demand": 0, "compensation": 0, "invoices": 0, "fx_rates": 0}
        p = builder.build(capacity.inputs(ro, plan_tiny.FILTERS), PlanSettings(annual_attrition=0.0),
                             break_even.pay_medians(ro, plan_tiny.FILTERS))
        assert set(p.demand["source"]) == {"work in hand"} and not p.problems
    finally:
        ro.close()
