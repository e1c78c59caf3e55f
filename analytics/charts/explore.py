"""Chart-builder figures: the small aggregated frame from analytics.console.explore → a plotly Figure."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from analytics.charts import style

MONEY_WORDS = ("salary", "rate", "budget", "cost", "spend", "billings")


def _is_money(name: str | None) -> bool:
    return bool(name) and any(w in name.lower() for w in MONEY_WORDS)


def builder_figure(
    df: pd.DataFrame, kind: str, x: str, y_label: str, colour: str | None = None, y_column: str | None = None
) -> go.Figure:
    """bar/line/area: columns x, value[, colour]; scatter: x, y[, colour]. Axis titles name the
    column and the aggregation; money columns get a $ axis."""
    colour_arg = "colour" if colour and "colour" in df.columns else None
    labels = {"x": x, "value": y_label, "y": y_column or y_label, "colour": colour or ""}
    if kind == "scatter":
        fig = px.scatter(df, x="x", y="y", color=colour_arg, labels=labels, opacity=0.7)
    elif kind == "line":
        fig = px.line(df, x="x", y="value", color=colour_arg, labels=labels, markers=len(df) <= 60)
    elif kind == "area":
        fig = px.area(df, x="x", y="value", color=colour_arg, labels=labels)
    else:
        fig = px.bar(df, x="x", y="value", color=colour_arg, labels=labels)
        if df["x"].dtype == object or pd.api.types.is_string_dtype(df["x"]) or pd.api.types.is_bool_dtype(df["x"]):
            fig.update_xaxes(type="category", categoryorder="array", categoryarray=list(dict.fromkeys(df["x"])))
    fig.update_xaxes(title_text=x)
    fig.update_yaxes(title_text=labels["y"] if kind == "scatter" else y_label, tickformat=",~r")
    money = _is_money(y_column) and not y_label.startswith(("rows", "distinct"))
    return style(fig, money_axis="y" if money else None, height=420)
