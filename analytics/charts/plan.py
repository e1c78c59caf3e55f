"""Plan page charts: expected capacity against the demand band, and the FTE gap by role and month.
DataFrame → plotly Figure."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.charts import style

CAPACITY_COLOUR = "#2E6FBA"
DEMAND_COLOUR = "#C0392B"


def _month_labels(months: pd.Series) -> list[str]:
    return [pd.Period(m, freq="M").strftime("%b %Y") for m in months]


def capacity_vs_demand(by_month: pd.DataFrame) -> go.Figure:
    """FTE per month: capacity as bars, expected demand as a line inside its low–high band
    (confirmed only … every tentative row at 100%)."""
    x = _month_labels(by_month["month"])
    fte = {c: by_month[c.replace("_hours", "_fte")].astype(float)
           for c in ("capacity_hours", "demand_low_hours", "demand_hours", "demand_high_hours")}
    fig = go.Figure()
    fig.add_bar(x=x, y=fte["capacity_hours"], name="Expected capacity", marker_color=CAPACITY_COLOUR, opacity=0.55,
                hovertemplate="%{x}: %{y:.1f} FTE<extra>capacity</extra>")
    fig.add_scatter(x=x, y=fte["demand_high_hours"], name="Demand if every tentative row comes in",
                    mode="lines", line={"color": DEMAND_COLOUR, "width": 0.5, "dash": "dot"},
                    hovertemplate="%{x}: %{y:.1f} FTE<extra>high</extra>")
    fig.add_scatter(x=x, y=fte["demand_low_hours"], name="Demand band (confirmed only … all tentative)",
                    mode="lines", fill="tonexty", fillcolor="rgba(192,57,43,0.15)",
                    line={"color": DEMAND_COLOUR, "width": 0.5, "dash": "dot"},
                    hovertemplate="%{x}: %{y:.1f} FTE<extra>confirmed only</extra>")
    fig.add_scatter(x=x, y=fte["demand_hours"], name="Expected demand", mode="lines+markers",
                    line={"color": DEMAND_COLOUR, "width": 3},
                    hovertemplate="%{x}: %{y:.1f} FTE<extra>expected demand</extra>")
    fig.update_yaxes(title="Full-time equivalents (40 h a week)", rangemode="tozero")
    return style(fig, height=380)


def gap_heatmap(gap: pd.DataFrame) -> go.Figure:
    """Role × month: expected demand − capacity in FTE; red = short of people, blue = free capacity."""
    wide = gap.pivot_table(index="role", columns="month", values="gap_fte", aggfunc="sum").sort_index(ascending=False)
    z = wide.to_numpy()
    limit = max(1.0, float(abs(pd.DataFrame(z)).max().max())) if z.size else 1.0
    fig = go.Figure(go.Heatmap(
        z=z, x=_month_labels(wide.columns), y=list(wide.index), zmin=-limit, zmax=limit, zmid=0,
        colorscale=[[0, "#2E6FBA"], [0.5, "#F7F7F7"], [1, "#C0392B"]],
        text=[[f"{v:+.1f}" for v in row] for row in z], texttemplate="%{text}",
        colorbar={"title": "FTE"},
        hovertemplate="%{y}, %{x}: %{z:+.2f} FTE (+ short of people, − free)<extra></extra>",
    ))
    return style(fig, height=max(260, 38 * len(wide) + 90))
