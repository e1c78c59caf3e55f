"""The rules that decide which period a day or an hour belongs to, each with the case that once
got it wrong (issue 10): employees paid to the period's end, a contractor's first week before
their start date, an engagement running past its planned end. Figures worked out by hand on
tests/tiny.py's organisation, changed as each test says."""

from datetime import date

import pandas as pd
import pytest

from analytics.metrics import costs, delivery, headlines, utilization
from analytics.metrics.assumptions import DEFAULTS
from analytics.metrics.filters import Filters
from tests import tiny

pytestmark = pytest.mark.usefixtures("show_small_groups")

JAN = Filters(date(2024, 1, 1), date(2024, 1, 31))


def _ws(tmp_path, change):
    data = tiny.frames()
    change(data)
    return tiny.build_workspace(tmp_path, data)


def test_an_employee_is_paid_to_the_end_of_the_month_though_timesheets_end_earlier(tiny_ws):
    # Timesheets end Sunday 28 Jan; E1 (no end date, $104,000) is employed all 31 days of January:
    # (104,000 × 1.273 + 5,000) × 31 / 365 = 137,392 × 31 / 365 = 11,668.91 — not 28/365 (10,539.66)
    e = costs.period_facts(tiny_ws, Filters(JAN.start, JAN.end, roles=("Software Developer",)))
    k = costs.cost_kpis(e, DEFAULTS)
    assert k.employee_spend == pytest.approx(11_668.91, abs=0.01)
    # a whole year of employment costs the whole fully loaded cost: 12 months of 2024 hold 366 days,
    # of which the data covers January only, so the check is on the month: 31 / 365 of 137,392
    assert k.employee_spend == pytest.approx(137_392 * 31 / 365)
    assert headlines.as_of_date(JAN, headlines.data_horizon(tiny_ws)) == date(2024, 1, 31)


def test_a_contractors_first_week_counts_in_the_month_it_starts_though_they_start_later(tmp_path):
    # C3 starts Thursday 1 Feb 2024 and logs 16 h in the week of Monday 29 Jan: by the one rule (a
    # week's hours belong to the month its week starts in) those hours are January's, on every page.
    def add_c3(data):
        w = data["workers"]
        c3 = w[w["worker_id"] == "C2"].assign(worker_id="C3", full_name="Ed Contractor", start_date="2024-02-01",
                                             hourly_rate=90.0, weekly_capacity_hours=40.0)
        data["workers"] = pd.concat([w, c3], ignore_index=True)
        data["timesheets"] = pd.concat(
            [data["timesheets"], pd.DataFrame([["C3", "ENG1", "2024-01-29", 16.0, True]],
                                              columns=data["timesheets"].columns)],
            ignore_index=True,
        )

    ws = _ws(tmp_path, add_c3)
    try:
        only_c3 = Filters(JAN.start, JAN.end, roles=("Network and Systems Administrator",))
        k = costs.cost_kpis(costs.period_facts(ws, only_c3), DEFAULTS)
        # C2 60 h × $80 + C3 16 h × $90 = 4,800 + 1,440 = 6,240; × 1.03 = 6,427.20
        assert k.contractor_spend == pytest.approx(6_427.20)
        assert k.contractor_people == 2
        u = utilization.utilization_facts(ws, only_c3)
        # Utilization counts the same 76 logged hours in January (C2 15 × 4 weeks + C3 16)
        assert u["total_hours"].sum() == pytest.approx(76.0)
        # and C3's capacity that week is 2 workdays (Thu 1, Fri 2 Feb) × 40 / 5 = 16 h
        c3 = ws.sql("SELECT capacity_hours FROM worker_weeks WHERE worker_id = 'C3'")
        assert c3["capacity_hours"].tolist() == [16.0]
    finally:
        ws.close()


def test_an_engagement_running_past_its_planned_end_stays_until_the_data_ends(tmp_path):
    # ENG1 is active with no actual end; make its planned end 5 Jan 2024. From 20 Jan it must still
    # be running (timesheets are logged on it to 28 Jan), not dropped once its planned end passed.
    def shorten(data):
        e = data["engagements"]
        e.loc[e["engagement_id"] == "ENG1", "planned_end"] = "2024-01-05"
        e.loc[e["engagement_id"] == "ENG1", "planned_start"] = "2023-10-01"

    ws = _ws(tmp_path, shorten)
    try:
        late = Filters(date(2024, 1, 20), date(2024, 1, 31))
        e = delivery.engagements(ws, late)
        assert list(e["engagement_id"]) == ["ENG1"]  # ENG2 ended 19 Jan, ENG3 10 Jan
        assert bool(e["running"].iloc[0])
        assert pd.Timestamp(e["span_end"].iloc[0]) == pd.Timestamp("2024-01-31")
        assert headlines.kpis(ws, late, DEFAULTS).engagements_active == 1
        s = delivery.delivery_summary(ws, late)
        assert dict(zip(s["delivery_model"], s["engagements"], strict=True)) == {"in-house": 1}
    finally:
        ws.close()


def test_a_workspace_built_by_older_rules_is_rebuilt_on_open(tmp_path):
    # Simulate a workspace written by an earlier version: its derived tables say another rule set.
    from analytics.store.db import Workspace

    ws = tiny.build_workspace(tmp_path)
    ws.sql("UPDATE _meta SET value = 'old' WHERE key = 'derived_rules'")
    ws.sql("UPDATE worker_months SET days_employed = 28 WHERE worker_id = 'E1'")
    ws.close()
    again = Workspace(tmp_path / "tiny.duckdb", lock_down=False, load_sample=False)
    try:
        got = again.sql("SELECT days_employed FROM worker_months WHERE worker_id = 'E1' AND month = '2024-01-01'")
        assert got["days_employed"].tolist() == [31]
    finally:
        again.close()
