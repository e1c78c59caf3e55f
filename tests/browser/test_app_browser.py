"""Real Chromium against a real `streamlit run`: every page loads, a filter changes a KPI."""

import pytest

from tests.browser.conftest import assert_no_exception, screenshot, wait_idle

PAGES = ["", "costs", "break_even", "utilization", "duration", "data"]


def kpi(page, label: str) -> str:
    tile = page.locator("[data-testid='stMetric']").filter(has_text=label).first
    return tile.locator("[data-testid='stMetricValue']").inner_text()


@pytest.mark.parametrize("path", PAGES)
def test_every_page_loads_without_error(server, page, path):
    page.goto(f"{server}/{path}")
    wait_idle(page)
    page.wait_for_selector("h1")
    assert_no_exception(page)
    screenshot(page, f"page_{path or 'overview'}")


def test_filter_changes_kpi_and_lands_in_the_url(server, page):
    page.goto(server)
    wait_idle(page)
    before = kpi(page, "Contractors")
    assert int(before.replace(",", "")) > 0
    box = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").filter(has_text="Worker type")
    box.locator("input").click()
    page.get_by_role("option", name="employee").click()
    page.keyboard.press("Escape")
    wait_idle(page)
    assert kpi(page, "Contractors") == "0"
    assert "worker_type=employee" in page.url
    assert_no_exception(page)
    screenshot(page, "overview_employees_only")
    # the link reproduces the view
    page.goto(page.url)
    wait_idle(page)
    assert kpi(page, "Contractors") == "0"
