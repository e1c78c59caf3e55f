"""Overview metrics on the tiny organisation (tests/tiny.py), every figure worked out by hand."""

from datetime import date

import pytest

from analytics import costs, overview
from analytics.assumptions import DEFAULTS, CostAssumptions
from analytics.filters import Filters

JAN = Filters(date(2024, 1, 1), date(2024, 1, 31))


@pytest.fixture(autouse=True)
def _no_suppression(monkeypatch):
    monkeypatch.setenv("STAFFING_LENS_MIN_GROUP", "1")


def test_cost_formulas_by_hand():
    a = DEFAULTS
    # 100,000 × (1 + 0.19 + 0.083) + 5,000 = 132,300
    assert costs.fully_loaded_annual_cost(100_000, a) == pytest.approx(132_300)
    # 132,300 / 1,860 = 71.129
    assert costs.employee_cost_per_productive_hour(100_000, a) == pytest.approx(71.1290, abs=1e-4)
    # 90 × 1.03 = 92.70
    assert costs.contractor_cost_per_hour(90, a) == pytest.approx(92.70)
    # a sum over two people counts the overhead twice
    assert costs.fully_loaded_annual_cost(200_000, a, employees=2) == pytest.approx(264_600)


def test_kpis_by_hand(tiny_ws):
    k = overview.kpis(tiny_ws, JAN, DEFAULTS)
    assert k.as_of == date(2024, 1, 28)  # the last timesheet week ends Sunday 28 Jan
    assert k.headcount == {"employee": 2, "contractor": 1}
    # E1 28 days, E2 19 days (from Wed 10 Jan): (104,000×28 + 78,000×19)/365 × 1.273 + 5,000 × 47/365
    expected_emp = (104_000 * 28 + 78_000 * 19) / 365 * 1.273 + 5_000 * 47 / 365
    assert k.spend["employee"] == pytest.approx(expected_emp)
    assert k.spend["employee"] == pytest.approx(15_968.66, abs=0.01)
    # C1 124 h × $100 + C2 60 h × $80 = 17,200; × 1.03 = 17,716
    assert k.spend["contractor"] == pytest.approx(17_716.0)
    # Σ spend / Σ productive hours: (1.273 × 4,394,000 + 5,000 × 47) / 365 ÷ (47/365 × 1,860)
    #   = 5,828,562 / 87,420 = 66.673
    assert k.employee_cost_per_hour == pytest.approx(5_828_562 / 87_420)
    assert k.contractor_cost_per_hour == pytest.approx(17_716 / 184)
    assert k.billable_utilization == pytest.approx(370 / 456)
    assert k.engagements_in_progress == 2  # ENG1 active, ENG2 completed 19 Jan; ENG3 cancelled


def test_assumptions_flow_into_spend(tiny_ws):
    a = CostAssumptions(benefits_load=0.30, payroll_tax=0.10, overhead_per_employee=0, vendor_management_fee=0)
    k = overview.kpis(tiny_ws, JAN, a)
    assert k.spend["employee"] == pytest.approx((104_000 * 28 + 78_000 * 19) / 365 * 1.40)
    assert k.spend["contractor"] == pytest.approx(17_200.0)


def test_filters_restrict_people(tiny_ws):
    eng = Filters(date(2024, 1, 1), date(2024, 1, 31), departments=("Engineering",))
    k = overview.kpis(tiny_ws, eng, DEFAULTS)
    assert k.headcount == {"employee": 1, "contractor": 0}
    assert k.spend["contractor"] == pytest.approx(124 * 100 * 1.03)
    assert k.billable_utilization == pytest.approx((126 + 124) / (152 + 120))
    contractors = Filters(date(2024, 1, 1), date(2024, 1, 31), worker_types=("contractor",))
    assert overview.kpis(tiny_ws, contractors, DEFAULTS).billable_utilization == pytest.approx(164 / 200)


def test_a_period_with_no_data_is_empty_not_an_error(tiny_ws):
    k = overview.kpis(tiny_ws, Filters(date(2025, 1, 1), date(2025, 1, 31)), DEFAULTS)
    assert k.spend == {"employee": 0.0, "contractor": 0.0}
    assert k.billable_utilization is None
    assert k.contractor_cost_per_hour is None


def test_spend_by_month(tiny_ws):
    m = overview.spend_by_month(tiny_ws, JAN, DEFAULTS).set_index("worker_type")
    assert m.loc["contractor", "spend"] == pytest.approx(17_716.0)
    assert m.loc["employee", "people"] == 2


def test_comparison_table_figures(tiny_ws):
    t = overview.comparison_table(tiny_ws, JAN, DEFAULTS).set_index("Aspect")
    con, emp = t.columns
    # active contractor on 28 Jan: C2 only → median rate $80, ×1.03 = $82.40
    assert "median rate $80.00/h, $82.40/h" in t.loc["Payment", con]
    # active employees E1 $104,000 and E2 $78,000 → median $91,000; (91,000×1.273+5,000)/1,860 = $64.97
    assert "median salary $91,000, $64.97 per productive hour" in t.loc["Payment", emp]
    # ENG2 ran 1 Jun 2023 – 19 Jan 2024 = 232 days = 7.6 months
    assert "median completed engagement 7.6 months" in t.loc["Duration", con]
    # contractor tenures 232 and 392 days → median 312 days = 10.3 months
    assert "median contractor tenure 10.3 months" in t.loc["Duration", con]
    # employee tenures: E1 1 Jan 2020 → 28 Jan 2024 = 1,488 days; E2 18 days → median 753 days = 2.1 years
    assert "median employee tenure 2.1 years" in t.loc["Duration", emp]
    # contractor spend by vendor: Acme 12,772 of 17,716 = 72%
    assert "the largest, Acme, takes 72% of contractor spend" in t.loc["Relationship", con]
    # C1 reviews mean (3+5+4+3+4+5)/6 = 4.0, C2 (4+4+3+3+5+4)/6 = 3.83 → 3.9
    assert "contractors' reviews average 3.9/5" in t.loc["Responsibilities", con]
    assert "vendor-delivered engagements rated 4.0/5" in t.loc["Responsibilities", con]


def test_delivery_model_thresholds():
    import pandas as pd

    e = pd.DataFrame({"employee_hours": [100, 10, 50, 0], "contractor_hours": [0, 90, 50, 0]})
    assert list(overview.delivery_model(e)) == ["in-house", "contractor", "mixed", "no hours"]


def test_delivery_model_vectorised_matches_row_by_row():
    """The numpy.select classification gives exactly what the former row-by-row rule gave,
    including the 20% / 80% boundaries, no hours, missing hours and an empty frame."""
    import numpy as np
    import pandas as pd

    def row_by_row(e):
        total = e["employee_hours"] + e["contractor_hours"]
        share = (e["contractor_hours"] / total.where(total > 0)).fillna(-1)
        return pd.Series(
            ["no hours" if s < 0 else "contractor" if s >= 0.8 else "in-house" if s <= 0.2 else "mixed" for s in share],
            index=e.index,
        )

    rng = np.random.default_rng(0)
    emp = rng.integers(0, 50, 2000).astype(float)
    con = rng.integers(0, 50, 2000).astype(float)
    emp[:6], con[:6] = [80, 20, 0, 0, np.nan, 10], [20, 80, 0, 5, 10, np.nan]  # 20%, 80%, none, all, missing
    e = pd.DataFrame({"employee_hours": emp, "contractor_hours": con}, index=pd.RangeIndex(5, 2005))
    got = overview.delivery_model(e)
    pd.testing.assert_series_equal(got, row_by_row(e))
    assert list(got.iloc[:6]) == ["in-house", "contractor", "no hours", "contractor", "no hours", "no hours"]
    empty = e.iloc[:0]
    pd.testing.assert_series_equal(overview.delivery_model(empty), row_by_row(empty))
    nullable = e.iloc[:50].astype("Int64")  # hours as nullable integers, NaN → <NA>
    pd.testing.assert_series_equal(overview.delivery_model(nullable), row_by_row(nullable))
