"""Budget burn on the Costs page in a real browser (issue 16): on the sample, the section draws its chart
(over-budget bars in red) and its table with money and shares formatted; the screenshot is kept."""

from __future__ import annotations

from tests.browser.conftest import assert_no_exception, open_page, screenshot, wait_for_charts, wait_idle


def test_the_costs_page_shows_budget_burn_on_the_sample(server, page):
    open_page(page, server, "costs")
    wait_idle(page)
    heading = page.get_by_role("heading", name="Budget burn")
    heading.wait_for(timeout=120_000)
    heading.scroll_into_view_if_needed()
    wait_idle(page)
    # the five charts above it, then budget burn's own
    assert wait_for_charts(page, 5, timeout=120_000) >= 5
    burn = page.locator("[data-testid='stPlotlyChart']").filter(has_text="share of budget")
    burn.first.wait_for(timeout=120_000)
    assert "budget" in burn.first.inner_text()
    caption = page.get_by_text("contractor spend from its start to the period's end", exact=False)
    assert caption.count() >= 1
    assert_no_exception(page)
    shot = screenshot(page, "costs_budget_burn")
    assert shot.stat().st_size > 50_000
