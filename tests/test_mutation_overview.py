"""Overview cases that mutation testing (`make mutate`) showed no test pinned down: what the
comparison table says when there is nothing to show, the in-house engagements' rating, the
non-billable roles setting in the table, and the empty monthly spend series.

The organisation is tests/tiny.py's (January 2024); its working is in tests/test_overview.py.
"""

from __future__ import annotations

from datetime import date

import pytest

from analytics.metrics import headlines
from analytics.metrics.assumptions import DEFAULTS
from analytics.metrics.filters import Filters
from tests import tiny

pytestmark = pytest.mark.usefixtures("show_small_groups")

JAN = Filters(date(2024, 1, 1), date(2024, 1, 31))
EMPTY_YEAR = Filters(date(2025, 1, 1), date(2025, 1, 31))  # after the data: nothing logged, nobody paid


def test_figures_the_table_cannot_compute_read_n_a():
    assert headlines._money(None) == "n/a"
    assert headlines._money(float("nan")) == "n/a"
    assert headlines._money(1234.5, 2) == "$1,234.50"
    assert headlines._pct(None) == "n/a"
    assert headlines._pct(float("nan")) == "n/a"
    assert headlines._score(None) == "n/a"
    assert headlines._score(float("nan")) == "n/a"
    assert headlines._score(3.94) == "3.9/5"


def test_comparison_table_of_a_period_without_activity_says_so(tiny_ws):
    t = headlines.comparison_table(tiny_ws, EMPTY_YEAR, DEFAULTS).set_index("Aspect")
    con, emp = t.columns
    assert t.loc["Relationship", con] == "Client–vendor: no contractor spend in the period"
    assert "billable utilization n/a" in t.loc["Role", con]
    assert "billable utilization n/a" in t.loc["Role", emp]
    assert "median duration of completed engagements n/a" in t.loc["Duration", con]
    assert "vendor-delivered engagements rated n/a; contractors' reviews average n/a" in t.loc["Responsibilities", con]
    assert "employees' reviews average n/a" in t.loc["Responsibilities", emp]


def test_in_house_and_vendor_engagements_are_rated_separately(tmp_path):
    data = tiny.frames()
    eng = data["engagements"]
    # rate the in-house ENG1 (no vendor) 3.0; Acme's ENG2 stays 4.0
    eng.loc[eng["engagement_id"] == "ENG1", "quality_score"] = 3.0
    ws = tiny.build_workspace(tmp_path, data)
    t = headlines.comparison_table(ws, JAN, DEFAULTS).set_index("Aspect")
    con, emp = t.columns
    # each side is the mean of its own engagements only, not 3.5 for both
    assert "vendor-delivered engagements rated 4.0/5" in t.loc["Responsibilities", con]
    assert "in-house engagements rated 3.0/5" in t.loc["Responsibilities", emp]


def test_the_tables_billable_utilization_leaves_out_the_chosen_non_billable_roles(tiny_ws):
    # Software Developers marked non-billable: only E2 and C2 count.
    #   employees: E2 80 billable / 104 capacity = 76.9%; contractors: C2 40 / 80 = 50.0%
    t = headlines.comparison_table(tiny_ws, JAN, DEFAULTS, non_billable_roles=("Software Developer",))
    t = t.set_index("Aspect")
    con, emp = t.columns
    assert "billable utilization 50.0%" in t.loc["Role", con]
    assert "billable utilization 76.9%" in t.loc["Role", emp]


def test_monthly_spend_of_a_period_without_pay_keeps_its_columns(tiny_ws):
    m = headlines.spend_by_month(tiny_ws, EMPTY_YEAR, DEFAULTS)
    assert m.empty
    assert list(m.columns) == ["month", "worker_type", "spend", "people", "note"]
