"""Real Chromium: upload a file through the page's file chooser, see the validation report, load
a good file, and see the Overview numbers change; explore and query. Runs on a private server
over the tiny organisation so the shared sample server is left untouched."""


from tests.browser.conftest import (
    assert_no_exception,
    choose_file,
    metric,
    open_page,
    screenshot,
    wait_for_charts,
    wait_idle,
)

TS_HEADER = "worker_id,engagement_id,week_start,hours,billable\n"




def test_upload_report_then_load_changes_the_overview(tiny_server, page, tmp_path):
    open_page(page, tiny_server, "")
    assert metric(page, "Contractor spend") == "$17,716"
    assert metric(page, "Billable utilization") == "81.1%"

    open_page(page, tiny_server, "data")
    page.wait_for_selector("h1:has-text('Data')")
    page.get_by_text("up to 200 MB each").first.wait_for(timeout=60_000)  # the uploader's limit, shown
    bad = tmp_path / "bad_timesheets.csv"
    bad.write_text(TS_HEADER + "E9,ENG1,2024-01-22,-3,true\nC2,ENG3,2024-01-22,10\n")
    choose_file(page, bad)
    page.get_by_role("button", name="Check files").click()
    wait_idle(page)
    assert_no_exception(page)
    page.get_by_text("3 problems in 2 data rows").first.wait_for(timeout=20_000)
    report = page.locator("[data-testid='stDataFrame']").filter(has_text="line").last
    report.scroll_into_view_if_needed()
    screenshot(page, "data_validation_report")

    good = tmp_path / "more_timesheets.csv"
    good.write_text(TS_HEADER + "C2,ENG3,2024-01-22,10,true\n")
    open_page(page, tiny_server, "data")
    choose_file(page, good)
    page.get_by_text("Append rows").first.click()
    wait_idle(page)
    page.get_by_role("button", name="Load into workspace").click()
    wait_idle(page)
    assert_no_exception(page)
    page.get_by_text("Loaded 1 row into timesheets").first.wait_for(timeout=30_000)
    screenshot(page, "data_loaded")

    open_page(page, tiny_server, "")
    # + 10 h × $80 × 1.03 = $824 → $18,540; utilization (370 + 10) / 456 = 83.3%
    assert metric(page, "Contractor spend") == "$18,540"
    assert metric(page, "Billable utilization") == "83.3%"


def test_explore_and_sql_console(tiny_server, page):
    open_page(page, tiny_server, "data")
    page.get_by_role("tab", name="Explore").click()
    wait_idle(page)
    assert_no_exception(page)
    assert wait_for_charts(page, 1) >= 1
    screenshot(page, "data_explore")
    page.get_by_role("tab", name="SQL console").click()
    wait_idle(page)
    box = page.locator("textarea").first
    box.fill("SELECT worker_id, sum(hours) AS hours FROM timesheets GROUP BY 1 ORDER BY 2 DESC")
    box.press("Control+Enter")
    page.get_by_role("button", name="Run query").click()
    wait_idle(page)
    page.get_by_text("4 rows in").first.wait_for(timeout=20_000)
    assert_no_exception(page)
    screenshot(page, "data_sql")
    box.fill("DROP TABLE workers")
    box.press("Control+Enter")
    page.get_by_role("button", name="Run query").click()
    wait_idle(page)
    page.get_by_text("not DROP statements").first.wait_for(timeout=20_000)
    assert_no_exception(page)


def test_explore_the_sample_timesheets_by_month(server, page):
    """Read-only on the shared sample server: a monthly line of billable hours by worker type's
    billable flag, and the dictionary of the largest table."""
    open_page(page, server, "data?explore_table=timesheets")
    page.get_by_role("tab", name="Explore").click()
    wait_idle(page)
    assert_no_exception(page)
    page.get_by_text("Data dictionary").first.wait_for(timeout=20_000)
    chart = page.locator("[data-testid='stPlotlyChart']").first
    chart.scroll_into_view_if_needed()
    assert_no_exception(page)
    screenshot(page, "data_explore_sample_timesheets")
