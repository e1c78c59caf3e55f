"""Reports: every dashboard page, or all five as a board pack, as a self-contained HTML file or a
PDF, from the same analytics functions the pages call (Streamlit-free: the app's "Download
report" buttons and `python -m analytics.report` both come here).

    report = gather(ws, ReportRequest(filters))       # the figures, formatted as on screen
    html_text = to_html(report); pdf = to_pdf(html_text)
    build(ws, request, "pdf")                          # all of it, charts included
"""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

from analytics.export import currencies
from analytics.metrics.filters import Filters
from analytics.metrics.horizon import data_horizon, default_period, selectable_months
from analytics.report.images import ChartRenderer
from analytics.report.model import PAGES, Calculator, PageInputs, Report, ReportRequest
from analytics.report.render import to_html, to_pdf
from analytics.report.sections import GATHER
from analytics.store.currency import reporting_currency
from analytics.store.db import Workspace

__all__ = [
    "PAGES", "Calculator", "PageInputs", "Report", "ReportRequest", "build", "default_filters", "file_name",
    "gather", "render_charts", "to_html", "to_pdf",
]



def default_filters(ws: Workspace, first: str | None = None, last: str | None = None,
                    departments: tuple[str, ...] = ()) -> Filters:
    """Filters for the months `first` … `last` ("YYYY-MM"); a month not given is the sidebar's
    default (the last 12 months the data covers, ui/sidebar.py)."""
    default_first, default_last = default_period(selectable_months(data_horizon(ws), datetime.now().date()))
    start = pd.Period(first or default_first, freq="M")
    end = pd.Period(last or default_last, freq="M")
    return Filters(start.start_time.date(), end.end_time.date(), tuple(departments))


def gather(ws: Workspace, request: ReportRequest, made_at: datetime | None = None) -> Report:
    """Every requested page's section, read in one snapshot of the data (no upload in between), its
    amounts in the workspace's reporting currency."""
    with ws.snapshot(), currencies.use(reporting_currency(ws)):
        sections = [GATHER[p](ws, request) for p in request.pages]
        version = ws.data_version()
    if not request.people_lists:
        for block in (b for s in sections for b in s.blocks):
            left_out = [t.title for t in block.tables if t.people]
            block.tables = [t for t in block.tables if not t.people]
            block.notes += [f"{title}: a list of individual people, left out (your role sees aggregates only)."
                            for title in left_out]
    return Report(request, sections, ws.path.name, version, made_at or datetime.now(UTC))


def render_charts(report: Report, renderer: ChartRenderer | None = None) -> Report:
    """Draw every chart of `report` to SVG with one Chromium (`renderer`'s, or a new one); on
    failure note why charts are missing."""
    charts = [c for s in report.sections for c in s.charts() if c.figure is not None]
    if renderer is None:
        with ChartRenderer() as own:
            svgs, why = own.render([c.figure for c in charts])
    else:
        svgs, why = renderer.render([c.figure for c in charts])
    for c, svg in zip(charts, svgs, strict=True):
        c.svg = svg
    report.charts_missing = why
    return report


def build(ws: Workspace, request: ReportRequest, kind: str = "pdf", *, charts: bool = True) -> bytes:
    """The report as PDF or HTML bytes (`kind` "pdf" or "html"). The browser for the charts
    starts first and warms up while the figures are gathered."""
    if kind not in ("pdf", "html"):
        raise ValueError(f"kind must be 'pdf' or 'html', not {kind!r}")
    with currencies.use(reporting_currency(ws)):  # the appendix's amounts too
        return _build(ws, request, kind, charts=charts)


def _build(ws: Workspace, request: ReportRequest, kind: str, *, charts: bool) -> bytes:
    if charts:
        with ChartRenderer() as renderer:
            report = render_charts(gather(ws, request), renderer)
    else:
        report = gather(ws, request)
        report.charts_missing = "charts were turned off for this report."
    text = to_html(report)
    return to_pdf(text) if kind == "pdf" else text.encode("utf-8")


def file_name(request: ReportRequest, kind: str) -> str:
    """staffing_lens_board_pack_2025-12_2026-11.pdf / staffing_lens_costs_….html"""
    what = "board_pack" if request.board_pack else request.pages[0]
    f = request.filters
    return f"staffing_lens_{what}_{f.start:%Y-%m}_{f.end:%Y-%m}.{kind}"
