"""A shared link to a page must work even as the very first request a fresh server gets."""

from tests.browser.conftest import assert_no_exception, streamlit_server, wait_idle


def test_first_request_to_a_fresh_server_can_be_a_deep_link(tmp_path, page):
    with streamlit_server(tmp_path / "workspace.duckdb") as url:
        page.goto(f"{url}/utilization?worker_type=contractor")
        wait_idle(page)
        page.wait_for_selector("h1")
        assert_no_exception(page)
        assert page.locator("h1").first.inner_text().startswith("Utilization")
        # the app shell ran too: the global filters are in the sidebar, holding the link's value
        sidebar = page.locator("[data-testid='stSidebar']")
        widget = sidebar.locator("[data-testid='stMultiSelect']").filter(has_text="Worker type")
        # a loaded machine can draw the heading before the sidebar's widgets arrive: wait for them
        widget.first.wait_for(timeout=60_000)
        assert widget.count() == 1
        # exactly one chosen value, the link's: a tag reading "contractor" (the empty widget's placeholder,
        # "Employees and contractors", also contains the word, so a text search would pass without the link)
        assert widget.locator("[data-testid='stMultiSelectTagsContainer'] span[title]:visible").all_inner_texts() == ["contractor"]
        assert widget.get_by_text("Employees and contractors").count() == 0


def _nav_labels(page) -> list[str]:
    """The navigation's page names (each link's last line: the first is the icon's name)."""
    return [t.strip().splitlines()[-1].strip() for t in page.locator("[data-testid='stSidebarNav'] a").all_inner_texts()]


def test_a_deep_link_to_the_data_page_on_a_fresh_server_runs_through_the_app(tmp_path, page):
    """/data opens the workspace before it reads any filter, so without a guard the fresh
    server ran the file on its own: file-name navigation with an "app" entry and no footer."""
    with streamlit_server(tmp_path / "workspace.duckdb") as url:
        page.goto(f"{url}/data")
        wait_idle(page)
        page.wait_for_selector("h1")
        assert_no_exception(page)
        assert page.locator("h1").first.inner_text().startswith("Data")
        labels = _nav_labels(page)
        assert "Break-even & scenarios" in labels and "app" not in labels, labels
        assert page.get_by_text("Data version").count() == 1  # app.py's footer


def test_a_deep_link_to_the_data_page_with_a_damaged_workspace_offers_the_move_aside(tmp_path, page):
    db = tmp_path / "workspace.duckdb"
    db.write_bytes(b"\0" * 8 + b"DUCK" + b"\xff" * 8192)  # a DuckDB header over garbage
    with streamlit_server(db) as url:
        page.goto(f"{url}/data")
        wait_idle(page)
        assert_no_exception(page)
        button = page.get_by_role("button", name="Move the damaged file aside and restore the sample data")
        button.wait_for(timeout=30_000)
        assert button.count() == 1
