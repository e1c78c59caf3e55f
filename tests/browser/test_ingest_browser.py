"""Real Chromium through the whole flow of issue 12 on a private tiny server: a US HRIS roster with
an odd level name (mapped once on the page), a German month refresh by week with its counts, undo,
a zip bomb's message, the history and data-quality sections — screenshots of each step."""

from tests import exports
from tests.browser.conftest import assert_no_exception, choose_file, metric, open_page, screenshot, wait_idle


def click(page, name: str) -> None:
    page.get_by_role("button", name=name).first.click()
    wait_idle(page, 120_000)
    assert_no_exception(page)


def test_real_exports_map_load_refresh_and_undo(tiny_server, page, tmp_path):  # noqa: F811 — the imported fixture
    open_page(page, tiny_server, "")
    assert metric(page, "Contractor spend") == "$17,716"

    roster = tmp_path / "HRIS_Export_January.csv"
    roster.write_bytes(exports.us_roster({"E1": "Senior Engineer II"}))
    open_page(page, tiny_server, "data")
    choose_file(page, roster)
    page.get_by_text("13 of 14 matched from the headers").first.wait_for(timeout=120_000)
    screenshot(page, "ingest_roster_card")
    click(page, "Check files")
    page.get_by_text("Values to map").first.wait_for(timeout=120_000)
    screenshot(page, "ingest_values_to_map")
    means = page.get_by_role("combobox", name="means").first
    means.scroll_into_view_if_needed()
    means.click()
    page.keyboard.type("senior")
    page.get_by_role("option", name="senior", exact=True).first.wait_for(timeout=60_000)
    page.keyboard.press("Enter")
    wait_idle(page, 120_000)
    click(page, "Check files")
    page.get_by_text("No problems found in 4 data rows").first.wait_for(timeout=120_000)
    click(page, "Load into workspace")
    page.get_by_text("Loaded 4 rows into workers").first.wait_for(timeout=120_000)

    refresh = tmp_path / "Zeiterfassung_Januar.csv"
    refresh.write_bytes(exports.month_refresh()[0])
    choose_file(page, refresh)
    page.get_by_text("Replace the weeks in this file").first.click()
    wait_idle(page, 120_000)
    click(page, "Check files")
    page.get_by_text("timesheets: 1 added, 1 changed, 1 removed").first.wait_for(timeout=120_000)
    screenshot(page, "ingest_refresh_counts")
    click(page, "Load into workspace")
    page.get_by_text("Loaded 13 rows into timesheets").first.wait_for(timeout=120_000)
    page.get_by_text("Load history").first.scroll_into_view_if_needed()
    screenshot(page, "ingest_history")

    open_page(page, tiny_server, "")
    # the refresh: E1 +3 billable h, E2 +2.5 h on ENG3 (employees), C2 −5 internal h: 5 h × $80 × 1.03 = $412 less
    assert metric(page, "Contractor spend") == "$17,304"
    open_page(page, tiny_server, "data")
    click(page, "Undo the last load")
    page.get_by_text("Undone: timesheets as it was before Zeiterfassung_Januar.csv was loaded").first.wait_for(timeout=120_000)
    screenshot(page, "ingest_undone")
    open_page(page, tiny_server, "")
    assert metric(page, "Contractor spend") == "$17,716"  # back to tiny's own figure
    open_page(page, tiny_server, "data")

    bomb = tmp_path / "numbers.zip"
    bomb.write_bytes(exports.zip_bomb(300))
    choose_file(page, bomb)
    page.get_by_text("unpacks to more than 200 MB, the upload limit").first.wait_for(timeout=120_000)
    assert_no_exception(page)
    screenshot(page, "ingest_zip_bomb")
