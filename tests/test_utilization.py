"""Utilization analytics on the tiny organisation (tests/tiny.py), every figure worked out by hand.

Per week (Mon 1, 8, 15, 22 Jan 2024), capacity / logged / billable hours:
  E1 (8 h holiday in week 1)   32/32/30  40/40/32  40/40/32  40/40/32   → 152 / 152 / 126
  E2 (starts Wed 10 Jan)        —        24/24/20  40/40/30  40/40/30   → 104 / 104 /  80
  C1 (leaves Fri 19 Jan)       40/44/44  40/40/40  40/40/40   —         → 120 / 124 / 124
  C2 (20 h a week)             20/15/10  20/15/10  20/15/10  20/15/10   →  80 /  60 /  40
"""

from datetime import date

import pandas as pd
import pytest

from analytics.metrics import allocation
from analytics.metrics import utilization as u
from analytics.metrics.filters import Filters
from tests import tiny

JAN = Filters(date(2024, 1, 1), date(2024, 1, 31))
AS_OF = date(2024, 1, 28)  # the last timesheet week ends Sunday 28 Jan


def _people(ws, weeks=4, filters=JAN):
    first, last = allocation.last_weeks(filters, AS_OF, weeks)
    return allocation.people_utilization(ws, filters, first, last).set_index("worker_id")


def test_person_rates_with_time_off_starters_and_leavers(tiny_ws):
    p = _people(tiny_ws)
    # E1: 8 h holiday → capacity 152; billable 126 / 152
    assert p.loc["E1", "capacity_hours"] == 152
    assert p.loc["E1", "utilization"] == pytest.approx(126 / 152)  # 82.9%
    assert p.loc["E1", "allocation"] == pytest.approx(1.0)
    # E2 starts on a Wednesday: 3 workdays × 8 h = 24 h in week 2, then 40 + 40
    assert p.loc["E2", "capacity_hours"] == 104
    assert p.loc["E2", "weeks"] == 3
    assert p.loc["E2", "utilization"] == pytest.approx(80 / 104)
    # C1 leaves on Friday 19 Jan: 3 full weeks; logged 44 in week 1
    assert p.loc["C1", "capacity_hours"] == 120
    assert p.loc["C1", "allocation"] == pytest.approx(124 / 120)
    assert p.loc["C1", "weeks_over_capacity"] == 1
    assert p.loc["C2", "utilization"] == pytest.approx(40 / 80)
    assert p.loc["C2", "allocation"] == pytest.approx(60 / 80)
    assert p.loc["E1", "engagement_names"] == "Billing rewrite"
    assert p.loc["C1", "engagement_names"] == "Data migration"
    assert p["engagements"].tolist() == [1, 1, 1, 1]


def test_more_time_off_lowers_capacity(tmp_path):
    data = tiny.frames()
    data["time_off"] = pd.DataFrame(
        [["E1", "2024-01-01", 8.0], ["E1", "2024-01-15", 16.0]], columns=data["time_off"].columns
    )
    ws = tiny.build_workspace(tmp_path, data)
    try:
        p = _people(ws)
        # 32 + 40 + (40 − 16) + 40 = 136 h of capacity; 126 billable → 92.6%
        assert p.loc["E1", "capacity_hours"] == 136
        assert p.loc["E1", "utilization"] == pytest.approx(126 / 136)
        assert p.loc["E1", "allocation"] == pytest.approx(152 / 136)  # now over-allocated
        assert "E1" in set(allocation.over_allocated(p.reset_index())["worker_id"])
    finally:
        ws.close()


def test_last_weeks_window():
    assert allocation.last_weeks(JAN, AS_OF, 4) == (date(2024, 1, 1), date(2024, 1, 22))
    assert allocation.last_weeks(JAN, AS_OF, 2) == (date(2024, 1, 15), date(2024, 1, 22))
    # never before the period's start
    assert allocation.last_weeks(JAN, AS_OF, 8) == (date(2024, 1, 1), date(2024, 1, 22))
    # an as-of date mid-week counts the week it falls in
    assert allocation.last_weeks(JAN, date(2024, 1, 24), 1) == (date(2024, 1, 22), date(2024, 1, 22))


def test_recent_weeks_end_at_the_last_timesheet_week(tiny_ws):
    # the data covers all of January (whole months) but the last timesheet week starts Mon 22 Jan:
    # the week of 29 Jan has no timesheets yet, so the last 4 weeks are 1 – 22 Jan, not 8 – 29 Jan
    assert allocation.recent_weeks(tiny_ws, JAN, date(2024, 1, 31), 4) == (date(2024, 1, 1), date(2024, 1, 22))
    # an earlier as-of date wins
    assert allocation.recent_weeks(tiny_ws, JAN, date(2024, 1, 17), 2) == (date(2024, 1, 8), date(2024, 1, 15))


def test_bench_threshold(tiny_ws):
    p = _people(tiny_ws).reset_index()
    # C2 is at exactly 50% on engagements (40 h of 80): not *below* the default threshold
    assert allocation.bench(p, 0.50).empty
    assert list(allocation.bench(p, 0.51)["worker_id"]) == ["C2"]
    # at 80%: C2 (50% on engagements) left 80 − 60 = 20 h free against 60 − 40 = 20 h of internal
    # work → free ≥ internal → bench. E2 (80 / 104 = 76.9%) left 0 h free against 24 h internal →
    # busy off-project, no longer on the bench (it was, when the bench meant "billable < 80%").
    # E1 (126 / 152 = 82.9%) is on neither.
    assert list(allocation.bench(p, 0.80)["worker_id"]) == ["C2"]
    assert list(allocation.busy_off_project(p, 0.80)["worker_id"]) == ["E2"]


def test_over_allocation_depends_on_the_window(tiny_ws):
    # last 4 weeks: C1 logged 124 h against 120 → 103.3%
    four = allocation.over_allocated(_people(tiny_ws, 4).reset_index())
    assert list(four["worker_id"]) == ["C1"]
    assert four["allocation"].iloc[0] == pytest.approx(124 / 120)
    # last 2 weeks (15 and 22 Jan): C1 worked 40 h against 40 (left on the 19th) → exactly 100%
    assert allocation.over_allocated(_people(tiny_ws, 2).reset_index()).empty


def test_people_csv(tiny_ws):
    p = _people(tiny_ws).reset_index()
    text = allocation.people_csv(allocation.over_allocated(p)).decode()
    lines = text.strip().splitlines()
    assert lines[0].startswith("worker_id,full_name,worker_type,department,role,weeks,capacity_hours")
    assert "annual_salary" not in text and "hourly_rate" not in text
    # … capacity, logged, billable, engagement hours, utilization, allocation, engagement share, …
    assert lines[1] == (
        "C1,Cy Contractor,contractor,Engineering,Software Developer,3,120.0,124.0,124.0,124.0,1.0333,1.0333,"
        "1.0333,1,1,Data migration"
    )


def test_group_rates_are_sums_over_sums(tiny_ws):
    facts = u.utilization_facts(tiny_ws, JAN)
    by_dept = u.rates_by(facts, ["department"]).set_index("department")
    # Engineering = E1 + C1: (126 + 124) / (152 + 120) = 250 / 272 = 91.9%,
    # not the mean of their rates (82.9% + 103.3%) / 2 = 93.1%
    assert by_dept.loc["Engineering", "utilization"] == pytest.approx(250 / 272)
    assert by_dept.loc["Engineering", "allocation"] == pytest.approx(276 / 272)
    by_type = u.rates_by(facts, ["worker_type"]).set_index("worker_type")
    assert by_type.loc["employee", "utilization"] == pytest.approx(206 / 256)  # 80.5%
    assert by_type.loc["contractor", "allocation"] == pytest.approx(184 / 200)  # 92%
    t = u.period_totals(facts)
    assert (t.capacity_hours, t.total_hours, t.billable_hours) == (456, 440, 370)
    assert t.utilization == pytest.approx(370 / 456)
    assert t.people == 4  # week of 8 Jan: all four employed
    assert u.period_totals(facts, "contractor").utilization == pytest.approx(164 / 200)


def test_monthly_trend(tiny_ws):
    trend = u.monthly_trend(u.utilization_facts(tiny_ws, JAN)).set_index("worker_type")
    assert trend.loc["all", "utilization"] == pytest.approx(370 / 456)
    assert trend.loc["all", "allocation"] == pytest.approx(440 / 456)
    assert trend.loc["employee", "utilization"] == pytest.approx(206 / 256)
    assert pd.Timestamp(trend.loc["all", "month"]) == pd.Timestamp("2024-01-01")


def test_unbilled_employee_capacity_vs_contractor_billing(tiny_ws):
    df = u.unbilled_vs_contractor_hours(u.utilization_facts(tiny_ws, JAN)).set_index("role")
    # Software Developer: E1 152 − 126 = 26 h not billed, C1 billed 124 h
    assert df.loc["Software Developer", "employee_unbilled_hours"] == 26
    assert df.loc["Software Developer", "contractor_billable_hours"] == 124
    # Database Administrator: E2 104 − 80 = 24; no contractors
    assert df.loc["Database Administrator", "employee_unbilled_hours"] == 24
    assert df.loc["Database Administrator", "contractor_billable_hours"] == 0
    # Network admin: contractors only (C2 billed 40 h)
    assert df.loc["Network and Systems Administrator", "employee_unbilled_hours"] == 0
    assert list(df.index) == ["Software Developer", "Database Administrator", "Network and Systems Administrator"]


def test_heatmap_cells_and_problem_ranking(tiny_ws):
    h = allocation.allocation_heatmap(tiny_ws, JAN, "person", "problem", threshold=0.5, limit=10)
    assert h.total_rows == 4 and h.pages == 1
    # C1 has one week over 100% (44 h / 40); C2 none (10 h billable / 20 is not below 50%), but its
    # 75% allocation is further from 100% than E1's and E2's → C1, C2, then E1, E2 by name
    assert list(h.rows["row_key"]) == ["C1", "C2", "E1", "E2"]
    assert h.labels[0] == "Cy Contractor · contractor"
    assert h.allocation.loc["C1", pd.Timestamp("2024-01-01")] == pytest.approx(44 / 40)
    assert h.allocation.loc["E1", pd.Timestamp("2024-01-01")] == pytest.approx(32 / 32)
    assert pd.isna(h.allocation.loc["E2", pd.Timestamp("2024-01-01")])  # not yet employed
    assert pd.isna(h.allocation.loc["C1", pd.Timestamp("2024-01-22")])  # left on the 19th
    assert h.utilization.loc["C2", pd.Timestamp("2024-01-08")] == pytest.approx(10 / 20)
    # at a 60% threshold C2's four weeks (50% billable) are all bench weeks → first
    h60 = allocation.allocation_heatmap(tiny_ws, JAN, "person", "problem", threshold=0.6, limit=10)
    assert list(h60.rows["row_key"]) == ["C2", "C1", "E1", "E2"]
    assert list(h60.rows["problem_weeks"]) == [4, 1, 0, 0]


def test_heatmap_paging_and_sorting(tiny_ws):
    page2 = allocation.allocation_heatmap(tiny_ws, JAN, "person", "problem", 0.5, limit=2, offset=2)
    assert page2.total_rows == 4 and page2.pages == 2
    assert list(page2.rows["row_key"]) == ["E1", "E2"]
    assert list(page2.rows["rank"]) == [3, 4]
    low = allocation.allocation_heatmap(tiny_ws, JAN, "person", "low", 0.5, limit=10)
    # C2 75%, E1 100% (Ada), E2 100% (Bo), C1 103.3%
    assert list(low.rows["row_key"]) == ["C2", "E1", "E2", "C1"]
    with pytest.raises(ValueError):
        allocation.allocation_heatmap(tiny_ws, JAN, "person", "salary")


def test_heatmap_by_department(tiny_ws):
    h = allocation.allocation_heatmap(tiny_ws, JAN, "department", "problem", 0.5, limit=10)
    assert h.total_rows == 3
    assert h.labels[0] == "Engineering"
    # Engineering week 1: E1 32 + C1 44 logged over 32 + 40 capacity = 76 / 72
    assert h.allocation.loc["Engineering", pd.Timestamp("2024-01-01")] == pytest.approx(76 / 72)


def test_capacity_vs_demand(tiny_ws):
    cd = u.capacity_vs_demand(tiny_ws, JAN)
    by_role = u.capacity_vs_demand_by(cd, ["role"]).set_index("role")
    # Software Developer: capacity E1 152 + C1 120 = 272; booked on engagements 126 + 124 = 250
    assert by_role.loc["Software Developer", "capacity_hours"] == 272
    assert by_role.loc["Software Developer", "booked_hours"] == 250
    assert by_role.loc["Software Developer", "gap_hours"] == 22
    assert by_role.loc["Network and Systems Administrator", "booked_share"] == pytest.approx(40 / 80)
    month = u.monthly_capacity_vs_demand(cd)
    assert month["capacity_hours"].iloc[0] == 456 and month["booked_hours"].iloc[0] == 370
    dba = u.monthly_capacity_vs_demand(cd, "Database Administrator")
    assert dba["capacity_hours"].tolist() == [104] and dba["booked_hours"].tolist() == [80]
    assert u.roles_in(cd) == ["Database Administrator", "Network and Systems Administrator", "Software Developer"]


def test_booked_counts_non_billable_engagement_hours_but_not_internal_time(tmp_path):
    data = tiny.frames()
    extra = pd.DataFrame([["E1", "ENG1", "2024-01-22", 3.0, False]], columns=data["timesheets"].columns)
    data["timesheets"] = pd.concat([data["timesheets"], extra], ignore_index=True)
    ws = tiny.build_workspace(tmp_path, data)
    try:
        by_role = u.capacity_vs_demand_by(u.capacity_vs_demand(ws, JAN), ["role"]).set_index("role")
        # 250 + 3 non-billable hours on ENG1; E1's 26 h of internal time stay out of demand
        assert by_role.loc["Software Developer", "booked_hours"] == 253
    finally:
        ws.close()


def test_filters_restrict_people(tiny_ws):
    eng = Filters(JAN.start, JAN.end, departments=("Engineering",))
    assert sorted(_people(tiny_ws, 4, eng).index) == ["C1", "E1"]
    h = allocation.allocation_heatmap(tiny_ws, eng, "person", "problem", 0.5)
    assert h.total_rows == 2
    contractors = Filters(JAN.start, JAN.end, worker_types=("contractor",))
    assert u.period_totals(u.utilization_facts(tiny_ws, contractors)).utilization == pytest.approx(164 / 200)


def test_empty_period_is_empty_not_an_error(tiny_ws):
    later = Filters(date(2025, 1, 1), date(2025, 1, 31))
    facts = u.utilization_facts(tiny_ws, later)
    assert facts.empty
    assert u.period_totals(facts).utilization is None
    assert u.monthly_trend(facts).empty
    assert u.unbilled_vs_contractor_hours(facts).empty
    h = allocation.allocation_heatmap(tiny_ws, later)
    assert h.total_rows == 0 and h.labels == [] and h.pages == 1
    assert u.capacity_vs_demand_by(u.capacity_vs_demand(tiny_ws, later), ["role"]).empty


def test_heatmap_page_past_the_end_falls_back_to_the_first(tiny_ws):
    h = allocation.allocation_heatmap(tiny_ws, JAN, "person", "problem", 0.5, limit=2, offset=6)
    assert h.page == 1 and h.pages == 2
    assert list(h.rows["rank"]) == [1, 2]
    assert allocation.allocation_heatmap(tiny_ws, JAN, "person", "problem", 0.5, limit=2, offset=2).page == 2


# -- non-billable roles, bench vs busy off-project ------------------------------------------------

NON_BILLABLE = ("Computer User Support Specialist",)


def split_frames() -> dict[str, pd.DataFrame]:
    """The tiny organisation with E1 made a support specialist and new hours (weeks of 1, 8, 15,
    22 Jan 2024; engagement hours are billable, internal ones not), default threshold 50%:
      E1 support specialist  cap 152: eng 10×4 = 40 (< 76), internal 2+8+8+8 = 26, logged 66, free 86
      E2 DBA                 cap 104: eng 10+15+15 = 40 (< 52), internal 14+25+25 = 64, logged 104, free 0
      C1 software developer  cap 120: eng 15×3 = 45 (< 60), internal 30+25+25 = 80, logged 125 (> 120)
      C2 network admin       cap  80: eng 8×4 = 32 (< 40), internal 5×4 = 20, logged 52, free 28
    """
    data = tiny.frames()
    w = data["workers"]
    w.loc[w["worker_id"] == "E1", "role"] = "Computer User Support Specialist"
    rows = []
    hours = {  # worker → (engagement, [engagement hours], [internal hours]) per week from 1 Jan
        "E1": ("ENG1", [10, 10, 10, 10], [2, 8, 8, 8]),
        "E2": ("ENG1", [None, 10, 15, 15], [None, 14, 25, 25]),
        "C1": ("ENG2", [15, 15, 15, None], [30, 25, 25, None]),
        "C2": ("ENG1", [8, 8, 8, 8], [5, 5, 5, 5]),
    }
    for worker, (eng, on, off) in hours.items():
        for wk, e, i in zip(tiny.WEEKS, on, off, strict=True):
            if e is not None:
                rows.append([worker, eng, wk, e, True])
                rows.append([worker, None, wk, i, False])
    data["timesheets"] = pd.DataFrame(rows, columns=data["timesheets"].columns)
    return data


@pytest.fixture
def split_ws(tmp_path):
    ws = tiny.build_workspace(tmp_path, split_frames())
    yield ws
    ws.close()


def test_engagement_hours_per_person(split_ws):
    p = _people(split_ws)
    assert p["engagement_hours"].to_dict() == {"C1": 45, "C2": 32, "E1": 40, "E2": 40}
    assert p.loc["C2", "engagement_share"] == pytest.approx(32 / 80)
    assert p.loc["E2", "total_hours"] == 104


def test_each_person_on_at_most_one_list(split_ws):
    p = _people(split_ws).reset_index()
    status = dict(zip(p["worker_id"], allocation.staffing_status(p, 0.5, NON_BILLABLE), strict=True))
    # E1 would be on the bench (free 86 ≥ internal 26) but support specialists never bill;
    # C1 would be busy off-project (internal 80 > free −5) but is over-allocated (125 > 120), which wins
    assert status == {"C1": "over_allocated", "C2": "bench", "E1": "", "E2": "busy_off_project"}
    assert list(allocation.bench(p, 0.5, NON_BILLABLE)["worker_id"]) == ["C2"]
    assert list(allocation.busy_off_project(p, 0.5, NON_BILLABLE)["worker_id"]) == ["E2"]
    assert list(allocation.over_allocated(p)["worker_id"]) == ["C1"]
    # with every role billable, E1 (40 / 152 = 26.3% on engagements) heads the bench, before C2 (40%)
    assert list(allocation.bench(p, 0.5, ())["worker_id"]) == ["E1", "C2"]


def test_bench_or_busy_turns_on_free_versus_internal_hours(split_ws):
    p = _people(split_ws).reset_index()
    c2 = p[p["worker_id"] == "C2"].copy()
    # C2: free 28 ≥ internal 20 → bench; 4 more internal hours: logged 56, free 24 ≥ internal 24 → still
    # bench (a tie leaves half the capacity free); 5 more: free 23 < internal 25 → busy off-project
    for extra, expected in ((0, "bench"), (4, "bench"), (5, "busy_off_project")):
        c2["total_hours"] = 52 + extra
        assert allocation.staffing_status(c2, 0.5, NON_BILLABLE).iloc[0] == expected
    # engagement hours at the threshold (40 of 80) are not below it: on no list
    c2["total_hours"], c2["engagement_hours"] = 52, 40
    assert allocation.staffing_status(c2, 0.5, NON_BILLABLE).iloc[0] == ""


def test_headline_billable_utilization_leaves_non_billable_roles_out(split_ws):
    facts = u.utilization_facts(split_ws, JAN)
    # billable roles E2, C1, C2: billable (40 + 45 + 32) / capacity (104 + 120 + 80) = 117 / 304 = 38.5%
    assert u.billable_utilization(facts, NON_BILLABLE) == pytest.approx(117 / 304)
    # everyone: (40 + 117) / (152 + 304) = 157 / 456
    assert u.billable_utilization(facts, ()) == pytest.approx(157 / 456)
    t = u.period_totals(facts, non_billable_roles=NON_BILLABLE)
    assert t.utilization == pytest.approx(117 / 304)
    assert (t.billable_role_capacity_hours, t.billable_role_billable_hours) == (304, 117)
    # allocation counts everyone: logged (66 + 104 + 125 + 52) / 456 = 347 / 456
    assert t.allocation == pytest.approx(347 / 456)
    # employees: only E2 is in a billable role → 40 / 104
    assert u.period_totals(facts, "employee", NON_BILLABLE).utilization == pytest.approx(40 / 104)


def test_group_rates_and_trend_use_billable_roles_for_utilization(split_ws):
    facts = u.utilization_facts(split_ws, JAN)
    by_role = u.rates_by(facts, ["role"], NON_BILLABLE).set_index("role")
    assert pd.isna(by_role.loc["Computer User Support Specialist", "utilization"])  # never bills
    assert by_role.loc["Computer User Support Specialist", "allocation"] == pytest.approx(66 / 152)
    by_dept = u.rates_by(facts, ["department"], NON_BILLABLE).set_index("department")
    # Engineering = E1 (support) + C1: utilization over C1 only, 45 / 120; allocation (66 + 125) / 272
    assert by_dept.loc["Engineering", "utilization"] == pytest.approx(45 / 120)
    assert by_dept.loc["Engineering", "allocation"] == pytest.approx(191 / 272)
    assert by_dept.loc["Engineering", "billable_role_capacity_hours"] == 120
    trend = u.monthly_trend(facts, NON_BILLABLE).set_index("worker_type")
    assert trend.loc["all", "utilization"] == pytest.approx(117 / 304)
    assert trend.loc["all", "allocation"] == pytest.approx(347 / 456)
    # employees idle while contractors bill: the support specialist's 112 unbilled hours are left out
    unbilled = u.unbilled_vs_contractor_hours(facts, NON_BILLABLE)
    assert "Computer User Support Specialist" not in set(unbilled["role"])
    assert unbilled.set_index("role").loc["Database Administrator", "employee_unbilled_hours"] == 104 - 40


def test_heatmap_never_marks_a_non_billable_role_low_billable(split_ws):
    h = allocation.allocation_heatmap(split_ws, JAN, "person", "problem", 0.5, limit=10, non_billable_roles=NON_BILLABLE)
    weeks = h.rows.set_index("row_key")["problem_weeks"].to_dict()
    # E1 bills 10 of 32-40 h each week (< 50%) but is a support specialist: 0 problem weeks.
    # E2: weeks 2-4 billable 10/24, 15/40, 15/40 → 3; C1: 45/40 over capacity in week 1, then
    # 15 of 40 billable → 3; C2: 8 of 20 each week → 4
    assert weeks == {"E1": 0, "E2": 3, "C1": 3, "C2": 4}
    assert h.utilization.loc["E1"].isna().all()
    assert h.utilization.loc["C2", pd.Timestamp("2024-01-08")] == pytest.approx(8 / 20)
    every = allocation.allocation_heatmap(split_ws, JAN, "person", "problem", 0.5, limit=10, non_billable_roles=())
    assert every.rows.set_index("row_key").loc["E1", "problem_weeks"] == 4
    dept = allocation.allocation_heatmap(split_ws, JAN, "department", "problem", 0.5, limit=10, non_billable_roles=NON_BILLABLE)
    # Engineering's billable utilization is C1's alone: week 2, 15 / 40
    assert dept.utilization.loc["Engineering", pd.Timestamp("2024-01-08")] == pytest.approx(15 / 40)


def test_sample_november_bench_has_no_non_billable_role_and_nobody_over_allocated():
    """The real sample, November 2026, last 4 weeks, default settings."""
    from analytics.metrics import headlines
    from analytics.metrics.roles import DEFAULT_NON_BILLABLE_ROLES, default_non_billable_roles
    from analytics.store.db import Workspace

    ws = Workspace(":memory:", lock_down=False)
    try:
        horizon = headlines.data_horizon(ws)
        nov = Filters(date(2026, 11, 1), date(2026, 11, 30))
        first, last = allocation.last_weeks(nov, headlines.as_of_date(nov, horizon), 4)
        people = allocation.people_utilization(ws, nov, first, last)
        non_billable = default_non_billable_roles(horizon.roles)
        assert non_billable == tuple(sorted(DEFAULT_NON_BILLABLE_ROLES))  # both are in the sample
        on_bench = allocation.bench(people, 0.5, non_billable)
        busy = allocation.busy_off_project(people, 0.5, non_billable)
        over = allocation.over_allocated(people)
        # the case the issue reports: people in non-billable roles below 50% on engagements
        low = people[people["engagement_share"] < 0.5]
        assert low["role"].isin(non_billable).sum() > 10
        for listed in (on_bench, busy):
            assert not listed["role"].isin(non_billable).any()
            assert not set(listed["worker_id"]) & set(over["worker_id"])
        assert not set(on_bench["worker_id"]) & set(busy["worker_id"])
        assert len(busy) > 0 and len(over) > 0
        # everyone on the bench has capacity free; everyone busy off-project filled most of it
        assert (on_bench["total_hours"] < on_bench["capacity_hours"]).all()
        assert (busy["total_hours"] - busy["engagement_hours"] > busy["capacity_hours"] - busy["total_hours"]).all()
    finally:
        ws.close()
