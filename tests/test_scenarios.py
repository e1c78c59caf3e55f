"""Convert-to-hire, what-if and sensitivity, worked out by hand.

Tiny organisation (tests/tiny.py) as of Sun 2024-01-28, defaults (multiplier 1.273, overhead
$5,000, 1,860 productive hours, fee 3%): the only active contractor is C2 (C1 left on 19 Jan):
  Network and Systems Administrator, mid, Infrastructure, $80/h, started 2023-01-01
  tenure 392 days = 392 / (365/12) = 12.888 months (under the 18-month limit)
  60 h logged in the 4 weeks employed within the last 52 → 60 × 52 / 4 = 780 h a year
  contractor annual cost 780 × 80 × 1.03 = 64,272
  no NSA employee in the data → OEWS median $96,800 → (96,800 × 1.273 + 5,000) / 1,860
  = 128,226.40 / 1,860 = 68.939/h × 780 = 53,772.36 → yearly saving 10,499.64
  C2 has timesheets in only 4 weeks (the tiny data's whole history), fewer than the 13 the
  convert-to-hire list asks for: the list leaves C2 out as too new to judge. The tiny cases below
  pass min_timesheet_weeks=4 to exercise the rest of the list's rules; the 13-week rule itself
  runs on QUARTER, a 13-week organisation built here.
"""

from datetime import date

import pytest

from analytics.metrics import break_even, costs, scenarios
from analytics.metrics.assumptions import DEFAULTS
from analytics.metrics.break_even import Need
from analytics.metrics.filters import Filters
from tests.quarter import quarter_frames
from tests.tiny import HAND

pytestmark = pytest.mark.usefixtures("show_small_groups")

JAN = Filters(date(2024, 1, 1), date(2024, 1, 31))
AS_OF = date(2024, 1, 28)


def conversion(ws, a=DEFAULTS, filters=JAN):
    return scenarios.conversion_costs(
        scenarios.contractors_as_of(ws, filters, AS_OF), break_even.pay_medians(ws, filters), a
    )


def what_if(ws, a, department, share):
    return scenarios.what_if_conversion(conversion(ws, a), costs.period_facts(ws, JAN), a, 31, department, share)
C2_EMPLOYEE = (96_800 * 1.273 + 5_000) / 1_860 * 780


def test_annual_hours_scale_up_part_years():
    import pandas as pd

    h = scenarios.annual_hours(pd.Series([60.0, 2080.0, 0.0]), pd.Series([4, 52, 0]))
    assert list(h) == [780.0, 2080.0, 0.0]


def test_convert_candidate_by_hand(tiny_ws):
    conv = conversion(tiny_ws)
    assert conv.set_index("worker_id").loc["C2", "timesheet_weeks"] == 4
    assert scenarios.convert_candidates(conv).empty  # 4 weeks < 13: too new to judge
    assert scenarios.too_new_to_judge(conv) == 1
    c = scenarios.convert_candidates(conv, min_timesheet_weeks=4)
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
    assert scenarios.convert_candidates(conversion(tiny_ws, a), min_timesheet_weeks=4).empty
    assert scenarios.too_new_to_judge(conversion(tiny_ws, a)) == 0  # not listed anyway: none left out as new
    past = a.with_changes(tenure_limit_months=12)
    c = scenarios.convert_candidates(conversion(tiny_ws, past), min_timesheet_weeks=4)
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
    # all January spend, employees paid for every day employed in the whole month (issue 10's horizon):
    #   E1 31 days × (104,000 × 1.273 + 5,000) / 365 = 11,668.91; E2 22 days (from Wed 10 Jan) ×
    #   (78,000 × 1.273 + 5,000) / 365 = 6,286.21; contractors 17,200 × 1.03 = 17,716 → 35,671.12
    #   × 365 / 31 = 419,998.71 a year → −10,499.64 / 419,998.71 = −2.4999%
    assert w.annual_spend == pytest.approx(419_998.71, abs=0.01)
    assert w.change_share == pytest.approx(-0.024999, abs=1e-6)
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


def test_what_if_scale_is_withheld_for_a_small_scope(tiny_ws, min_group):
    min_group(5)  # 4 people paid in January: too few to show their total
    w = what_if(tiny_ws, DEFAULTS.with_changes(tenure_limit_months=12), None, 1.0)
    assert w.annual_spend is None and w.change_share is None
    assert w.converted == 1  # the conversion itself is still projected


# -- the month length of the tenure limit ----------------------------------------------------------
def test_tenure_months_use_the_shared_month_length():
    import pandas as pd

    # 913 days = 913 × 12 / 365 = 30.016 months: past a 30-month limit; 912 days = 29.984: not.
    # (With a 30.44-day month 913 days would be 29.99 months and not past: the bug of issue 10.)
    past = scenarios.past_tenure_limit(pd.Series([913, 912]), 30)
    assert list(past) == [True, False]
    contractors = pd.DataFrame(
        {
            "worker_id": ["X1"], "full_name": ["Xu"], "department": ["Eng"], "role": ["Software Developer"],
            "seniority": ["mid"], "vendor": ["Independent"], "start_date": [date(2021, 1, 1)], "hourly_rate": [50.0],
            "tenure_days": [913], "hours_52w": [520.0], "weeks_52w": [13], "timesheet_weeks": [13],
        }
    )
    medians = pd.DataFrame(columns=["role", "seniority", "worker_type", "people", "median_salary", "median_rate"])
    conv = scenarios.conversion_costs(contractors, medians, DEFAULTS.with_changes(tenure_limit_months=30))
    assert conv.loc[0, "tenure_months"] == pytest.approx(30.0164, abs=1e-4)
    assert bool(conv.loc[0, "past_tenure_limit"])
    assert conv.loc[0, "reason"].startswith("past the 30-month limit")


# -- QUARTER: 13 weeks of timesheets, Mon 1 Jan – Sun 31 Mar 2024 ------------------------------------
Q1 = Filters(date(2024, 1, 1), date(2024, 3, 31))
Q_AS_OF = date(2024, 3, 31)
# K1 by hand, as of Sun 31 Mar 2024 with the defaults:
#   tenure 2022-06-01 → 2024-03-31 = 669 days = 669 × 12 / 365 = 21.99 months: past the 18-month limit
#   520 h in the 13 weeks employed → 520 × 52 / 13 = 2,080 h a year; 2,080 × $110 × 1.03 = 235,664
#   equivalent employee: median senior SD salary (120,000 + 130,000) / 2 = 125,000
#   → (125,000 × 1.273 + 5,000) / 1,860 = 164,125 / 1,860 = 88.2392/h × 2,080 = 183,537.63
#   yearly saving 235,664 − 183,537.63 = 52,126.37
K1_SAVING = 235_664 - (125_000 * 1.273 + 5_000) / 1_860 * 2_080


@pytest.fixture
def quarter_ws(tmp_path):
    from tests import tiny

    ws = tiny.build_workspace(tmp_path, quarter_frames())
    yield ws
    ws.close()


def quarter_conversion(ws, a=DEFAULTS):
    return scenarios.conversion_costs(
        scenarios.contractors_as_of(ws, Q1, Q_AS_OF), break_even.pay_medians(ws, Q1), a
    )


def test_contractors_with_fewer_than_13_weeks_of_timesheets_are_left_out(quarter_ws):
    conv = quarter_conversion(quarter_ws).set_index("worker_id")
    assert conv.loc["K1", "timesheet_weeks"] == 13 and conv.loc["K2", "timesheet_weeks"] == 12
    # K2 would be listed (100 × 1.03 = 103/h against 88.24/h as an employee) but has 12 weeks: left out
    assert bool(conv.loc["K2", "costs_more_than_employee"])
    c = scenarios.convert_candidates(quarter_conversion(quarter_ws))
    assert list(c["full_name"]) == ["Kim Long"]
    assert scenarios.too_new_to_judge(quarter_conversion(quarter_ws)) == 1
    k1 = c.iloc[0]
    assert k1["tenure_months"] == pytest.approx(21.994, abs=1e-3)
    assert k1["annual_hours"] == pytest.approx(2_080)
    assert k1["contractor_annual_cost"] == pytest.approx(235_664)
    assert k1["equivalent_salary"] == 125_000
    assert k1["yearly_saving"] == pytest.approx(K1_SAVING) and K1_SAVING == pytest.approx(52_126.37, abs=0.01)
    assert k1["reason"] == "past the 18-month limit · costs more than an employee"
    # at 12 weeks the rule would keep K2 too: the threshold is what leaves K2 out
    assert len(scenarios.convert_candidates(quarter_conversion(quarter_ws), min_timesheet_weeks=12)) == 2


# -- what-if and the sidebar --------------------------------------------------------------------------
def test_what_if_departments_are_the_sidebars():
    every = ("Data & Analytics", "Engineering", "Infrastructure")
    assert scenarios.what_if_departments(JAN, every) == ["All departments", *every]
    two = Filters(date(2024, 1, 1), date(2024, 1, 31), departments=("Engineering", "Infrastructure"))
    assert scenarios.what_if_departments(two, every) == ["All selected departments", "Engineering", "Infrastructure"]
    assert scenarios.what_if_department("All selected departments") is None
    assert scenarios.what_if_department("All departments") is None
    assert scenarios.what_if_department("Engineering") == "Engineering"


def test_contractors_hidden_by_the_sidebar_are_counted(tiny_ws):
    # limit 12 months: C2 (Infrastructure, 392 days = 12.9 months on 28 Jan) is past it; C1 left on 19 Jan
    eng = Filters(date(2024, 1, 1), date(2024, 1, 31), departments=("Engineering",))
    assert scenarios.past_limit_hidden_by_filters(tiny_ws, eng, AS_OF, 12, None) == 1
    assert scenarios.past_limit_hidden_by_filters(tiny_ws, JAN, AS_OF, 12, None) == 0
    employees = Filters(date(2024, 1, 1), date(2024, 1, 31), worker_types=("employee",))
    assert scenarios.past_limit_hidden_by_filters(tiny_ws, employees, AS_OF, 12, None) == 1
    dba = Filters(date(2024, 1, 1), date(2024, 1, 31), roles=("Database Administrator",))
    assert scenarios.past_limit_hidden_by_filters(tiny_ws, dba, AS_OF, 12, "Infrastructure") == 1
    assert scenarios.past_limit_hidden_by_filters(tiny_ws, dba, AS_OF, 12, "Engineering") == 0
    # at 13 months nobody is past the limit, hidden or not
    assert scenarios.past_limit_hidden_by_filters(tiny_ws, eng, AS_OF, 13, None) == 0


def test_nobody_past_the_limit_says_what_the_filters_hide():
    assert scenarios.nobody_past_limit_message(1, None, 12, AS_OF) == (
        "No contractor in the selected departments and roles is past the 12-month tenure limit on 28 Jan 2024; "
        "the sidebar filters exclude 1 other who is. Widen the sidebar's filters to include them."
    )
    assert "exclude 3 others who are" in scenarios.nobody_past_limit_message(3, "Engineering", 12, AS_OF)
    assert scenarios.nobody_past_limit_message(0, None, 18, AS_OF) == (
        "No contractor in the data is past the 18-month tenure limit on 28 Jan 2024, so there is no one to "
        "convert. Lower the limit in the sidebar's cost assumptions to explore."
    )
    assert scenarios.nobody_past_limit_message(0, "Engineering", 18, AS_OF).startswith(
        "No contractor in Engineering is past"
    )


def test_the_pages_cached_conversion_is_conversion_costs_of_the_contractors_as_of(tiny_ws):
    import pandas as pd

    as_of = date(2024, 1, 31)
    got = scenarios.conversion_as_of(tiny_ws, JAN, as_of, DEFAULTS)
    want = scenarios.conversion_costs(scenarios.contractors_as_of(tiny_ws, JAN, as_of),
                                      break_even.pay_medians(tiny_ws, JAN), DEFAULTS)
    pd.testing.assert_frame_equal(got, want)
    assert got["worker_id"].tolist() == ["C2"]  # C1 left on 19 January
