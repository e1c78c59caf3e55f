"""Duration & delivery charts: engagement durations by delivery model, planned vs actual,
quality, tenure histogram, Kaplan–Meier retention curves, review radar. DataFrame → Figure."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from analytics.charts import TYPE_COLOURS, TYPE_LABELS, style
from analytics.schema import REVIEW_ATTRIBUTES

MODEL_COLOURS = {
    "in-house": TYPE_COLOURS["employee"],
    "mixed": "#7A5BA6",
    "contractor": TYPE_COLOURS["contractor"],
    "no hours": "#9A9A9A",
}
MAX_POINTS = 400  # above this many engagements a box shows only its outliers as points
MODEL_LABELS = {"in-house": "In-house", "mixed": "Mixed", "contractor": "Contractor-led", "no hours": "No hours logged"}


def attribute_label(attribute: str) -> str:
    """'technical_expertise' → 'Technical expertise'."""
    return attribute.replace("_", " ").capitalize()


def _models(df: pd.DataFrame) -> list[str]:
    return [m for m in MODEL_COLOURS if (df["delivery_model"] == m).any()]


def duration_by_model(done: pd.DataFrame) -> go.Figure:
    """Box plots (with every engagement as a point) of actual duration in months per model."""
    fig = go.Figure()
    for m in _models(done):
        d = done[done["delivery_model"] == m]
        fig.add_box(
            y=d["actual_months"], name=MODEL_LABELS[m], marker_color=MODEL_COLOURS[m],
            boxpoints="all" if len(d) <= MAX_POINTS else "outliers",
            jitter=0.4, pointpos=0, customdata=d[["name"]],
            hovertemplate="%{customdata[0]}<br>%{y:.1f} months<extra></extra>",
        )
    fig.update_yaxes(title="Actual duration (months)", rangemode="tozero")
    fig.update_xaxes(title="Delivery model (who logged the hours)")
    fig.update_layout(showlegend=False)
    return style(fig)


def planned_vs_actual(done: pd.DataFrame) -> go.Figure:
    """Planned vs actual duration per completed engagement; above the diagonal = overran."""
    fig = go.Figure()
    top = float(max(done["planned_months"].max(), done["actual_months"].max(), 1.0)) * 1.05
    fig.add_scatter(
        x=[0, top], y=[0, top], mode="lines", line={"color": "#888", "dash": "dot", "width": 1},
        name="on plan", hoverinfo="skip",
    )
    for m in _models(done):
        d = done[done["delivery_model"] == m]
        fig.add_scatter(
            x=d["planned_months"], y=d["actual_months"], mode="markers", name=MODEL_LABELS[m],
            marker={"color": MODEL_COLOURS[m], "size": 9, "opacity": 0.8, "line": {"width": 0.5, "color": "white"}},
            customdata=d[["name", "overrun"]],
            hovertemplate="%{customdata[0]}<br>planned %{x:.1f} mo, actual %{y:.1f} mo"
            "<br>overrun %{customdata[1]:+.0%}<extra></extra>",
        )
    fig.update_xaxes(title="Planned duration (months)", range=[0, top])
    fig.update_yaxes(title="Actual duration (months)", range=[0, top])
    return style(fig)


def quality_by_model(e: pd.DataFrame) -> go.Figure:
    """Box plots of quality_score (1–5) per delivery model, rated engagements only."""
    rated = e[e["quality_score"].notna()]
    fig = go.Figure()
    for m in _models(rated):
        d = rated[rated["delivery_model"] == m]
        fig.add_box(
            y=d["quality_score"], name=f"{MODEL_LABELS[m]} (n={len(d)})", marker_color=MODEL_COLOURS[m],
            boxpoints="all" if len(d) <= MAX_POINTS else "outliers", jitter=0.4, pointpos=0, boxmean=True,
            customdata=d[["name"]],
            hovertemplate="%{customdata[0]}<br>quality %{y:.1f}/5<extra></extra>",
        )
    fig.update_yaxes(title="Delivery quality score (1–5)", range=[0.8, 5.2], dtick=1)
    fig.update_xaxes(title="Delivery model")
    fig.update_layout(showlegend=False)
    return style(fig)


def tenure_histogram(p: pd.DataFrame, limit_months: float | None = None) -> go.Figure:
    """Overlaid histograms of tenure in months by worker type (6-month bins)."""
    fig = go.Figure()
    for t in ("employee", "contractor"):
        d = p[p["worker_type"] == t]
        if d.empty:
            continue
        fig.add_histogram(
            x=d["tenure_months"], name=TYPE_LABELS[t], marker_color=TYPE_COLOURS[t], opacity=0.7,
            xbins={"start": 0, "size": 6}, hovertemplate="%{x} months: %{y} people<extra>" + TYPE_LABELS[t] + "</extra>",
        )
    if limit_months:
        fig.add_vline(x=limit_months, line={"color": "#C0392B", "dash": "dash", "width": 1.5},
                      annotation_text=f"contractor limit {limit_months:g} mo", annotation_position="top right")
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(title="Tenure (months, 6-month bins)", rangemode="tozero")
    fig.update_yaxes(title="People")
    return style(fig)


def retention_curves(curves: pd.DataFrame, limit_months: float | None = None) -> go.Figure:
    """Kaplan–Meier step curves per worker type; + marks people still active (censored)."""
    fig = go.Figure()
    for t in ("employee", "contractor"):
        d = curves[curves["worker_type"] == t]
        if d.empty:
            continue
        fig.add_scatter(
            x=d["time"], y=d["survival"], mode="lines", line={"shape": "hv", "color": TYPE_COLOURS[t], "width": 2.5},
            name=TYPE_LABELS[t], customdata=d[["at_risk"]],
            hovertemplate="%{x:.1f} months: %{y:.0%} still employed (%{customdata[0]} at risk)<extra>"
            + TYPE_LABELS[t] + "</extra>",
        )
        cens = d[d["censored"] > 0]
        fig.add_scatter(
            x=cens["time"], y=cens["survival"], mode="markers", showlegend=False,
            marker={"symbol": "line-ns-open", "size": 7, "color": TYPE_COLOURS[t]},
            customdata=cens[["censored"]],
            hovertemplate="%{customdata[0]} still active at %{x:.1f} months (censored)<extra></extra>",
        )
    fig.add_hline(y=0.5, line={"color": "#888", "dash": "dot", "width": 1})
    if limit_months:
        fig.add_vline(x=limit_months, line={"color": "#C0392B", "dash": "dash", "width": 1.5},
                      annotation_text=f"contractor limit {limit_months:g} mo", annotation_position="top right")
    fig.update_xaxes(title="Months since start", rangemode="tozero")
    fig.update_yaxes(title="Still employed (Kaplan–Meier)", range=[0, 1.03])
    return style(fig, pct_axis="y")


def review_radar(profile: pd.DataFrame) -> go.Figure:
    """Radar of the six review attributes' means (1–5) per worker type."""
    labels = [attribute_label(a) for a in REVIEW_ATTRIBUTES]
    fig = go.Figure()
    for _, r in profile.iterrows():
        t = r["worker_type"]
        vals = [float(r[a]) for a in REVIEW_ATTRIBUTES]
        fig.add_scatterpolar(
            r=[*vals, vals[0]], theta=[*labels, labels[0]], name=f"{TYPE_LABELS.get(t, t)} ({int(r['people'])} people)",
            line={"color": TYPE_COLOURS.get(t, "#444"), "width": 2.5}, fill="toself", opacity=0.55,
            hovertemplate="%{theta}: %{r:.2f}/5<extra>" + TYPE_LABELS.get(t, t) + "</extra>",
        )
    values = profile[list(REVIEW_ATTRIBUTES)].astype(float)
    # zoom to the ratings' range in half points, so small differences are visible
    lo = max(1.0, math.floor(2 * (values.min().min() - 0.25)) / 2) if len(profile) else 1.0
    hi = min(5.0, math.ceil(2 * (values.max().max() + 0.25)) / 2) if len(profile) else 5.0
    fig.update_layout(polar={"radialaxis": {"range": [lo, hi], "tickformat": ".1f", "angle": 90, "dtick": 0.5}})
    fig = style(fig, height=420)
    fig.update_layout(margin={"l": 60, "r": 60, "t": 50, "b": 30})
    return fig
