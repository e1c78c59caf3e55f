"""The "Download report" buttons at the end of each dashboard page: PDF and HTML of the page for
the current filters, cost assumptions and page inputs (analytics/report), built only when a
button is clicked; a click does not rerun the page."""

from __future__ import annotations

import streamlit as st

from analytics import cache
from analytics.report import PAGES, Calculator, PageInputs, ReportRequest, build, file_name

__all__ = ["Calculator", "PageInputs", "download_board_pack", "download_report"]
from ui import auth, state


def download_report(page: str, inputs: PageInputs | None = None) -> None:
    """'Download report (PDF)' and 'Download report (HTML)' for the page `page` (a key of
    analytics.report.PAGES) and the widget values in `inputs`. Widget keys: report_`page`_pdf
    and report_`page`_html."""
    request = ReportRequest(
        state.filters(), state.assumptions(), state.non_billable_roles(), (page,), inputs or PageInputs(),
        people_lists=state.access().people_lists,
    )
    ws = cache.workspace()
    st.divider()
    c = st.container(horizontal=True)
    for kind, mime in (("pdf", "application/pdf"), ("html", "text/html")):
        c.download_button(
            f"Download report ({kind.upper()})",
            auth.audited(file_name(request, kind), lambda kind=kind: build(ws, request, kind)),
            file_name=file_name(request, kind), mime=mime, key=f"report_{page}_{kind}",
            icon=":material/description:", on_click="ignore",
            help=f"The {PAGES[page]} page as a {kind.upper()} document: the headline figures, the charts, the key "
            "tables' first rows with their true totals, the filters and every cost assumption with its source. "
            "Built when clicked (a few seconds).",
        )


def download_board_pack() -> None:
    """'Download board pack (PDF)' and '(HTML)': every dashboard page in the order of the navigation,
    with a title page, contents, page numbers and an appendix of definitions and assumptions, for the
    current filters and assumptions (page inputs at their defaults). Widget keys report_board_pack_pdf
    and report_board_pack_html."""
    request = ReportRequest(state.filters(), state.assumptions(), state.non_billable_roles(), tuple(PAGES),
                            people_lists=state.access().people_lists)
    ws = cache.workspace()
    c = st.container(horizontal=True)
    for kind, mime in (("pdf", "application/pdf"), ("html", "text/html")):
        c.download_button(
            f"Download board pack ({kind.upper()})",
            auth.audited(file_name(request, kind), lambda kind=kind: build(ws, request, kind)),
            file_name=file_name(request, kind), mime=mime, key=f"report_board_pack_{kind}",
            icon=":material/library_books:", on_click="ignore",
            help="All five dashboard pages in one document for the board: title page, contents with page numbers, "
            "a section per page and an appendix with the metric definitions and the assumptions with sources. "
            "Calculator and page inputs at their defaults. Built when clicked (about half a minute).",
        )
