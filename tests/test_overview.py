"""Overview metrics on the tiny organisation (tests/tiny.py), every figure worked out by hand."""

from datetime import date

import pandas as pd
import pytest

from analytics.metrics import costs, headlines
from analytics.metrics.assumptions import DEFAULTS, CostAssumptions
from analytics.metrics.filters import Filters

pytestmark = pytest.mark.usefixtures("show_small_groups")

JAN = Filters(date(2024, 1, 1), date(2024, 1, 31))


def test_cost_formulas_by_hand():
    a = DEFAULTS
    # 100,000 × (1 + 0.19 + 0.083) + 5,000 = 132,300
    assert costs.fully_loaded_annual_cost(100_000, a) == pytest.approx(132_300)
    # 132,300 / 1,860 = 71.129
    assert costs.employee_cost_per_productive_hour(100_000, a) == pytest.approx(71.1290, abs=1e-4)
    # 90 × 1.03 = 92.70
    assert costs.contractor_cost_per_hour(90, a) == pytest.approx(92.70)
    # a sum over two people counts the overhead twice
    assert costs.fully_loaded_annual_cost(200_000, a, employees=2) == pytest.approx(264_600)


def test_kpis_by_hand(tiny_ws):
    k = headlines.kpis(tiny_ws, JAN, DEFAULTS)
    # the last timesheet week ends Sunday 28 Jan; the data covers whole months, so January to the 31st
    assert k.as_of == date(2024, 1, 31)
    assert k.headcount == {"employee": 2, "contractor": 1}
    # salaried people are paid for every day employed, whatever the timesheets say:
    # E1 31 days, E2 22 days (Wed 10 – Wed 31 Jan): (104,000×31 + 78,000×22)/365 × 1.273 + 5,000 × 53/365
    #   = (4,940,000 × 1.273 + 265,000) / 365 = 6,553,620 / 365 = 17,955.12
    expected_emp = (104_000 * 31 + 78_000 * 22) / 365 * 1.273 + 5_000 * 53 / 365
    assert k.cost.employee_spend == pytest.approx(expected_emp)
    assert k.cost.employee_spend == pytest.approx(17_955.12, abs=0.01)
    # C1 124 h × $100 + C2 60 h × $80 = 17,200; × 1.03 = 17,716
    assert k.cost.contractor_spend == pytest.approx(17_716.0)
    # Σ spend / Σ productive hours: 6,553,620 / 365 ÷ (53/365 × 1,860) = 6,553,620 / 98,580 = 66.48
    assert k.cost.employee_cost_per_productive_hour == pytest.approx(6_553_620 / 98_580)
    assert k.cost.contractor_cost_per_hour == pytest.approx(17_716 / 184)
    assert (k.cost.employee_people, k.cost.contractor_people) == (2, 2)
    assert k.billable_utilization == pytest.approx(370 / 456)
    assert k.engagements_active == 2  # ENG1 active, ENG2 completed 19 Jan; ENG3 cancelled, ENG4 not started


def test_assumptions_flow_into_spend(tiny_ws):
    a = CostAssumptions(benefits_load=0.30, payroll_tax=0.10, overhead_per_employee=0, vendor_management_fee=0)
    k = headlines.kpis(tiny_ws, JAN, a)
    assert k.cost.employee_spend == pytest.approx((104_000 * 31 + 78_000 * 22) / 365 * 1.40)
    assert k.cost.contractor_spend == pytest.approx(17_200.0)


def test_filters_restrict_people(tiny_ws):
    eng = Filters(date(2024, 1, 1), date(2024, 1, 31), departments=("Engineering",))
    k = headlines.kpis(tiny_ws, eng, DEFAULTS)
    assert k.headcount == {"employee": 1, "contractor": 0}
    assert k.cost.contractor_spend == pytest.approx(124 * 100 * 1.03)
    assert k.billable_utilization == pytest.approx((126 + 124) / (152 + 120))
    contractors = Filters(date(2024, 1, 1), date(2024, 1, 31), worker_types=("contractor",))
    assert headlines.kpis(tiny_ws, contractors, DEFAULTS).billable_utilization == pytest.approx(164 / 200)


def test_a_period_with_no_data_is_empty_not_an_error(tiny_ws):
    k = headlines.kpis(tiny_ws, Filters(date(2025, 1, 1), date(2025, 1, 31)), DEFAULTS)
    assert (k.cost.employee_spend, k.cost.contractor_spend) == (0.0, 0.0)
    assert (k.cost.employee_people, k.cost.contractor_people) == (0, 0)
    assert k.billable_utilization is None
    assert k.cost.contractor_cost_per_hour is None


def test_spend_by_month(tiny_ws):
    m = headlines.spend_by_month(tiny_ws, JAN, DEFAULTS).set_index("worker_type")
    assert m.loc["contractor", "spend"] == pytest.approx(17_716.0)
    assert m.loc["employee", "people"] == 2


def test_comparison_table_figures(tiny_ws):
    t = headlines.comparison_table(tiny_ws, JAN, DEFAULTS).set_index("Aspect")
    con, emp = t.columns
    # the same billable utilization as the Utilization page's per-type tiles (Σ billable ÷ Σ capacity), not a
    # share of logged hours: contractors (124 + 40) / (120 + 80) = 82.0%; employees (126 + 80) / (152 + 104) = 80.5%
    assert "billable utilization 82.0%" in t.loc["Role", con]
    assert "billable utilization 80.5%" in t.loc["Role", emp]
    # active contractor on 31 Jan: C2 only → median rate $80, ×1.03 = $82.40
    assert "the median active contractor's rate is $80.00/h, $82.40/h" in t.loc["Payment", con]
    # active employees E1 $104,000 and E2 $78,000 → median $91,000; (91,000×1.273+5,000)/1,860 = $64.97
    assert "the median active employee's salary is $91,000, $64.97 per productive hour" in t.loc["Payment", emp]
    # ENG2 ran 1 Jun 2023 – 19 Jan 2024 = 232 days = 232 / (365/12) = 7.6 months
    assert "median duration of completed engagements 7.6 months" in t.loc["Duration", con]
    # Kaplan–Meier, as of 31 Jan: C1 left after 232 days (7.63 months) with 2 at risk → S = 1/2 there,
    # so the median is 7.6 months (C2, 395 days and still active, is censored)
    assert "median tenure (Kaplan–Meier) 7.6 months" in t.loc["Duration", con]
    # no employee has left: the median is beyond the longest tenure followed, E1's 1 Jan 2020 → 31 Jan 2024
    # = 1,491 days = 49.0 months = 4.1 years
    assert "median tenure (Kaplan–Meier) over 4.1 years" in t.loc["Duration", emp]
    # contractor spend by vendor: Acme 12,772 of 17,716 = 72%
    assert "the largest, Acme, takes 72% of contractor spend" in t.loc["Relationship", con]
    # C1 reviews mean (3+5+4+3+4+5)/6 = 4.0, C2 (4+4+3+3+5+4)/6 = 3.83 → 3.9
    assert "contractors' reviews average 3.9/5" in t.loc["Responsibilities", con]
    assert "vendor-delivered engagements rated 4.0/5" in t.loc["Responsibilities", con]


def test_delivery_model_is_classified_once_at_load_with_the_80_percent_rule(tmp_path):
    """engagement_facts (build_engagement_facts.sql) is the one place the rule lives; the Duration page's
    frames read its column. Boundaries: exactly 20% / 80% of the hours by contractors decide."""
    import pandas as pd

    from analytics.metrics import delivery
    from tests import tiny

    data = tiny.frames()
    e = data["engagements"]
    base = e.iloc[0].to_dict()
    # engagement → (employee hours, contractor hours, expected model)
    cases = {"X80": (20, 80, "contractor"), "X20": (80, 20, "in-house"), "X50": (50, 50, "mixed"),
             "X79": (21, 79, "mixed"), "X00": (0, 0, "no hours")}
    rows, ts = [], []
    for eid, (emp, con, _) in cases.items():
        rows.append({**base, "engagement_id": eid})
        if emp:
            ts.append(["E1", eid, "2024-01-01", emp, True])
        if con:
            ts.append(["C2", eid, "2024-01-01", con, True])
    data["engagements"] = pd.concat([e, pd.DataFrame(rows)], ignore_index=True)
    data["timesheets"] = pd.concat(
        [data["timesheets"], pd.DataFrame(ts, columns=data["timesheets"].columns)], ignore_index=True
    )
    ws = tiny.build_workspace(tmp_path, data)
    try:
        got = dict(ws.sql("SELECT engagement_id, delivery_model FROM engagement_facts").itertuples(index=False))
        assert {k: got[k] for k in cases} == {k: v[2] for k, v in cases.items()}
        shown = delivery.engagements(ws, JAN).set_index("engagement_id")["delivery_model"]
        assert (shown["X80"], shown["X20"], shown["X00"]) == ("contractor", "in-house", "no hours")
    finally:
        ws.close()


def test_the_page_reads_once_and_shows_what_kpis_and_the_table_show(tiny_ws):
    k, table = headlines.page(tiny_ws, JAN, DEFAULTS)
    assert k == headlines.kpis(tiny_ws, JAN, DEFAULTS)
    pd.testing.assert_frame_equal(table, headlines.comparison_table(tiny_ws, JAN, DEFAULTS))
    assert k.cost.employee_spend == pytest.approx(17_955.12, abs=0.01) and k.engagements_active == 2
