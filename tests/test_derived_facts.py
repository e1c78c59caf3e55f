"""The facts built once at load so the pages need not scan timesheets or person-weeks at ~100M rows
(people_months, booked_weeks, worker_month_runs, logged_week_runs, engagement_week_runs,
engagement_recent_hours, contractor_weeks): each query that reads them returns the same rows and numbers as the
query it replaced, kept in tests/reference_sql/, which reads timesheets and the person tables
directly. Compared on the tiny organisation and on a generated one, for the whole period, filtered,
and for periods and windows that start or end inside a month or a week."""

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from analytics.metrics.filters import Filters
from analytics.store.db import Workspace
from analytics.store.sql_files import load_sql, worker_filter
from bench import metrics
from bench.dataset import ensure_dataset, whole_period

JAN = Filters(date(2024, 1, 1), date(2024, 1, 31))

REFERENCE = Path(__file__).parent / "reference_sql"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A generated organisation of 200 workers over one year, loaded into a workspace file."""
    d = ensure_dataset(200, 1, 7, tmp_path_factory.mktemp("facts"), log=lambda _: None)
    ws = Workspace(d.db, load_sample=False)
    yield ws
    ws.close()


def same_as_reference(ws: Workspace, name: str, params: dict) -> pd.DataFrame:
    """The app's query and the reference, on the same parameters: same columns, rows and numbers."""
    ref = (REFERENCE / f"{name}.sql").read_text(encoding="utf-8").replace("{worker_filter}", worker_filter())
    app, want = ws.sql(load_sql(name), params), ws.sql(ref, params)
    assert list(app.columns) == list(want.columns), name
    keys = [c for c in app.columns if app[c].dtype.kind not in "fiu"]
    metrics.same_numbers(name, app, want, keys, [c for c in app.columns if c not in keys])
    return app


def periods(whole: Filters) -> list[Filters]:
    """The whole period, a filtered one, a quarter from mid-month to mid-month, one month cut at both
    ends, and one starting on the 1st and ending inside its second month."""
    mid = whole.start + timedelta(days=105)
    first = whole.start.replace(day=1) + timedelta(days=62)
    first = first.replace(day=1)
    return [
        whole,
        Filters(whole.start, whole.end, departments=("Engineering",), worker_types=("contractor",)),
        Filters(mid, mid + timedelta(days=87), roles=("Software Developer",)),
        Filters(first.replace(day=10), first.replace(day=20)),
        Filters(first, first + timedelta(days=40)),
    ]


def test_capacity_vs_demand_and_period_people_equal_the_timesheet_queries(tiny_ws, generated):
    for name in ("util_capacity_demand", "cost_period_facts"):
        assert len(same_as_reference(tiny_ws, name, JAN.params())) > 0
        for f in periods(whole_period(generated)):
            app = same_as_reference(generated, name, f.params())
            assert len(app) > 0, (name, f)


def test_tiny_capacity_vs_demand_by_hand(tiny_ws):
    # January, tiny.py: E1 and C1 are software developers (capacity 152 + 120 h, engagement hours
    # 152 + 124), E2 a DBA (104 h capacity), C2 a network administrator (80 h)
    cd = tiny_ws.query("util_capacity_demand", JAN.params()).set_index("role")
    assert cd.loc["Software Developer", "people"] == 2
    assert cd.loc["Software Developer", "capacity_hours"] == 152 + 120


def test_contractors_logged_weeks_equal_the_timesheet_query(tiny_ws, generated):
    for as_of in (date(2024, 1, 31), date(2024, 1, 15), date(2024, 1, 17)):
        assert len(same_as_reference(tiny_ws, "cost_contractors_as_of", {**JAN.params(), "as_of": as_of})) > 0
    whole = whole_period(generated)
    monday = whole.end - timedelta(days=whole.end.weekday() + 70)
    for f in periods(whole)[:3]:
        for as_of in (f.end, monday, monday + timedelta(days=2)):
            app = same_as_reference(generated, "cost_contractors_as_of", {**f.params(), "as_of": as_of})
            assert len(app) > 0 and (app["timesheet_weeks"] > 0).any()


def test_people_engagements_in_a_window_equal_the_timesheet_query(tiny_ws, generated):
    for first, last in ((date(2024, 1, 1), date(2024, 1, 22)), (date(2024, 1, 10), date(2024, 1, 24))):
        assert len(same_as_reference(tiny_ws, "util_people", {**JAN.params(), "from": first, "to": last})) > 0
    whole = whole_period(generated)
    last_monday = whole.end - timedelta(days=whole.end.weekday() + 7)
    windows = [
        (last_monday - timedelta(weeks=3), last_monday),  # the bench's last four weeks
        (whole.start, whole.end),  # the period, from and to not Mondays
        (last_monday - timedelta(days=26), last_monday - timedelta(days=5)),  # Wednesday to Wednesday
    ]
    for f in periods(whole)[:3]:
        for first, last in windows:
            app = same_as_reference(generated, "util_people", {**f.params(), "from": first, "to": last})
            assert len(app) > 0 and (app["engagements"] > 0).any()
    # a Tuesday to a Thursday: no week starts inside, nobody is listed by either query
    tue = last_monday + timedelta(days=1)
    assert same_as_reference(generated, "util_people", {**whole.params(), "from": tue, "to": tue + timedelta(2)}).empty


def test_engagements_in_hand_equal_the_timesheet_query(tiny_ws, generated):
    assert len(same_as_reference(tiny_ws, "plan_engagement_demand", {**JAN.params(), "as_of": JAN.end})) > 0
    whole = whole_period(generated)
    for f in (whole, Filters(whole.start, whole.end, departments=("Engineering",), roles=("Software Developer",))):
        assert len(same_as_reference(generated, "plan_engagement_demand", {**f.params(), "as_of": f.end})) > 0


def test_runs_hold_every_week_between_their_ends_and_some_people_have_several(generated):
    # the generated organisation has people with a gap in their timesheets (several runs), so the
    # sums over runs above are tested on more than one run per person
    several = generated.sql(
        "SELECT max(n) AS m FROM (SELECT count(*) AS n FROM logged_week_runs GROUP BY worker_id)"
    )["m"].iloc[0]
    assert several > 1
    # Σ run lengths = the distinct weeks with hours > 0
    runs = generated.sql(
        "SELECT sum(datediff('day', first_week, last_week) // 7 + 1) AS n FROM engagement_week_runs"
    )["n"].iloc[0]
    weeks = generated.sql(
        "SELECT count(*) AS n FROM (SELECT DISTINCT worker_id, engagement_id, week_start FROM timesheets "
        "WHERE engagement_id IS NOT NULL AND hours > 0)"
    )["n"].iloc[0]
    assert runs == weeks > 0


def test_heatmap_summing_person_weeks_first_equals_joining_every_week(tiny_ws, generated):
    base = {"limit": 25, "offset": 0, "threshold": 0.5, "non_billable_roles": ["IT Support Specialist"]}
    assert len(same_as_reference(tiny_ws, "util_heatmap_people", {**JAN.params(), **base, "sort": "problem"})) > 0
    tiny_dev = {**JAN.params(), **base, "sort": "problem", "non_billable_roles": ["Software Developer"], "threshold": 0.9}
    assert len(same_as_reference(tiny_ws, "util_heatmap_people", tiny_dev)) > 0
    whole = whole_period(generated)
    for f in periods(whole)[:3]:
        for sort, threshold, offset in (("problem", 0.5, 0), ("problem", 0.8, 25), ("high", 0.5, 0), ("low", 0.5, 10),
                                        ("name", 0.5, 0)):
            params = {**f.params(), **base, "sort": sort, "threshold": threshold, "offset": offset}
            shown = same_as_reference(generated, "util_heatmap_people", params)
            assert len(shown) > 0 or offset > 0  # a later page of a narrow filter may be past the last row


def test_heatmap_thresholds_on_and_off_the_pages_steps_equal_joining_every_week(tiny_ws, generated):
    """allocation_months holds the problem weeks of the page's 5 % steps only: a step (0 %, 35 % —
    0.35 × 20 is not exactly 7 in floating point —, 100 %) reads it for the months the period covers
    whole, any other threshold (37 %, 42.5 %) every week; both give the reference's rows."""
    base = {"limit": 25, "offset": 0, "sort": "problem", "non_billable_roles": ["IT Support Specialist"]}
    for threshold in (0.0, 0.35, 0.37, 0.425, 1.0, 0.85, 0.851):
        shown = same_as_reference(tiny_ws, "util_heatmap_people", {**JAN.params(), **base, "threshold": threshold})
        assert len(shown) > 0
    whole = whole_period(generated)
    for f in periods(whole):
        for threshold in (0.35, 0.37, 0.65):
            shown = same_as_reference(generated, "util_heatmap_people", {**f.params(), **base, "threshold": threshold})
            assert len(shown) > 0


def test_tiny_allocation_months_by_hand(tiny_ws):
    """January 2024 (tests/tiny.py), one row per person: a week is a problem at step i (threshold
    i × 5 %) when logged > capacity or billable < threshold × capacity.
      E1: capacity 32+40+40+40 = 152, logged 152, never over; billable 30 of 32 (below from 95 %:
          93.75 %), 32 of 40 three times (80 %: below from 85 %, 32 < 0.80 × 40 is false)
      E2: from Wed 10 Jan, capacity 24+40+40 = 104, logged 104; billable 20 of 24 (83.3 %: from
          85 %), 30 of 40 twice (75 %: from 80 %)
      C1: leaves Fri 19 Jan, capacity 40 × 3 = 120, logged 44+40+40 = 124: week 1 over (a problem at
          every step), then 40 of 40 billable (below at no step: 40 < 1.0 × 40 is false)
      C2: 20 h a week, capacity 80, logged 15 × 4 = 60, billable 10 of 20 (50 %: from 55 %)"""
    rows = tiny_ws.sql("SELECT * FROM allocation_months ORDER BY worker_id")
    assert list(rows["worker_id"]) == ["C1", "C2", "E1", "E2"]
    assert set(rows["month"].astype(str)) == {"2024-01-01"}
    by = rows.set_index("worker_id")
    assert list(by["over_weeks"]) == [1, 0, 0, 0]
    assert list(by["total_hours"]) == [124, 60, 152, 104]
    assert list(by["capacity_hours"]) == [120, 80, 152, 104]

    def counts(packed: int) -> list[int]:  # the problem weeks at steps 0 … 20
        return [(packed >> (3 * i)) & 7 for i in range(21)]

    step = list(range(21))
    assert counts(int(by.loc["C1", "problem_week_counts"])) == [1] * 21
    assert counts(int(by.loc["C2", "problem_week_counts"])) == [4 if i >= 11 else 0 for i in step]
    assert counts(int(by.loc["E1", "problem_week_counts"])) == [4 if i >= 19 else 3 if i >= 17 else 0 for i in step]
    assert counts(int(by.loc["E2", "problem_week_counts"])) == [3 if i >= 17 else 2 if i >= 16 else 0 for i in step]
