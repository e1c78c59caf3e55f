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
        assert widget.count() == 1
        # exactly one chosen value, the link's: a tag reading "contractor" (the empty widget's placeholder,
        # "Employees and contractors", also contains the word, so a text search would pass without the link)
        assert widget.locator("[data-testid='stMultiSelectTagsContainer'] span[title]:visible").all_inner_texts() == ["contractor"]
        assert widget.get_by_text("Employees and contractors").count() == 0
