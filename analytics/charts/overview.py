"""Overview charts."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.charts import TYPE_COLOURS, TYPE_LABELS, money_text, style


def spend_by_month(df: pd.DataFrame) -> go.Figure:
    """Stacked monthly spend by worker type (blank months are privacy-suppressed)."""
    fig = go.Figure()
    for t in ("employee", "contractor"):
        d = df[df["worker_type"] == t]
        fig.add_bar(
            x=pd.to_datetime(d["month"]),
            y=d["spend"],
            name=TYPE_LABELS[t],
            marker_color=TYPE_COLOURS[t],
            hovertemplate=money_text("%{x|%b %Y}: $%{y:,.0f}<extra>") + TYPE_LABELS[t] + "</extra>",
        )
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    fig.update_xaxes(title="Month", dtick="M1" if df["month"].nunique() <= 12 else "M3", tickformat="%b %Y")
    fig.update_yaxes(title=money_text("Spend (USD)"))
    return style(fig, money_axis="y")
