"""AppTest of the Costs and Break-even pages: the figures shown, and that editing a cost
assumption in the sidebar changes them by the hand-computed amount (tests/tiny.py figures)."""

import pytest

from tests.test_costs import E1_SPEND, E2_SPEND


@pytest.fixture(autouse=True)
def _no_suppression(monkeypatch):
    monkeypatch.setenv("STAFFING_LENS_MIN_GROUP", "1")


def metric(at, label: str) -> str:
    for m in at.metric:
        if m.label == label:
            return m.value
    raise AssertionError(f"no metric {label!r}; have {[m.label for m in at.metric]}")


def number_input(at, key: str):
    return at.number_input(key=key)


def test_costs_page_shows_hand_computed_figures(app):
    at = app("tiny", page="pages/costs.py")
    assert not at.exception
    assert metric(at, "Contractor spend") == "$17,716"  # 124 h × $100 + 60 h × $80 = 17,200 × 1.03
    assert metric(at, "Employee spend") == f"${E1_SPEND + E2_SPEND:,.0f}" == "$15,969"
    assert metric(at, "Total spend") == "$33,685"
    assert metric(at, "Contractor share of spend") == "52.6%"
    assert metric(at, "Contractor cost / billable hour") == "$108.02/h"  # 17,716 / 164
    assert metric(at, "Employee cost / billable hour") == "$77.52/h"  # 15,968.66 / 206
    table = at.dataframe[0].value
    assert len(table) == 4 and table["spend"].iloc[0] == pytest.approx(12_772)
    assert at.get("download_button")  # the drill-down CSV
    # 8.3% entered is exactly the default 0.083 (not 0.08300000000000001): nothing reads as changed
    assert any("All at defaults." in c.value for c in at.caption)


def test_changing_an_assumption_changes_the_figures_by_the_computed_amount(app):
    at = app("tiny", page="pages/costs.py")
    number_input(at, "a_vendor_management_fee").set_value(10.0).run()
    assert not at.exception
    # 17,200 × 1.10 = 18,920: +1,204 (= 17,200 × 7 points)
    assert metric(at, "Contractor spend") == "$18,920"
    assert metric(at, "Total spend") == f"${E1_SPEND + E2_SPEND + 18_920:,.0f}" == "$34,889"
    number_input(at, "a_benefits_load").set_value(29.0).run()
    # employees: +10 points of salary: (104,000 × 28 + 78,000 × 19) / 365 × 0.10 = 1,203.84 more
    extra = (104_000 * 28 + 78_000 * 19) / 365 * 0.10
    assert metric(at, "Employee spend") == f"${E1_SPEND + E2_SPEND + extra:,.0f}" == "$17,172"
    # the assumptions survive a page switch (they live in app.py's sidebar and the URL)
    at.switch_page("pages/overview.py").run()
    at.switch_page("pages/costs.py").run()
    assert metric(at, "Contractor spend") == "$18,920"
    # one click restores the defaults
    at.button(key="a_reset").click().run()
    assert not at.exception
    assert metric(at, "Contractor spend") == "$17,716"
    assert number_input(at, "a_benefits_load").value == pytest.approx(19.0)
    assert any("All at defaults." in c.value for c in at.caption)


def test_a_shared_link_reproduces_the_assumptions(app):
    at = app("tiny", page="pages/costs.py", query={"a_vendor_management_fee": "10"})
    assert not at.exception
    assert number_input(at, "a_vendor_management_fee").value == pytest.approx(10.0)
    assert metric(at, "Contractor spend") == "$18,920"


def test_costs_page_empty_state(app):
    at = app("tiny", page="pages/costs.py", query={"worker_type": "contractor", "department": "Data & Analytics"})
    assert not at.exception
    assert any("No one was paid" in i.value for i in at.info)


def test_costs_page_suppresses_small_groups(app, monkeypatch):
    monkeypatch.setenv("STAFFING_LENS_MIN_GROUP", "5")
    at = app("tiny", page="pages/costs.py")
    assert not at.exception
    assert "suppressed" in metric(at, "Contractor spend")


# the break-even hand case of tests/test_break_even.py, set through the URL
HAND_QUERY = {
    "a_benefits_load": "20", "a_payroll_tax": "5", "a_overhead_per_employee": "0",
    "a_productive_hours_per_year": "1950", "a_vendor_management_fee": "0", "a_recruiting_cost": "5000",
    "a_time_to_fill_days": str(365 / 12), "a_ramp_up_weeks": str(104 / 12), "a_ramp_up_productivity": "50",
    "be_hours": "30", "be_months": "12", "be_salary": "124800", "be_rate": "100",
}


def test_break_even_page_hand_case_and_an_assumption_change(app):
    at = app("tiny", page="pages/break_even.py", query=HAND_QUERY)
    assert not at.exception
    assert metric(at, "Break-even month") == "8"
    assert metric(at, "Contracting, 12 months") == "$156,000"
    assert metric(at, "Hiring, 12 months") == "$145,400"
    assert metric(at, "Saving from hiring") == "$10,600"
    assert any("month 8" in s.value for s in at.success)
    # recruiting +1,000: hiring +1,000 at every month; month 8 is now 800 dearer, month 9 1,800 cheaper
    number_input(at, "a_recruiting_cost").set_value(6000.0).run()
    assert not at.exception
    assert metric(at, "Hiring, 12 months") == "$146,400"
    assert metric(at, "Saving from hiring") == "$9,600"
    assert metric(at, "Break-even month") == "9"
    # a 6-month need: contracting stays cheaper (hiring 83,000 + 1,000 vs 78,000)
    number_input(at, "be_months").set_value(6).run()
    assert metric(at, "Break-even month") == "none"
    assert metric(at, "Saving from hiring") == "−$6,000"
    assert any("Contracting stays cheaper over the 6-month horizon" in w.value for w in at.warning)


def test_break_even_page_defaults_from_data_and_convert_list(app):
    at = app("tiny", page="pages/break_even.py", query={"be_role": "Software Developer", "be_seniority": "senior"})
    assert not at.exception
    # blank pay inputs use the data: E1's $104,000 and C1's $100/h
    # employee (104,000 × 1.273 + 5,000) / 1,860 = 73.87/h vs contractor 100 × 1.03 = 103.00/h
    assert metric(at, "Employee cost / productive hour") == "$73.87/h"
    assert metric(at, "Contractor cost / hour") == "$103.00/h"
    assert metric(at, "Salary used") == "$104,000"
    # convert-to-hire: C2, yearly saving 10,499.64 (tests/test_scenarios.py)
    assert metric(at, "Contractors listed") == "1"
    assert metric(at, "Yearly saving if all converted") == "$10,500"
    assert metric(at, "First-year saving") == "$5,800"
    # what-if: C2 is not past 18 months
    assert any("past the 18-month tenure limit" in i.value for i in at.info)
    number_input(at, "a_tenure_limit_months").set_value(12.0).run()
    assert metric(at, "Converted") == "1 of 1"
    assert metric(at, "Change in annual spend") == "−$10,500"


def test_cost_per_hour_by_role_and_seniority(app):
    at = app("tiny", page="pages/costs.py")
    at.segmented_control(key="cost_rows").set_value("role_seniority").run()
    at.segmented_control(key="cost_measure").set_value("cost_per_productive_hour").run()
    assert not at.exception
    assert len(at.get("plotly_chart")) >= 4


def test_break_even_page_when_filters_exclude_every_contractor(app):
    # Data & Analytics has one employee (E2) and no contractor
    at = app("tiny", page="pages/break_even.py", query={"department": "Data & Analytics"})
    assert not at.exception
    infos = " ".join(i.value for i in at.info)
    assert "No current contractor" in infos and "No contractor in" in infos
    # the calculator still works: DBA defaults from the data (E2's $78,000) and OEWS for the rate
    assert metric(at, "Salary used") == "$78,000"
    # 104,620 / 2,080 × 1.4 = $70.42/h
    assert metric(at, "Rate used") == "$70.42/h"


def test_sensitivity_table_shows_negative_savings_with_a_leading_minus(app):
    # the hand case above over 6 months costs −$5,000 to hire (hiring 83,000 vs contracting 78,000);
    # recruiting ±20% ($4,000 / $6,000) moves that by ∓$1,000
    at = app("tiny", page="pages/break_even.py", query={**HAND_QUERY, "be_months": "6"})
    assert not at.exception and metric(at, "Saving from hiring") == "−$5,000"
    sens = next(d.value for d in at.dataframe if "saving_low_text" in d.value.columns)
    row = sens[sens["input"] == "recruiting_cost"].iloc[0]
    assert (row["saving_low_text"], row["saving_high_text"]) == ("−$4,000", "−$6,000")
