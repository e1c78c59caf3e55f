"""Tests for analytics/metrics/horizon.py that mutation testing (`make mutate`) showed were missing: what the
data covers (first and last day, the filters' options), the as-of date, and who is on the roster on it.
Figures from tests/tiny.py's organisation, worked out by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analytics.metrics import horizon
from analytics.metrics.filters import Filters
from analytics.metrics.horizon import Horizon, as_of_date, data_horizon, people_as_of
from tests import tiny

JAN = Filters(date(2024, 1, 1), date(2024, 1, 31))


def test_the_tiny_data_covers_january_2024_and_offers_its_departments_and_roles(tiny_ws):
    # timesheet weeks start Mon 1 Jan … Mon 22 Jan 2024; the last week ends Sun 28 Jan, so the data
    # covers whole months: 1 Jan … 31 Jan. Departments and roles: each distinct roster value, sorted.
    h = data_horizon(tiny_ws)
    assert h == Horizon(
        first_day=date(2024, 1, 1),
        last_day=date(2024, 1, 31),
        departments=("Data & Analytics", "Engineering", "Infrastructure"),
        roles=("Database Administrator", "Network and Systems Administrator", "Software Developer"),
    )
    assert isinstance(h.first_day, date) and isinstance(h.last_day, date)


def test_a_roster_without_timesheets_covers_no_days(tmp_path):
    # the roster but no timesheets, leave or reviews: the data covers no period (no first or last
    # day), and the filters still offer the roster's departments and roles
    data = tiny.frames()
    data = {**data, **{t: data[t].iloc[0:0] for t in ("timesheets", "time_off", "reviews")}}
    ws = tiny.build_workspace(tmp_path, data)
    try:
        h = data_horizon(ws)
        assert (h.first_day, h.last_day) == (None, None)
        assert h.departments == ("Data & Analytics", "Engineering", "Infrastructure")
    finally:
        ws.close()


def test_an_empty_roster_offers_no_filter_values(tmp_path):
    # DuckDB returns pd.NA for list() over no rows: it once crashed here (TypeError), now reads as none
    data = {name: df.iloc[0:0] for name, df in tiny.frames().items()}
    ws = tiny.build_workspace(tmp_path, data)
    try:
        assert data_horizon(ws) == Horizon(None, None, (), ())
    finally:
        ws.close()


def test_as_of_is_the_periods_end_or_the_datas_last_day_if_earlier():
    jan_data = Horizon(date(2024, 1, 1), date(2024, 1, 31), (), ())
    # a whole-year period over data that ends on 31 Jan: as of 31 Jan
    assert as_of_date(Filters(date(2024, 1, 1), date(2024, 12, 31)), jan_data) == date(2024, 1, 31)
    # a period ending before the data does: as of the period's end
    assert as_of_date(Filters(date(2023, 12, 1), date(2023, 12, 31)), jan_data) == date(2023, 12, 31)
    # no data at all: the period's end
    assert as_of_date(JAN, Horizon(None, None, (), ())) == date(2024, 1, 31)


def test_people_as_of_mid_january(tiny_ws):
    # as of Mon 15 Jan 2024 everyone has started (E2 on Wed 10 Jan); C1 leaves Fri 19 Jan, so is active.
    # tenure_days = as_of (or end date, if earlier) − start:
    #   E1 2020-01-01 → 2024-01-15: 4 × 365 + 1 (2020 is a leap year) + 14 = 1,475
    #   E2 2024-01-10 → 2024-01-15: 5
    #   C1 2023-06-01 → 2024-01-15: 30 (June) + 31 + 31 + 30 + 31 + 30 + 31 (Jul–Dec) + 14 = 228
    #   C2 2023-01-01 → 2024-01-15: 365 + 14 = 379
    p = people_as_of(tiny_ws, JAN, date(2024, 1, 15)).set_index("worker_id").sort_index()
    assert p["tenure_days"].to_dict() == {"C1": 228, "C2": 379, "E1": 1475, "E2": 5}
    assert p["active"].to_dict() == {"C1": True, "C2": True, "E1": True, "E2": True}


def test_people_as_of_the_end_of_january_and_before_a_start(tiny_ws):
    # as of Wed 31 Jan: C1 left on Fri 19 Jan, so is no longer active and their tenure stops there:
    #   2023-06-01 → 2024-01-19: 214 + 18 = 232 days
    p = people_as_of(tiny_ws, JAN, date(2024, 1, 31)).set_index("worker_id")
    assert bool(p.loc["C1", "active"]) is False
    assert p.loc["C1", "tenure_days"] == 232
    # as of Tue 9 Jan E2 (starts Wed 10 Jan) is not on the roster yet
    early = people_as_of(tiny_ws, JAN, date(2024, 1, 9))
    assert sorted(early["worker_id"]) == ["C1", "C2", "E1"]


def test_people_as_of_some_columns_only(tiny_ws):
    # the Overview reads only the roster columns it needs (no names): the same people, tenure and
    # active flags as the whole roster, as of Wed 31 Jan (C1 left on the 19th after 232 days)
    p = people_as_of(tiny_ws, JAN, date(2024, 1, 31), ("worker_id", "hourly_rate"))
    assert list(p.columns) == ["worker_id", "hourly_rate", "tenure_days", "active"]
    p = p.set_index("worker_id").sort_index()
    assert p["tenure_days"].to_dict() == {"C1": 232, "C2": 395, "E1": 1491, "E2": 21}
    assert p["active"].to_dict() == {"C1": False, "C2": True, "E1": True, "E2": True}
    assert p.loc["C2", "hourly_rate"] == 80
    with pytest.raises(ValueError, match="not roster columns"):
        people_as_of(tiny_ws, JAN, date(2024, 1, 31), ("worker_id", "1; DROP TABLE workers"))


def test_people_as_of_honours_the_filters(tiny_ws):
    contractors = Filters(JAN.start, JAN.end, worker_types=("contractor",))
    p = people_as_of(tiny_ws, contractors, date(2024, 1, 15))
    assert sorted(p["worker_id"]) == ["C1", "C2"]
    assert isinstance(p, pd.DataFrame) and horizon.people_as_of is people_as_of


def test_selectable_months_are_the_months_the_data_covers_or_this_month():
    q1 = Horizon(date(2024, 1, 1), date(2024, 3, 31), (), ())
    assert horizon.selectable_months(q1, date(2026, 12, 1)) == ["2024-01", "2024-02", "2024-03"]
    # no data yet: only the current month (today 15 Dec 2026)
    assert horizon.selectable_months(Horizon(None, None, (), ()), date(2026, 12, 15)) == ["2026-12"]


def test_the_default_period_is_the_last_twelve_months():
    # 14 months Jan 2025 … Feb 2026: the last 12 are Mar 2025 … Feb 2026
    months = [f"{y}-{m:02d}" for y in (2025, 2026) for m in range(1, 13)][:14]
    assert horizon.default_period(months) == ("2025-03", "2026-02")
    # exactly 12 months: all of them; fewer: all of them too
    assert horizon.default_period(months[:12]) == ("2025-01", "2025-12")
    assert horizon.default_period(months[:3]) == ("2025-01", "2025-03")
    assert horizon.default_period(["2025-07"]) == ("2025-07", "2025-07")
