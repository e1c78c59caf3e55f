"""The plan worked by hand (tests/plan_tiny.py): capacity, demand, gap, both fill costs and the
recommendation to the cent; the default attrition from Kaplan–Meier; bad demand rows; a workspace
without the demand table."""

import pytest

from analytics.metrics import break_even
from analytics.metrics.assumptions import DEFAULTS
from analytics.plan import builder, gap_pricing
from analytics.plan import capacity as plan
from analytics.plan.settings import PlanSettings, edit_row
from analytics.store.db import Workspace
from tests import plan_tiny

pytestmark = pytest.mark.usefixtures("show_small_groups")
NO_ATTRITION = PlanSettings(annual_attrition=0.0)


def _open(tmp_path, with_demand=True):
    ws = Workspace(tmp_path / "plan.duckdb", lock_down=False, load_sample=False)
    ws.load_csv_dir(plan_tiny.write_csvs(tmp_path / "csv", with_demand))
    return ws


@pytest.fixture
def ws(tmp_path):
    w = _open(tmp_path)
    yield w
    w.close()


def _plan(ws, settings=NO_ATTRITION):
    inp = plan.inputs(ws, plan_tiny.FILTERS)
    return inp, builder.build(inp, settings, break_even.pay_medians(ws, plan_tiny.FILTERS))


def _cell(p, role, month, col):
    g = p.gap
    return float(g[(g["role"] == role) & (g["month"] == month)][col].iloc[0])


def test_months_start_after_the_data(ws):
    inp, p = _plan(ws)
    assert str(inp.as_of) == "2026-11-30"
    assert p.months["month"].tolist()[:3] == ["2026-12", "2027-01", "2027-02"] and len(p.months) == 12
    assert inp.leave_rates == {"Software Developer": 0.05, "Database Administrator": 0.0}


def test_capacity_by_role_and_month(ws):
    _, p = _plan(ws)
    sd = "Software Developer"
    assert _cell(p, sd, "2026-12", "capacity_hours") == pytest.approx(329.3333333, abs=1e-6)
    assert _cell(p, sd, "2027-02", "contractor_hours") == pytest.approx(82.3333333, abs=1e-6)  # C1 leaves 14 Feb
    assert _cell(p, sd, "2027-02", "capacity_hours") == pytest.approx(247.0, abs=1e-6)
    assert _cell(p, sd, "2027-03", "capacity_hours") == pytest.approx(164.6666667, abs=1e-6)
    dba = "Database Administrator"
    assert _cell(p, dba, "2026-12", "employee_hours") == pytest.approx(173.3333333, abs=1e-6)
    assert _cell(p, dba, "2027-01", "employee_hours") == pytest.approx(83.8709677, abs=1e-6)  # 15 of 31 days
    assert _cell(p, dba, "2027-02", "capacity_hours") == 0.0


def test_demand_bands_and_gap(ws):
    _, p = _plan(ws)
    sd = "Software Developer"
    assert _cell(p, sd, "2026-12", "demand_hours") == pytest.approx(296.8333333, abs=1e-6)  # work in hand 68.5 h
    assert _cell(p, sd, "2027-02", "demand_hours") == 0.0
    assert _cell(p, sd, "2027-03", "demand_low_hours") == 0.0
    assert _cell(p, sd, "2027-03", "demand_hours") == pytest.approx(260.0, abs=1e-6)
    assert _cell(p, sd, "2027-03", "demand_high_hours") == pytest.approx(520.0, abs=1e-6)
    assert _cell(p, sd, "2026-12", "gap_hours") == pytest.approx(-32.5, abs=1e-6)
    assert _cell(p, sd, "2027-03", "gap_hours") == pytest.approx(95.3333333, abs=1e-6)
    assert _cell(p, sd, "2027-03", "gap_fte") == pytest.approx(95.3333333 / 173.3333333, abs=1e-6)
    dba = "Database Administrator"
    assert _cell(p, dba, "2027-01", "gap_hours") == pytest.approx(89.4623656, abs=1e-6)
    assert _cell(p, dba, "2027-06", "gap_hours") == pytest.approx(173.3333333, abs=1e-6)
    assert _cell(p, dba, "2027-06", "gap_fte") == pytest.approx(1.0, abs=1e-9)
    dec = p.by_month.set_index("month").loc["2026-12"]
    # bench in Dec: Software Developers 32.5 h free + Database Administrators 173.3333 h, in FTE
    assert dec["bench_fte"] == pytest.approx((32.5 + 173.3333333) / 173.3333333, abs=1e-6)
    assert p.by_month.set_index("month").loc["2027-06", "shortfall_fte"] == pytest.approx(1.0, abs=1e-9)


def test_both_fill_costs_and_the_recommendation_to_the_cent(ws):
    _, p = _plan(ws)
    r = p.pricing.set_index("role")
    dba = r.loc["Database Administrator"]
    # gap Jan–Nov 2027: M = 11, shortfall 89.4624 + 10 × 173.3333 = 1822.7957 h, H = 1822.7957 / (11 × 52/12)
    assert (dba["first_month"], dba["last_month"], dba["months"]) == ("2027-01", "2027-11", 11)
    assert dba["hours_per_week"] == pytest.approx(38.2404692, abs=1e-6)
    # salary: E2's $80,000; rate: no DBA contractor, so OEWS $104,620 / 2,080 × 1.40 = $70.42
    assert (dba["salary"], dba["rate"]) == (80000.0, 70.42)
    # contracting 70.42 × 1.03 × 1822.7957 h = 132,212.11; hiring 4,700 + contractor cover through 42 days
    # to fill and half of the 12 weeks' ramp-up + (80,000 × 1.273 + 5,000) / 1,860 × h × (11 − 1.3808)
    assert round(dba["contract_cost"], 2) == 132212.11
    assert round(dba["hire_cost"], 2) == 129498.24
    assert dba["recommendation"] == "hire" and round(dba["saving"], 2) == 2713.87
    assert dba["break_even_month"] == 10 and dba["hires"] == 2
    assert (dba["if_tentative_lost"], dba["if_tentative_won"]) == ("hire", "hire")
    sd = r.loc["Software Developer"]
    # gap Mar–May: 3 × 95.3333 h, H = 22 h/week; contracting 100 × 1.03 × 286 h = 29,458.00; hiring
    # 4,700 + 103 × 95.3333 × (1.3808 to fill + 50% of the 1.6192 months of ramp-up left in the gap)
    # + 157,760 / 1,860 × 95.3333 × 1.6192 = 4,700 + 21,508.20 + 13,092.70 = 39,300.90
    assert (sd["months"], sd["hours_per_week"]) == (3, pytest.approx(22.0, abs=1e-9))
    assert round(sd["contract_cost"], 2) == 29458.00 and round(sd["hire_cost"], 2) == 39300.90
    assert sd["recommendation"] == "contract" and round(sd["saving"], 2) == 9842.90
    assert sd["break_even_month"] is None or sd["break_even_month"] != sd["break_even_month"]  # none / NaN
    # without the tentative row there is no Software Developer gap; with all of it, still contract
    assert (sd["if_tentative_lost"], sd["if_tentative_won"]) == ("no gap", "contract")
    assert gap_pricing.sensitivity_note(sd) == (
        "Contract on expected demand; without the tentative work: no gap.")
    assert round(p.total_cost, 2) == round(129498.2413 + 29458.0, 2) and p.hires == 2


def test_chosen_fill_replaces_the_recommendation(ws):
    _, p = _plan(ws, NO_ATTRITION.with_changes(fills=(("Database Administrator", "contract"),)))
    dba = p.pricing.set_index("role").loc["Database Administrator"]
    assert dba["fill"] == "contract" and round(dba["cost"], 2) == 132212.11 and p.hires == 0


def test_attrition_defaults_to_kaplan_meier(ws):
    """E3 left after 7.86 months while E1 and E2 stay: S(12) = 2/3, so 1/3 a year; E1's December
    capacity = 164.6667 × (2/3)^(1/12) = 159.1957 (C1, a contractor, is not thinned)."""
    inp, p = _plan(ws, PlanSettings())
    assert inp.attrition_from_data == pytest.approx(1 / 3, abs=1e-12)
    assert p.attrition == pytest.approx(1 / 3) and "Kaplan–Meier" in p.attrition_source
    assert _cell(p, "Software Developer", "2026-12", "employee_hours") == pytest.approx(159.1957329, abs=1e-6)
    assert _cell(p, "Software Developer", "2026-12", "contractor_hours") == pytest.approx(164.6666667, abs=1e-6)


def test_roll_offs(ws):
    _, p = _plan(ws)
    assert p.roll_offs[["full_name", "why"]].values.tolist() == [
        ["Di Leaving", "planned leaver"], ["Cy Contract", "contract ends"]]


def test_probability_override_and_demand_edit(ws):
    s = NO_ATTRITION.with_changes(probability_overrides=(("D2", 1.0),))
    _, p = _plan(ws, s)
    assert _cell(p, "Software Developer", "2027-03", "demand_hours") == pytest.approx(520.0, abs=1e-6)
    extra = edit_row({"demand_id": "N1", "department": "Engineering", "role": "Software Developer",
                      "seniority": "mid", "hours_per_week": 40, "start_date": "2027-08-01",
                      "end_date": "2027-08-31", "probability": 1, "status": "confirmed"})
    _, p = _plan(ws, NO_ATTRITION.with_changes(demand_edits=(extra,)))
    assert _cell(p, "Software Developer", "2027-08", "demand_hours") == pytest.approx(173.3333333, abs=1e-6)


def test_bad_demand_rows_are_named_and_left_out(ws):
    bad = [
        {"demand_id": "B1", "department": "Engineering", "role": "Software Developer", "seniority": "mid",
         "hours_per_week": 40, "start_date": "2027-05-01", "end_date": "2027-04-01", "probability": 1,
         "status": "confirmed"},
        {"demand_id": "B2", "department": "Engineering", "role": "Software Developer", "seniority": "mid",
         "hours_per_week": 40, "start_date": "2027-05-01", "end_date": "2027-06-01", "probability": 1.5,
         "status": "tentative"},
        {"demand_id": "B3", "department": "Moon Base", "role": "Astronaut", "seniority": "mid",
         "hours_per_week": 40, "start_date": "2027-05-01", "end_date": "2027-06-01", "probability": 1,
         "status": "confirmed"},
    ]
    _, p = _plan(ws, NO_ATTRITION.with_changes(demand_edits=tuple(edit_row(b) for b in bad)))
    text = "\n".join(p.problems)
    assert "(B1): end_date 2027-04-01 is before start_date 2027-05-01" in text
    assert "(B2): probability 1.5 is outside 0–1" in text
    assert "(B3): role 'Astronaut' is not a role in the roster; department 'Moon Base' is not a department" in text
    assert set(p.demand["demand_id"]) == {"D1", "D2", "ENG1 · Software Developer · senior"}
    # what is left is the plan of the good rows: same gap as without the bad ones
    assert _cell(p, "Software Developer", "2027-05", "gap_hours") == pytest.approx(95.3333333, abs=1e-6)


def test_no_capacity_is_said_and_demand_still_drawn(ws):
    from analytics.metrics.filters import Filters

    f = Filters(plan_tiny.FILTERS.start, plan_tiny.FILTERS.end, departments=("Data & Analytics",),
                roles=("Database Administrator",))
    ws.sql("UPDATE workers SET end_date = DATE '2026-11-20' WHERE worker_id = 'E2'")
    inp = plan.inputs(ws, f)
    p = builder.build(inp, NO_ATTRITION, break_even.pay_medians(ws, f))
    assert any("capacity is zero" in m for m in p.problems)
    assert _cell(p, "Database Administrator", "2027-01", "gap_hours") == pytest.approx(173.3333333, abs=1e-6)


def test_without_the_demand_table_the_plan_uses_the_work_in_hand(tmp_path):
    ws = _open(tmp_path, with_demand=False)
    try:
        assert ws.row_counts()["demand"] == 0 and ws.row_counts()["workers"] == 4
        _, p = _plan(ws)
        assert set(p.demand["source"]) == {"work in hand"}
        assert _cell(p, "Software Developer", "2027-01", "demand_hours") == pytest.approx(296.8333333, abs=1e-6)
        assert _cell(p, "Software Developer", "2027-03", "demand_hours") == 0.0
        assert p.pricing.empty  # no role is short of people
    finally:
        ws.close()


def test_the_hire_cost_is_the_break_even_engines(ws):
    """The plan prices with break_even itself: same figures as the calculator for the same need."""
    _, p = _plan(ws)
    dba = p.pricing.set_index("role").loc["Database Administrator"]
    r = break_even.break_even(break_even.Need(dba["hours_per_week"], 11, 80000.0, 70.42), DEFAULTS)
    assert (r.contracting, r.hiring) == (dba["contract_cost"], dba["hire_cost"])


def test_roles_that_never_bill_are_planned_only_for_the_demand_rows_naming_them(ws):
    inp = plan.inputs(ws, plan_tiny.FILTERS)
    p = builder.build(inp, NO_ATTRITION, break_even.pay_medians(ws, plan_tiny.FILTERS),
                         leave_out_roles=("Software Developer",))
    # ENG1's work in hand (68.5 h a week of Software Developers) is left out; D2 (a demand row) stays
    assert _cell(p, "Software Developer", "2026-12", "demand_hours") == 0.0
    assert _cell(p, "Software Developer", "2027-03", "demand_hours") == pytest.approx(260.0, abs=1e-6)
