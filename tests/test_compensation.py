"""Pay that changes over time (issue 16): the optional compensation table, uploaded on the Data page,
and the figures every page shows from it, worked out by hand on tests/handworked.py's organisation.

Loaded cost a year = salary × 1.273 + $5,000; contractor cost = hours × rate × 1.03; a day is 1/365
of a year. Sep – Oct 2025 (the whole horizon, the app's default period):
  E1  $100,000 for 1–15 Sep (15 days): 132,300 × 15 = 1,984,500
      $109,500 for 16 Sep – 31 Oct (46 days): 144,393.5 × 46 = 6,642,101
  E2  $73,000 (no salary in its entries: the roster's) for 10 Sep – 31 Oct (52 days): 97,929 × 52 = 5,092,308
  E3  $60,000 for 1 Sep – 15 Oct (45 days): 81,380 × 45 = 3,662,100
  employee spend = 17,381,009 / 365 = $47,619.20   (without the raise: $46,095.09)
  C1  248 h at $100 (weeks 1 Sep – 6 Oct) + 80 h at $110 (weeks 13 and 20 Oct) = 33,600
  C2  144 h at $85 (its one entry covers the week of Mon 29 Sep, before its Wed 1 Oct date) = 12,240
  C3  120 h at $90 (no entries: the roster's) = 10,800
  contractor spend = 56,640 × 1.03 = $58,339.20; per hour 58,339.20 / 592 h = $98.55/h
  capacity: E2's weeks of 13 and 20 Oct at 32 h instead of 40: 1,416 − 16 = 1,400 h
  break-even rate (most common role, Network and Systems Administrator: C2 and C3 on their last day
  in the period): median($85, $90) = $87.50/h
October 2025 alone:
  employees (144,393.5 × 31 + 97,929 × 31 + 81,380 × 15) / 365 = 8,732,697.5 / 365 = $23,925.20
  contractors (48 × 100 + 80 × 110 + 120 × 85) × 1.03 = 23,800 × 1.03 = $24,514.00
"""

from __future__ import annotations

from datetime import date

import pytest

from analytics.ingest import upload
from analytics.store.db import Workspace
from tests import handworked
from tests.apptools import metric
from tests.independent import reference

CENT = 0.005
DATA_PAGE = "pages/data.py"
pytestmark = pytest.mark.usefixtures("show_small_groups")


# -- the independent reference, by hand ----------------------------------------------------------
def test_reference_pays_the_values_in_force_on_each_day(tmp_path):
    whole = reference.figures(handworked.write_csvs(tmp_path, history=True), "2025-09", "2025-10", min_group=1)
    assert whole["employee_spend"] == pytest.approx(17_381_009 / 365, abs=CENT)
    assert whole["contractor_spend"] == pytest.approx(58_339.20, abs=CENT)
    assert whole["contractor_cost_per_hour"] == pytest.approx(58_339.20 / 592, abs=CENT)
    assert whole["capacity_hours"] == pytest.approx(1_400)
    assert whole["break_even_rate"] == 87.5
    october = reference.figures(tmp_path, "2025-10", "2025-10", min_group=1)
    assert october["employee_spend"] == pytest.approx(8_732_697.5 / 365, abs=CENT)
    assert october["contractor_spend"] == pytest.approx(24_514.00, abs=CENT)


# -- the derived spans -------------------------------------------------------------------------
def test_pay_spans_tile_time_and_carry_empty_columns_forward(tmp_path):
    ws = Workspace(tmp_path / "w.duckdb", lock_down=False, load_sample=False)
    try:
        ws.load_csv_dir(handworked.write_csvs(tmp_path / "csv", history=True))
        spans = ws.sql("SELECT * FROM pay_spans ORDER BY worker_id, valid_from")
        e2 = spans[spans["worker_id"] == "E2"]
        # the first entry also covers the time before it; salary empty in both → the roster's $73,000
        assert [str(d.date()) for d in e2["valid_from"]] == ["1900-01-01", "2025-10-13"]
        assert [str(d.date()) for d in e2["valid_to"]] == ["2025-10-12", "9999-12-31"]
        assert e2["annual_salary"].tolist() == [73_000, 73_000] and e2["weekly_capacity_hours"].tolist() == [40, 32]
        # C1's rate changes, its hours stay the roster's 40; C3 has no entries: one span, the roster's
        c1 = spans[spans["worker_id"] == "C1"]
        assert c1["hourly_rate"].tolist() == [100, 110] and c1["weekly_capacity_hours"].tolist() == [40, 40]
        assert spans[spans["worker_id"] == "C3"][["hourly_rate", "weekly_capacity_hours"]].values.tolist() == [[90, 40]]
        weeks = ws.sql("SELECT week_start, capacity_hours FROM worker_weeks WHERE worker_id = 'E2' ORDER BY 1")
        assert weeks["capacity_hours"].tolist() == [16, 40, 40, 40, 40, 32, 32]  # 3 days − 8 h leave first
        months = ws.sql("SELECT month, salary_cost, billings FROM worker_months WHERE worker_id IN ('E1', 'C1') "
                        "ORDER BY worker_id, month")
        # C1: Sep 4 × 40 × 100 (the week of 29 Sep counts in September) = 20,000; Oct 48 × 100 + 80 × 110
        assert months["billings"].tolist()[:2] == [20_000, 13_600]
        # E1: Sep (100,000 × 15 + 109,500 × 15) / 365; Oct 109,500 × 31 / 365
        assert months["salary_cost"].tolist()[2:] == pytest.approx([3_142_500 / 365, 3_394_500 / 365], abs=1e-6)
    finally:
        ws.close()


# -- on every page, after uploading the history on the Data page --------------------------------------
def _upload_history(at):
    from tests.apptools import click, give, widget

    at.switch_page(DATA_PAGE).run()
    give(at, ("compensation.csv", handworked.COMPENSATION.encode()))
    assert widget(at, "selectbox", "_target").value == "compensation"  # suggested from the headers
    click(at, "upload_load")
    assert any("Loaded 7 rows into compensation" in s.value for s in at.success), [s.value for s in at.success]


def test_pages_show_the_pay_in_force_after_the_history_is_uploaded(app, tmp_path):
    at = app(handworked.write_csvs(tmp_path / "csv"))
    assert metric(at, "Employee spend") == "$46,095"  # the roster's pay, before any history
    _upload_history(at)
    at.switch_page("pages/overview.py").run()
    assert not at.exception
    assert metric(at, "Employee spend") == "$47,619"
    assert metric(at, "Contractor spend") == "$58,339"
    assert metric(at, "Contractor cost / hour") == "$98.55/h"
    at.switch_page("pages/costs.py").run()
    assert not at.exception
    assert metric(at, "Total spend") == "$105,958"  # 47,619.20 + 58,339.20
    assert metric(at, "Employee spend") == "$47,619"
    assert metric(at, "Contractor spend") == "$58,339"
    at.switch_page("pages/utilization.py").run()
    assert not at.exception
    assert metric(at, "Capacity") == "1,400 h"
    at.switch_page("pages/break_even.py").run()
    assert not at.exception
    assert metric(at, "Rate used") == "$87.50/h"
    at.sidebar.select_slider(key="period").set_value(("2025-10", "2025-10")).run()
    at.switch_page("pages/costs.py").run()
    assert metric(at, "Employee spend") == "$23,925"
    assert metric(at, "Contractor spend") == "$24,514"


# -- bad input ----------------------------------------------------------------------------------
def _load(ws, text: str, mode: str = "append"):
    return upload.load(ws, [upload.FileSpec("compensation.csv", text.encode(), "compensation", mode)])


HEADER = "worker_id,effective_date,annual_salary,hourly_rate,weekly_capacity_hours\n"


def test_bad_history_is_named_row_by_row_and_nothing_is_loaded(tmp_path):
    ws = Workspace(tmp_path / "w.duckdb", lock_down=False, load_sample=False)
    try:
        ws.load_csv_dir(handworked.write_csvs(tmp_path / "csv", history=True))
        before = upload.table_checksum(ws, "compensation")
        bad = HEADER + "E3,2025-01-01,61000,,\nE3,2025-01-01,62000,,\nE9,2025-02-01,1,,\nE3,2025-03-01,,,\n" \
            "E1,2025-09-16,110000,,\n"
        with pytest.raises(upload.ValidationFailed) as failed:
            _load(ws, bad)
        rows = failed.value.report.rows
        assert set(rows["file"]) == {"compensation.csv"}
        got = {(r.line, r.column, r.value, r.problem) for r in rows.itertuples()}
        assert (3, "worker_id, effective_date", "worker_id=E3, effective_date=2025-01-01",
                "duplicate key: first seen on line 2") in got
        assert (4, "worker_id", "E9", "not found in workers.worker_id") in got
        assert any(p[0] == 5 and "none of annual_salary, hourly_rate and weekly_capacity_hours" in p[3] for p in got)
        assert any(p[0] == 6 and p[3].startswith("key already in the compensation table") for p in got)
        assert upload.table_checksum(ws, "compensation") == before  # nothing half-loaded
        assert ws.sql("SELECT count(*) AS n FROM pay_spans WHERE worker_id = 'E3'")["n"].iloc[0] == 1
    finally:
        ws.close()


def test_a_workspace_without_history_pays_the_roster(tmp_path):
    ws = Workspace(tmp_path / "w.duckdb", lock_down=False, load_sample=False)
    try:
        ws.load_csv_dir(handworked.write_csvs(tmp_path / "csv"))
        assert ws.row_counts()["compensation"] == 0
        spans = ws.sql("SELECT * FROM pay_spans ORDER BY worker_id")
        assert len(spans) == 6 and set(spans["valid_from"].dt.date) == {date(1900, 1, 1)}
        e1 = spans[spans["worker_id"] == "E1"].iloc[0]
        assert (e1["annual_salary"], e1["weekly_capacity_hours"]) == (100_000, 40)
    finally:
        ws.close()


def test_as_of_pay_is_the_one_in_force_on_that_day(tmp_path):
    """Convert-to-hire (rates on the as-of day), the Overview's people (pay on their last day up to
    the as-of day) and the Plan's capacity (weekly hours on the first day of the plan)."""
    from analytics.metrics import horizon, scenarios
    from analytics.metrics.filters import Filters
    from analytics.plan import capacity as plan

    ws = Workspace(tmp_path / "w.duckdb", lock_down=False, load_sample=False)
    try:
        ws.load_csv_dir(handworked.write_csvs(tmp_path / "csv", history=True))
        f = Filters(date(2025, 9, 1), date(2025, 10, 31))
        rates = scenarios.contractors_as_of(ws, f, date(2025, 10, 31)).set_index("worker_id")["hourly_rate"]
        assert rates.to_dict() == {"C1": 110.0, "C2": 85.0}  # C3 left on 19 Sep
        assert scenarios.contractors_as_of(ws, f, date(2025, 10, 10))["hourly_rate"].tolist() == [100.0, 85.0]
        people = horizon.people_as_of(ws, f, date(2025, 10, 31)).set_index("worker_id")
        assert people.loc["E1", "annual_salary"] == 109_500 and people.loc["C3", "hourly_rate"] == 90
        assert people.loc["E2", "weekly_capacity_hours"] == 32
        some = horizon.people_as_of(ws, f, date(2025, 10, 31), ("worker_id", "annual_salary")).set_index("worker_id")
        assert some.loc["E1", "annual_salary"] == 109_500  # the Overview's narrower read too
        assert horizon.people_as_of(ws, f, date(2025, 9, 15)).set_index("worker_id").loc["E1", "annual_salary"] == 100_000
        groups = plan.inputs(ws, f).people  # the plan starts on 1 Nov 2025
        e2 = groups[(groups["role"] == "Database Administrator") & (groups["worker_type"] == "employee")]
        assert e2["weekly_capacity_hours"].tolist() == [32.0]
    finally:
        ws.close()
