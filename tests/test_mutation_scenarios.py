"""Tests for analytics/metrics/scenarios.py that mutation testing (`make mutate`) showed were missing: annual
hours with 0 or 1 week employed, the convert-to-hire table's order, index, types and the
"costs more" boundary, the totals, the what-if's costs, filtered-out contractors in one department,
the what-if's message, values in their units and the sensitivity table's labels and crossovers.
Figures by hand in the comments."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from analytics.metrics import break_even, scenarios
from analytics.metrics.assumptions import CostAssumptions
from analytics.metrics.break_even import Need
from analytics.metrics.filters import Filters

NSA = "Network and Systems Administrator"
NO_MEDIANS = pd.DataFrame(columns=["role", "seniority", "worker_type", "people", "median_salary", "median_rate"])
# a cost model in round numbers: salary × 1 + $0 overhead over 2,000 productive hours, no vendor fee
# → an employee on $200,000 costs $100 per productive hour, a contractor on $100/h costs $100/h
ROUND = CostAssumptions(
    benefits_load=0.0, payroll_tax=0.0, overhead_per_employee=0.0, productive_hours_per_year=2000.0,
    vendor_management_fee=0.0, recruiting_cost=1000.0, tenure_limit_months=12.0,
)


def _contractors(rows: list[tuple], index=None) -> pd.DataFrame:
    """contractors_as_of rows: (worker_id, role, rate, tenure_days, hours_52w, weeks_52w, timesheet_weeks)."""
    df = pd.DataFrame(
        rows, columns=["worker_id", "role", "hourly_rate", "tenure_days", "hours_52w", "weeks_52w", "timesheet_weeks"],
        index=index,
    )
    df["full_name"] = "Name " + df["worker_id"]
    df["department"] = "Infrastructure"
    df["seniority"] = "mid"
    df["vendor"] = "Acme"
    df["start_date"] = pd.Timestamp("2023-01-01")
    return df


def _salary_medians(salary: float) -> pd.DataFrame:
    return pd.DataFrame(
        [(NSA, "mid", "employee", 5, salary, None)],
        columns=["role", "seniority", "worker_type", "people", "median_salary", "median_rate"],
    )


def test_annual_hours_with_no_week_or_one_week_employed():
    # 0 weeks employed (hours logged against no employed week): nothing to annualise → 0, not ∞;
    # 1 week with 10 h → 10 × 52 = 520; 26 weeks with 400 h → 400 × 52 / 26 = 800
    out = scenarios.annual_hours(pd.Series([5.0, 10.0, 400.0]), pd.Series([0, 1, 26]))
    assert out.tolist() == [0.0, 520.0, 800.0]
    assert str(out.dtype) == "float64"


def test_convert_to_hire_order_index_and_types():
    # equivalent employee $200,000 → $100/h; each works 1,040 h a year (1,040 h in 52 weeks):
    #   A at $110/h: 1,040 × 110 = 114,400 − 104,000 → saving 10,400
    #   B and C at $105/h: 109,200 − 104,000 → saving 5,200 each, tie broken by worker_id B, C
    # the input's index (10, 11, 12) is not the output's: rows are renumbered 0, 1, 2
    c = _contractors(
        [("C", NSA, 105.0, 100, 1040.0, 52, 52.0), ("A", NSA, 110.0, 100, 1040.0, 52, 52.0),
         ("B", NSA, 105.0, 100, 1040.0, 52, 52.0)],
        index=[10, 11, 12],
    )
    out = scenarios.conversion_costs(c, _salary_medians(200_000.0), ROUND)
    assert out["worker_id"].tolist() == ["A", "B", "C"]
    assert out.index.tolist() == [0, 1, 2]
    assert out["equivalent_salary"].tolist() == [200_000.0] * 3
    assert out["yearly_saving"].tolist() == pytest.approx([10_400.0, 5_200.0, 5_200.0])
    assert out["timesheet_weeks"].tolist() == [52, 52, 52] and str(out["timesheet_weeks"].dtype) == "int64"
    assert out.columns.tolist() == scenarios.CANDIDATE_COLUMNS
    listed = scenarios.convert_candidates(out.iloc[[2, 0]])
    assert listed["worker_id"].tolist() == ["C", "A"] and listed.index.tolist() == [0, 1]


def test_costing_exactly_as_much_as_an_employee_is_not_costing_more():
    # $100/h contractor vs a $100/h employee: saving exactly 0 → not "costs more";
    # $100.0005/h × 1,000 h = 100,000.50 vs 100,000 → saving $0.50 → costs more (by 50 cents)
    c = _contractors([("E", NSA, 100.0, 100, 1000.0, 52, 52.0), ("F", NSA, 100.0005, 100, 1000.0, 52, 52.0)])
    out = scenarios.conversion_costs(c, _salary_medians(200_000.0), ROUND).set_index("worker_id")
    assert out.loc["E", "yearly_saving"] == 0.0
    assert out.loc["F", "yearly_saving"] == pytest.approx(0.5)
    assert not out.loc["E", "costs_more_than_employee"]
    assert out.loc["F", "costs_more_than_employee"]


def test_a_role_with_no_salary_to_compare_leaves_the_saving_blank():
    # a role with no employees and no BLS benchmark: no equivalent salary, so no employee cost or saving
    c = _contractors([("T", "Tester", 80.0, 100, 1000.0, 52, 52.0)])
    out = scenarios.conversion_costs(c, NO_MEDIANS, ROUND)
    assert np.isnan(out.loc[0, "equivalent_salary"]) and np.isnan(out.loc[0, "yearly_saving"])
    assert out.loc[0, "salary_source"] == "no data: type a salary"
    assert out.loc[0, "contractor_annual_cost"] == 80_000.0


def test_no_contractors_gives_the_tables_columns():
    out = scenarios.conversion_costs(_contractors([]), NO_MEDIANS, ROUND)
    assert out.empty and out.columns.tolist() == scenarios.CANDIDATE_COLUMNS


def test_conversion_totals_by_hand():
    candidates = pd.DataFrame(
        {"contractor_annual_cost": [114_400.0, 109_200.0], "employee_annual_cost": [104_000.0, 104_000.0],
         "yearly_saving": [10_400.0, 5_200.0]}
    )
    t = scenarios.conversion_totals(candidates, ROUND)
    assert t == scenarios.ConversionTotals(2, 223_600.0, 208_000.0, 15_600.0, 2_000.0)
    assert t.first_year_saving == 13_600.0  # 15,600 − 2 × $1,000 recruiting


def test_what_if_costs_of_the_converted():
    # two past the limit, saving 10,400 and 5,200 (largest first); converting 50% → 1 person, the first
    conversion = pd.DataFrame(
        {"department": ["Infrastructure"] * 3, "past_tenure_limit": [True, True, False],
         "contractor_annual_cost": [114_400.0, 109_200.0, 50_000.0], "employee_annual_cost": [104_000.0] * 3}
    )
    facts = pd.DataFrame(columns=["department", "people"])
    w = scenarios.what_if_conversion(conversion, facts, ROUND, 365, None, 0.5)
    assert (w.long_running, w.converted) == (2, 1)
    assert (w.contractor_annual_cost, w.employee_annual_cost) == (114_400.0, 104_000.0)
    assert w.annual_change == -10_400.0 and w.one_off_recruiting == 1_000.0
    assert w.annual_spend is None and w.change_share is None


def test_hidden_by_filters_counts_within_the_chosen_department(tiny_ws):
    # as of Mon 15 Jan 2024 both contractors are active: C1 (Software Developer, Engineering, since
    # 1 Jun 2023: 228 days = 7.5 months) and C2 (NSA, Infrastructure, since 1 Jan 2023: 379 days = 12.5
    # months), both past a 6-month limit. The sidebar shows only NSAs, which hides C1.
    nsa_only = Filters(date(2024, 1, 1), date(2024, 1, 31), roles=(NSA,))
    as_of = date(2024, 1, 15)
    # Engineering: C1 is past the limit and hidden; C2 is shown but in another department
    assert scenarios.past_limit_hidden_by_filters(tiny_ws, nsa_only, as_of, 6.0, "Engineering") == 1
    assert scenarios.past_limit_hidden_by_filters(tiny_ws, nsa_only, as_of, 6.0, "Infrastructure") == 0
    assert scenarios.past_limit_hidden_by_filters(tiny_ws, nsa_only, as_of, 6.0, None) == 1


def test_the_message_names_the_department_the_filters_hide_people_in():
    assert scenarios.nobody_past_limit_message(2, "Engineering", 18.0, date(2024, 1, 31)) == (
        "No contractor in Engineering is past the 18-month tenure limit on 31 Jan 2024; the sidebar filters "
        "exclude 2 others who are. Widen the sidebar's filters to include them."
    )


@pytest.mark.parametrize(
    "name, value, text",
    [
        ("benefits_load", 0.19, "19.0%"),
        ("ramp_up_productivity", 0.5, "50.0%"),
        ("overhead_per_employee", 5000.0, "$5,000"),
        ("recruiting_cost", 4700.0, "$4,700"),
        ("time_to_fill_days", 42.0, "42.0 days"),
        ("ramp_up_weeks", 12.0, "12.0 weeks"),
        ("productive_hours_per_year", 1860.0, "1,860.0 hours"),
    ],
)
def test_values_in_their_units(name, value, text):
    assert scenarios.describe_value(name, value) == text


def test_sensitivity_labels_texts_and_crossovers():
    need = Need(40, 24, 120_000, 90)
    s = scenarios.sensitivity(need, CostAssumptions())
    assert s.index.tolist() == list(range(len(s)))
    by = s.set_index("input")
    assert by.loc["salary", "label"] == "Employee salary"
    assert by.loc["benefits_load", "label"] == "Benefits load on salary"
    # benefits load 19% ± 20% → 15.2% and 22.8%
    assert (by.loc["benefits_load", "low_text"], by.loc["benefits_load", "high_text"]) == ("15.2%", "22.8%")
    assert by.loc["contractor_rate", "low_text"] == "$72.00/h"  # $90 × 0.8


def test_sensitivity_reads_a_crossover_beyond_the_chosen_duration():
    # a 3-month need: hiring cannot break even within 3 months (recruiting, time to fill, ramp-up),
    # but does later at $90/h vs $84.82/h, so every row's crossover is a later month, never blank
    s = scenarios.sensitivity(Need(40, 3, 120_000, 90), CostAssumptions())
    base = break_even.break_even(Need(40, 3, 120_000, 90), CostAssumptions())
    assert base.crossover_month is None and base.later_crossover_month is not None
    assert s.attrs["base_crossover"] == base.later_crossover_month
    rate = s.set_index("input").loc["benefits_load"]
    assert not np.isnan(rate["crossover_low"]) and rate["crossover_low"] > 3


def test_exactly_at_the_tenure_limit_is_not_past_it():
    # 365 days = 365 / (365/12) = 12 months exactly: at a 12-month limit, not past it; 366 days is past
    assert scenarios.past_tenure_limit(pd.Series([365, 366]), 12.0).tolist() == [False, True]


def test_the_convert_list_keeps_the_tables_columns():
    c = _contractors([("A", NSA, 110.0, 100, 1040.0, 52, 52.0), ("B", NSA, 90.0, 100, 1040.0, 52, 52.0)])
    out = scenarios.conversion_costs(c, _salary_medians(200_000.0), ROUND)
    # A saves 1,040 × (110 − 100) = 10,400 and is listed; B at $90/h costs less than an employee
    listed = scenarios.convert_candidates(out)
    assert listed["worker_id"].tolist() == ["A"]
    assert listed.columns.tolist() == scenarios.CANDIDATE_COLUMNS


def test_sensitivity_spread_is_the_distance_between_the_two_savings():
    s = scenarios.sensitivity(Need(40, 24, 120_000, 90), CostAssumptions())
    assert s.columns.tolist() == [
        "input", "label", "low_value", "low_text", "saving_low", "crossover_low",
        "high_value", "high_text", "saving_high", "crossover_high", "spread",
    ]
    # the spread is |saving at +20% − saving at −20%|: how far the answer moves, whatever its sign
    assert s["spread"].tolist() == pytest.approx((s["saving_high"] - s["saving_low"]).abs().tolist())
    assert s["spread"].is_monotonic_decreasing  # widest first
    # recruiting cost ±20% of $4,700 moves hiring's cost by 2 × $940 = $1,880 and nothing else
    assert s.set_index("input").loc["recruiting_cost", "spread"] == pytest.approx(1_880.0)
