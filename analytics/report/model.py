"""What a report holds, as plain data: sections of tiles, charts, tables and notes, each value
already formatted the way the page shows it. Built by analytics/report/sections.py, drawn by
analytics/report/render.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import plotly.graph_objects as go

from analytics.metrics import registry
from analytics.metrics.assumptions import DEFAULTS, CostAssumptions
from analytics.metrics.filters import Filters
from analytics.metrics.privacy import is_suppressed, suppressed_label
from analytics.metrics.roles import DEFAULT_NON_BILLABLE_ROLES

# The pages, in the order of the navigation (app.py), by the name the CLI's --page takes.
PAGES: dict[str, str] = {
    "overview": "Overview",
    "costs": "Costs",
    "break_even": "Break-even & scenarios",
    "utilization": "Utilization",
    "duration": "Duration & delivery",
}

NO_ONE = "no one"  # a pay tile over nobody (ui/metrics.py's pay_tile says the same)



def formatted(name: str, value) -> str:
    """`value` in the registry's format for metric `name` ("—" for no data)."""
    return registry.metric(name).formatted(value)


@dataclass(frozen=True)
class Tile:
    """One headline figure: the registry's name and label, the text shown, a delta line."""

    name: str
    label: str
    text: str
    delta: str | None = None
    note: str | None = None


def tile(name: str, value, *, shown: str | None = None, withheld: bool = False,
         label_values: dict | None = None, delta: str | None = None, note: str | None = None) -> Tile:
    """A tile as ui/metrics.tile draws it: the registry's label and format, the suppression
    label when `withheld`, or a ready-made `shown` text."""
    m = registry.metric(name)
    text = suppressed_label() if withheld else (shown if shown is not None else formatted(name, value))
    return Tile(name, m.label.format(**(label_values or {})), text, delta, note)


def pay_tile(name: str, value, people: int | None, **kwargs) -> Tile:
    """Pay aggregated over `people`, as ui/metrics.pay_tile: "no one" for nobody, the suppression
    label for 1 … privacy minimum − 1 people, else the value."""
    if not people:
        return tile(name, None, shown=NO_ONE, **kwargs)
    return tile(name, value, withheld=is_suppressed(people), **kwargs)


@dataclass(frozen=True)
class Table:
    """A key table: its columns' labels and the first rows as shown, with the true row count."""

    title: str
    columns: list[str]
    rows: list[list[str]]
    total_rows: int
    noun: str = "rows"
    numeric: tuple[int, ...] = ()  # indexes of right-aligned columns
    people: bool = False  # lists individual people (a full_name column)

    @property
    def shown_note(self) -> str | None:
        if self.total_rows <= len(self.rows):
            return None
        return f"Showing the first {len(self.rows):,} of {self.total_rows:,} {self.noun}; the app downloads every row."


@dataclass
class Chart:
    """A chart: its title, the plotly figure the page draws, and (after rendering) its SVG; or,
    with nothing to draw, the page's one-line empty state."""

    title: str
    figure: go.Figure | None
    empty: str | None = None
    svg: str | None = None
    caption: str | None = None


@dataclass
class Block:
    """A sub-heading of a section with what sits under it, in the page's order."""

    heading: str | None = None
    tiles: list[Tile] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Section:
    """One dashboard page."""

    page: str  # a key of PAGES
    title: str
    intro: str
    blocks: list[Block] = field(default_factory=list)

    def tiles(self) -> list[Tile]:
        return [t for b in self.blocks for t in b.tiles]

    def charts(self) -> list[Chart]:
        return [c for b in self.blocks for c in b.charts]


@dataclass(frozen=True)
class Calculator:
    """The break-even calculator's inputs, as the Break-even page's widgets hold them. None for
    typed salary / rate = use the data's figure; fallbacks = the radio choice (first offered if None)."""

    role: str | None = None
    seniority: str | None = None
    hours_per_week: float = 40.0
    months: int = 24
    salary: float | None = None
    rate: float | None = None
    salary_fallback: str | None = None
    rate_fallback: str | None = None


@dataclass(frozen=True)
class PageInputs:
    """The page widgets (besides the sidebar) whose values change a figure the report holds."""

    calculator: Calculator = Calculator()
    top_vendors: int = 8
    cost_measure: str = "cost_per_billable_hour"
    cost_by_seniority: bool = False
    what_if_department: str | None = None  # None: all departments
    what_if_share: float = 0.5
    bench_threshold: float | None = None  # None: analytics.metrics.utilization's defaults
    bench_weeks: int | None = None
    tenure_of: str = "active"


@dataclass(frozen=True)
class ReportRequest:
    """What to report: the sidebar's filters and assumptions, the pages (all = the board pack),
    and the page inputs."""

    filters: Filters
    assumptions: CostAssumptions = DEFAULTS
    non_billable_roles: tuple[str, ...] = DEFAULT_NON_BILLABLE_ROLES
    pages: tuple[str, ...] = tuple(PAGES)
    inputs: PageInputs = PageInputs()
    people_lists: bool = True  # False for a role that sees aggregates only (analytics.access.policy)

    @property
    def board_pack(self) -> bool:
        return len(self.pages) > 1


@dataclass
class Report:
    """A gathered report, ready to render."""

    request: ReportRequest
    sections: list[Section]
    workspace: str
    data_version: int
    made_at: datetime
    charts_missing: str | None = None  # why there are no chart images, if there are none

    @property
    def title(self) -> str:
        if self.request.board_pack:
            return "Staffing Lens — board pack"
        return f"Staffing Lens — {PAGES[self.request.pages[0]]}"

    def metric_names(self) -> list[str]:
        """The declared metrics this report shows, in order, each once."""
        seen: dict[str, None] = {}
        for s in self.sections:
            for t in s.tiles():
                seen.setdefault(t.name, None)
        return list(seen)
