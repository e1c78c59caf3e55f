"""The Utilization page's three lists in one cached result (analytics/metrics/staffing_lists.py) are exactly what
analytics.metrics.utilization's bench, busy_off_project and over_allocated give on every person's window."""

from datetime import date

import pandas as pd

from analytics.metrics import allocation
from analytics.metrics.filters import Filters
from analytics.metrics.staffing_lists import staffing_lists
from analytics.store.db import Workspace
from bench.dataset import ensure_dataset, whole_period

JAN = Filters(date(2024, 1, 1), date(2024, 1, 31))


def same_lists(ws, f, first, last, threshold, non_billable):
    got = staffing_lists(ws, f, first, last, threshold, non_billable)
    people = allocation.people_utilization(ws, f, first, last)
    pd.testing.assert_frame_equal(got.bench, allocation.bench(people, threshold, non_billable))
    pd.testing.assert_frame_equal(got.busy_off_project, allocation.busy_off_project(people, threshold, non_billable))
    pd.testing.assert_frame_equal(got.over_allocated, allocation.over_allocated(people))
    return got


def test_tiny_lists(tiny_ws):
    # the four January weeks: C1 logged 124 h against 120 h of capacity (103%, over-allocated)
    got = same_lists(tiny_ws, JAN, date(2024, 1, 1), date(2024, 1, 22), 0.5, ())
    assert got.over_allocated["worker_id"].tolist() == ["C1"]


def test_a_generated_organisation(tmp_path):
    ds = ensure_dataset(200, 1, 7, tmp_path, log=lambda _: None)
    ws = Workspace(ds.db, load_sample=False)
    try:
        whole = whole_period(ws)
        first, last = allocation.recent_weeks(ws, whole, whole.end, 4)
        for threshold, non_billable in ((0.5, ("IT Support Specialist",)), (0.9, ())):
            got = same_lists(ws, whole, first, last, threshold, non_billable)
            assert len(got.bench) + len(got.busy_off_project) + len(got.over_allocated) > 0
    finally:
        ws.close()
