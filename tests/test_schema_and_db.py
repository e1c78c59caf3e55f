"""The schema drives the DDL and the docs; the workspace opens, seeds, locks down and fails politely."""

import os
from datetime import date

import duckdb
import pytest

from analytics.store import schema
from analytics.store.db import Workspace, WorkspaceError, workspace_path


def test_every_table_has_its_product_columns():
    assert schema.CORE_TABLES == ("workers", "engagements", "timesheets", "time_off", "reviews")
    assert list(schema.TABLES) == [*schema.CORE_TABLES, "demand", "compensation", "invoices", "fx_rates"]
    assert schema.OPTIONAL_TABLES == ("demand", "compensation", "invoices", "fx_rates")
    assert schema.COMPENSATION.column_names == [
        "worker_id", "effective_date", "annual_salary", "hourly_rate", "weekly_capacity_hours", "currency",
    ]
    assert schema.FX_RATES.column_names == ["currency", "month", "rate_to_reporting"]
    assert schema.FX_RATES.key == ("currency", "month")
    assert schema.DEMAND.column_names == [
        "demand_id", "engagement_id", "department", "role", "seniority", "hours_per_week", "start_date",
        "end_date", "probability", "status",
    ]
    assert schema.WORKERS.column_names == [
        "worker_id", "full_name", "worker_type", "role", "seniority", "department", "location", "vendor",
        "start_date", "end_date", "annual_salary", "hourly_rate", "weekly_capacity_hours", "currency",
    ]
    assert schema.WORKERS.column("currency").default == "USD"  # an upload's empty one: the reporting currency
    assert schema.TIMESHEETS.column("worker_id").references == "workers.worker_id"
    assert schema.WORKERS.column("worker_type").allowed == ("employee", "contractor")


def test_ddl_creates_typed_tables(tmp_path):
    con = duckdb.connect(str(tmp_path / "x.duckdb"))
    for t in schema.TABLES.values():
        con.execute(t.ddl())
    cols = dict(con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'timesheets'"
    ).fetchall())
    assert cols == {"worker_id": "VARCHAR", "engagement_id": "VARCHAR", "week_start": "DATE",
                    "hours": "DOUBLE", "billable": "BOOLEAN"}
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO timesheets VALUES (NULL, NULL, DATE '2024-01-01', 1, true)")


def test_data_dictionary_and_readme_section_come_from_the_schema():
    d = schema.data_dictionary("engagements").set_index("column")
    assert d.loc["status", "allowed values / range"] == "one of: planned, active, completed, cancelled"
    assert d.loc["quality_score", "allowed values / range"] == "≥ 1 and ≤ 5"
    md = schema.markdown_data_formats()
    for t in schema.TABLES.values():
        assert f"### `{t.name}.csv`" in md
        for c in t.columns:
            assert f"| `{c.name}` |" in md


def test_workspace_path_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("STAFFING_LENS_DB", str(tmp_path / "mine.duckdb"))
    assert workspace_path() == tmp_path / "mine.duckdb"
    monkeypatch.delenv("STAFFING_LENS_DB")
    assert workspace_path().name == "workspace.duckdb"


def test_first_start_seeds_the_sample(tmp_path):
    ws = Workspace(tmp_path / "new.duckdb")
    counts = ws.row_counts()
    assert counts["workers"] > 100 and counts["timesheets"] > 10_000
    assert ws.data_version() == 1
    assert oct(os.stat(tmp_path / "new.duckdb").st_mode & 0o777) == "0o600"
    ws.close()
    # reopening keeps the data and does not reload it
    ws = Workspace(tmp_path / "new.duckdb")
    assert ws.data_version() == 1 and ws.row_counts() == counts
    ws.close()


def test_locked_down_connection_refuses_files_and_settings(tmp_path):
    ws = Workspace(tmp_path / "new.duckdb")
    with pytest.raises(duckdb.Error):
        ws.sql("SELECT * FROM read_csv('/etc/passwd')")
    with pytest.raises(duckdb.Error):
        ws.sql("SET enable_external_access = true")
    ws.close()


def test_corrupt_workspace_gives_a_clear_message(tmp_path):
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"this is not a database" * 1000)
    with pytest.raises(WorkspaceError, match="damaged|could not be opened"):
        Workspace(bad)


def test_load_is_all_or_nothing(tiny_ws, tmp_path):
    before = tiny_ws.row_counts()
    broken = tmp_path / "broken"
    broken.mkdir()
    from tests import tiny

    tiny.write_csvs(broken)
    (broken / "timesheets.csv").write_text("worker_id,engagement_id,week_start,hours,billable\nE1,,not-a-date,1,true\n")
    with pytest.raises(duckdb.Error):
        tiny_ws.load_csv_dir(broken)
    assert tiny_ws.row_counts() == before
    assert tiny_ws.data_version() == 1


def test_derived_capacity_is_pro_rated_and_net_of_time_off(tiny_ws):
    cap = tiny_ws.sql(
        "SELECT worker_id, sum(capacity_hours) AS c FROM worker_weeks GROUP BY ALL ORDER BY worker_id"
    ).set_index("worker_id")["c"].to_dict()
    # C1 leaves Fri 19 Jan: 3 full weeks; C2 20 h × 4; E1 40 × 4 − 8 h holiday; E2 starts Wed: 24 + 40 + 40
    assert cap == {"C1": 120.0, "C2": 80.0, "E1": 152.0, "E2": 104.0}


def test_readme_data_formats_are_current():
    from analytics import readme

    text = readme.README.read_text(encoding="utf-8")
    assert readme.render(text) == text, "run `python -m analytics.readme` to regenerate the README section"


def test_a_snapshot_never_sees_a_load_that_commits_midway(tiny_ws):
    """A page run reads one snapshot: a load committing meanwhile shows up only on the next run."""
    import threading

    from analytics.store.db import SAMPLE_DIR

    seen: dict[str, int] = {}
    loaded, read_again = threading.Event(), threading.Event()

    def page_run():
        with tiny_ws.snapshot():
            seen["before"] = len(tiny_ws.sql("SELECT * FROM worker_weeks"))
            seen["version_before"] = tiny_ws.data_version()
            read_again.set()
            loaded.wait(60)
            seen["during"] = len(tiny_ws.sql("SELECT * FROM worker_weeks"))
            seen["version_during"] = tiny_ws.data_version()
        seen["after"] = len(tiny_ws.sql("SELECT * FROM worker_weeks"))

    t = threading.Thread(target=page_run)
    t.start()
    read_again.wait(60)
    tiny_ws.load_csv_dir(SAMPLE_DIR)
    loaded.set()
    t.join(60)
    assert seen["before"] == seen["during"] == 14  # tiny org: 14 person-weeks
    assert seen["version_before"] == seen["version_during"] == 1
    assert seen["after"] > 10_000 and tiny_ws.data_version() == 2
    with tiny_ws.snapshot():  # the version read once per snapshot: the next page run's is the new one
        assert tiny_ws.data_version() == 2


def test_a_workspace_from_an_older_version_gets_todays_derived_tables(tmp_path):
    from analytics.metrics import delivery
    from analytics.metrics.filters import Filters
    from tests import tiny

    ws = tiny.build_workspace(tmp_path)
    jan = Filters(date(2024, 1, 1), date(2024, 1, 31))
    version = ws.data_version()
    before = ws.sql("SELECT * FROM engagement_facts ORDER BY engagement_id")
    ws.con.execute("DROP TABLE engagement_facts")  # as a file written before the table existed
    ws.con.execute("DROP TABLE group_months")
    ws.close()
    ws = Workspace(tmp_path / "tiny.duckdb", lock_down=False, load_sample=False)
    try:
        # rebuilt from the same rows on open, as a new version so no cached figure survives
        assert ws.sql("SELECT * FROM engagement_facts ORDER BY engagement_id").equals(before)
        assert ws.sql("SELECT count(*) AS n FROM group_months")["n"].iloc[0] > 0
        assert ws.data_version() == version + 1
        # tiny's January: ENG1 in-house, ENG2 contractor, ENG3 no hours (ENG4 starts in March)
        assert delivery.delivery_summary(ws, jan)["delivery_model"].tolist() == ["in-house", "contractor", "no hours"]
    finally:
        ws.close()
