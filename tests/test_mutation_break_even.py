"""Tests for analytics/metrics/break_even.py that mutation testing (`make mutate`) showed were missing: the
crossover on month 1 and on exact equality, the verdict's words, the calculator's pay sides in full
(who, which group, the source sentence a user reads), and the rate fallbacks' wording. Pay medians are
hand-made frames in pay_medians' shape; the privacy minimum is the default, 5 people."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.metrics import break_even as be
from analytics.metrics import reference
from analytics.metrics.assumptions import CostAssumptions
from analytics.metrics.break_even import BreakEven, PayDefault, PaySide

SD = "Software Developer"


def _medians(rows: list[tuple]) -> pd.DataFrame:
    """(role, seniority or None, worker_type, people, median_salary, median_rate) rows."""
    return pd.DataFrame(rows, columns=["role", "seniority", "worker_type", "people", "median_salary", "median_rate"])


# senior SDs: 6 employees at $150,000 and 5 contractors at $110/h; all SDs: 9 at $140,000, 8 at $100/h;
# mid SDs: 2 employees (too few to show) and no contractors
MEDIANS = _medians([
    (SD, "senior", "employee", 6, 150_000.0, None),
    (SD, "mid", "employee", 2, 90_000.0, None),
    (SD, None, "employee", 9, 140_000.0, None),
    (SD, "senior", "contractor", 5, None, 110.0),
    (SD, None, "contractor", 8, None, 100.0),
])


def _curve(hiring: list[float], contracting: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"month": range(len(hiring)), "hiring": hiring, "contracting": contracting})


def test_a_crossover_in_the_first_month_counts():
    # month 0 is the start (recruiting paid); at the end of month 1 hiring 5 ≤ contracting 6
    assert be.crossover_month(_curve([10.0, 5.0, 6.0], [0.0, 6.0, 12.0])) == 1


def test_equal_cumulative_costs_count_as_crossed():
    # month 1: hiring 6 > 5; month 2: both 10 exactly → crossed in month 2 (at or below)
    assert be.crossover_month(_curve([4.0, 6.0, 10.0], [0.0, 5.0, 10.0])) == 2
    # a rounding hair above (within TOLERANCE, a millionth of a dollar) still counts
    assert be.crossover_month(_curve([4.0, 6.0, 10.0 + 5e-7], [0.0, 5.0, 10.0])) == 2
    # but never month 0, when both may be 0
    assert be.crossover_month(_curve([0.0, 6.0], [0.0, 5.0])) is None


def test_the_verdict_when_hiring_breaks_even():
    r = BreakEven(7, None, 100.0, 90.0, 10.0, 92.7, 84.8)
    assert be.verdict(r, 24) == (
        "Hiring breaks even in month 7: from then on its cumulative cost is at or below contracting's."
    )


def test_roles_with_no_data_are_the_benchmarked_roles():
    assert be.roles(_medians([])) == list(reference.OEWS_MEDIAN_ANNUAL)


def test_like_for_like_sides_in_full():
    # both senior SD groups reach 5 people: the calculator compares them directly
    salary = be.pay_side(MEDIANS, SD, "senior", "employee")
    assert salary == PaySide(
        "employee", SD, "senior", 6,
        PayDefault(150_000.0, "median of 6 employees (senior Software Developer) in the filtered data"), {},
    )
    rate = be.pay_side(be.median_table(MEDIANS), SD, "senior", "contractor")
    assert rate == PaySide(
        "contractor", SD, "senior", 5,
        PayDefault(110.0, "median of 5 contractors (senior Software Developer) in the filtered data"), {},
    )
    assert (salary.kind, salary.pay, rate.kind, rate.pay) == ("employees", "salary", "contractors", "contractor rate")


def test_fallbacks_say_where_each_figure_comes_from():
    # mid SD: 2 employees (under 5) and no contractors → the role over all seniorities, and the BLS figure
    salary = be.pay_side(MEDIANS, SD, "mid", "employee")
    assert salary.people == 2 and salary.like_for_like is None
    assert salary.fallbacks == {
        be.ALL_SENIORITIES: PayDefault(140_000.0, "median of 9 employees (Software Developer, all seniorities) in the filtered data"),
        be.OEWS_SALARY: PayDefault(133_080.0, "BLS OEWS May 2024 median annual wage"),
    }
    rate = be.pay_side(MEDIANS, SD, "mid", "contractor")
    # OEWS: 133,080 / 2,080 = 63.98/h × 1.40 = 89.57
    assert rate.fallbacks == {
        be.ALL_SENIORITIES: PayDefault(100.0, "median of 8 contractors (Software Developer, all seniorities) in the filtered data"),
        be.OEWS_RATE: PayDefault(89.57, "BLS OEWS May 2024 median hourly wage × 1.40 agency markup"),
    }


def test_with_nothing_to_fall_back_on_the_user_types_the_pay():
    none = _medians([])
    salary = be.pay_side(none, "Tester", "mid", "employee")
    rate = be.pay_side(none, "Tester", "mid", "contractor")
    assert be.pay_used(salary) == PayDefault(None, "no data: type a salary")
    assert be.pay_used(rate) == PayDefault(None, "no data: type a rate")


def test_rate_default_prefers_the_seniority_and_says_when_it_falls_back():
    # senior SD contractors (5 at $110) rather than all SDs ($100)
    assert be.rate_default(be.median_table(MEDIANS), SD, "senior") == PayDefault(
        110.0, "median of 5 contractors (senior Software Developer) in the filtered data"
    )
    # no DBA contractors: OEWS 104,620 / 2,080 = 50.30 × 1.40 = 70.42
    assert be.rate_default(MEDIANS, "Database Administrator", "mid") == PayDefault(
        70.42, "OEWS median hourly × 1.40 agency markup (too few contractors in the data)"
    )
    assert be.rate_default(MEDIANS, "Tester", "mid") == PayDefault(None, "no data: type a rate")


def test_salary_default_prefers_the_seniority():
    assert be.salary_default(be.median_table(MEDIANS), SD, "senior").value == 150_000.0
    # mid SDs are too few (2): the role's median over all seniorities
    assert be.salary_default(MEDIANS, SD, "mid") == PayDefault(
        140_000.0, "median of 9 employees (Software Developer, all seniorities) in the filtered data"
    )


@pytest.mark.parametrize("months", [24, 1])
def test_cumulative_costs_start_at_month_zero(months):
    curve = be.cumulative_costs(be.Need(40, months, 120_000, 90), CostAssumptions())
    assert curve["month"].tolist() == list(range(months + 1))


def test_median_table_keeps_a_missing_median_as_none():
    # contractors have no median salary and employees no median rate: None, not NaN
    t = be.median_table(MEDIANS)
    assert t[(SD, "senior", "contractor")] == (5, None, 110.0)
    assert t[(SD, None, "employee")] == (9, 140_000.0, None)


def test_salary_default_without_a_seniority_and_its_fallback_wording():
    # no seniority asked: the role over all seniorities straight away, said so
    assert be.salary_default(MEDIANS, SD, None) == PayDefault(
        140_000.0, "median of 9 employees (Software Developer, all seniorities) in the filtered data"
    )
    # no DBA employees: the BLS OEWS median, $104,620
    assert be.salary_default(MEDIANS, "Database Administrator", "mid") == PayDefault(
        104_620.0, "BLS OEWS May 2024 median (too few employees in the data)"
    )
    assert be.salary_default(MEDIANS, "Tester", "mid") == PayDefault(None, "no data: type a salary")
