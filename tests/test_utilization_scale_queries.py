"""The Utilization page's two costly queries at scale, worked out by hand on tiny organisations: the staffing
lists picked in DuckDB (analytics/sql/util_staffing_lists.sql) are allocation.bench, busy_off_project and
over_allocated of every person's window, in their order (ties included), and the heatmap's page of people
(analytics/sql/util_heatmap_people.sql, a top-N of the page instead of a rank of everyone) has the ranks and the
count of people the page shows."""

from datetime import date

import pandas as pd
import pytest

from analytics.metrics import allocation
from analytics.metrics.filters import Filters
from analytics.metrics.staffing_lists import staffing_lists
from tests import tiny

JAN = Filters(date(2024, 1, 1), date(2024, 1, 31))
LISTS = ("bench", "busy_off_project", "over_allocated")


def lists_of(ws, first, last, threshold, non_billable=()):
    """The worker_ids of each list, in its order; and the lists equal pandas' rules on people_utilization."""
    got = staffing_lists(ws, JAN, first, last, threshold, non_billable)
    people = allocation.people_utilization(ws, JAN, first, last)
    pd.testing.assert_frame_equal(got.bench, allocation.bench(people, threshold, non_billable))
    pd.testing.assert_frame_equal(got.busy_off_project, allocation.busy_off_project(people, threshold, non_billable))
    pd.testing.assert_frame_equal(got.over_allocated, allocation.over_allocated(people))
    return {name: getattr(got, name)["worker_id"].tolist() for name in LISTS}


def test_tiny_lists_by_hand(tiny_ws):
    # weeks of 1–22 Jan: capacity / logged / engagement hours (free = cap − logged, internal = logged − eng)
    #   E1 152 / 152 / 126 (share 83%, free 0, internal 26)   E2 104 / 104 / 80 (77%, free 0, internal 24)
    #   C1 120 / 124 / 124 (over capacity)                    C2  80 /  60 / 40 (50%, free 20, internal 20)
    first, last = date(2024, 1, 1), date(2024, 1, 22)
    # at 50% C2 is exactly at the threshold, not below it
    assert lists_of(tiny_ws, first, last, 0.5) == {"bench": [], "busy_off_project": [], "over_allocated": ["C1"]}
    # at 60% C2's free 20 h = its internal 20 h: the bench (free ≥ internal)
    assert lists_of(tiny_ws, first, last, 0.6) == {"bench": ["C2"], "busy_off_project": [], "over_allocated": ["C1"]}
    # at 90% E1 and E2 have no free hours: busy off-project, least share first (E2 77% before E1 83%)
    assert lists_of(tiny_ws, first, last, 0.9) == {
        "bench": ["C2"], "busy_off_project": ["E2", "E1"], "over_allocated": ["C1"]}
    # non-billable roles are on neither, whatever their share; over-allocated is any role
    assert lists_of(tiny_ws, first, last, 0.9, ("Software Developer", "Database Administrator")) == {
        "bench": ["C2"], "busy_off_project": [], "over_allocated": ["C1"]}
    got = staffing_lists(tiny_ws, JAN, first, last, 0.9, ())
    c2 = got.bench.iloc[0]
    assert (c2["engagements"], c2["engagement_names"], c2["weeks"]) == (1, "Billing rewrite", 4)
    assert c2["engagement_share"] == pytest.approx(40 / 80) and c2["utilization"] == pytest.approx(40 / 80)
    c1 = got.over_allocated.iloc[0]
    assert c1["allocation"] == pytest.approx(124 / 120) and c1["weeks_over_capacity"] == 1
    assert list(got.over_allocated.index) == [0]  # each list has its own index


def _with_ties():
    """tiny.py plus four software developers, all 40 h a week, for the week of 22 Jan:
    Y2 and Y1 (both "Yu Same") and X1 ("Ann Early") log 10 h on ENG1 and nothing else (share 25%, free 30 h,
    internal 0: the bench, tied on share); Z1 takes the whole week off (capacity 0) and logs 5 h internal
    (over-allocated with no capacity: no allocation)."""
    data = tiny.frames()
    row = data["workers"].iloc[0].to_dict()  # E1: a software developer employed all month
    extra = [{**row, "worker_id": i, "full_name": n} for i, n in
             (("Y2", "Yu Same"), ("Y1", "Yu Same"), ("X1", "Ann Early"), ("Z1", "Zed Away"))]
    data["workers"] = pd.concat([data["workers"], pd.DataFrame(extra)], ignore_index=True)
    ts = [[i, "ENG1", "2024-01-22", 10, True] for i in ("Y2", "Y1", "X1")] + [["Z1", None, "2024-01-22", 5, False]]
    data["timesheets"] = pd.concat([data["timesheets"], pd.DataFrame(ts, columns=tiny.TIMESHEET_COLUMNS)],
                                   ignore_index=True)
    data["time_off"] = pd.concat(
        [data["time_off"], pd.DataFrame([["Z1", "2024-01-22", 40.0]], columns=tiny.TIME_OFF_COLUMNS)],
        ignore_index=True)
    return data


def test_ties_and_no_capacity_keep_pandas_order(tmp_path):
    ws = tiny.build_workspace(tmp_path, _with_ties())
    try:
        week = date(2024, 1, 22)
        # the week of 22 Jan (C1 has left): E1 40 / 40 / 32 (80%), E2 40 / 40 / 30 (75%), C2 20 / 15 / 10 (50%),
        # X1, Y1, Y2 40 / 10 / 10 (25%), Z1 0 / 5 / 0
        got = lists_of(ws, week, week, 0.5)
        # bench at 50%: the three at 25% (C2 is exactly at 50%), by name, then worker_id for the same name
        assert got["bench"] == ["X1", "Y1", "Y2"]
        assert got["busy_off_project"] == []
        # Z1 logged hours with no capacity: over-allocated, first (no allocation sorts first)
        assert got["over_allocated"] == ["Z1"]
        # at 90%: E2 (75%) and E1 (80%) have no free hours: busy off-project
        got = lists_of(ws, week, week, 0.9)
        assert got["bench"] == ["X1", "Y1", "Y2", "C2"] and got["busy_off_project"] == ["E2", "E1"]
    finally:
        ws.close()


def test_a_window_with_no_weeks_lists_nobody(tiny_ws):
    # Tuesday to Thursday: no week starts inside
    assert lists_of(tiny_ws, date(2024, 1, 9), date(2024, 1, 11), 0.9) == {name: [] for name in LISTS}


def heatmap_rows(ws, sort, limit, offset, threshold=0.5):
    df = ws.query("util_heatmap_people", {
        **JAN.params(), "sort": sort, "threshold": threshold, "limit": limit, "offset": offset,
        "non_billable_roles": [],
    })
    rows = df.drop_duplicates("row_key")
    return rows["row_key"].tolist(), rows["rank"].tolist(), sorted(set(df["total_rows"])), df


def test_tiny_heatmap_page_ranks_by_hand(tiny_ws):
    # January at 50% (tests/tiny.py): problem weeks (over capacity, or billable below half the capacity) and
    # period allocation: C1 1 week (44 h against 40) and 124 / 120; C2 0 and 60 / 80 = 75%; E1 0 and 152 / 152;
    # E2 0 and 104 / 104. Most problem weeks first, then furthest from 100% (C2), then by name (Ada E1, Bo E2).
    assert heatmap_rows(tiny_ws, "problem", 25, 0)[:3] == (["C1", "C2", "E1", "E2"], [1, 2, 3, 4], [4])
    # a page in the middle keeps the ranks and the count of everyone
    keys, ranks, total, df = heatmap_rows(tiny_ws, "problem", 2, 1)
    assert (keys, ranks, total) == (["C2", "E1"], [2, 3], [4])
    assert df.loc[df["row_key"] == "C2", "week_start"].tolist() == [pd.Timestamp(w) for w in tiny.WEEKS]
    # highest allocation first: C1 103%, E1 and E2 100% (by name), C2 75%; the last page holds one row
    assert heatmap_rows(tiny_ws, "high", 3, 0)[:3] == (["C1", "E1", "E2"], [1, 2, 3], [4])
    assert heatmap_rows(tiny_ws, "high", 3, 3)[:3] == (["C2"], [4], [4])
    assert heatmap_rows(tiny_ws, "low", 1, 0)[:2] == (["C2"], [1])
    # past the last row: nothing (allocation_heatmap then falls back to the first page)
    assert heatmap_rows(tiny_ws, "name", 2, 4)[3].empty
    heat = allocation.allocation_heatmap(tiny_ws, JAN, "person", "problem", 0.5, 2, 4, ())
    assert heat.rows["row_key"].tolist() == ["C1", "C2"] and heat.total_rows == 4 and heat.offset == 0
