"""Cost model cases that mutation testing (`make mutate`) showed no test pinned down: the
per-hour helpers, the monthly spend series, ordering of ties, empty states and a type missing.

Facts frames are written by hand in the shape of costs.period_facts (one row per group).
Defaults: salary multiplier 1 + 0.19 + 0.083 = 1.273, overhead $5,000, 1,860 productive hours a
year, vendor-management fee 3%.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analytics.metrics import costs
from analytics.metrics.assumptions import DEFAULTS
from analytics.metrics.filters import Filters

pytestmark = pytest.mark.usefixtures("show_small_groups")

FACT_COLUMNS = [
    "worker_type", "department", "role", "seniority", "vendor", "people",
    "salary_cost", "employee_years", "contractor_billings", "hours", "billable_hours",
]


def employee(dept: str, salary_cost: float, years: float, hours: float, billable: float, *, people: int = 1,
             role: str = "Software Developer", seniority: str = "mid") -> dict:
    return dict(worker_type="employee", department=dept, role=role, seniority=seniority, vendor="",
                people=people, salary_cost=salary_cost, employee_years=years, contractor_billings=0.0,
                hours=hours, billable_hours=billable)


def contractor(dept: str, vendor: str, billings: float, hours: float, billable: float, *, people: int = 1,
               role: str = "Software Developer", seniority: str = "mid") -> dict:
    return dict(worker_type="contractor", department=dept, role=role, seniority=seniority, vendor=vendor,
                people=people, salary_cost=0.0, employee_years=0.0, contractor_billings=billings,
                hours=hours, billable_hours=billable)


def facts(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=FACT_COLUMNS)


# -- cost per hour ------------------------------------------------------------------------------


def test_cost_per_hour_of_numbers_divides_and_is_nan_without_hours():
    # $1,030 over 10 h = $103.00 an hour; no hours: no figure (NaN), not an error or infinity
    assert costs.cost_per_hour(1_030.0, 10.0) == pytest.approx(103.0)
    assert pd.isna(costs.cost_per_hour(1_030.0, 0))


def test_cost_per_hour_of_a_series_blanks_only_groups_without_hours():
    # $100 / 0 h → NaN (not inf); $100 / 0.5 h = $200 (half an hour is still hours)
    out = costs.cost_per_hour(pd.Series([100.0, 100.0]), pd.Series([0.0, 0.5]))
    assert pd.isna(out.iloc[0])
    assert out.iloc[1] == pytest.approx(200.0)


def test_cost_per_productive_and_billable_hour_per_row():
    f = facts(
        # employee: $73,000 salary cost over 0.5 person-years:
        #   spend 73,000 × 1.273 + 5,000 × 0.5 = 92,929 + 2,500 = 95,429
        #   productive hours 0.5 × 1,860 = 930 → 95,429 / 930 = 102.6118 an hour
        #   billable 620 h → 95,429 / 620 = 153.9177 per billable hour
        employee("Engineering", 73_000.0, 0.5, 1_000.0, 620.0),
        # contractor: $10,000 billed for 100 h, 80 billable: spend 10,300
        #   per logged (productive) hour 10,300 / 100 = 103.00; per billable hour 10,300 / 80 = 128.75
        contractor("Engineering", "Acme", 10_000.0, 100.0, 80.0),
    )
    per_productive = costs.cost_per_productive_hour(f, DEFAULTS)
    assert list(per_productive) == pytest.approx([95_429 / 930, 103.0])
    assert per_productive.iloc[0] == pytest.approx(102.6118, abs=1e-4)
    per_billable = costs.cost_per_billable_hour(f, DEFAULTS)
    assert list(per_billable) == pytest.approx([95_429 / 620, 128.75])
    assert per_billable.iloc[0] == pytest.approx(153.9177, abs=1e-4)


# -- spend by month (the Overview / Costs trend) ---------------------------------------------------


def test_spend_by_month_on_the_tiny_organisation(tiny_ws):
    # January 2024 (tests/test_costs.py's working): employees E1 (104,000 × 1.273 + 5,000) × 31/365
    # = 11,668.91 and E2 (78,000 × 1.273 + 5,000) × 22/365 = 6,286.21; contractors C1 124 h × $100
    # × 1.03 = 12,772 and C2 60 h × $80 × 1.03 = 4,944.
    s = costs.spend_by_month(tiny_ws, Filters(date(2024, 1, 1), date(2024, 1, 31)), DEFAULTS)
    assert list(s.columns) == ["month", "worker_type", "spend"]
    assert len(s) == 2
    by_type = s.set_index("worker_type")["spend"]
    assert by_type["employee"] == pytest.approx(137_392 * 31 / 365 + 104_294 * 22 / 365)
    assert by_type["employee"] == pytest.approx(17_955.12, abs=0.01)
    assert by_type["contractor"] == pytest.approx(17_716.0)
    assert set(pd.to_datetime(s["month"])) == {pd.Timestamp("2024-01-01")}


def test_spend_by_an_empty_selection_keeps_its_columns():
    empty = costs.spend_by(facts().assign(month=pd.Series(dtype="datetime64[ns]")), DEFAULTS, ["month", "worker_type"])
    assert empty.empty
    assert list(empty.columns) == ["month", "worker_type", "spend"]


# -- grouped tables -------------------------------------------------------------------------------


def test_cost_by_role_splits_seniorities_by_default():
    f = facts(
        # two contractors of one role at two seniorities: $1,000 / 10 h and $3,000 / 20 h
        contractor("Eng", "Acme", 1_000.0, 10.0, 10.0, seniority="junior"),
        contractor("Eng", "Acme", 3_000.0, 20.0, 20.0, seniority="senior"),
    )
    t = costs.hourly_costs_by_role(f, DEFAULTS)
    # by seniority (the default): 1,030 / 10 = 103.00 and 3,090 / 20 = 154.50
    assert list(t["seniority"]) == ["junior", "senior"]
    assert list(t["cost_per_productive_hour"]) == pytest.approx([103.0, 154.5])
    pooled = costs.hourly_costs_by_role(f, DEFAULTS, by_seniority=False)
    # pooled: (1,030 + 3,090) / 30 = 137.33
    assert list(pooled["cost_per_productive_hour"]) == pytest.approx([4_120 / 30])


def test_spend_by_department_orders_ties_by_name_then_type():
    f = facts(
        # Sales and Finance both spend $2,060, so the tie goes alphabetically; inside a department
        # contractors come before employees
        contractor("Finance", "Acme", 2_000.0, 20.0, 20.0),  # 2,000 × 1.03 = 2,060
        contractor("Sales", "Acme", 1_000.0, 10.0, 10.0),  # 1,000 × 1.03 = 1,030
        employee("Sales", 0.0, 0.206, 10.0, 10.0),  # no salary, overhead 5,000 × 0.206 = 1,030
    )
    d = costs.spend_by_department(f, DEFAULTS)
    # Finance 2,060 = Sales 1,030 + 1,030: Finance first, then Sales' contractor, then its employee
    assert list(d["department"]) == ["Finance", "Sales", "Sales"]
    assert list(d["worker_type"]) == ["contractor", "contractor", "employee"]
    assert list(d["spend"]) == pytest.approx([2_060.0, 1_030.0, 1_030.0])


def test_spend_by_department_of_nothing_has_the_tables_columns():
    d = costs.spend_by_department(facts(), DEFAULTS)
    assert d.empty
    assert list(d.columns) == ["department", "worker_type", "people", "spend", "note"]


def test_spend_by_vendor_shows_eight_vendors_then_other_by_default():
    # ten vendors with $100 × (10 − i) billed: spend 1.03 × 1,000, 900, …, 100
    f = facts(*[contractor("Eng", f"V{i}", 100.0 * (10 - i), 1.0, 1.0) for i in range(10)])
    v = costs.spend_by_vendor(f, DEFAULTS)
    assert list(v["vendor"]) == [f"V{i}" for i in range(8)] + [costs.OTHER]
    # Other = V8 + V9 = 1.03 × (200 + 100) = 309, covering 2 vendors
    assert v["spend"].iloc[-1] == pytest.approx(309.0)
    assert list(v["vendors"]) == [1] * 8 + [2]
    assert list(v.index) == list(range(9))


def test_spend_by_vendor_orders_equal_spend_by_name():
    f = facts(contractor("Eng", "Zeta", 500.0, 5.0, 5.0), contractor("Eng", "Alpha", 500.0, 5.0, 5.0))
    v = costs.spend_by_vendor(f, DEFAULTS)
    assert list(v["vendor"]) == ["Alpha", "Zeta"]


def test_spend_by_vendor_without_contractors_has_the_tables_columns():
    v = costs.spend_by_vendor(facts(employee("Eng", 50_000.0, 1.0, 100.0, 50.0)), DEFAULTS)
    assert v.empty
    assert list(v.columns) == ["vendor", "people", "spend", "vendors", "note"]


def test_drill_down_columns_are_the_tables_and_nothing_else():
    f = facts(contractor("Eng", "Acme", 1_000.0, 10.0, 8.0))
    t = costs.drill_down(f, DEFAULTS)
    assert list(t.columns) == [*costs.DRILL_COLUMNS, "note"]
    # 1,030 / 10 h = 103.00; / 8 billable h = 128.75
    assert t.iloc[0]["cost_per_productive_hour"] == pytest.approx(103.0)
    assert t.iloc[0]["cost_per_billable_hour"] == pytest.approx(128.75)
    empty = costs.drill_down(facts(), DEFAULTS)
    assert list(empty.columns) == [*costs.DRILL_COLUMNS, "note"]


# -- headline tiles ---------------------------------------------------------------------------------


def test_kpis_with_contractors_only_read_no_employee_spend():
    f = facts(contractor("Eng", "Acme", 1_000.0, 10.0, 5.0))
    k = costs.cost_kpis(f, DEFAULTS)
    # no employees: employee spend $0 paid to 0 people; total = contractors' 1,030; share 100%
    assert k.employee_people == 0
    assert k.employee_spend == 0.0
    assert k.contractor_people == 1
    assert k.total_spend == pytest.approx(1_030.0)
    assert k.contractor_share == pytest.approx(1.0)
    assert k.employee_cost_per_productive_hour is None


def test_kpis_with_employees_only_read_no_contractor_spend():
    # one employee, a whole person-year at $50,000: 50,000 × 1.273 + 5,000 = 68,650
    k = costs.cost_kpis(facts(employee("Eng", 50_000.0, 1.0, 1_800.0, 900.0)), DEFAULTS)
    assert k.contractor_people == 0
    assert k.contractor_spend == 0.0
    assert k.total_spend == pytest.approx(68_650.0)
    assert k.contractor_share == 0.0
    # 68,650 / 1,860 = 36.91 per productive hour; / 900 billable = 76.28
    assert k.employee_cost_per_productive_hour == pytest.approx(68_650 / 1_860)
    assert k.employee_cost_per_billable_hour == pytest.approx(68_650 / 900)


def test_kpis_withhold_a_small_groups_pay_and_the_total(min_group):
    min_group(5)
    f = facts(
        employee("Eng", 100_000.0, 2.0, 3_600.0, 3_000.0, people=2),  # 2 employees: under 5, withheld
        contractor("Eng", "Acme", 50_000.0, 500.0, 500.0, people=6),  # 6 contractors: 51,500 shown
    )
    k = costs.cost_kpis(f, DEFAULTS)
    assert k.employee_people == 2
    assert k.employee_spend is None
    assert k.employee_cost_per_billable_hour is None
    assert k.contractor_spend == pytest.approx(51_500.0)
    # a total would reveal the employees' pay: withheld, and so is the share
    assert k.total_spend is None
    assert k.contractor_share is None


def test_hourly_costs_by_role_can_leave_out_roles(tiny_ws):
    # The Costs page leaves non-billable roles out of cost per billable hour. Leaving out the
    # Database Administrator role (E2 only) keeps the other three roles' groups and their figures:
    # E1 11,668.91 / 126 billable h = 92.61; C1 12,772 / 124 = 103.00; C2 4,944 / 40 = 123.60.
    facts = costs.period_facts(tiny_ws, Filters(date(2024, 1, 1), date(2024, 1, 31)))
    t = costs.hourly_costs_by_role(facts, DEFAULTS, by_seniority=False, leave_out_roles=("Database Administrator",))
    got = t.set_index(["role", "worker_type"])["cost_per_billable_hour"]
    assert sorted(got.index) == [
        ("Network and Systems Administrator", "contractor"),
        ("Software Developer", "contractor"),
        ("Software Developer", "employee"),
    ]
    assert got[("Software Developer", "employee")] == pytest.approx(92.61, abs=0.01)
    assert got[("Network and Systems Administrator", "contractor")] == pytest.approx(123.60)
    # nothing left out: the role is back, E2 6,286.21 / 80 = 78.58
    every = costs.hourly_costs_by_role(facts, DEFAULTS, by_seniority=False).set_index(["role", "worker_type"])
    assert every.loc[("Database Administrator", "employee"), "cost_per_billable_hour"] == pytest.approx(78.58, abs=0.01)
