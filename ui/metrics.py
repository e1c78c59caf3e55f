"""Metric tiles whose label, tooltip and number format come from the metric registry
(analytics/metrics/registry.py), so a page cannot word a figure differently from its definition."""

from __future__ import annotations

import streamlit as st

from analytics.export import formatting
from analytics.metrics import registry
from analytics.metrics.privacy import is_suppressed, suppressed_label


def formatted(name: str, value) -> str:
    """The value as the registry's format for `name` shows it ("—" for no data)."""
    return registry.metric(name).formatted(value)


def tile(container, name: str, value, *, withheld: bool = False, shown: str | None = None, help: str | None = None,
         label_values: dict | None = None, **metric_kwargs) -> None:
    """st.metric for the declared metric `name` in `container` (a column or st itself).

    `withheld`: pay aggregated over too few people, shown as the suppression label instead of a
    number; `shown`: a ready-made value text (e.g. "over 6.0 years"); `help` adds page-specific
    words after the registry's definition; `label_values` fill the label's placeholders."""
    m = registry.metric(name)
    text = suppressed_label() if withheld else (shown if shown is not None else formatted(name, value))
    tooltip = m.tooltip if not help else f"{m.tooltip} {help}"
    container.metric(formatting.in_currency(m.label.format(**(label_values or {}))), text, help=tooltip, **metric_kwargs)


def column(name: str, *, progress: bool = False, **kwargs):
    """A table column for the declared metric `name`: its label and tooltip from the registry, its
    number format from the registry's format, so the table, its CSV / Excel headers (ui/tables.py
    takes them from the column config) and the tiles use one wording."""
    m = registry.metric(name)
    fmt_ = {"money": formatting.money_format(0), "money_per_hour": formatting.money_format(2), "percent": "percent",
            "count": "%,d", "hours": "%,.0f"}.get(m.format)
    kwargs.setdefault("help", m.tooltip)
    if progress:
        return st.column_config.ProgressColumn(formatting.in_currency(m.label), format=fmt_ or "percent", **kwargs)
    return st.column_config.NumberColumn(formatting.in_currency(m.label), format=fmt_, **kwargs)


NO_ONE = "no one"


def pay_tile(container, name: str, value, people: int | None, **kwargs) -> None:
    """A tile of pay aggregated over `people`: "no one" when nobody was paid, the suppression
    label for 1 … min-group − 1 people, else the value."""
    if not people:
        tile(container, name, None, shown=NO_ONE, **kwargs)
    else:
        tile(container, name, value, withheld=is_suppressed(people), **kwargs)
