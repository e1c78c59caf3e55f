"""Serving a published snapshot read-only (STAFFING_LENS_SNAPSHOT, analytics/store/replica.py): the same figures
as the same data in a workspace file, on every page; uploads off with a message; a new version picked up at
the next page run without a restart; a missing snapshot explained, not a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.export.safe_text import md_literal
from analytics.store import snapshot
from harness.apptest import fresh_streamlit_caches
from harness.workspaces import workspace_file
from tests import tiny
from tests.apptools import frame_with, metrics

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
DASHBOARD = ["pages/overview.py", "pages/costs.py", "pages/break_even.py", "pages/utilization.py",
             "pages/duration.py"]
pytestmark = pytest.mark.usefixtures("show_small_groups")


def shown(monkeypatch, env: dict[str, str], page: str) -> AppTest:
    """app.py run on `page` with only `env` pointing at the data (the other variable unset)."""
    for name in ("STAFFING_LENS_DB", "STAFFING_LENS_SNAPSHOT"):
        monkeypatch.delenv(name, raising=False)
    if "STAFFING_LENS_DB" in env:
        # a copy per run: the previous run's connection to the file may still be open in this process
        db = Path(env["STAFFING_LENS_DB"])
        copy = db.with_name(f"{db.stem}_{len(list(db.parent.glob(db.stem + '_*')))}.duckdb")
        shutil.copyfile(db, copy)
        env = {**env, "STAFFING_LENS_DB": str(copy)}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    fresh_streamlit_caches()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    if page != "pages/overview.py":
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def footer(at: AppTest) -> str:
    """The footer every page ends with: the data version and where the data comes from."""
    (text,) = [c.value for c in at.main.caption if c.value.startswith(("Data version", "Snapshot "))]
    return text


def page_figures(at: AppTest) -> tuple[dict, list]:
    """Every tile and every table's values on the page, as shown."""
    tables = []
    for df in at.dataframe:
        value = df.value
        data = value.data if hasattr(value, "data") else value
        tables.append(data.astype(str).values.tolist())
    return metrics(at), tables


@pytest.mark.parametrize("data", ["tiny", "sample"])
def test_a_served_snapshot_shows_the_same_figures_as_the_workspace_file(data, tmp_path, monkeypatch):
    folder = tiny.write_csvs(tmp_path / "csv") if data == "tiny" else SAMPLE
    db = workspace_file(tmp_path / "ws.duckdb", folder)
    snapshot.publish_workspace(db, tmp_path / "snap")
    for page in DASHBOARD:
        from_file = page_figures(shown(monkeypatch, {"STAFFING_LENS_DB": str(db)}, page))
        from_snapshot = page_figures(shown(monkeypatch, {"STAFFING_LENS_SNAPSHOT": str(tmp_path / "snap")}, page))
        assert from_snapshot == from_file, page
        assert from_file[0], f"{page} shows no tiles: nothing was compared"


def test_a_spark_built_snapshot_serves_the_same_figures(tmp_path, monkeypatch):
    folder = tiny.write_csvs(tmp_path / "csv")
    db = workspace_file(tmp_path / "ws.duckdb", folder)
    spark = snapshot.spark_session("staffing-lens-replica-tests")
    try:
        snapshot.publish(tmp_path / "snap", "spark", lambda t: snapshot.build_spark(folder, t, spark), "test")
    finally:
        spark.stop()
    for page in DASHBOARD:
        from_file = page_figures(shown(monkeypatch, {"STAFFING_LENS_DB": str(db)}, page))
        on_spark = shown(monkeypatch, {"STAFFING_LENS_SNAPSHOT": str(tmp_path / "snap")}, page)
        assert page_figures(on_spark) == from_file, page
    assert "by spark" in footer(on_spark)


def test_uploads_are_off_and_the_page_says_where_data_is_loaded(tmp_path, monkeypatch):
    snapshot.build(tiny.write_csvs(tmp_path / "csv"), tmp_path / "snap")
    at = shown(monkeypatch, {"STAFFING_LENS_SNAPSHOT": str(tmp_path / "snap")}, "pages/data.py")
    info = " ".join(i.value for i in at.info)
    assert "published snapshot" in info and md_literal(str(tmp_path / "snap")) in info
    assert "analytics.workspace publish" in info
    (uploader,) = [w for w in at.get("file_uploader")]
    assert uploader.proto.disabled
    # nothing here loads, undoes or resets: those live on the writer instance
    assert "reset_sample" not in [b.key for b in at.button]
    headings = [h.value for h in at.subheader]
    assert "Reset to sample data" not in headings and "Load history" not in headings
    assert "Data quality" in headings  # the checks still read the served data
    # the tables are read from the snapshot: the workspace table lists tiny's rows
    counts = frame_with(at, "rows")
    assert int(counts.set_index(counts.columns[0]).loc["workers", "rows"]) == len(tiny.frames()["workers"])


def test_a_new_version_is_picked_up_at_the_next_page_run(tmp_path, monkeypatch):
    snap = tmp_path / "snap"
    first = snapshot.build(tiny.write_csvs(tmp_path / "csv"), snap)
    at = shown(monkeypatch, {"STAFFING_LENS_SNAPSHOT": str(snap)}, "pages/overview.py")
    assert first.name in footer(at)
    employees_tiny = metrics(at)["Employees"]
    second = snapshot.build(SAMPLE, snap)
    at.run()  # the same session, no restart
    assert second.name in footer(at) and first.name not in footer(at)
    assert metrics(at)["Employees"] != employees_tiny


def test_a_snapshot_built_by_other_rules_is_served_with_a_warning(tmp_path, monkeypatch):
    import json

    version = snapshot.build(tiny.write_csvs(tmp_path / "csv"), tmp_path / "snap")
    at = shown(monkeypatch, {"STAFFING_LENS_SNAPSHOT": str(tmp_path / "snap")}, "pages/overview.py")
    assert not at.warning or all("another version" not in w.value for w in at.warning)
    info = json.loads((version / "manifest.json").read_text())
    info["derived_rules"] = "older"
    (version / "manifest.json").write_text(json.dumps(info))
    at = shown(monkeypatch, {"STAFFING_LENS_SNAPSHOT": str(tmp_path / "snap")}, "pages/overview.py")
    assert any("built by another version" in w.value and "rebuild" in w.value.lower() for w in at.warning)
    assert metrics(at)["Employees"] == "2"  # still served


def test_a_folder_without_a_published_snapshot_is_explained(tmp_path, monkeypatch):
    (tmp_path / "empty").mkdir()
    for name in ("STAFFING_LENS_DB",):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("STAFFING_LENS_SNAPSHOT", str(tmp_path / "empty"))
    fresh_streamlit_caches()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    text = at.error[0].value
    assert "STAFFING_LENS_SNAPSHOT" in text and "no published snapshot" in text and "publish" in text
    assert not at.metric  # no figures from anywhere else
