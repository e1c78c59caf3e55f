"""AppTest of the Break-even & scenarios page: the calculator's verdict and tiles on the hand case
of tests/test_break_even.py, defaults from the data, convert-to-hire, what-if and sensitivity
(tests/tiny.py figures)."""

import pytest


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
