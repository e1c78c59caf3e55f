"""Break-even between contracting and hiring, on cases worked out by hand.

The hand case: need 30 h/week → 30 × 52/12 = 130 h a month.
  contractor: $100/h, no vendor fee → c = $100/h → contracting costs 13,000 a month
  employee: salary $124,800 × (1 + 0.20 + 0.05) = 156,000, no overhead, 1,950 productive hours
            → e = 156,000 / 1,950 = $80/h → 10,400 a month
  recruiting $5,000 at month 0; time to fill 365/12 days = exactly 1 month;
  ramp-up 104/12 weeks = exactly 2 months at 50%.
Hiring, month by month: m1 13,000 (contractor covers all); m2, m3 10,400 + 0.5 × 13,000 = 16,900;
then 10,400. Cumulative hiring − contracting after each month:
  m1 18,000 − 13,000 = 5,000; m2 34,900 − 26,000 = 8,900; m3 51,800 − 39,000 = 12,800;
  m4 62,200 − 52,000 = 10,200; m5 7,600; m6 5,000; m7 2,400; m8 103,800 − 104,000 = −200 → month 8.
"""

from datetime import date

import pytest

from analytics.metrics import break_even
from analytics.metrics.assumptions import DEFAULTS
from analytics.metrics.break_even import Need
from analytics.metrics.filters import Filters
from tests.tiny import HAND

JAN = Filters(date(2024, 1, 1), date(2024, 1, 31))


def test_hours_per_month():
    assert break_even.hours_per_month(30) == pytest.approx(130.0)


def test_cumulative_costs_by_hand():
    curve = break_even.cumulative_costs(Need(30, 12, 124_800, 100), HAND)
    assert list(curve["month"]) == list(range(13))
    assert list(curve["contracting"]) == pytest.approx([13_000 * m for m in range(13)])
    assert list(curve["hiring"]) == pytest.approx(
        [5_000, 18_000, 34_900, 51_800, 62_200, 72_600, 83_000, 93_400, 103_800, 114_200, 124_600, 135_000, 145_400]
    )
    # the parts: 13,000 of cover in month 1 + 6,500 in each of months 2–3 = 26,000; employee 11 × 10,400 (months 2–12)
    assert curve["contractor_cover"].iloc[-1] == pytest.approx(26_000)
    assert curve["employee"].iloc[-1] == pytest.approx(114_400)
    assert curve["recruiting"].iloc[-1] == 5_000


def test_crossover_and_difference_by_hand():
    r = break_even.break_even(Need(30, 12, 124_800, 100), HAND)
    assert r.crossover_month == 8
    assert r.later_crossover_month is None
    # after 12 months: contracting 156,000, hiring 145,400 → hiring saves 10,600
    assert r.contracting == pytest.approx(156_000)
    assert r.hiring == pytest.approx(145_400)
    assert r.saving_from_hiring == pytest.approx(10_600)
    assert r.employee_cost_per_hour == pytest.approx(80.0)
    assert r.contractor_cost_per_hour == pytest.approx(100.0)
    assert "month 8" in break_even.verdict(r, 12)


def test_no_crossover_within_the_duration_but_later():
    # 6 months: hiring still 83,000 − 78,000 = 5,000 dearer; it crosses in month 8
    r = break_even.break_even(Need(30, 6, 124_800, 100), HAND)
    assert r.crossover_month is None
    assert r.later_crossover_month == 8
    assert r.saving_from_hiring == pytest.approx(-5_000)
    assert break_even.verdict(r, 6) == (
        "Contracting stays cheaper over the 6-month horizon (it would break even in month 8)."
    )


def test_no_crossover_ever_when_the_employee_costs_more_per_hour():
    # salary 171,600 × 1.25 = 214,500 / 1,950 = $110/h > $100/h: hiring never catches up;
    # after 24 months hiring = 5,000 + 13,000 + 2 × (14,300 + 6,500) + 21 × 14,300 = 5,000 + 13,000 + 41,600 + 300,300
    #   = 359,900 vs 24 × 13,000 = 312,000
    r = break_even.break_even(Need(30, 24, 171_600, 100), HAND)
    assert r.employee_cost_per_hour == pytest.approx(110.0)
    assert r.crossover_month is None and r.later_crossover_month is None
    assert r.hiring == pytest.approx(359_900)
    assert r.contracting == pytest.approx(312_000)
    assert "Contracting stays cheaper over the 24-month horizon" in break_even.verdict(r, 24)
    assert "would not break even within 10 years" in break_even.verdict(r, 24)


def test_part_months_are_pro_rated():
    # defaults' timing: fill 42 days = 42 / (365/12) = 1.38082 months; ramp-up 12 weeks = 2.76923 months.
    a = HAND.with_changes(time_to_fill_days=42, ramp_up_weeks=12)
    curve = break_even.cumulative_costs(Need(30, 6, 124_800, 100), a)
    fill = 42 / (365 / 12)
    # month 2: contractor 0.38082 × 13,000 = 4,950.68; ramp 0.61918 × (0.5 × 13,000 + 10,400) = 10,464.11
    month2 = (fill - 1) * 13_000 + (2 - fill) * (0.5 * 13_000 + 10_400)
    assert month2 == pytest.approx(15_414.79, abs=0.01)
    assert curve["hiring"].iloc[2] - curve["hiring"].iloc[1] == pytest.approx(month2)
    # ramp-up ends at 1.38082 + 2.76923 = 4.15005: month 5 has 0.15005 ramping, 0.84995 at full output
    ramp_end = fill + 12 / (52 / 12)
    month5 = (ramp_end - 4) * (6_500 + 10_400) + (5 - ramp_end) * 10_400
    assert curve["hiring"].iloc[5] - curve["hiring"].iloc[4] == pytest.approx(month5)


def test_defaults_use_the_assumptions():
    # $120,000 × 1.273 + 5,000 = 157,760 / 1,860 = 84.82/h; $90 × 1.03 = 92.70/h
    r = break_even.break_even(Need(40, 24, 120_000, 90), DEFAULTS)
    assert r.employee_cost_per_hour == pytest.approx(84.8172, abs=1e-4)
    assert r.contractor_cost_per_hour == pytest.approx(92.70)


def test_pay_defaults_from_the_data(tiny_ws, min_group):
    min_group(1)
    m = break_even.pay_medians(tiny_ws, JAN)
    s = break_even.salary_default(m, "Software Developer", "senior")
    assert s.value == 104_000 and "median of 1 employees" in s.source
    # no lead developer: falls back to the role's median over all seniorities (E1 only)
    assert break_even.salary_default(m, "Software Developer", "lead").value == 104_000
    assert break_even.rate_default(m, "Software Developer", "senior").value == 100
    # no contractor DBA: OEWS 104,620 / 2,080 = 50.30 × 1.40 = 70.42
    r = break_even.rate_default(m, "Database Administrator", "mid")
    assert r.value == pytest.approx(70.42) and "OEWS" in r.source
    # roles: most people first (SD has 2), then the rest alphabetically, then OEWS-only roles
    assert break_even.roles(m)[:3] == [
        "Software Developer", "Database Administrator", "Network and Systems Administrator"
    ]
    assert "Computer Systems Analyst" in break_even.roles(m)


def test_small_groups_do_not_set_pay_defaults(tiny_ws, min_group):
    min_group(5)
    m = break_even.pay_medians(tiny_ws, JAN)
    s = break_even.salary_default(m, "Software Developer", "senior")
    assert s.value == 133_080 and "OEWS" in s.source


def test_worker_type_filter_does_not_hide_the_other_type(tiny_ws, min_group):
    min_group(1)
    only_contractors = Filters(date(2024, 1, 1), date(2024, 1, 31), worker_types=("contractor",))
    m = break_even.pay_medians(tiny_ws, only_contractors)
    assert break_even.salary_default(m, "Software Developer", "senior").value == 104_000


# -- like with like: the calculator's defaults ------------------------------------------------------
def test_like_for_like_when_both_sides_have_enough_people(tiny_ws, min_group):
    min_group(1)
    m = break_even.pay_medians(tiny_ws, JAN)
    salary = break_even.pay_side(m, "Software Developer", "senior", "employee")
    rate = break_even.pay_side(m, "Software Developer", "senior", "contractor")
    assert not salary.short and not rate.short
    assert break_even.pay_used(salary).value == 104_000  # E1
    assert break_even.pay_used(rate).value == 100  # C1
    assert "senior Software Developer" in break_even.pay_used(salary).source
    assert break_even.like_for_like_warning(salary, rate) is None


def test_too_few_at_the_seniority_offers_fallbacks_and_never_picks_silently(tiny_ws, min_group):
    min_group(1)
    m = break_even.pay_medians(tiny_ws, JAN)
    # no mid Software Developer on either side
    salary = break_even.pay_side(m, "Software Developer", "mid", "employee")
    rate = break_even.pay_side(m, "Software Developer", "mid", "contractor")
    assert salary.short and rate.short and salary.people == 0
    assert list(salary.fallbacks) == ["All seniorities of this role", "BLS OEWS median wage"]
    assert [d.value for d in salary.fallbacks.values()] == [104_000, 133_080]
    # rate: C1's $100 over all seniorities; OEWS 133,080 / 2,080 = 63.98 × 1.40 = 89.57
    assert list(rate.fallbacks) == ["All seniorities of this role", "BLS OEWS median wage × 1.40 agency markup"]
    assert [d.value for d in rate.fallbacks.values()] == pytest.approx([100, 89.57])
    assert break_even.pay_used(salary, "BLS OEWS median wage").value == 133_080
    assert break_even.pay_used(salary, "All seniorities of this role").value == 104_000
    assert break_even.pay_used(salary, None).value == 104_000  # the radio's first option
    assert break_even.like_for_like_warning(salary, rate) == (
        "Not like with like: the filtered data has no mid Software Developer employees and no mid Software "
        "Developer contractors, so the salary and contractor rate below are fallbacks you choose (or type your own)."
    )


def test_a_group_under_the_privacy_minimum_is_too_few(tiny_ws, min_group):
    # minimum 2: E1 alone is the senior SD employees, C1 alone the contractors; the role has no more
    min_group(2)
    m = break_even.pay_medians(tiny_ws, JAN)
    salary = break_even.pay_side(m, "Software Developer", "senior", "employee")
    rate = break_even.pay_side(m, "Software Developer", "senior", "contractor")
    assert salary.short and salary.people == 1
    assert list(salary.fallbacks) == ["BLS OEWS median wage"]  # all seniorities is one person too
    assert break_even.pay_used(salary, "All seniorities of this role").value == 133_080  # not offered
    warning = break_even.like_for_like_warning(salary, rate)
    assert "fewer than 2 senior Software Developer employees and fewer than 2 senior Software Developer contractors" \
        in warning
    assert "104" not in warning  # says how many are missing, never the pay it would reveal


def test_one_short_side_and_no_benchmark(tiny_ws, min_group):
    min_group(1)
    m = break_even.pay_medians(tiny_ws, JAN)
    # DBA mid: E2 is the like-for-like employee; no DBA contractor at all
    salary = break_even.pay_side(m, "Database Administrator", "mid", "employee")
    rate = break_even.pay_side(m, "Database Administrator", "mid", "contractor")
    assert break_even.pay_used(salary).value == 78_000
    assert list(rate.fallbacks) == ["BLS OEWS median wage × 1.40 agency markup"]
    assert break_even.like_for_like_warning(salary, rate) == (
        "Not like with like: the filtered data has no mid Database Administrator contractors, so the contractor "
        "rate below is a fallback you choose (or type your own)."
    )
    # a role with no data and no benchmark: nothing to fall back on
    s = break_even.pay_side(m, "Tester", "mid", "employee")
    r = break_even.pay_side(m, "Tester", "mid", "contractor")
    assert s.fallbacks == {} and break_even.pay_used(s).value is None
    assert break_even.like_for_like_warning(s, r).endswith("and no benchmark exists: type the salary and contractor rate.")


def test_month_lengths_come_from_periods():
    # 365/12 days and 52/12 weeks: 42 days to fill = 1.38082 months, 12 weeks of ramp-up = 2.76923
    assert break_even.time_to_fill_months(HAND.with_changes(time_to_fill_days=42)) == pytest.approx(1.380822, abs=1e-6)
    assert break_even.ramp_up_months(HAND.with_changes(ramp_up_weeks=12)) == pytest.approx(2.769231, abs=1e-6)
    assert not hasattr(break_even, "DAYS_PER_MONTH") and not hasattr(break_even, "WEEKS_PER_MONTH")
