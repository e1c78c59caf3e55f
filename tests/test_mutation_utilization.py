"""Tests for analytics/metrics/utilization.py that mutation testing (`make mutate`) showed were missing: the
shape of the group tables (columns, a fresh index, categorical groups), groups with no or tiny
capacity, the non-billable roles setting reaching every table, empty inputs, the export's rounding
and the window when there are no timesheets. Every figure is worked out by hand in the comments."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from analytics.metrics import allocation
from analytics.metrics import utilization as u
from analytics.metrics.filters import Filters
from tests import tiny

JAN = Filters(date(2024, 1, 1), date(2024, 1, 31))
SD, DBA, NSA, ISA = (
    "Software Developer", "Database Administrator", "Network and Systems Administrator",
    "Information Security Analyst",
)
SUPPORT = "Computer User Support Specialist"  # non-billable by default


def _facts(rows: list[tuple]) -> pd.DataFrame:
    """utilization_facts-shaped rows: (week_start, worker_type, role, capacity, logged, billable)."""
    df = pd.DataFrame(
        rows, columns=["week_start", "worker_type", "role", "capacity_hours", "total_hours", "billable_hours"]
    )
    df["department"] = "Engineering"
    df["people"] = 1
    df["week_start"] = pd.to_datetime(df["week_start"])
    return df


WEEK = "2024-01-08"


def test_rates_by_role_columns_values_and_a_group_without_billable_roles():
    facts = _facts([
        (WEEK, "employee", SD, 40.0, 40.0, 30.0),
        (WEEK, "contractor", SD, 40.0, 44.0, 44.0),
        (WEEK, "employee", SUPPORT, 40.0, 40.0, 0.0),
    ])
    r = u.rates_by(facts, ["role"])
    assert r.columns.tolist() == [
        "role", "capacity_hours", "total_hours", "billable_hours", "utilization", "allocation",
        "billable_role_capacity_hours", "billable_role_billable_hours",
    ]
    assert r.index.tolist() == [0, 1]
    sd = r[r["role"] == SD].iloc[0]
    # Software Developer: capacity 40 + 40 = 80, logged 84, billable 74 → 92.5% billable, 105% allocated
    assert (sd["capacity_hours"], sd["total_hours"], sd["billable_hours"]) == (80.0, 84.0, 74.0)
    assert sd["utilization"] == pytest.approx(0.925) and sd["allocation"] == pytest.approx(1.05)
    assert (sd["billable_role_capacity_hours"], sd["billable_role_billable_hours"]) == (80.0, 74.0)
    # support never bills: no billable-role hours (0, not blank) and no utilization; allocation 40/40
    sup = r[r["role"] == SUPPORT].iloc[0]
    assert (sup["billable_role_capacity_hours"], sup["billable_role_billable_hours"]) == (0.0, 0.0)
    assert np.isnan(sup["utilization"]) and sup["allocation"] == pytest.approx(1.0)


def test_rates_by_a_categorical_column_lists_only_the_groups_present():
    # DuckDB ENUM columns arrive as pandas categoricals: a worker type with no rows is not a group
    facts = _facts([(WEEK, "employee", SD, 40.0, 40.0, 30.0)])
    facts["worker_type"] = pd.Categorical(facts["worker_type"], categories=["contractor", "employee"])
    r = u.rates_by(facts, ["worker_type"])
    assert r["worker_type"].tolist() == ["employee"]
    assert r["utilization"].tolist() == [pytest.approx(0.75)]  # 30 / 40


def test_utilization_with_no_capacity_is_blank_and_one_hour_of_capacity_counts():
    # week 1: 40 h of leave, 5 h logged and billed anyway → no capacity: utilization blank, not ∞;
    # week 2: 39 h of leave, 1 h capacity, 1 h billed → 100%
    facts = _facts([("2024-01-01", "employee", SD, 0.0, 5.0, 5.0), ("2024-01-08", "employee", SD, 1.0, 1.0, 1.0)])
    r = u.rates_by(facts, ["week_start"])
    assert np.isnan(r.loc[0, "utilization"]) and np.isnan(r.loc[0, "allocation"])
    assert r.loc[1, "utilization"] == 1.0 and r.loc[1, "allocation"] == 1.0


def test_monthly_trend_follows_the_non_billable_setting_and_numbers_its_rows():
    # Jan: an SD employee 40/40/30 and a support employee 40/40/20; Feb: the SD employee 40/40/40
    facts = _facts([
        ("2024-01-08", "employee", SD, 40.0, 40.0, 30.0),
        ("2024-01-08", "employee", SUPPORT, 40.0, 40.0, 20.0),
        ("2024-02-05", "employee", SD, 40.0, 40.0, 40.0),
    ])
    default = u.monthly_trend(facts)
    # default setting: support is non-billable → January's utilization is the SD's 30 / 40
    assert default.index.tolist() == [0, 1, 2, 3]  # 2 months overall, then 2 months × employee
    assert default["worker_type"].tolist() == ["all", "all", "employee", "employee"]
    assert default["utilization"].tolist() == pytest.approx([0.75, 1.0, 0.75, 1.0])
    # support marked billable (an empty setting): January is (30 + 20) / 80 = 62.5%, overall and by type
    everyone = u.monthly_trend(facts, ())
    assert everyone["utilization"].tolist() == pytest.approx([0.625, 1.0, 0.625, 1.0])


def test_monthly_trend_of_nothing_has_the_trend_columns():
    empty = u.monthly_trend(_facts([]))
    assert empty.empty
    assert empty.columns.tolist() == [
        "month", "worker_type", "capacity_hours", "total_hours", "billable_hours",
        "billable_role_capacity_hours", "billable_role_billable_hours", "utilization", "allocation",
    ]


def test_unbilled_vs_contractor_hours_by_hand():
    facts = _facts([
        (WEEK, "employee", SD, 40.0, 40.0, 30.0),  # 10 h unbilled, 75%
        (WEEK, "contractor", SD, 40.0, 44.0, 44.0),  # 44 h billed, 110%
        (WEEK, "contractor", DBA, 40.0, 20.0, 20.0),  # no employee DBA: 0 capacity, 0 unbilled
        (WEEK, "employee", ISA, 40.0, 40.0, 40.0),  # fully billed: 0 unbilled
        (WEEK, "employee", NSA, 40.0, 44.0, 44.0),  # billed 44 of 40: unbilled floored at 0, not −4
    ])
    t = u.unbilled_vs_contractor_hours(facts)
    # most unbilled first; the three 0-h ties by role name A → Z
    assert t["role"].tolist() == [SD, DBA, ISA, NSA]
    assert t.index.tolist() == [0, 1, 2, 3]
    assert t.columns.tolist() == [
        "role", "employee_capacity_hours", "employee_unbilled_hours", "employee_utilization",
        "contractor_billable_hours", "contractor_utilization",
    ]
    assert t["employee_capacity_hours"].tolist() == [40.0, 0.0, 40.0, 40.0]
    assert t["employee_unbilled_hours"].tolist() == [10.0, 0.0, 0.0, 0.0]
    assert t["employee_utilization"].tolist()[0] == pytest.approx(0.75)
    assert np.isnan(t["employee_utilization"].iloc[1])
    assert t["employee_utilization"].tolist()[2:] == pytest.approx([1.0, 1.1])
    assert t["contractor_billable_hours"].tolist() == [44.0, 20.0, 0.0, 0.0]
    assert t["contractor_utilization"].tolist()[:2] == pytest.approx([1.1, 0.5])
    assert t["contractor_utilization"].iloc[2:].isna().all()


def test_unbilled_vs_contractor_hours_with_support_marked_billable():
    # with no role marked non-billable, a support employee 40/40/20 has 20 h unbilled, 50% billed
    facts = _facts([(WEEK, "employee", SUPPORT, 40.0, 40.0, 20.0)])
    t = u.unbilled_vs_contractor_hours(facts, ())
    assert t["role"].tolist() == [SUPPORT]
    assert t["employee_unbilled_hours"].tolist() == [20.0]
    assert t["employee_utilization"].tolist() == [pytest.approx(0.5)]
    # by default support is non-billable, so it is not in the table at all, which keeps its columns
    empty = u.unbilled_vs_contractor_hours(facts)
    assert empty.empty and empty.columns.tolist() == [
        "role", "employee_capacity_hours", "employee_unbilled_hours", "employee_utilization",
        "contractor_billable_hours", "contractor_utilization",
    ]


def _person(worker_id, name, role, cap, logged, eng, billable=None) -> dict:
    return {
        "worker_id": worker_id, "full_name": name, "worker_type": "employee", "department": "Engineering",
        "role": role, "weeks": 4, "capacity_hours": cap, "total_hours": logged,
        "billable_hours": eng if billable is None else billable, "engagement_hours": eng,
        "weeks_over_capacity": 0, "engagements": 1, "engagement_names": "Billing rewrite",
    }


def _people(rows: list[dict]) -> pd.DataFrame:
    p = u.add_rates(pd.DataFrame(rows))
    p["engagement_share"] = p["engagement_hours"] / p["capacity_hours"]
    return p


def test_busy_off_project_follows_the_non_billable_setting_and_lists_are_renumbered():
    # 160 h capacity, 150 logged of which 20 on engagements (12.5% < 50%): free 10 < internal 130 → busy
    # off-project, if the role is billable. Support is non-billable by default, so only with ().
    people = _people([
        _person("W1", "Zed", SD, 160.0, 160.0, 160.0),  # fully on engagements: on no list
        _person("W2", "Sam", SUPPORT, 160.0, 150.0, 20.0),
        _person("W3", "Ann", SD, 160.0, 150.0, 40.0),  # 25%: busy off-project in any setting
    ])
    assert allocation.busy_off_project(people)["full_name"].tolist() == ["Ann"]
    busy = allocation.busy_off_project(people, non_billable_roles=())
    assert busy["full_name"].tolist() == ["Sam", "Ann"]  # least engagement share first: 12.5%, 25%
    assert busy.index.tolist() == [0, 1]
    assert busy.columns.tolist() == people.columns.tolist()  # the people table's own columns, no more
    # bench: 160 capacity, 40 logged all on engagements (25%): free 120 ≥ internal 0
    bench = allocation.bench(_people([_person("W9", "Bo", SD, 160.0, 100.0, 100.0), _person("W8", "Al", SD, 160.0, 40.0, 40.0)]))
    assert bench["full_name"].tolist() == ["Al"] and bench.index.tolist() == [0]


def test_people_export_rounds_every_hours_column_to_a_tenth():
    p = _people([_person("W1", "Ann", SD, 40.04, 30.06, 12.34)])
    out = allocation.people_export(p)
    assert out.loc[0, "capacity_hours"] == 40.0
    assert out.loc[0, "total_hours"] == 30.1
    assert out.loc[0, "engagement_hours"] == 12.3
    assert out.loc[0, "billable_hours"] == 12.3
    # rates to 4 decimals: 12.34 / 40.04 = 0.308192 → 0.3082
    assert out.loc[0, "utilization"] == 0.3082
    assert allocation.people_csv(p).decode("utf-8").splitlines()[0].startswith("worker_id,full_name,")


def test_recent_weeks_without_timesheets_count_back_from_the_as_of_date(tmp_path):
    data = tiny.frames()
    data = {**data, **{t: data[t].iloc[0:0] for t in ("timesheets", "time_off", "reviews")}}
    ws = tiny.build_workspace(tmp_path, data)
    try:
        # no timesheet week at all: the 4 weeks up to Wed 31 Jan's week (Mon 29 Jan): 8 – 29 Jan
        assert allocation.recent_weeks(ws, JAN, date(2024, 1, 31), 4) == (date(2024, 1, 8), date(2024, 1, 29))
    finally:
        ws.close()


def test_heatmap_shows_40_rows_a_page_and_names_its_choices(tiny_ws):
    assert allocation.allocation_heatmap(tiny_ws, JAN).limit == 40
    with pytest.raises(ValueError, match=r"^heatmap rows must be one of \('person', 'department'\)$"):
        allocation.allocation_heatmap(tiny_ws, JAN, by="role")
    with pytest.raises(ValueError, match=r"^heatmap sort must be one of \('problem', 'high', 'low', 'name'\)$"):
        allocation.allocation_heatmap(tiny_ws, JAN, sort="random")


def test_booked_share_without_capacity_is_blank_and_one_hour_counts():
    cd = pd.DataFrame({"month": ["2024-01", "2024-02"], "capacity_hours": [0.0, 1.0], "booked_hours": [5.0, 1.0]})
    out = u.add_demand_rates(cd)
    assert out["gap_hours"].tolist() == [-5.0, 0.0]
    assert np.isnan(out.loc[0, "booked_share"]) and out.loc[1, "booked_share"] == 1.0


def test_capacity_vs_demand_of_nothing_keeps_numeric_hours():
    empty = u.capacity_vs_demand_by(pd.DataFrame(columns=["month", "role", "capacity_hours", "booked_hours"]), ["role"])
    assert empty.empty
    assert empty.columns.tolist() == ["role", "capacity_hours", "booked_hours", "gap_hours", "booked_share"]
    assert str(empty["capacity_hours"].dtype) == "float64" and str(empty["booked_hours"].dtype) == "float64"


def test_ratio_without_a_denominator_is_none():
    assert u.ratio(5, 0) is None
    assert u.ratio(3, 4) == 0.75


def test_period_totals_of_nothing_count_no_one():
    t = u.period_totals(_facts([]))
    assert (t.people, t.capacity_hours, t.utilization, t.allocation) == (0, 0.0, None, None)


def test_staffing_status_at_the_edges_of_no_and_one_hour_of_capacity():
    people = _people([
        _person("W1", "No capacity, nothing logged", SD, 0.0, 0.0, 0.0),  # a week of leave: on no list
        _person("W2", "One hour, half logged", SD, 1.0, 0.5, 0.5),  # 50% on engagements: not under 50%
        _person("W3", "One hour, none logged", SD, 1.0, 0.0, 0.0),  # 0 h on engagements, 1 h free → bench
        _person("W4", "No capacity, an hour logged", SD, 0.0, 1.0, 1.0),  # hours without capacity: over
    ])
    assert allocation.staffing_status(people).tolist() == ["", "", "bench", "over_allocated"]


def test_over_allocated_at_the_edges_and_in_order():
    people = _people([
        _person("W1", "Nil", SD, 0.0, 0.0, 0.0),  # nothing logged, no capacity: not over-allocated
        _person("W2", "Half", SD, 1.0, 0.5, 0.5),  # 50%
        _person("W3", "Sliver", SD, 0.0, 0.5, 0.5),  # half an hour logged without capacity: listed
        _person("W4", "Bea", SD, 40.0, 48.0, 40.0),  # 120%
        _person("W5", "Abe", SD, 40.0, 48.0, 40.0),  # 120%, ties with Bea: by name
        _person("W6", "Cal", SD, 40.0, 44.0, 40.0),  # 110%
    ])
    over = allocation.over_allocated(people)
    # no capacity first (no allocation to rank), then highest allocation, ties A → Z
    assert over["full_name"].tolist() == ["Sliver", "Abe", "Bea", "Cal"]
    assert over.index.tolist() == [0, 1, 2, 3]
    assert over.columns.tolist() == people.columns.tolist()  # renumbered, no old index column added


def test_heatmap_rows_follow_the_ranking_not_the_ids(tiny_ws):
    # sorted by name: Ada (E1), Bo (E2), Cy (C1), Di (C2); ids sort C1, C2, E1, E2
    h = allocation.allocation_heatmap(tiny_ws, JAN, sort="name")
    assert h.rows["row_key"].tolist() == ["E1", "E2", "C1", "C2"]
    assert h.rows.columns.tolist() == [
        "rank", "row_key", "row_label", "worker_type", "role", "problem_weeks", "period_allocation"
    ]
    assert h.rows.index.tolist() == [0, 1, 2, 3]
    assert h.allocation.index.tolist() == ["E1", "E2", "C1", "C2"]
    assert h.utilization.index.tolist() == ["E1", "E2", "C1", "C2"]
    assert list(h.allocation.columns) == [pd.Timestamp(w) for w in tiny.WEEKS]
    # C1 logged 44 h of 40 in week 1: 110%; E2 started in week 2: blank in week 1
    assert h.allocation.loc["C1", pd.Timestamp("2024-01-01")] == pytest.approx(1.1)
    assert np.isnan(h.allocation.loc["E2", pd.Timestamp("2024-01-01")])
    # period allocation: C1 124 / 120
    assert h.rows.loc[2, "period_allocation"] == pytest.approx(124 / 120)


def test_heatmap_page_1_past_the_end_falls_back_with_the_same_setting(tiny_ws):
    # Infrastructure has one person (C2): asking for row 2 onwards (offset 1) shows the first page;
    # NSA marked non-billable there, so C2's billable utilization cells stay blank
    infra = Filters(JAN.start, JAN.end, departments=("Infrastructure",))
    h = allocation.allocation_heatmap(tiny_ws, infra, offset=1, non_billable_roles=(NSA,))
    assert h.rows["row_key"].tolist() == ["C2"] and h.offset == 0
    assert h.utilization.loc["C2"].isna().all()
    assert h.allocation.loc["C2"].tolist() == [0.75] * 4  # 15 of 20 h every week


def test_an_empty_heatmap_is_empty_frames_with_the_row_columns(tiny_ws):
    later = Filters(date(2025, 1, 1), date(2025, 1, 31))
    h = allocation.allocation_heatmap(tiny_ws, later, limit=10)
    assert h.allocation.empty and h.utilization.empty
    assert h.rows.columns.tolist() == ["rank", "row_key", "row_label", "worker_type"]
    assert (h.total_rows, h.limit, h.pages, h.page) == (0, 10, 1, 1)


def test_heatmap_week_with_no_capacity_is_blank_even_with_hours_logged(tmp_path):
    """E1 takes the whole first week off (40 h of leave) yet logs 30 billable hours: 30 / 0 capacity is
    no rate at all, so both cells are blank (not infinite); weeks 2–4 stay 32 / 40 = 80% billable."""
    data = tiny.frames()
    data["time_off"].loc[0, "hours"] = 40.0
    h = allocation.allocation_heatmap(tiny.build_workspace(tmp_path, data), JAN, sort="name")
    first = pd.Timestamp("2024-01-01")
    assert np.isnan(h.utilization.loc["E1", first]) and np.isnan(h.allocation.loc["E1", first])
    assert h.utilization.loc["E1"].tolist()[1:] == pytest.approx([0.8, 0.8, 0.8])
    assert all(isinstance(w, pd.Timestamp) for w in h.utilization.columns)


def test_a_one_row_heatmap_counts_one_row(tiny_ws):
    infra = Filters(date(2024, 1, 1), date(2024, 1, 31), departments=("Infrastructure",))
    h = allocation.allocation_heatmap(tiny_ws, infra, by="department")
    # Infrastructure is C2 alone: 20 h a week of capacity, 15 h logged → 75% each week
    assert (h.total_rows, h.rows["row_key"].tolist()) == (1, ["Infrastructure"])
    assert h.allocation.loc["Infrastructure"].tolist() == pytest.approx([0.75] * 4)


def test_half_an_hour_logged_without_capacity_is_over_allocated():
    people = _people([_person("W1", "No capacity, half an hour logged", SD, 0.0, 0.5, 0.5)])
    assert allocation.staffing_status(people).tolist() == ["over_allocated"]
