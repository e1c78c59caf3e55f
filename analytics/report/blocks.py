"""What every report section is built of: a chart drawn only when its data has values, a table of a
page's first rows with the true total, and the cell formats (text, numbers, money, percentages) they use."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from analytics.export import formatting
from analytics.report.model import Chart, ReportRequest, Table

TABLE_ROWS = 12  # rows of a long table in a report; the true total is stated beside it


def has_values(df: pd.DataFrame | None, *columns: str) -> bool:
    """True when `df` has a number in any of `columns` (ui/charts.has_values: a chart is drawn
    only then, else the page's one-line empty state)."""
    if df is None or df.empty:
        return False
    cols = [c for c in (columns or df.columns) if c in df.columns]
    return bool(df[cols].notna().to_numpy().any()) if cols else False


def chart(title: str, figure_of: Callable, data: pd.DataFrame, *columns: str, empty: str,
          caption: str | None = None) -> Chart:
    if not has_values(data, *columns):
        return Chart(title, None, empty=empty)
    return Chart(title, figure_of(data), caption=caption)


Column = tuple[str, str, Callable[[object], str]]  # (frame column, label, format)


def as_text(v) -> str:
    return "—" if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA else str(v)


def as_number(decimals: int = 0) -> Callable[[object], str]:
    return lambda v: formatting.number(None if pd.isna(v) else float(v), decimals)


def as_money(v) -> str:
    return formatting.money(None if pd.isna(v) else float(v))


def as_money_cents(v) -> str:
    return formatting.money(None if pd.isna(v) else float(v), 2)


def as_pct(decimals: int = 1) -> Callable[[object], str]:
    return lambda v: formatting.pct(None if pd.isna(v) else float(v), decimals)


def as_format(spec: str) -> Callable[[object], str]:
    return lambda v: "—" if v is None or pd.isna(v) else spec.format(v)




def table(title: str, df: pd.DataFrame, columns: Sequence[Column], *, noun: str = "rows",
          rows: int = TABLE_ROWS) -> Table:
    """The first `rows` rows of `df` as text in the given columns, and the true row count."""
    cols = [c for c in columns if c[0] in df.columns]
    body = [[f(r[c]) for c, _, f in cols] for _, r in df.head(rows).iterrows()]
    numeric = tuple(i for i, (c, _, _) in enumerate(cols) if pd.api.types.is_numeric_dtype(df[c]))
    return Table(title, [formatting.in_currency(label) for _, label, _ in cols], body, len(df), noun, numeric,
                 people="full_name" in df.columns)


def period_text(req: ReportRequest) -> str:
    return f"{req.filters.start:%b %Y} – {req.filters.end:%b %Y}"
