"""Duration & delivery charts: engagement durations by delivery model, planned vs actual,
quality, tenure histogram, Kaplan–Meier retention curves, review radar. DataFrame → Figure."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from analytics.charts import TYPE_COLOURS, TYPE_LABELS, style
from analytics.store.schema import REVIEW_ATTRIBUTES

MODEL_COLOURS = {
    "in-house": TYPE_COLOURS["employee"],
    "mixed": "#7A5BA6",
    "contractor": TYPE_COLOURS["contractor"],
    "no hours": "#9A9A9A",
}
MODEL_LABELS = {"in-house": "In-house", "mixed": "Mixed", "contractor": "Contractor-led", "no hours": "No hours logged"}


def attribute_label(attribute: str) -> str:
    """'technical_expertise' → 'Technical expertise'."""
    return attribute.replace("_", " ").capitalize()


def _models(df: pd.DataFrame) -> list[str]:
    return [m for m in MODEL_COLOURS if (df["delivery_model"] == m).any()]


def _boxes(fig: go.Figure, stats: pd.DataFrame, *, mean: bool) -> None:
    """One precomputed box per delivery model (analytics.metrics.delivery.box_stats_by_model): the
    figure carries five numbers per model, however many engagements there are."""
    for r in stats.itertuples():
        label = f"{MODEL_LABELS[r.delivery_model]} (n={r.n:,})"
        fig.add_box(
            x=[label], q1=[r.q1], median=[r.median], q3=[r.q3], lowerfence=[r.lowerfence], upperfence=[r.upperfence],
            mean=[r.mean] if mean else None, boxmean=mean, boxpoints=False, name=label,
            marker_color=MODEL_COLOURS[r.delivery_model],
        )


def duration_by_model(stats: pd.DataFrame) -> go.Figure:
    """Box plots of actual duration in months per model, from box_stats_by_model(done,
    'actual_months'); whiskers reach the furthest engagement within 1.5 × IQR."""
    fig = go.Figure()
    _boxes(fig, stats, mean=False)
    fig.update_yaxes(title="Actual duration (months)", rangemode="tozero", hoverformat=".1f")
    fig.update_xaxes(title="Delivery model (who logged the hours)")
    fig.update_layout(showlegend=False)
    return style(fig)


def planned_vs_actual(done: pd.DataFrame) -> go.Figure:
    """Planned vs actual duration per completed engagement; above the diagonal = overran. Give
    it at most a few hundred engagements (analytics.metrics.delivery.scatter_sample)."""
    fig = go.Figure()
    top = float(max(done["planned_months"].max(), done["actual_months"].max(), 1.0)) * 1.05
    fig.add_scatter(
        x=[0, top], y=[0, top], mode="lines", line={"color": "#888", "dash": "dot", "width": 1},
        name="on plan", hoverinfo="skip",
    )
    for m in _models(done):
        d = done[done["delivery_model"] == m]
        fig.add_scatter(
            # float32 is ample for a position shown to 0.1 month and halves the bytes per point
            x=d["planned_months"].astype("float32"), y=d["actual_months"].astype("float32"), mode="markers",
            name=MODEL_LABELS[m],
            marker={"color": MODEL_COLOURS[m], "size": 9, "opacity": 0.8, "line": {"width": 0.5, "color": "white"}},
            customdata=d[["name", "overrun"]].round({"overrun": 4}),  # shown to the percent
            hovertemplate="%{customdata[0]}<br>planned %{x:.1f} mo, actual %{y:.1f} mo"
            "<br>overrun %{customdata[1]:+.0%}<extra></extra>",
        )
    fig.update_xaxes(title="Planned duration (months)", range=[0, top])
    fig.update_yaxes(title="Actual duration (months)", range=[0, top])
    return style(fig)


def quality_by_model(stats: pd.DataFrame) -> go.Figure:
    """Box plots of quality_score (1–5) per delivery model, rated engagements only, from
    box_stats_by_model(e, 'quality_score'); the dashed line is the mean."""
    fig = go.Figure()
    _boxes(fig, stats, mean=True)
    fig.update_yaxes(title="Delivery quality score (1–5)", range=[0.8, 5.2], dtick=1, hoverformat=".2f")
    fig.update_xaxes(title="Delivery model")
    fig.update_layout(showlegend=False)
    return style(fig)


def tenure_histogram(bins: pd.DataFrame, limit_months: float | None = None) -> go.Figure:
    """Overlaid histograms of tenure in months by worker type, from the counts per bin of
    analytics.metrics.tenure.tenure_bins (6-month bins)."""
    fig = go.Figure()
    width = 6.0
    for t in ("employee", "contractor"):
        d = bins[bins["worker_type"] == t]
        if d.empty:
            continue
        width = float((d["end"] - d["start"]).iloc[0])
        fig.add_bar(
            x=(d["start"] + d["end"]) / 2, y=d["people"], width=d["end"] - d["start"], name=TYPE_LABELS[t],
            marker_color=TYPE_COLOURS[t], opacity=0.7, customdata=d[["start", "end"]],
            hovertemplate="%{customdata[0]:g}–%{customdata[1]:g} months: %{y:,} people<extra>"
            + TYPE_LABELS[t] + "</extra>",
        )
    if limit_months:
        fig.add_vline(x=limit_months, line={"color": "#C0392B", "dash": "dash", "width": 1.5},
                      annotation_text=f"contractor limit {limit_months:g} mo", annotation_position="top right")
    fig.update_layout(barmode="overlay", bargap=0)
    fig.update_xaxes(title=f"Tenure (months, {width:g}-month bins)", rangemode="tozero")
    fig.update_yaxes(title="People")
    return style(fig)


def retention_curves(curves: pd.DataFrame, limit_months: float | None = None) -> go.Figure:
    """Kaplan–Meier step curves per worker type, one point per month (analytics.metrics.tenure.
    monthly_retention: the estimate at each month's end); ticks mark people still active
    (censored) in the month before them."""
    fig = go.Figure()
    for t in ("employee", "contractor"):
        d = curves[curves["worker_type"] == t]
        if d.empty:
            continue
        # float32 / int32 arrays: half the bytes of float64 on the wire, exact at the precision shown
        fig.add_scatter(
            x=d["time"].to_numpy("float32"), y=d["survival"].to_numpy("float32"), mode="lines",
            line={"shape": "hv", "color": TYPE_COLOURS[t], "width": 2.5},
            name=TYPE_LABELS[t], customdata=d[["at_risk"]].to_numpy("int32"),
            hovertemplate="%{x:.1~f} months: %{y:.0%} still employed (%{customdata[0]:,} at risk)<extra>"
            + TYPE_LABELS[t] + "</extra>",
        )
        cens = d[d["censored"] > 0]
        fig.add_scatter(
            x=cens["time"].to_numpy("float32"), y=cens["survival"].to_numpy("float32"), mode="markers", showlegend=False,
            marker={"symbol": "line-ns-open", "size": 7, "color": TYPE_COLOURS[t]},
            customdata=cens["censored"].to_numpy(dtype="int32"),
            hovertemplate="%{customdata:,} still active, tenure in the month to %{x:.1~f} months "
            "(censored)<extra></extra>",
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
