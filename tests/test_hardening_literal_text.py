"""Console errors and other messages built from data are shown as literal text (issue 18, item 4):
a cell like `![t](http://host/beacon.png)` quoted in DuckDB's error must not become an image the
browser fetches. Checked on what the Data page hands Streamlit's markdown renderer (AppTest)."""

from __future__ import annotations

import pytest

from analytics.ingest import upload

pytestmark = pytest.mark.usefixtures("show_small_groups")

PAGE = "pages/data.py"
BEACON = "![t](http://example.invalid/beacon.png)"


def test_a_console_error_quoting_a_markdown_cell_is_shown_literally(app):
    at = app("tiny", page=PAGE)
    # The cell comes from an ad-hoc table someone else uploaded.
    from analytics import cache

    ws = cache.workspace()
    upload.load(ws, [upload.FileSpec("notes.csv", f"note\n{BEACON}\n".encode(), "adhoc:notes", "replace")])
    at.text_area(key="sql_query").set_value("SELECT CAST(note AS INTEGER) AS n FROM adhoc.notes")
    at.button(key="sql_run").click()
    at.run()
    assert not at.exception
    shown = [e.value for e in at.error]
    assert len(shown) == 1 and "Conversion Error" in shown[0], shown
    # CommonMark shows backslash-escaped punctuation as itself: no image, no link.
    assert "![t](" not in shown[0]
    assert r"\!\[t\](http://example.invalid/beacon.png)" in shown[0]


def test_the_data_page_says_it_shows_individual_pay(app):
    """Issue 18, item 11: SECURITY.md said so; now the page does, where the pay is."""
    at = app("tiny", page=PAGE)
    assert not at.exception
    notice = [i.value for i in at.info if "individual pay" in i.value]
    assert len(notice) == 1 and "meant for analysts" in notice[0]
