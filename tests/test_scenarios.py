"""Convert-to-hire, what-if and sensitivity, worked out by hand.

Tiny organisation (tests/tiny.py) as of Sun 2024-01-28, defaults (multiplier 1.273, overhead
$5,000, 1,860 productive hours, fee 3%): the only active contractor is C2 (C1 left on 19 Jan):
  Network and Systems Administrator, mid, Infrastructure, $80/h, started 2023-01-01
  tenure 392 days = 392 / (365/12) = 12.888 months (under the 18-month limit)
  60 h logged in the 4 weeks employed within the last 52 → 60 × 52 / 4 = 780 h a year
  contractor annual cost 780 × 80 × 1.03 = 64,272
  no NSA employee in the data → OEWS median $96,800 → (96,800 × 1.273 + 5,000) / 1,860
  = 128,226.40 / 1,860 = 68.939/h × 780 = 53,772.36 → yearly saving 10,499.64
"""

from datetime import date

import pytest

from analytics import break_even, costs, scenarios
from analytics.assumptions import DEFAULTS
from analytics.break_even import Need
from analytics.filters import Filters
from tests.test_break_even import HAND

JAN = Filters(date(2024, 1, 1), date(2024, 1, 31))
AS_OF = date(2024, 1, 28)


def conversion(ws, a=DEFAULTS, filters=JAN):
    return scenarios.conversion_costs(
        scenarios.contractors_as_of(ws, filters, AS_OF), break_even.pay_medians(ws, filters), a
    )


def what_if(ws, a, department, share):
    return scenarios.what_if_conversion(conversion(ws, a), costs.period_facts(ws, JAN), a, 31, department, share)
C2_EMPLOYEE = (96_800 * 1.273 + 5_000) / 1_860 * 780


@pytest.fixture(autouse=True)
def _no_suppression(monkeypatch):
    monkeypatch.setenv("STAFFING_LENS_MIN_GROUP", "1")


def test_annual_hours_scale_up_part_years():
    import pandas as pd

    h = scenarios.annual_hours(pd.Series([60.0, 2080.0, 0.0]), pd.Series([4, 52, 0]))
    assert list(h) == [780.0, 2080.0, 0.0]


def test_convert_candidate_by_hand(tiny_ws):
    c = scenarios.convert_candidates(conversion(tiny_ws))
    assert list(c["worker_id"]) == ["C2"]
    r = c.iloc[0]
    assert r["tenure_months"] == pytest.approx(12.888, abs=1e-3)
    assert r["annual_hours"] == pytest.approx(780)
    assert r["contractor_annual_cost"] == pytest.approx(64_272)
    assert r["equivalent_salary"] == 96_800 and "OEWS" in r["salary_source"]
    assert r["employee_annual_cost"] == pytest.approx(C2_EMPLOYEE)
    assert r["employee_annual_cost"] == pytest.approx(53_772.36, abs=0.01)
    assert r["yearly_saving"] == pytest.approx(10_499.64, abs=0.01)
    assert not r["past_tenure_limit"] and r["costs_more_than_employee"]
    assert r["reason"] == "costs more than an employee"
    t = scenarios.conversion_totals(c, DEFAULTS)
    assert t.people == 1
    # first year: 10,499.64 − 4,700 recruiting = 5,799.64
    assert t.first_year_saving == pytest.approx(5_799.64, abs=0.01)


def test_a_contractor_cheaper_than_an_employee_is_listed_only_past_the_tenure_limit(tiny_ws):
    # fee 0, overhead 20,000: contractor 780 × 80 = 62,400; employee (123,226.40 + 20,000) / 1,860 × 780 = 60,062
    # → still dearer. With productive hours 1,500: 143,226.40 / 1,500 × 780 = 74,477.73 > 62,400: cheaper.
    a = DEFAULTS.with_changes(vendor_management_fee=0, overhead_per_employee=20_000, productive_hours_per_year=1500)
    assert scenarios.convert_candidates(conversion(tiny_ws, a)).empty
    past = a.with_changes(tenure_limit_months=12)
    c = scenarios.convert_candidates(conversion(tiny_ws, past))
    assert list(c["worker_id"]) == ["C2"]
    assert c.iloc[0]["yearly_saving"] == pytest.approx(62_400 - (96_800 * 1.273 + 20_000) / 1_500 * 780)
    assert c.iloc[0]["reason"] == "past the 12-month limit"


def test_converted_count_rounds_half_up():
    assert scenarios.converted_count(3, 0.5) == 2  # 1.5 → 2
    assert scenarios.converted_count(1, 0.49) == 0
    assert scenarios.converted_count(4, 0.25) == 1
    assert scenarios.converted_count(4, 1.0) == 4


def test_what_if_by_hand(tiny_ws):
    a = DEFAULTS.with_changes(tenure_limit_months=12)  # C2, 12.9 months, is now long-running
    w = what_if(tiny_ws, a, None, 0.5)
    assert (w.long_running, w.converted) == (1, 1)  # 0.5 × 1 rounds half up to 1
    # 53,772.36 − 64,272 = −10,499.64 a year
    assert w.annual_change == pytest.approx(C2_EMPLOYEE - 64_272)
    assert w.one_off_recruiting == 4_700
    # all January spend 33,684.66 × 365 / 31 = 396,609.74 a year → −2.647%
    assert w.annual_spend == pytest.approx(396_609.74, abs=0.01)
    assert w.change_share == pytest.approx(-0.026473, abs=1e-6)
    infra = what_if(tiny_ws, a, "Infrastructure", 1.0)
    assert infra.annual_spend == pytest.approx(4_944 * 365 / 31)  # C2's January, a year
    none = what_if(tiny_ws, a, "Engineering", 1.0)
    assert (none.long_running, none.converted, none.annual_change) == (0, 0, 0.0)
    zero = what_if(tiny_ws, a, None, 0.0)
    assert zero.converted == 0 and zero.annual_change == 0


def test_sensitivity_by_hand():
    s = scenarios.sensitivity(Need(30, 12, 124_800, 100), HAND).set_index("input")
    assert s.attrs["base_saving"] == pytest.approx(10_600)
    assert s.attrs["base_crossover"] == 8
    # recruiting ±20%: 4,000 / 6,000 → saving 11,600 / 9,600; break-even month 8 / 9
    # (+1,000 keeps month 8 at −200 + 1,000 = 800 above; month 9: 114,200 + 1,000 − 117,000 = −1,800)
    r = s.loc["recruiting_cost"]
    assert (r["low_value"], r["high_value"]) == pytest.approx((4_000, 6_000))
    assert (r["saving_low"], r["saving_high"]) == pytest.approx((11_600, 9_600))
    assert (r["crossover_low"], r["crossover_high"]) == (8, 9)
    # contractor rate +20% = $120/h: contracting 12 × 15,600 = 187,200; hiring 5,000 + 15,600
    # + 2 × (10,400 + 7,800) + 9 × 10,400 = 150,600 → saving 36,600
    assert s.loc["contractor_rate", "saving_high"] == pytest.approx(36_600)
    assert "tenure_limit_months" not in s.index and "target_utilization" not in s.index
    assert len(s) == 11  # salary, rate and the 9 assumptions that enter the break-even
    assert list(s["spread"]) == sorted(s["spread"], reverse=True)


def test_sensitivity_caps_productivity_at_100_percent():
    s = scenarios.sensitivity(Need(30, 12, 124_800, 100), HAND.with_changes(ramp_up_productivity=0.9))
    assert s.set_index("input").loc["ramp_up_productivity", "high_value"] == 1.0


def test_what_if_scale_is_withheld_for_a_small_scope(tiny_ws, monkeypatch):
    monkeypatch.setenv("STAFFING_LENS_MIN_GROUP", "5")  # 4 people paid in January: too few to show their total
    w = what_if(tiny_ws, DEFAULTS.with_changes(tenure_limit_months=12), None, 1.0)
    assert w.annual_spend is None and w.change_share is None
    assert w.converted == 1  # the conversion itself is still projected
