"""Each dashboard page's section of a report, gathered from the same analytics functions, in the
same order and with the same inputs as the page (pages/*.py), so a report's figures are the
page's: headline tiles (metric registry labels and formats, pay suppression as on screen), the
charts (analytics/charts), the key tables (first rows, true total) and the page's notes. The money
pages' sections are in cost_sections.py, the people pages' in people_sections.py."""

from __future__ import annotations

from collections.abc import Callable

from analytics.report.cost_sections import break_even_section, costs_section, overview_section
from analytics.report.model import ReportRequest, Section
from analytics.report.people_sections import duration_section, utilization_section
from analytics.store.db import Workspace

GATHER: dict[str, Callable[[Workspace, ReportRequest], Section]] = {
    "overview": overview_section,
    "costs": costs_section,
    "break_even": break_even_section,
    "utilization": utilization_section,
    "duration": duration_section,
}
