"""The independent reference (tests/independent/reference.py) on the hand-worked organisation
(tests/handworked.py): every figure is worked out by hand in the comments, not by code.

Loaded cost a year = salary × 1.273 + $5,000:  E1 $100,000 → $132,300;  E2 $73,000 → $97,929;
E3 $60,000 → $81,380. Contractor cost = hours × rate × 1.03. A month is 365/12 days.
"""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

from tests import handworked
from tests.independent import reference

CENT = 0.005
POINT = 0.00005  # 0.01 percentage point, as a fraction


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return handworked.write_csvs(tmp_path_factory.mktemp("handworked"))


@pytest.fixture(scope="module")
def whole(folder):
    """Sep – Oct 2025, all departments, pay of groups of any size shown."""
    return reference.figures(folder, "2025-09", "2025-10", min_group=1)


def test_reference_imports_nothing_from_the_app():
    tree = ast.parse(Path(reference.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0] if node.level == 0 else "<relative>")
    assert imported <= {"__future__", "statistics", "dataclasses", "datetime", "pathlib", "pandas"}, imported
    assert not imported & {"analytics", "ui", "streamlit", "<relative>"}


def test_calendar_lengths_are_the_apps():
    # The reference restates the month length to stay independent; it must be the same one.
    from analytics.metrics import periods

    assert reference.DAYS_PER_YEAR == periods.DAYS_PER_YEAR
    assert reference.DAYS_PER_MONTH == periods.DAYS_PER_MONTH
    assert reference.WEEKS_PER_MONTH == periods.WEEKS_PER_MONTH


def test_horizon_is_whole_months_and_as_of_its_end(whole):
    # first week Mon 1 Sep; last week Mon 20 Oct ends Sun 26 Oct → the horizon ends 31 Oct
    assert whole["horizon_start"] == date(2025, 9, 1)
    assert whole["horizon_end"] == date(2025, 10, 31)
    assert whole["as_of"] == date(2025, 10, 31)


def test_headcount_on_the_as_of_date(whole):
    # 31 Oct: E1, E2 employed (E3 left 15 Oct); C1, C2 (C3 left 19 Sep)
    assert whole["headcount_employee"] == 2
    assert whole["headcount_contractor"] == 2


def test_spend(whole):
    # E1 1 Sep – 31 Oct = 61 days (27–31 Oct paid although no timesheet week covers them)
    # E2 Wed 10 Sep – 31 Oct = 21 + 31 = 52 days; E3 1 Sep – Wed 15 Oct = 30 + 15 = 45 days
    # (132,300 × 61 + 97,929 × 52 + 81,380 × 45) / 365
    #   = (8,070,300 + 5,092,308 + 3,662,100) / 365 = 16,824,708 / 365 = 46,095.09
    assert whole["employee_spend"] == pytest.approx(46095.09, abs=CENT)
    # C1 7 × 40 + 48 = 328 h × $100 = 32,800; C2 24 (week of 29 Sep, before its 1 Oct start)
    # + 40 + 40 + 40 = 144 h × $80 = 11,520; C3 3 × 40 = 120 h × $90 = 10,800
    # 55,120 × 1.03 = 56,773.60
    assert whole["contractor_spend"] == pytest.approx(56773.60, abs=CENT)
    # 46,095.09 + 56,773.60 = 102,868.69; share 56,773.60 / 102,868.69 = 55.19%
    assert whole["total_spend"] == pytest.approx(102868.69, abs=CENT)
    assert whole["contractor_share"] == pytest.approx(0.5519, abs=POINT)


def test_cost_per_hour(whole):
    # productive hours: (61 + 52 + 45) = 158 person-days / 365 × 1,860 = 805.15 h
    # 46,095.09 / 805.15 = 57.25
    assert whole["employee_productive_hours"] == pytest.approx(805.15, abs=0.005)
    assert whole["employee_cost_per_productive_hour"] == pytest.approx(57.25, abs=CENT)
    # 56,773.60 / (328 + 144 + 120 = 592 h) = 95.90
    assert whole["contractor_cost_per_hour"] == pytest.approx(95.90, abs=CENT)
    # employees' billable hours: E1 24 + 6 × 30 = 204, E2 16 + 4 × 30 = 136, E3 3 × 10 = 30 → 370
    # 46,095.09 / 370 = 124.58
    assert whole["employee_cost_per_billable_hour"] == pytest.approx(124.58, abs=CENT)
    # contractors' billable: 328 + (144 − 10) + 120 = 582; 56,773.60 / 582 = 97.55
    assert whole["contractor_cost_per_billable_hour"] == pytest.approx(97.55, abs=CENT)


def test_utilization_and_allocation(whole):
    # capacity: E1 8 × 40 − 8 = 312; E2 (3 workdays × 8 − 8 leave = 16) + 6 × 40 = 256;
    # E3 6 × 40 + 24 (Mon–Wed 13–15 Oct) = 264; C1 320; C2 24 + 3 × 40 = 144; C3 120 → 1,416
    assert whole["capacity_hours"] == 1416
    # logged: E1 32 + 6 × 40 = 272; E2 16 + 4 × 40 + 2 × 20 = 216; E3 264; C1 328; C2 144;
    # C3 120 → 1,344; allocation 1,344 / 1,416 = 94.92%
    assert whole["logged_hours"] == 1344
    assert whole["allocation"] == pytest.approx(0.9492, abs=POINT)
    # billable utilization leaves out E3 (support, a non-billable role) and its 30 billable h:
    # (204 + 136 + 328 + 134 + 120) / (1,416 − 264) = 922 / 1,152 = 80.03%
    assert whole["billable_role_capacity_hours"] == 1152
    assert whole["billable_utilization"] == pytest.approx(0.8003, abs=POINT)
    # employees: (204 + 136) / (312 + 256) = 340 / 568 = 59.86%; allocation 752 / 832 = 90.38%
    assert whole["employee_billable_utilization"] == pytest.approx(0.5986, abs=POINT)
    assert whole["employee_allocation"] == pytest.approx(0.9038, abs=POINT)
    # contractors: 582 / 584 = 99.66%; allocation 592 / 584 = 101.37% (C1's 48-hour week)
    assert whole["contractor_billable_utilization"] == pytest.approx(0.9966, abs=POINT)
    assert whole["contractor_allocation"] == pytest.approx(1.0137, abs=POINT)


def test_bench_busy_off_project_and_over_allocated(whole):
    # the last 4 weeks with timesheets up to 31 Oct: 29 Sep, 6, 13, 20 Oct
    assert whole["staffing_window"] == (date(2025, 9, 29), date(2025, 10, 20))
    # C1: 40 + 48 + 40 + 40 = 168 h logged > 160 h capacity → over-allocated
    assert whole["over_allocated_people"] == ["C1"]
    # E2: 60 engagement hours (30 + 30) < 50% of 160; free 160 − 120 = 40 < internal 10 + 10 + 20
    # + 20 = 60 → busy off-project. E1: 90 engagement hours ≥ 80. E3: support, never listed.
    # C2: 134 of 144 on engagements. Nobody is free to staff.
    assert whole["busy_off_project_people"] == ["E2"]
    assert whole["bench"] == 0


def test_engagements(whole):
    # in the period: ENG1 (running past its 29 Aug planned end, no actual end), ENG2 (ends
    # 10 Oct), ENG3 (ends 17 Oct), ENG4 (cancelled 26 Sep); not ENG5 (planned for Nov) nor
    # ENG6 (ended 13 Jun)
    assert whole["engagements"] == 4
    assert whole["engagements_in_progress"] == 3  # started, not cancelled: ENG1, ENG2, ENG3
    assert whole["engagements_running_at_as_of"] == 1  # on 31 Oct only ENG1 runs
    assert whole["engagements_completed"] == 2
    # ENG2 1 Jul – 10 Oct = 101 days (planned 1 Jul – 30 Sep = 91); ENG3 4 Aug – 17 Oct = 74
    # days (planned 1 Aug – 31 Oct = 91). Median (101 + 74) / 2 = 87.5 days = 87.5 × 12 / 365
    # = 2.877 months
    assert whole["median_completed_months"] == pytest.approx(2.8767, abs=0.0001)
    # overrun (101 + 74) / (91 + 91) − 1 = 175 / 182 − 1 = −3.85%
    assert whole["overrun"] == pytest.approx(-0.0385, abs=POINT)
    assert whole["on_time_rate"] == 0.5  # ENG3 on time, ENG2 late
    assert whole["cancelled_share"] == 0.25  # ENG4 of 4


def test_kaplan_meier_median_tenure(whole):
    # employees on 31 Oct: E2 51 days (censored), E3 1 Mar 2024 – 15 Oct 2025 = 365 + 228 = 593
    # days (left), E1 2,125 days (censored). At 593 days 2 at risk, 1 leaves: S = 1/2 → median
    # 593 × 12 / 365 = 19.50 months
    assert whole["employee_km_median_tenure_months"] == pytest.approx(19.4959, abs=0.0001)
    # contractors: C2 30 days (censored), C1 3 Mar – 31 Oct = 242 (censored), C3 6 Jan – 19 Sep
    # = 256 days (left, 1 at risk): S = 0 → median 256 × 12 / 365 = 8.42 months
    assert whole["contractor_km_median_tenure_months"] == pytest.approx(8.4164, abs=0.0001)


def test_break_even_default_case(whole):
    # people employed in Sep – Oct by role: Software Developer 2 (E1, C1), Network and Systems
    # Administrator 2 (C2, C3), the others 1: the tie goes alphabetically → Network and Systems
    # Administrator, mid. No such employee → OEWS $96,800; contractors (mid) $80, $90 → $85.
    assert whole["break_even_role"] == "Network and Systems Administrator"
    assert whole["break_even_salary"] == 96800
    assert whole["break_even_rate"] == 85
    # c = 85 × 1.03 = 87.55/h; e = (96,800 × 1.273 + 5,000) / 1,860 = 128,226.40 / 1,860 = 68.94/h
    assert whole["break_even_contractor_cost_per_hour"] == pytest.approx(87.55, abs=CENT)
    assert whole["break_even_employee_cost_per_hour"] == pytest.approx(68.94, abs=CENT)
    # h = 40 × 52 / 12 = 173.33 h a month; contracting 24 months = 87.55 × 173.33 × 24
    # = 87.55 × 4,160 = 364,208.00
    assert whole["break_even_contracting"] == pytest.approx(364208.00, abs=CENT)
    # hiring = 4,700 recruiting + 15,175.33 (c × h) × 1.3808 months to fill (42 × 12 / 365)
    #   = 20,954.43 + ½ × 15,175.33 × 2.7692 months of ramp-up (12 × 12 / 52) = 21,012.00
    #   + 11,949.41 (e × h) × (24 − 1.3808) = 270,285.91  → 316,952.35
    assert whole["break_even_hiring"] == pytest.approx(316952.35, abs=CENT)
    assert whole["break_even_saving_from_hiring"] == pytest.approx(47255.65, abs=CENT)
    # after the ramp-up contracting − hiring = (87.55 − 68.94) × 173.33 × (T − 1.3808) − 25,712
    # (4,700 + 21,012): month 9 → −1,133.14, month 10 → +2,092.78: hiring breaks even in month 10
    assert whole["break_even_month"] == 10
    assert whole["break_even_verdict"] == "hire"


def test_one_month(folder):
    f = reference.figures(folder, "2025-10", "2025-10", min_group=1)
    # E1 31 days, E2 31, E3 15: (132,300 × 31 + 97,929 × 31 + 81,380 × 15) / 365
    #   = (4,101,300 + 3,035,799 + 1,220,700) / 365 = 8,357,799 / 365 = 22,898.08
    assert f["employee_spend"] == pytest.approx(22898.08, abs=CENT)
    # weeks starting in October: 6, 13, 20 Oct (C2's week of 29 Sep counts in September)
    # C1 (48 + 40 + 40) h × 100 + C2 (40 + 40 + 30 + 10) h × 80 = 12,800 + 9,600 = 22,400 × 1.03
    #   = 23,072
    assert f["contractor_spend"] == pytest.approx(23072.00, abs=CENT)
    # capacity E1 120, E2 120, E3 40 + 24, C1 120, C2 120 = 544; logged 80 + 80 + 64 + 128 + 120
    # = 472 → allocation 86.76%; billable roles: (60 + 30 + 128 + 110) / (544 − 64) = 328 / 480
    assert f["capacity_hours"] == 544
    assert f["allocation"] == pytest.approx(0.8676, abs=POINT)
    assert f["billable_utilization"] == pytest.approx(0.6833, abs=POINT)
    # ENG1 (running), ENG2, ENG3; ENG4 was cancelled on 26 Sep
    assert f["engagements"] == 3
    assert f["cancelled_share"] == 0


def test_one_department(folder):
    f = reference.figures(folder, "2025-09", "2025-10", ["Infrastructure"], min_group=1)
    assert (f["headcount_employee"], f["headcount_contractor"]) == (0, 1)  # C2
    assert f["employee_spend"] == 0
    # C2 144 h × 80 + C3 120 h × 90 = 11,520 + 10,800 = 22,320 × 1.03 = 22,989.60
    assert f["contractor_spend"] == pytest.approx(22989.60, abs=CENT)
    # (134 + 120) / (144 + 120) = 254 / 264 = 96.21%
    assert f["billable_utilization"] == pytest.approx(0.9621, abs=POINT)
    # ENG3 only (ENG5 is planned for November): 74 days = 74 × 12 / 365 = 2.43 months
    assert f["engagements"] == 1
    assert f["median_completed_months"] == pytest.approx(2.4329, abs=0.0001)


def test_small_groups_withhold_pay(folder):
    # with the default privacy minimum of 5, three employees' and three contractors' pay is
    # withheld, and the break-even falls back to OEWS: 96,800 / 2,080 × 1.40 = 65.15
    f = reference.figures(folder, "2025-09", "2025-10")
    assert f["employee_spend"] is None and f["contractor_spend"] is None and f["total_spend"] is None
    assert f["break_even_rate"] == 65.15
