"""Pricing models (issue 16): contractor spend on fixed-fee and milestone engagements is what was
invoiced (or a fixed fee spread over its engagement's days), their cost per hour that spend over the
hours the vendor's people logged, and budget burn per engagement — on tests/tiny.py's priced
organisation (tiny.priced_frames), worked out by hand there and below, in the metric functions, on
the Costs page and against the independent reference."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analytics.metrics import budget_burn, costs
from analytics.metrics.assumptions import DEFAULTS
from analytics.metrics.filters import Filters
from tests import tiny
from tests.apptools import frame_with, metric
from tests.independent import reference

pytestmark = pytest.mark.usefixtures("show_small_groups")

JANUARY = Filters(date(2024, 1, 1), date(2024, 1, 31))
SPREAD = DEFAULTS.with_changes(spread_fixed_fees=1.0)


@pytest.fixture
def priced(tmp_path):
    ws = tiny.build_workspace(tmp_path, tiny.priced_frames())
    yield ws
    ws.close()


def _by_vendor(ws, a):
    g = costs.hourly_costs(costs.period_facts(ws, JANUARY), a, ["worker_type", "vendor"])
    return g.set_index(["worker_type", "vendor"])


def test_invoiced_work_costs_what_was_invoiced_in_the_period_not_hours_times_rate(priced):
    g = _by_vendor(priced, DEFAULTS)
    # C1 (Acme): ENG2's January invoice only; its 124 h × $100 × 1.03 = $12,772 are not paid by the hour
    assert g.loc[("contractor", "Acme"), "spend"] == pytest.approx(tiny.PRICED_C1_SPEND)  # 9,000.00
    # cost per hour = that spend ÷ the 124 hours Acme's people logged: 9,000 / 124 = 72.58
    assert g.loc[("contractor", "Acme"), "cost_per_productive_hour"] == pytest.approx(9_000 / 124)
    assert round(g.loc[("contractor", "Acme"), "cost_per_productive_hour"], 2) == 72.58
    # C2 (Independent): milestone $2,000 for the 40 h on ENG1 + 20 internal h × $80 × 1.03 = 3,648.00
    assert g.loc[("contractor", "Independent"), "spend"] == pytest.approx(tiny.PRICED_C2_SPEND)
    assert round(g.loc[("contractor", "Independent"), "spend"], 2) == 3_648.00
    k = costs.cost_kpis(costs.period_facts(priced, JANUARY), DEFAULTS)
    assert k.contractor_spend == pytest.approx(12_648.0)
    assert k.contractor_cost_per_hour == pytest.approx(12_648 / 184)  # 124 + 60 h logged: 68.74/h
    # employees are paid as before (tiny.E1_SPEND + E2_SPEND)
    assert k.employee_spend == pytest.approx(tiny.E1_SPEND + tiny.E2_SPEND)


def test_the_spread_setting_spreads_a_fixed_fee_over_its_engagements_days(priced):
    g = _by_vendor(priced, SPREAD)
    # 39,000 invoiced in all × 19 of ENG2's 233 days (1 Jun 2023 – 19 Jan 2024) = 3,180.26
    assert g.loc[("contractor", "Acme"), "spend"] == pytest.approx(tiny.PRICED_C1_SPREAD)
    assert round(g.loc[("contractor", "Acme"), "spend"], 2) == 3_180.26
    # a milestone stays on its invoice date
    assert g.loc[("contractor", "Independent"), "spend"] == pytest.approx(3_648.0)
    # December (outside the data) would carry 39,000 × 31 / 233 = 5,188.84: the monthly facts hold it
    dec = Filters(date(2023, 12, 1), date(2023, 12, 31))
    monthly = costs.spend_by(costs.spend_facts(priced, dec), SPREAD, ["month", "worker_type"])
    assert monthly["spend"].sum() == pytest.approx(39_000 * 31 / 233)
    by_date = costs.spend_by(costs.spend_facts(priced, dec), DEFAULTS, ["month", "worker_type"])
    assert by_date["spend"].sum() == pytest.approx(30_000)  # the December invoice, by its date


def test_budget_burn_per_engagement(priced):
    burn = budget_burn.table(priced, JANUARY, DEFAULTS).set_index("engagement_id")
    # only the engagements with contractor hours or invoices, largest share of budget first
    assert list(burn.index) == ["ENG2", "ENG1"]
    # ENG2: both invoices to 31 Jan 2024, 9,000 + 30,000 = 39,000 of 120,000 = 32.5%; 124 h → 314.52/h
    assert burn.loc["ENG2", "spent"] == pytest.approx(39_000)
    assert burn.loc["ENG2", "share_of_budget"] == pytest.approx(0.325)
    assert burn.loc["ENG2", "left"] == pytest.approx(81_000)
    assert round(burn.loc["ENG2", "cost_per_hour"], 2) == 314.52
    # ENG1: the milestone's 2,000 of 250,000 = 0.8%; 40 h → 50.00/h
    assert burn.loc["ENG1", "spent"] == pytest.approx(2_000)
    assert burn.loc["ENG1", "share_of_budget"] == pytest.approx(0.008)
    assert burn.loc["ENG1", "cost_per_hour"] == pytest.approx(50.0)
    assert not burn["over_budget"].any()
    # a time-and-materials engagement burns hours × rate × fee: tiny as it was, ENG2 = 124 × 100 × 1.03
    # = 12,772 of 120,000 = 10.64%, ENG1 = C2's 40 h × 80 × 1.03 = 3,296 of 250,000 = 1.32%
    plain = tiny.build_workspace(priced.path.parent / "plain")
    try:
        tm = budget_burn.table(plain, JANUARY, DEFAULTS).set_index("engagement_id")
        assert tm.loc["ENG2", "spent"] == pytest.approx(12_772)
        assert tm.loc["ENG1", "spent"] == pytest.approx(3_296)
        assert round(tm.loc["ENG2", "share_of_budget"], 4) == 0.1064
        # the department filter is the engagement's; contractors left out by the type filter: nothing
        infra = Filters(JANUARY.start, JANUARY.end, departments=("Infrastructure",))
        assert budget_burn.table(plain, infra, DEFAULTS).empty
        employees = Filters(JANUARY.start, JANUARY.end, worker_types=("employee",))
        assert budget_burn.table(plain, employees, DEFAULTS).empty
    finally:
        plain.close()


def test_over_budget_is_flagged_and_pay_of_too_few_contractors_withheld(priced, min_group):
    rows = budget_burn.facts(priced, JANUARY)
    rows.loc[rows["engagement_id"] == "ENG1", "budget"] = 1_500.0  # 2,000 invoiced of 1,500: 133%
    burn = budget_burn.budget_burn(rows, DEFAULTS).set_index("engagement_id")
    assert list(burn.index) == ["ENG1", "ENG2"] and bool(burn.loc["ENG1", "over_budget"])
    assert burn.loc["ENG1", "share_of_budget"] == pytest.approx(2_000 / 1_500)
    assert (burn.loc["ENG1", "left"], burn.loc["ENG1", "over_by"]) == (0, pytest.approx(500))
    assert pd.isna(burn.loc["ENG2", "over_by"]) and burn.loc["ENG2", "left"] == pytest.approx(81_000)
    min_group(5)
    # time and materials: ENG2's hours × rate are one contractor's (C1) pay, withheld; an invoice total is not
    plain = tiny.build_workspace(priced.path.parent / "plain")
    try:
        shown = budget_burn.table(plain, JANUARY, DEFAULTS).set_index("engagement_id")
        assert pd.isna(shown.loc["ENG2", "spent"]) and shown.loc["ENG2", "note"] == "suppressed (< 5 people)"
    finally:
        plain.close()
    assert budget_burn.table(priced, JANUARY, DEFAULTS).set_index("engagement_id").loc["ENG2", "spent"] == 39_000


def test_the_costs_page_shows_invoiced_spend_and_budget_burn_to_the_cent(app, tmp_path):
    at = app(tiny.write_csvs(tmp_path / "priced_csv", tiny.priced_frames()), page="pages/costs.py")
    assert not at.exception
    assert metric(at, "Contractor spend") == "$12,648"  # 9,000 + 2,000 + 1,648
    assert metric(at, "Total spend") == "$30,603"  # 17,955.12 + 12,648
    drill = frame_with(at, "cost_per_productive_hour").set_index("vendor")
    assert round(drill.loc["Acme", "spend"], 2) == 9_000.00
    assert round(drill.loc["Acme", "cost_per_productive_hour"], 2) == 72.58  # 9,000 / 124 h
    burn = frame_with(at, "share_of_budget").set_index("name")
    assert round(burn.loc["Data migration", "spent"], 2) == 39_000.00
    assert round(burn.loc["Data migration", "share_of_budget"], 4) == 0.3250
    assert round(burn.loc["Data migration", "cost_per_hour"], 2) == 314.52
    assert round(burn.loc["Billing rewrite", "spent"], 2) == 2_000.00
    assert burn.loc["Billing rewrite", "pricing_model"] == "Milestone"
    # the setting, in plain words in the sidebar, spreads the fixed fee: 3,180.26 + 3,648 = 6,828.26
    at.checkbox(key="a_spread_fixed_fees").check().run()
    assert not at.exception
    assert metric(at, "Contractor spend") == "$6,828"
    drill = frame_with(at, "cost_per_productive_hour").set_index("vendor")
    assert round(drill.loc["Acme", "spend"], 2) == 3_180.26
    assert at.checkbox(key="a_spread_fixed_fees").label == "Spread fixed fees over the engagement's dates"


def test_the_independent_reference_agrees(tmp_path, priced):
    folder = tiny.write_csvs(tmp_path / "ref", tiny.priced_frames())
    for a_ref, a in ((reference.DEFAULTS, DEFAULTS), (reference.Assumptions(spread_fixed_fees=True), SPREAD)):
        ref = reference.figures(folder, "2024-01", "2024-01", a=a_ref, min_group=1)
        k = costs.cost_kpis(costs.period_facts(priced, JANUARY), a)
        assert k.contractor_spend == pytest.approx(ref["contractor_spend"])
        assert k.contractor_cost_per_hour == pytest.approx(ref["contractor_cost_per_hour"])
        assert k.total_spend == pytest.approx(ref["total_spend"])
    assert reference.figures(folder, "2024-01", "2024-01", min_group=1)["contractor_spend"] == pytest.approx(12_648)


def test_the_board_pack_costs_section_shows_budget_burn(priced):
    from analytics.report.cost_sections import costs_section
    from analytics.report.model import ReportRequest

    section = costs_section(priced, ReportRequest(JANUARY, pages=("costs",)))
    burn = next(b for b in section.blocks if b.heading == "Budget burn")
    rows = {r[0]: dict(zip(burn.tables[0].columns, r, strict=True)) for r in burn.tables[0].rows}
    assert rows["Data migration"]["Spent so far"] == "$39,000"
    assert rows["Data migration"]["Share of budget"] == "32.5%"
    assert rows["Data migration"]["Cost per hour"] == "$314.52"  # 39,000 / 124 h
    assert rows["Billing rewrite"]["Paid by"] == "Milestone"
    tiles = {t.label: t.text for t in section.tiles()}
    assert tiles["Contractor spend"] == "$12,648"


def test_the_burn_chart_draws_the_largest_shares_and_says_how_many_were_left_off():
    """At scale a period runs thousands of engagements: the chart draws the CHART_ROWS largest shares of
    budget (the table keeps all), and says so; with few engagements it draws all with a share, no caption."""
    shares = [2.0 - i * 0.05 for i in range(30)] + [None]  # largest first, one without a budget last
    burn = pd.DataFrame({"engagement_id": [f"E{i:02d}" for i in range(31)], "share_of_budget": shares})
    drawn, caption = budget_burn.chart_rows(burn)
    assert list(drawn["engagement_id"]) == [f"E{i:02d}" for i in range(25)]
    assert caption == ("The 25 engagements with the largest share of budget spent, of 30 with a budget; "
                       "the table below lists every one.")
    few, none = budget_burn.chart_rows(burn.tail(6))
    assert list(few["engagement_id"]) == ["E25", "E26", "E27", "E28", "E29"] and none is None
