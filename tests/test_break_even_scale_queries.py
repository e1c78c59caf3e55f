"""The Break-even page's analytics as rewritten for the 100M-row snapshot: conversion_as_of takes the
pay medians the page already has (so break_even_rates runs once a page), and conversion_costs looks
the equivalent salary up once per role × seniority and joins it to every contractor. Figures by hand
in the comments; the tiny organisation is tests/tiny.py."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from analytics.metrics import break_even, scenarios
from analytics.metrics.assumptions import DEFAULTS, CostAssumptions
from analytics.metrics.filters import Filters

pytestmark = pytest.mark.usefixtures("show_small_groups")

JAN = Filters(date(2024, 1, 1), date(2024, 1, 31))
AS_OF = date(2024, 1, 31)
NSA = "Network and Systems Administrator"
COLUMNS = ["role", "seniority", "worker_type", "people", "median_salary", "median_rate"]
# salary × 1, no overhead, 2,000 productive hours, no fee: $200,000 → $100 per productive hour
ROUND = CostAssumptions(
    benefits_load=0.0, payroll_tax=0.0, overhead_per_employee=0.0, productive_hours_per_year=2000.0,
    vendor_management_fee=0.0, recruiting_cost=1000.0, tenure_limit_months=12.0,
)


def test_conversion_as_of_uses_the_medians_it_is_given(tiny_ws):
    # C2 (NSA, mid, $80/h, 780 h a year) is the one contractor active on 31 Jan. No NSA employee in the
    # tiny data, so with its own medians the equivalent salary is the OEWS median, $96,800 …
    own = scenarios.conversion_as_of(tiny_ws, JAN, AS_OF, DEFAULTS)
    given = scenarios.conversion_as_of(tiny_ws, JAN, AS_OF, DEFAULTS, break_even.pay_medians(tiny_ws, JAN))
    pd.testing.assert_frame_equal(given, own)
    assert own["equivalent_salary"].tolist() == [96_800.0]
    # … and with medians saying 5 NSA mid employees earn $200,000 it is that: 780 h × $100 = $78,000 a
    # year as an employee against 780 × $80 = $62,400 as a contractor → saving −15,600
    medians = pd.DataFrame([(NSA, "mid", "employee", 5, 200_000.0, None)], columns=COLUMNS)
    out = scenarios.conversion_as_of(tiny_ws, JAN, AS_OF, ROUND, medians)
    assert out["worker_id"].tolist() == ["C2"]
    assert out["equivalent_salary"].tolist() == [200_000.0]
    assert out["employee_annual_cost"].tolist() == pytest.approx([78_000.0])
    assert out["yearly_saving"].tolist() == pytest.approx([-15_600.0])
    assert out["salary_source"].tolist() == [f"median of 5 employees (mid {NSA}) in the filtered data"]


def _contractors(rows: list[tuple]) -> pd.DataFrame:
    """contractors_as_of rows: (worker_id, role, seniority, rate, tenure_days); 1,000 h in 52 weeks each."""
    df = pd.DataFrame(rows, columns=["worker_id", "role", "seniority", "hourly_rate", "tenure_days"])
    df["full_name"] = "Name " + df["worker_id"]
    df["department"] = "Infrastructure"
    df["vendor"] = "Acme"
    df["start_date"] = pd.Timestamp("2023-01-01")
    df["hours_52w"] = 1000.0
    df["weeks_52w"] = 52
    df["timesheet_weeks"] = 52
    return df


def test_each_contractor_gets_the_salary_of_their_own_role_and_seniority():
    # medians (5 employees each): NSA mid $200,000, NSA senior $300,000, NSA over all seniorities
    # $240,000; Software Developer has no employee row → the OEWS median, $133,080. 1,000 h a year each,
    # ROUND:
    #   A NSA mid     $90/h, 100 days:  90,000 − 1,000 × 100 = −10,000, neither reason
    #   B NSA senior $160/h, 400 days: 160,000 − 1,000 × 150 = +10,000, both reasons (400 d > 12 months)
    #   C NSA junior $150/h, 100 days: no junior row → the role's $240,000 → 150,000 − 120,000 = +30,000
    #   D NSA mid     $50/h, 400 days:  50,000 − 100,000 = −50,000, past the limit only
    #   E Software Developer mid $100/h: 100,000 − 1,000 × 133,080 / 2,000 = 100,000 − 66,540 = +33,460
    medians = pd.DataFrame(
        [(NSA, "mid", "employee", 5, 200_000.0, None), (NSA, "senior", "employee", 5, 300_000.0, None),
         (NSA, None, "employee", 15, 240_000.0, None)],
        columns=COLUMNS,
    )
    c = _contractors([
        ("A", NSA, "mid", 90.0, 100), ("B", NSA, "senior", 160.0, 400), ("C", NSA, "junior", 150.0, 100),
        ("D", NSA, "mid", 50.0, 400), ("E", "Software Developer", "mid", 100.0, 100),
    ])
    out = scenarios.conversion_costs(c, medians, ROUND).set_index("worker_id")
    assert out.loc[["A", "B", "C", "D"], "equivalent_salary"].tolist() == [200_000.0, 300_000.0, 240_000.0, 200_000.0]
    assert out.loc["E", "equivalent_salary"] == 133_080.0
    assert out.loc["E", "salary_source"] == "BLS OEWS May 2024 median (too few employees in the data)"
    assert out.loc["E", "yearly_saving"] == pytest.approx(33_460.0)
    assert out.loc[["A", "B", "C", "D"], "yearly_saving"].tolist() == pytest.approx([-10_000.0, 10_000.0, 30_000.0, -50_000.0])
    assert out.loc["C", "salary_source"] == f"median of 15 employees ({NSA}, all seniorities) in the filtered data"
    assert out.loc[["A", "B", "C", "D"], "reason"].tolist() == [
        "", "past the 12-month limit · costs more than an employee", "costs more than an employee",
        "past the 12-month limit",
    ]
    assert out.index.tolist() == ["E", "C", "B", "A", "D"]  # largest saving first


def test_a_contractor_without_a_rate_or_seniority_keeps_their_row():
    # no rate on the as-of date (NaN): contractor cost NaN, so not "costs more"; no seniority (NaN): the
    # role's median over all seniorities, $240,000
    medians = pd.DataFrame([(NSA, None, "employee", 15, 240_000.0, None)], columns=COLUMNS)
    c = _contractors([("A", NSA, None, np.nan, 400), ("B", NSA, np.nan, 130.0, 100)])
    out = scenarios.conversion_costs(c, medians, ROUND).set_index("worker_id")
    assert out.loc[["A", "B"], "equivalent_salary"].tolist() == [240_000.0, 240_000.0]
    assert out.loc["B", "yearly_saving"] == pytest.approx(130_000.0 - 120_000.0)
    assert np.isnan(out.loc["A", "yearly_saving"])
    assert out.loc[["A", "B"], "reason"].tolist() == ["past the 12-month limit", "costs more than an employee"]
