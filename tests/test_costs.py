"""Cost model on the tiny organisation (tests/tiny.py): every figure worked out by hand.

January 2024, defaults: salary multiplier 1 + 0.19 + 0.083 = 1.273, overhead $5,000 a year,
1,860 productive hours a year, vendor-management fee 3%.
  E1 Software Developer senior, $104,000, employed 28 days (1–28 Jan), 152 h logged, 126 billable
  E2 Database Administrator mid, $78,000, employed 19 days (10–28 Jan), 104 h logged, 80 billable
  C1 Software Developer senior (Acme), $100/h, 124 h logged, all billable
  C2 Network and Systems Administrator mid (Independent), $80/h, 60 h logged, 40 billable
"""

from datetime import date

import pytest

from analytics.metrics import costs, reference
from analytics.metrics.assumptions import DEFAULTS, CostAssumptions
from analytics.metrics.filters import Filters
from tests.tiny import E1_SPEND, E2_SPEND

pytestmark = pytest.mark.usefixtures("show_small_groups")

JAN = Filters(date(2024, 1, 1), date(2024, 1, 31))
C1_SPEND = 124 * 100 * 1.03  # 12,772
C2_SPEND = 60 * 80 * 1.03  # 4,944


def test_oews_reference_is_annual_over_2080():
    # 133,080 / 2,080 = 63.98
    assert reference.oews_median_hourly("Software Developer") == pytest.approx(63.9808, abs=1e-4)
    assert reference.oews_median_hourly("Computer User Support Specialist") == pytest.approx(60_340 / 2080)
    assert reference.oews_median_hourly("Astronaut") is None
    assert len(reference.oews_reference()) == 8


def test_period_facts_count_distinct_people(tiny_ws):
    f = costs.period_facts(tiny_ws, JAN).set_index("role")
    assert f["people"].sum() == 4
    assert f.loc["Network and Systems Administrator", "vendor"] == "Independent"
    assert f.loc["Database Administrator", "employee_years"] == pytest.approx(22 / 365)


def test_cost_per_productive_and_billable_hour_by_role(tiny_ws):
    t = costs.hourly_costs_by_role(costs.period_facts(tiny_ws, JAN), DEFAULTS).set_index(["role", "worker_type"])
    e1 = t.loc[("Software Developer", "employee")]
    assert e1["spend"] == pytest.approx(E1_SPEND)
    assert e1["spend"] == pytest.approx(11_668.91, abs=0.01)
    # productive hours: 31/365 person-years × 1,860 = 157.97 h; 11,668.91 / 157.97 = 137,392 / 1,860 = 73.87
    assert e1["productive_hours"] == pytest.approx(31 / 365 * 1860)
    assert e1["cost_per_productive_hour"] == pytest.approx(137_392 / 1860)
    assert e1["cost_per_productive_hour"] == pytest.approx(73.8667, abs=1e-4)
    # per billable hour: 11,668.91 / 126 = 92.61
    assert e1["cost_per_billable_hour"] == pytest.approx(92.610, abs=1e-3)
    c1 = t.loc[("Software Developer", "contractor")]
    # 12,772 / 124 = 103.00 both ways: all C1's hours are billable
    assert c1["cost_per_productive_hour"] == pytest.approx(103.0)
    assert c1["cost_per_billable_hour"] == pytest.approx(103.0)
    c2 = t.loc[("Network and Systems Administrator", "contractor")]
    # 4,944 / 60 h = 82.40; 4,944 / 40 billable h = 123.60
    assert c2["cost_per_productive_hour"] == pytest.approx(82.40)
    assert c2["cost_per_billable_hour"] == pytest.approx(123.60)
    assert c2["oews_hourly"] == pytest.approx(96_800 / 2080)
    assert t["people"].sum() == 4


def test_cost_per_hour_pools_a_group_as_sums_not_mean_of_rates(tiny_ws):
    k = costs.cost_kpis(costs.period_facts(tiny_ws, JAN), DEFAULTS)
    # contractors: (12,772 + 4,944) / (124 + 60) = 17,716 / 184 = 96.28, not mean(103, 82.4) = 92.70
    assert k.contractor_cost_per_hour == pytest.approx(17_716 / 184)
    # per billable hour: 17,716 / (124 + 40) = 108.02
    assert k.contractor_cost_per_billable_hour == pytest.approx(108.0244, abs=1e-4)
    # employees: (11,668.91 + 6,286.21) / (53/365 × 1,860) = 17,955.12 / 270.08 = 66.48
    assert k.employee_cost_per_productive_hour == pytest.approx((E1_SPEND + E2_SPEND) / (53 / 365 * 1860))
    assert k.employee_cost_per_productive_hour == pytest.approx(66.4802, abs=1e-4)
    # per billable hour: 17,955.12 / (126 + 80) = 87.16
    assert k.employee_cost_per_billable_hour == pytest.approx(87.1608, abs=1e-4)
    assert k.total_spend == pytest.approx(E1_SPEND + E2_SPEND + C1_SPEND + C2_SPEND)
    assert k.total_spend == pytest.approx(35_671.12, abs=0.01)
    # 17,716 / 35,671.12 = 49.66%
    assert k.contractor_share == pytest.approx(0.49665, abs=1e-5)


def test_assumptions_change_cost_per_hour(tiny_ws):
    a = CostAssumptions(benefits_load=0.30, payroll_tax=0.10, overhead_per_employee=0, productive_hours_per_year=2000,
                        vendor_management_fee=0.10)
    t = costs.hourly_costs_by_role(costs.period_facts(tiny_ws, JAN), a).set_index(["role", "worker_type"])
    # E1: 104,000 × 1.40 / 2,000 = 72.80 per productive hour
    assert t.loc[("Software Developer", "employee"), "cost_per_productive_hour"] == pytest.approx(72.80)
    # C1: 100 × 1.10 = 110.00
    assert t.loc[("Software Developer", "contractor"), "cost_per_billable_hour"] == pytest.approx(110.0)


def test_pooling_seniorities_by_role(tiny_ws):
    t = costs.hourly_costs_by_role(costs.period_facts(tiny_ws, JAN), DEFAULTS, by_seniority=False)
    assert "seniority" not in t.columns
    assert len(t) == 4  # SD employee, SD contractor, DBA employee, NSA contractor


def test_spend_by_department(tiny_ws):
    d = costs.spend_by_department(costs.period_facts(tiny_ws, JAN), DEFAULTS)
    # Engineering 10,539.66 + 12,772 = 23,311.66 is the largest, so it comes first
    assert list(d["department"]) == ["Engineering", "Engineering", "Data & Analytics", "Infrastructure"]
    eng = d[d["department"] == "Engineering"].set_index("worker_type")["spend"]
    assert eng["contractor"] == pytest.approx(12_772.0)
    assert eng["employee"] == pytest.approx(E1_SPEND)


def test_spend_by_vendor_top_n_and_other(tiny_ws):
    v = costs.spend_by_vendor(costs.period_facts(tiny_ws, JAN), DEFAULTS, top_n=1)
    assert list(v["vendor"]) == ["Acme", costs.OTHER]
    assert list(v["spend"]) == pytest.approx([12_772.0, 4_944.0])
    assert list(v["vendors"]) == [1, 1]
    both = costs.spend_by_vendor(costs.period_facts(tiny_ws, JAN), DEFAULTS, top_n=5)
    assert list(both["vendor"]) == ["Acme", "Independent"]


def test_small_vendors_are_folded_into_other_and_suppressed(tiny_ws, min_group):
    min_group(2)
    v = costs.spend_by_vendor(costs.period_facts(tiny_ws, JAN), DEFAULTS, top_n=5)
    # each vendor has one contractor (< 2): both go to Other, which has 2 people: shown, 12,772 + 4,944
    assert list(v["vendor"]) == [costs.OTHER]
    assert v["spend"].iloc[0] == pytest.approx(17_716.0)
    assert v["vendors"].iloc[0] == 2
    min_group(5)
    v = costs.spend_by_vendor(costs.period_facts(tiny_ws, JAN), DEFAULTS, top_n=5)
    assert v["spend"].isna().all() and "suppressed" in v["note"].iloc[0]


def test_small_groups_pay_is_blanked_but_people_kept(tiny_ws, min_group):
    min_group(2)
    t = costs.hourly_costs_by_role(costs.period_facts(tiny_ws, JAN), DEFAULTS)
    assert t["cost_per_billable_hour"].isna().all()
    assert t["people"].sum() == 4
    k = costs.cost_kpis(costs.period_facts(tiny_ws, JAN), DEFAULTS)  # two of each type: shown
    assert k.employee_spend == pytest.approx(E1_SPEND + E2_SPEND)


def test_drill_down(tiny_ws):
    t = costs.drill_down(costs.period_facts(tiny_ws, JAN), DEFAULTS)
    assert len(t) == 4
    assert t.iloc[0]["vendor"] == "Acme" and t.iloc[0]["spend"] == pytest.approx(12_772.0)
    e2 = t[t["role"] == "Database Administrator"].iloc[0]
    assert e2["vendor"] == "—"
    assert e2["hours"] == 104
    # 6,286.21 / 80 = 78.58
    assert e2["cost_per_billable_hour"] == pytest.approx(78.5777, abs=1e-4)


def test_filters_apply(tiny_ws):
    eng = Filters(date(2024, 1, 1), date(2024, 1, 31), departments=("Engineering",))
    k = costs.cost_kpis(costs.period_facts(tiny_ws, eng), DEFAULTS)
    assert k.total_spend == pytest.approx(E1_SPEND + C1_SPEND)
    empty = costs.cost_kpis(costs.period_facts(tiny_ws, Filters(date(2025, 1, 1), date(2025, 1, 31))), DEFAULTS)
    assert empty.total_spend == 0 and empty.contractor_share is None
    assert empty.employee_cost_per_billable_hour is None
    assert costs.spend_by_vendor(costs.period_facts(tiny_ws, Filters(date(2025, 1, 1), date(2025, 1, 31))), DEFAULTS).empty
    assert costs.drill_down(costs.period_facts(tiny_ws, Filters(date(2025, 1, 1), date(2025, 1, 31))), DEFAULTS).empty
