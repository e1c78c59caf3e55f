"""The Plan page in AppTest on the hand-worked plan (tests/plan_tiny.py): the tiles and tables show
the hand-worked figures, a version is saved, reopened from the link after a restart and compared,
a version holding bad demand rows says what is wrong and still draws the plan."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.plan import versions
from analytics.plan.settings import PlanSettings, edit_row
from analytics.store.db import Workspace
from harness.workspaces import workspace_file as build_file
from tests import plan_tiny

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.usefixtures("show_small_groups")
PAGE = "pages/plan.py"


@pytest.fixture
def workspace_file(tmp_path, monkeypatch):
    db = tmp_path / "plan.duckdb"
    build_file(db, plan_tiny.write_csvs(tmp_path / "csv"))
    monkeypatch.setenv("STAFFING_LENS_DB", str(db))
    return db


def _fresh():
    """What a restart does to this process's state: the caches go and the workspace is closed (a
    DuckDB file left open would hand the next connection its locked configuration)."""
    import gc

    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    for obj in gc.get_objects():
        if isinstance(obj, Workspace):
            obj.close()


def _open(query: dict | None = None) -> AppTest:
    """A fresh app process (caches cleared) opened on the Plan page with the tiny data's period."""
    _fresh()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["period"] = ["2026-11", "2026-11"]
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    return at


def _tiles(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _table(at, column: str):
    """The table on the page that has `column`."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _no_attrition(at: AppTest) -> AppTest:
    at.number_input(key="plan_attrition::New plan (not saved)").set_value(0.0)
    at.run()
    assert not at.exception
    return at


def test_the_page_shows_the_hand_worked_plan(workspace_file):
    at = _open()
    t = _tiles(at)
    assert t["Attrition a year"] == "33.3%"  # 1 − Kaplan–Meier S(12) = 1 − 2/3
    assert t["Rolling off"] == "2"
    t = _tiles(_no_attrition(at))
    # DBA 1.0 FTE short Feb–Nov plus Software Developers 95.3333 / 173.3333 = 0.55 FTE in Mar–May
    assert t["Peak shortfall (FTE)"] == "1.6" and t["Hires"] == "2"
    assert t["Cost of fills"] == "$158,956"  # 129,498.24 hiring + 29,458.00 contracting
    pricing = _table(at, "hire_cost").set_index("role")
    assert round(pricing.loc["Database Administrator", "hire_cost"], 2) == 129498.24
    assert round(pricing.loc["Database Administrator", "contract_cost"], 2) == 132212.11
    assert pricing.loc["Database Administrator", "recommendation"] == "hire"
    assert pricing.loc["Software Developer", "recommendation"] == "contract"
    assert pricing.loc["Software Developer", "tentative_note"] == (
        "Contract on expected demand; without the tentative work: no gap.")
    roll = _table(at, "why")
    assert roll["full_name"].tolist() == ["Di Leaving", "Cy Contract"]


def test_a_saved_version_reopens_from_the_link_after_a_restart_and_compares(workspace_file):
    at = _no_attrition(_open())
    at.text_input(key="plan_version_name").set_value("Base")
    at.button(key="plan_save").click()
    at.run()
    assert not at.exception
    assert at.selectbox(key="plan_version").value == "Base"
    assert at.query_params["plan_version"] in ("Base", ["Base"])
    assert any("Saved the plan as “Base”" in s.value for s in at.success)

    at = _open({"plan_version": "Base"})  # a new process, the link of the saved version
    assert at.selectbox(key="plan_version").value == "Base"
    assert at.slider(key="plan_horizon::Base").value == 12
    assert at.number_input(key="plan_attrition::Base").value == 0.0
    assert _tiles(at)["Cost of fills"] == "$158,956"
    at.slider(key="plan_horizon::Base").set_value(6)
    at.run()
    at.text_input(key="plan_version_name").set_value("Short")
    at.button(key="plan_save").click()
    at.run()
    assert not at.exception and at.selectbox(key="plan_version").options == [
        "New plan (not saved)", "Short", "Base"]
    cmp = _table(at, "Figure").set_index("Figure")
    # compared: Base (12 months) with Short (6 months: the DBA gap Jan–May, 5 months)
    assert cmp.loc["Horizon (months)"].tolist() == ["12", "6", "−6"]
    assert cmp.loc["Cost of the chosen fills", "Change"].startswith("−")
    assert any("figures differ (highlighted)" in c.value for c in at.caption)


def test_a_version_with_bad_demand_rows_says_what_and_where(workspace_file):
    ws = Workspace(workspace_file, lock_down=False, load_sample=False)
    bad = edit_row({"demand_id": "B1", "department": "Engineering", "role": "Software Developer",
                    "seniority": "mid", "hours_per_week": 40, "start_date": "2027-05-01", "end_date": "2027-04-01",
                    "probability": 1.5, "status": "tentative"})
    versions.save(ws, "Typo", PlanSettings(annual_attrition=0.0, demand_edits=(bad,)))
    ws.close()
    at = _open({"plan_version": "Typo"})
    text = " ".join(w.value for w in at.warning).replace("\\_", "_")  # as the markdown shows it
    assert "(B1): end_date 2027-04-01 is before start_date 2027-05-01; probability 1.5 is outside 0–1" in text
    assert _tiles(at)["Cost of fills"] == "$158,956"  # the good rows' plan is still drawn


def test_a_link_to_a_version_that_is_not_there_opens_a_new_plan(workspace_file):
    at = _open({"plan_version": "Deleted long ago"})
    assert at.selectbox(key="plan_version").value == "New plan (not saved)"
    assert _tiles(at)["Rolling off"] == "2"
