"""The Break-even page's analytics as rewritten for the 100M-row snapshot: conversion_as_of takes the
pay medians the page already has (so break_even_rates runs once a page), conversion_costs looks
the equivalent salary up once per role × seniority and joins it to every contractor, and
cost_contractors_as_of sums the 52 weeks from contractor_weeks (the contractors' rows of worker_weeks,
built at load) — the same after a refresh of some weeks and after a roster change of worker_type.
Figures by hand in the comments; the tiny organisation is tests/tiny.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analytics.ingest import history, upload
from analytics.metrics import break_even, scenarios
from analytics.metrics.assumptions import DEFAULTS, CostAssumptions
from analytics.metrics.filters import Filters
from analytics.store.sql_files import load_sql, worker_filter
from tests import tiny

pytestmark = pytest.mark.usefixtures("show_small_groups")

JAN = Filters(date(2024, 1, 1), date(2024, 1, 31))
AS_OF = date(2024, 1, 31)
NSA = "Network and Systems Administrator"
COLUMNS = ["role", "seniority", "worker_type", "people", "median_salary", "median_rate"]
# salary × 1, no overhead, 2,000 productive hours, no fee: $200,000 → $100 per productive hour
ROUND = CostAssumptions(
    benefits_load=0.0, payroll_tax=0.0, overhead_per_employee=0.0, productive_hours_per_year=2000.0,
    vendor_management_fee=0.0, recruiting_cost=1000.0, tenure_limit_months=12.0,
)


def test_conversion_as_of_uses_the_medians_it_is_given(tiny_ws):
    # C2 (NSA, mid, $80/h, 780 h a year) is the one contractor active on 31 Jan. No NSA employee in the
    # tiny data, so with its own medians the equivalent salary is the OEWS median, $96,800 …
    own = scenarios.conversion_as_of(tiny_ws, JAN, AS_OF, DEFAULTS)
    given = scenarios.conversion_as_of(tiny_ws, JAN, AS_OF, DEFAULTS, break_even.pay_medians(tiny_ws, JAN))
    pd.testing.assert_frame_equal(given, own)
    assert own["equivalent_salary"].tolist() == [96_800.0]
    # … and with medians saying 5 NSA mid employees earn $200,000 it is that: 780 h × $100 = $78,000 a
    # year as an employee against 780 × $80 = $62,400 as a contractor → saving −15,600
    medians = pd.DataFrame([(NSA, "mid", "employee", 5, 200_000.0, None)], columns=COLUMNS)
    out = scenarios.conversion_as_of(tiny_ws, JAN, AS_OF, ROUND, medians)
    assert out["worker_id"].tolist() == ["C2"]
    assert out["equivalent_salary"].tolist() == [200_000.0]
    assert out["employee_annual_cost"].tolist() == pytest.approx([78_000.0])
    assert out["yearly_saving"].tolist() == pytest.approx([-15_600.0])
    assert out["salary_source"].tolist() == [f"median of 5 employees (mid {NSA}) in the filtered data"]


def _contractors(rows: list[tuple]) -> pd.DataFrame:
    """contractors_as_of rows: (worker_id, role, seniority, rate, tenure_days); 1,000 h in 52 weeks each."""
    df = pd.DataFrame(rows, columns=["worker_id", "role", "seniority", "hourly_rate", "tenure_days"])
    df["full_name"] = "Name " + df["worker_id"]
    df["department"] = "Infrastructure"
    df["vendor"] = "Acme"
    df["start_date"] = pd.Timestamp("2023-01-01")
    df["hours_52w"] = 1000.0
    df["weeks_52w"] = 52
    df["timesheet_weeks"] = 52
    return df


def test_each_contractor_gets_the_salary_of_their_own_role_and_seniority():
    # medians (5 employees each): NSA mid $200,000, NSA senior $300,000, NSA over all seniorities
    # $240,000; Software Developer has no employee row → the OEWS median, $133,080. 1,000 h a year each,
    # ROUND:
    #   A NSA mid     $90/h, 100 days:  90,000 − 1,000 × 100 = −10,000, neither reason
    #   B NSA senior $160/h, 400 days: 160,000 − 1,000 × 150 = +10,000, both reasons (400 d > 12 months)
    #   C NSA junior $150/h, 100 days: no junior row → the role's $240,000 → 150,000 − 120,000 = +30,000
    #   D NSA mid     $50/h, 400 days:  50,000 − 100,000 = −50,000, past the limit only
    #   E Software Developer mid $100/h: 100,000 − 1,000 × 133,080 / 2,000 = 100,000 − 66,540 = +33,460
    medians = pd.DataFrame(
        [(NSA, "mid", "employee", 5, 200_000.0, None), (NSA, "senior", "employee", 5, 300_000.0, None),
         (NSA, None, "employee", 15, 240_000.0, None)],
        columns=COLUMNS,
    )
    c = _contractors([
        ("A", NSA, "mid", 90.0, 100), ("B", NSA, "senior", 160.0, 400), ("C", NSA, "junior", 150.0, 100),
        ("D", NSA, "mid", 50.0, 400), ("E", "Software Developer", "mid", 100.0, 100),
    ])
    out = scenarios.conversion_costs(c, medians, ROUND).set_index("worker_id")
    assert out.loc[["A", "B", "C", "D"], "equivalent_salary"].tolist() == [200_000.0, 300_000.0, 240_000.0, 200_000.0]
    assert out.loc["E", "equivalent_salary"] == 133_080.0
    assert out.loc["E", "salary_source"] == "BLS OEWS May 2024 median (too few employees in the data)"
    assert out.loc["E", "yearly_saving"] == pytest.approx(33_460.0)
    assert out.loc[["A", "B", "C", "D"], "yearly_saving"].tolist() == pytest.approx([-10_000.0, 10_000.0, 30_000.0, -50_000.0])
    assert out.loc["C", "salary_source"] == f"median of 15 employees ({NSA}, all seniorities) in the filtered data"
    assert out.loc[["A", "B", "C", "D"], "reason"].tolist() == [
        "", "past the 12-month limit · costs more than an employee", "costs more than an employee",
        "past the 12-month limit",
    ]
    assert out.index.tolist() == ["E", "C", "B", "A", "D"]  # largest saving first


def test_a_contractor_without_a_rate_or_seniority_keeps_their_row():
    # no rate on the as-of date (NaN): contractor cost NaN, so not "costs more"; no seniority (NaN): the
    # role's median over all seniorities, $240,000
    medians = pd.DataFrame([(NSA, None, "employee", 15, 240_000.0, None)], columns=COLUMNS)
    c = _contractors([("A", NSA, None, np.nan, 400), ("B", NSA, np.nan, 130.0, 100)])
    out = scenarios.conversion_costs(c, medians, ROUND).set_index("worker_id")
    assert out.loc[["A", "B"], "equivalent_salary"].tolist() == [240_000.0, 240_000.0]
    assert out.loc["B", "yearly_saving"] == pytest.approx(130_000.0 - 120_000.0)
    assert np.isnan(out.loc["A", "yearly_saving"])
    assert out.loc[["A", "B"], "reason"].tolist() == ["past the 12-month limit", "costs more than an employee"]


# -- contractor_weeks: what cost_contractors_as_of's 52 weeks read ----------------------------------
REFERENCE = Path(__file__).parent / "reference_sql" / "cost_contractors_as_of.sql"  # reads worker_weeks


def _contractor_weeks(ws) -> list[tuple]:
    return [(r.worker_id, str(r.week_start)[:10], r.total_hours) for r in ws.sql(
        "SELECT * FROM contractor_weeks ORDER BY week_start, worker_id").itertuples()]


def _hours_52w(ws, as_of: date) -> dict[str, tuple[float, int]]:
    """worker_id → (hours_52w, weeks_52w) by the app's query, after checking it against the reference
    query (worker_weeks joined to the roster), column by column."""
    params = {**JAN.params(), "as_of": as_of}
    app = ws.sql(load_sql("cost_contractors_as_of"), params)
    ref = ws.sql(REFERENCE.read_text(encoding="utf-8").replace("{worker_filter}", worker_filter()), params)
    pd.testing.assert_frame_equal(app, ref[list(app.columns)], check_dtype=False)
    return {r.worker_id: (r.hours_52w, r.weeks_52w) for r in app.itertuples()}


def _csv(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False).replace("True", "true").replace("False", "false").encode()


def test_contractor_weeks_are_the_contractors_weeks_through_a_refresh_and_a_roster_change(tmp_path):
    ws = tiny.build_workspace(tmp_path)
    try:
        # C1 (leaves Fri 19 Jan) has the weeks of 1, 8 and 15 Jan: 44, 40, 40 h; C2 all four: 10 + 5 h each.
        # E1 and E2 are employees: none of their weeks.
        assert _contractor_weeks(ws) == [
            ("C1", "2024-01-01", 44.0), ("C2", "2024-01-01", 15.0), ("C1", "2024-01-08", 40.0), ("C2", "2024-01-08", 15.0),
            ("C1", "2024-01-15", 40.0), ("C2", "2024-01-15", 15.0), ("C2", "2024-01-22", 15.0),
        ]
        # Wed 17 Jan: both active, the weeks of 1, 8 and 15 Jan → C1 124 h in 3 weeks, C2 45 h in 3;
        # 31 Jan: only C2, 4 × 15 = 60 h in 4 weeks
        assert _hours_52w(ws, date(2024, 1, 17)) == {"C1": (124.0, 3), "C2": (45.0, 3)}
        assert _hours_52w(ws, date(2024, 1, 31)) == {"C2": (60.0, 4)}

        # the week of 22 Jan re-exported with C2's internal time 5 → 9 h: only that week is rebuilt
        week = tiny.frames()["timesheets"].query("week_start == '2024-01-22'").copy()
        week.loc[(week.worker_id == "C2") & week.engagement_id.isna(), "hours"] = 9
        upload.load(ws, [upload.FileSpec("week4.csv", _csv(week), "timesheets", "replace_weeks")])
        assert ws.last_rebuild["contractor_weeks"] == "2024-01-22…2024-01-22"
        assert _contractor_weeks(ws)[-1] == ("C2", "2024-01-22", 19.0)
        assert _hours_52w(ws, date(2024, 1, 31)) == {"C2": (64.0, 4)}  # 15 × 3 + 19
        assert _hours_52w(ws, date(2024, 1, 17)) == {"C1": (124.0, 3), "C2": (45.0, 3)}

        # the roster again with C2 an employee and E2 (starts Wed 10 Jan; 24, 40, 40 h) a contractor at
        # $60/h: everything is rebuilt, C2's weeks leave and E2's come in
        roster = tiny.frames()["workers"].set_index("worker_id")
        roster.loc["C2", ["worker_type", "vendor", "annual_salary", "hourly_rate"]] = ["employee", None, 90_000.0, None]
        roster.loc["E2", ["worker_type", "vendor", "annual_salary", "hourly_rate"]] = ["contractor", "Acme", None, 60.0]
        upload.load(ws, [upload.FileSpec("roster.csv", _csv(roster.reset_index()), "workers", "upsert")])
        assert ws.last_rebuild["contractor_weeks"] == "all"
        assert _contractor_weeks(ws) == [
            ("C1", "2024-01-01", 44.0), ("C1", "2024-01-08", 40.0), ("E2", "2024-01-08", 24.0),
            ("C1", "2024-01-15", 40.0), ("E2", "2024-01-15", 40.0), ("E2", "2024-01-22", 40.0),
        ]
        assert _hours_52w(ws, date(2024, 1, 17)) == {"C1": (124.0, 3), "E2": (64.0, 2)}
        assert _hours_52w(ws, date(2024, 1, 31)) == {"E2": (104.0, 3)}

        # undone: C2 a contractor again, with the refreshed week's 19 h
        history.undo_last(ws)
        assert ws.last_rebuild["contractor_weeks"] == "all"
        assert _contractor_weeks(ws)[-1] == ("C2", "2024-01-22", 19.0) and len(_contractor_weeks(ws)) == 7
        assert _hours_52w(ws, date(2024, 1, 31)) == {"C2": (64.0, 4)}
    finally:
        ws.close()
