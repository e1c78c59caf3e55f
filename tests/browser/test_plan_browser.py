"""Real Chromium on the Plan page (sample data): charts and tiles draw, a version is saved and its
link reopens it, a second version is compared with the differences highlighted."""

from urllib.parse import quote_plus

from playwright.sync_api import expect

from tests.browser.conftest import assert_no_exception, screenshot, wait_for_charts, wait_idle


def kpi(page, label: str) -> str:
    tile = page.locator("[data-testid='stMetric']").filter(has_text=label).first
    return tile.locator("[data-testid='stMetricValue']").inner_text()


def _save(page, name: str) -> None:
    box = page.get_by_role("textbox", name="Version name")
    box.fill(name)
    box.press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Save version").click()
    wait_idle(page, timeout=120_000)
    assert_no_exception(page)
    page.get_by_text(f"Saved the plan as “{name}”.").wait_for(timeout=120_000)


def test_plan_page_versions_and_comparison(server, page):
    page.goto(f"{server}/plan")
    wait_idle(page, timeout=120_000)
    page.wait_for_selector("h1")
    assert_no_exception(page)
    assert wait_for_charts(page, 2, timeout=120_000) >= 2  # capacity vs demand, gap heatmap
    assert kpi(page, "Attrition a year").endswith("%")
    assert float(kpi(page, "Peak shortfall (FTE)")) > 0  # the sample's pipeline outruns its people
    assert page.get_by_text("Filling the gaps: contract or hire?").count() == 1
    screenshot(page, "plan_sample")

    _save(page, "Browser base")
    assert f"plan_version={quote_plus('Browser base')}" in page.url or "plan_version=Browser%20base" in page.url
    link = page.url

    attrition = page.get_by_role("spinbutton", name="Employee attrition a year (%)")
    attrition.fill("25")
    attrition.press("Enter")
    wait_idle(page, timeout=120_000)
    _save(page, "Browser high attrition")
    page.get_by_text("figures differ (highlighted)").wait_for(timeout=120_000)
    assert_no_exception(page)
    screenshot(page, "plan_versions_compared")

    page.goto(link)  # the first version's link reopens it, attrition blank (from the data)
    wait_idle(page, timeout=120_000)
    # a freshly loaded page draws its widgets as placeholders first: wait for the box to hold the name
    expect(page.get_by_role("textbox", name="Version name")).to_have_value("Browser base", timeout=120_000)
    expect(page.get_by_role("spinbutton", name="Employee attrition a year (%)")).to_have_value("", timeout=120_000)
    assert_no_exception(page)
