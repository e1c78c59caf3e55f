"""Plan versions: saved in the workspace, reopened after a restart (a new process's Workspace on the
same file), compared side by side; saving leaves the data and its version alone."""

import datetime as dt

import pytest

from analytics.ingest import upload
from analytics.metrics import break_even
from analytics.plan import builder, capacity
from analytics.plan import versions as plan_versions
from analytics.plan.settings import PlanSettings, edit_row
from analytics.store.db import Workspace
from tests import plan_tiny

pytestmark = pytest.mark.usefixtures("show_small_groups")


def _build(ws, s):
    return builder.build(capacity.inputs(ws, plan_tiny.FILTERS), s, break_even.pay_medians(ws, plan_tiny.FILTERS))


def test_saved_versions_survive_a_restart_and_compare(tmp_path):
    db = tmp_path / "v.duckdb"
    ws = Workspace(db, lock_down=False, load_sample=False)
    ws.load_csv_dir(plan_tiny.write_csvs(tmp_path / "csv"))
    version, data = ws.data_version(), upload.table_checksum(ws, "workers")
    base = PlanSettings(annual_attrition=0.0)
    edit = edit_row({"demand_id": "N1", "department": "Engineering", "role": "Software Developer",
                     "seniority": "senior", "hours_per_week": 40, "start_date": "2027-08-01",
                     "end_date": "2027-10-31", "probability": 1, "status": "confirmed"})
    other = base.with_changes(horizon_months=18, probability_overrides=(("D2", 0.0),),
                              fills=(("Database Administrator", "contract"),), demand_edits=(edit,))
    plan_versions.save(ws, "Base", base, now=dt.datetime(2026, 12, 1, 9, 0))
    plan_versions.save(ws, "  Lean  ", other, now=dt.datetime(2026, 12, 1, 10, 0))
    assert ws.data_version() == version and upload.table_checksum(ws, "workers") == data
    ws.close()

    ws = Workspace(db, lock_down=True, load_sample=False)  # the app after a restart
    try:
        assert plan_versions.versions(ws)["name"].tolist() == ["Lean", "Base"]
        a, b = plan_versions.load(ws, "Base"), plan_versions.load(ws, "Lean")
        assert a == base and b == other
        assert plan_versions.load(ws, "Nope") is None
        cmp = builder.compare(_build(ws, a), _build(ws, b)).set_index("figure")
        # Base: DBA hired (129,498.24) + Software Developers contracted (29,458.00); Lean: D2 at 0% (no
        # Software Developer gap Mar–May) but N1's 173.3333 h a month Aug–Oct against E1's 164.6667 is
        # 3 × 8.6667 = 26 h short, contracted at 103 $/h = 2,678.00; the DBA contracted (132,212.11)
        assert round(cmp.loc["Cost of the chosen fills", "a"], 2) == 158956.24
        assert round(cmp.loc["Cost of the chosen fills", "b"], 2) == 134890.11
        assert cmp.loc["Hires", ["a", "b"]].tolist() == [2.0, 0.0]
        assert cmp.loc["Horizon (months)", ["a", "b"]].tolist() == [12.0, 18.0]
        assert bool(cmp.loc["Cost of the chosen fills", "changed"]) and not cmp.loc["FTE short 2027-06", "changed"]
        assert pd_isna(cmp.loc["FTE short 2028-05", "a"]) and cmp.loc["FTE short 2028-05", "changed"]
        fills = builder.fills_compared(_build(ws, a), _build(ws, b)).set_index("role")
        assert fills.loc["Database Administrator", ["fill (a)", "fill (b)"]].tolist() == ["hire", "contract"]
        assert bool(fills.loc["Database Administrator", "changed"])
    finally:
        ws.close()


def pd_isna(v) -> bool:
    return v is None or v != v


def test_names_are_checked_and_read_only_workspaces_refuse(tmp_path):
    db = tmp_path / "v.duckdb"
    ws = Workspace(db, lock_down=False, load_sample=False)
    ws.load_csv_dir(plan_tiny.write_csvs(tmp_path / "csv"))
    with pytest.raises(plan_versions.VersionError, match="Give the version a name"):
        plan_versions.save(ws, "   ", PlanSettings())
    ws.close()
    ro = Workspace(db, lock_down=False, load_sample=False, read_only=True)
    try:
        assert plan_versions.can_save(ro) == "The workspace is read-only, so plan versions cannot be saved."
        with pytest.raises(plan_versions.VersionError, match="read-only"):
            plan_versions.save(ro, "X", PlanSettings())
        assert plan_versions.versions(ro).empty
    finally:
        ro.close()
