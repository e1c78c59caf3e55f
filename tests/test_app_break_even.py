"""AppTest of the Break-even & scenarios page: the calculator's verdict and tiles on the hand case
of tests/test_break_even.py, defaults from the data, convert-to-hire, what-if and sensitivity
(tests/tiny.py figures)."""

import pytest

from tests.apptools import metric

pytestmark = pytest.mark.usefixtures("show_small_groups")


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
    assert metric(at, "The hire's cost / productive hour") == "$73.87/h"
    assert metric(at, "The contractor's cost / hour") == "$103.00/h"
    assert metric(at, "Salary used") == "$104,000"
    # convert-to-hire: C2 would save 10,499.64 a year (tests/test_scenarios.py) but has timesheets in only
    # 4 weeks: too new to judge, left out (the list's figures are checked on QUARTER below)
    assert not [m for m in at.metric if m.label == "Contractors listed"]
    assert any("1 contractor who would otherwise be listed has fewer than 13 weeks" in c.value for c in at.caption)
    assert any("No current contractor with enough timesheets" in i.value for i in at.info)
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


# -- issue 10: like with like, the what-if's scope, convert-to-hire's history ---------------------------
def quarter(app):
    """tests/test_scenarios.py's QUARTER organisation (13 weeks, Jan–Mar 2024) as the app's data."""
    from tests import tiny
    from tests.quarter import quarter_frames

    def make(tmp_path, **kwargs):
        return app(tiny.write_csvs(tmp_path / "quarter_csv", quarter_frames()), **kwargs)

    return make


def elements(node) -> list:
    """Every element under `node`, in the order the page draws them."""
    out = []
    children = getattr(node, "children", None) or {}
    for k in sorted(children):
        child = children[k]
        out.append(child)
        out.extend(elements(child))
    return out


def test_like_for_like_warning_sits_at_the_verdict_and_the_fallback_changes_the_salary(app, tmp_path, min_group):
    # QUARTER, privacy minimum 2: one mid Software Developer employee (E3) and no mid contractor
    min_group(2)
    at = quarter(app)(tmp_path, page="pages/break_even.py",
                      query={"be_role": "Software Developer", "be_seniority": "mid"})
    assert not at.exception
    drawn = elements(at.main)
    kinds = [e.type for e in drawn]
    warn = next(i for i, e in enumerate(drawn) if e.type == "warning" and "Not like with like" in e.value)
    assert drawn[warn].value == (
        "Not like with like: the filtered data has fewer than 2 mid Software Developer employees and no mid Software "
        "Developer contractors, so the salary and contractor rate below are fallbacks you choose (or type your own)."
    )
    verdict = kinds.index("success")
    # between the warning and the verdict: only the two fallback choices (and their columns)
    assert warn < verdict
    assert {e.type for e in drawn[warn + 1:verdict]} <= {"flex_container", "column", "radio"}
    assert [e.label for e in drawn[warn + 1:verdict] if e.type == "radio"] == ["Fallback salary", "Fallback contractor rate"]
    # the first choice: all seniorities: salaries 120,000, 130,000, 90,000 → median 120,000; rates 110, 100 → 105
    assert at.radio(key="be_salary_fallback").value == "All seniorities of this role"
    assert metric(at, "Salary used") == "$120,000"
    assert metric(at, "Rate used") == "$105.00/h"
    # the BLS figure: 133,080 × 1.273 + 5,000 = 174,410.84 / 1,860 = $93.77/h
    at.radio(key="be_salary_fallback").set_value("BLS OEWS median wage").run()
    assert not at.exception
    assert metric(at, "Salary used") == "$133,080"
    assert metric(at, "The hire's cost / productive hour") == "$93.77/h"
    assert any("Salary: BLS OEWS May 2024 median annual wage." in c.value for c in at.caption)
    # senior: 2 employees (median 125,000) and 2 contractors (median 105): like with like, no warning, no choice
    at.selectbox(key="be_seniority").set_value("senior").run()
    assert not at.exception
    assert not [w for w in at.warning if "Not like with like" in w.value]
    assert not [r for r in at.radio if r.key in ("be_salary_fallback", "be_rate_fallback")]
    assert metric(at, "Salary used") == "$125,000"
    assert metric(at, "Rate used") == "$105.00/h"
    # (125,000 × 1.273 + 5,000) / 1,860 = 164,125 / 1,860 = $88.24/h
    assert metric(at, "The hire's cost / productive hour") == "$88.24/h"


def test_what_if_departments_are_the_sidebars(app):
    at = app("tiny", page="pages/break_even.py")
    sidebar = at.multiselect(key="department")
    assert at.selectbox(key="wi_department").options == ["All departments", *sidebar.options]
    sidebar.set_value(["Engineering", "Infrastructure"]).run()
    assert not at.exception
    assert at.selectbox(key="wi_department").options == ["All selected departments", "Engineering", "Infrastructure"]


def test_what_if_says_when_the_sidebar_hides_the_contractors_past_the_limit(app):
    # limit 12 months: C2 (Infrastructure, 12.9 months) is past it
    at = app("tiny", page="pages/break_even.py", query={"a_tenure_limit_months": "12"})
    assert metric(at, "Converted") == "1 of 1"
    at.multiselect(key="department").set_value(["Engineering"]).run()
    assert not at.exception
    info = [i.value for i in at.info if "12-month tenure limit" in i.value]
    assert len(info) == 1
    assert info[0].startswith("No contractor in the selected departments and roles is past the 12-month tenure limit")
    assert "the sidebar filters exclude 1 other who is" in info[0]
    assert "no one to convert" not in info[0]


def test_convert_to_hire_leaves_out_a_contractor_with_12_weeks_of_timesheets(app, tmp_path):
    at = quarter(app)(tmp_path, page="pages/break_even.py")
    assert not at.exception
    # K1 Kim Long: 13 weeks, listed; K2 Lee New: 12 weeks, left out (tests/test_scenarios.py's working)
    assert metric(at, "Contractors listed") == "1"
    assert metric(at, "Their annual cost") == "$235,664"  # 2,080 h × $110 × 1.03
    assert metric(at, "Yearly saving if all converted") == "$52,126"  # 235,664 − 183,537.63
    assert metric(at, "First-year saving") == "$47,426"  # − 4,700 recruiting
    assert any("1 contractor who would otherwise be listed has fewer than 13 weeks of timesheets" in c.value
               for c in at.caption)
    table = next(d.value for d in at.dataframe if "yearly_saving" in d.value.columns)
    assert list(table["full_name"]) == ["Kim Long"]
    # name, role, yearly saving and reason first, the rest after
    assert list(table.columns[:4]) == ["full_name", "role", "yearly_saving", "reason"]
    assert table["reason"].iloc[0] == "past the 18-month limit · costs more than an employee"
