"""AppTest of the Costs page: the figures shown, and that editing a cost
assumption in the sidebar changes them by the hand-computed amount (tests/tiny.py figures)."""

import pytest

from tests.apptools import metric
from tests.tiny import E1_SPEND, E2_SPEND

pytestmark = pytest.mark.usefixtures("show_small_groups")


def number_input(at, key: str):
    return at.number_input(key=key)


def test_costs_page_shows_hand_computed_figures(app):
    at = app("tiny", page="pages/costs.py")
    assert not at.exception
    assert metric(at, "Contractor spend") == "$17,716"  # 124 h × $100 + 60 h × $80 = 17,200 × 1.03
    # every day employed in January (E1 31, E2 22): 11,668.91 + 6,286.21 = 17,955.12
    assert metric(at, "Employee spend") == f"${E1_SPEND + E2_SPEND:,.0f}" == "$17,955"
    assert metric(at, "Total spend") == "$35,671"  # 17,955.12 + 17,716
    assert metric(at, "Contractor share of spend") == "49.7%"  # 17,716 / 35,671.12
    assert metric(at, "Contractor cost / billable hour") == "$108.02/h"  # 17,716 / 164
    assert metric(at, "Employee cost / billable hour") == "$87.16/h"  # 17,955.12 / 206
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
    assert metric(at, "Total spend") == f"${E1_SPEND + E2_SPEND + 18_920:,.0f}" == "$36,875"
    number_input(at, "a_benefits_load").set_value(29.0).run()
    # employees: +10 points of salary: (104,000 × 31 + 78,000 × 22) / 365 × 0.10 = 1,353.42 more
    extra = (104_000 * 31 + 78_000 * 22) / 365 * 0.10
    assert metric(at, "Employee spend") == f"${E1_SPEND + E2_SPEND + extra:,.0f}" == "$19,309"
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


def test_costs_page_suppresses_small_groups(app, min_group):
    min_group(5)
    at = app("tiny", page="pages/costs.py")
    assert not at.exception
    assert "suppressed" in metric(at, "Contractor spend")


def test_cost_per_hour_by_role_and_seniority(app):
    at = app("tiny", page="pages/costs.py")
    at.segmented_control(key="cost_rows").set_value("role_seniority").run()
    at.segmented_control(key="cost_measure").set_value("cost_per_productive_hour").run()
    assert not at.exception
    assert len(at.get("plotly_chart")) >= 4


def _cost_per_hour_bars(at) -> dict[tuple[str, str], float]:
    """(worker type, row label) → bar value of the 'Cost per hour by role' chart."""
    from tests.plotly_traces import charts

    [chart] = [c for c in charts(at) if any(t.get("name", "").startswith("BLS OEWS") for t in c)]
    return {(t["name"], y): x for t in chart if t["type"] == "bar" for x, y in zip(t["x"], t["y"], strict=True)}


def test_cost_per_hour_chart_follows_its_measure_and_rows_controls(app):
    at = app("tiny", page="pages/costs.py")
    bars = _cost_per_hour_bars(at)
    # default: per billable hour by role. E1 11,668.91 / 126 = 92.61; E2 6,286.21 / 80 = 78.58;
    # C1 12,772 / 124 = 103.00; C2 4,944 / 40 = 123.60
    assert bars[("Employees", "Software Developer")] == pytest.approx(92.61, abs=0.01)
    assert bars[("Employees", "Database Administrator")] == pytest.approx(78.58, abs=0.01)
    assert bars[("Contractors", "Network and Systems Administrator")] == pytest.approx(123.60)
    at.button_group(key="cost_measure").set_value("cost_per_productive_hour").run()
    assert not at.exception
    bars = _cost_per_hour_bars(at)
    # per productive hour: E1 137,392 / 1,860 = 73.87; C2 4,944 / 60 h logged = 82.40
    assert bars[("Employees", "Software Developer")] == pytest.approx(73.87, abs=0.01)
    assert bars[("Contractors", "Network and Systems Administrator")] == pytest.approx(82.40)
    at.button_group(key="cost_rows").set_value("role_seniority").run()
    assert not at.exception
    rows = {y for _, y in _cost_per_hour_bars(at)}
    # every row now names the seniority too: E1 and C1 senior developers, E2 and C2 mid
    assert len(rows) == 3 and all(("senior" in r or "mid" in r) for r in rows), rows


def test_per_billable_hour_leaves_out_the_roles_that_never_bill(app):
    at = app("sample", page="pages/costs.py")
    support = "Computer User Support Specialist"
    rows = {y for _, y in _cost_per_hour_bars(at)}
    assert support not in rows and "Software Developer" in rows  # not meant to bill: no $/billable h
    assert any("leaves out the non-billable roles" in c.value for c in at.caption)
    at.button_group(key="cost_measure").set_value("cost_per_productive_hour").run()
    assert support in {y for _, y in _cost_per_hour_bars(at)}  # they still cost money per productive hour
