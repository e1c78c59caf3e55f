"""DataFrame → plotly Figure, no Streamlit. Shared look; one module per topic beside this one."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

import analytics.export.currencies as currencies

# Every figure starts from this template; setting it once here, not per figure in style(), spares a
# template copy and validation per chart on every page run (py-spy: ~10% of a server's page-run time).
pio.templates.default = "plotly_white"

# Colour per worker type, the same on every chart.
TYPE_COLOURS = {"employee": "#2E6FBA", "contractor": "#E08A1E"}
TYPE_LABELS = {"employee": "Employees", "contractor": "Contractors"}


def money_text(template: str) -> str:
    """A hover template or label written with "$" and "(USD)", in the reporting currency of this run."""
    return template.replace("(USD", f"({currencies.current()}").replace("$", currencies.d3_prefix())


def style(fig: go.Figure, *, height: int = 380, money_axis: str | None = None, pct_axis: str | None = None) -> go.Figure:
    """Common layout: readable margins, legend on top, currency or percent tick format."""
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0, "title": None},
        hoverlabel={"namelength": -1},
    )
    if money_axis == "y":
        fig.update_yaxes(tickprefix=currencies.symbol(), tickformat="~s")
    elif money_axis == "x":
        fig.update_xaxes(tickprefix=currencies.symbol(), tickformat="~s")
    if pct_axis == "y":
        fig.update_yaxes(tickformat=".0%")
    elif pct_axis == "x":
        fig.update_xaxes(tickformat=".0%")
    return fig
