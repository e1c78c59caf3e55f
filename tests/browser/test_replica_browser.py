"""A read-only replica in Chromium: the Data page says where data is loaded and offers no upload; the footer
names the snapshot version; Overview shows the snapshot's figures."""

from analytics.store import snapshot
from harness.servers import SHOW_SMALL_GROUPS
from tests import tiny
from tests.browser.conftest import assert_no_exception, screenshot, streamlit_server, wait_idle


def test_a_replica_switches_uploads_off_and_names_its_snapshot(tmp_path, page):
    version = snapshot.build(tiny.write_csvs(tmp_path / "csv"), tmp_path / "snap")
    env = {"STAFFING_LENS_SNAPSHOT": str(tmp_path / "snap")} | SHOW_SMALL_GROUPS
    with streamlit_server(tmp_path / "unused.duckdb", env) as url:
        page.set_default_timeout(180_000)
        page.goto(f"{url}/data")
        wait_idle(page, timeout=180_000)
        assert_no_exception(page)
        notice = page.get_by_text("This server shows a published snapshot")
        assert notice.count() == 1 and notice.is_visible()
        assert page.get_by_text(f"version {version.name}").count() >= 1
        dropzone = page.locator("[data-testid='stFileUploaderDropzone']")
        assert dropzone.locator("button").first.is_disabled()
        assert page.get_by_text(f"Snapshot {version.name} (built").count() == 1  # the footer
        screenshot(page, "replica_data_page")
        page.goto(url)
        wait_idle(page, timeout=180_000)
        assert_no_exception(page)
        tiles = page.locator("[data-testid='stMetric']").filter(has_text="Employees")
        assert tiles.first.locator("[data-testid='stMetricValue']").inner_text() == "2"  # tiny's E1 and E2
        screenshot(page, "replica_overview")
