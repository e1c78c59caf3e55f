"""Utilization page charts: trend with target, rates by group, allocation heatmap, capacity vs
demand, employee idle hours vs contractor billable hours. DataFrame → plotly Figure."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics.charts import TYPE_COLOURS, TYPE_LABELS, style

ALL_COLOUR = "#444444"
HEATMAP_MAX = 1.5  # allocation above 150% gets the darkest red


def utilization_trend(trend: pd.DataFrame, target: float, metric: str = "utilization") -> go.Figure:
    """Monthly utilization (or allocation) overall and per worker type, with the target line."""
    fig = go.Figure()
    names = {"all": "Everyone", **TYPE_LABELS}
    colours = {"all": ALL_COLOUR, **TYPE_COLOURS}
    for t in ("all", "employee", "contractor"):
        d = trend[trend["worker_type"] == t]
        if d.empty:
            continue
        fig.add_scatter(
            x=d["month"],
            y=d[metric],
            name=names[t],
            mode="lines+markers",
            line={"color": colours[t], "width": 3 if t == "all" else 2, "dash": "solid"},
            hovertemplate="%{x|%b %Y}: %{y:.1%}<extra>" + names[t] + "</extra>",
        )
    fig.add_hline(
        y=target,
        line={"color": "#C0392B", "dash": "dash", "width": 1.5},
        annotation_text=f"target {target:.0%}",
        annotation_position="top left",
    )
    months = trend["month"].nunique()
    fig.update_xaxes(title="Month", tickformat="%b %Y", dtick="M1" if months <= 12 else "M3")
    label = "Billable utilization" if metric == "utilization" else "Allocation"
    fig.update_yaxes(title=f"{label} (% of capacity)", rangemode="tozero")
    return style(fig, pct_axis="y")


def rates_by_group(rates: pd.DataFrame, by: str, target: float) -> go.Figure:
    """Horizontal bars of utilization and allocation per group, with the target line."""
    d = rates.sort_values("utilization", na_position="first")
    labels = [TYPE_LABELS.get(v, v) for v in d[by]] if by == "worker_type" else list(d[by])
    fig = go.Figure()
    fig.add_bar(
        y=labels, x=d["utilization"], orientation="h", name="Billable utilization", marker_color="#2E6FBA",
        hovertemplate="%{y}: %{x:.1%} billable<extra></extra>",
    )
    fig.add_bar(
        y=labels, x=d["allocation"], orientation="h", name="Allocation (all logged hours)", marker_color="#9DB9DC",
        hovertemplate="%{y}: %{x:.1%} allocated<extra></extra>",
    )
    fig.add_vline(x=target, line={"color": "#C0392B", "dash": "dash", "width": 1.5},
                  annotation_text=f"target {target:.0%}", annotation_position="top")
    fig.update_layout(barmode="group")
    fig.update_xaxes(title="% of capacity (net of time off)", rangemode="tozero")
    fig.update_yaxes(title=None, automargin=True)
    return style(fig, height=max(260, 60 + 46 * len(d)), pct_axis="x")


def _heatmap_colourscale(threshold: float) -> list:
    """Orange below the billable threshold, green up to 100%, red above 100%."""
    t = min(max(threshold, 0.0), 0.99) / HEATMAP_MAX
    full = 1.0 / HEATMAP_MAX
    return [
        [0.0, "#C8581B"],
        [t, "#FBD3A9"],
        [t + 1e-9, "#E3F1DC"],
        [full, "#3E9A55"],
        [full + 1e-9, "#F6B7A8"],
        [1.0, "#A3161B"],
    ]


def allocation_heatmap(
    alloc: pd.DataFrame, util: pd.DataFrame, labels: list[str], threshold: float, colour_by: str = "allocation"
) -> go.Figure:
    """Rows × weeks coloured by allocation (or billable utilization): orange = under the
    threshold, green = up to 100%, red = over 100%; blank = not employed or no capacity that
    week. Low-billable weeks (billable utilization under the threshold) carry a dot; a row whose
    utilization is NaN (a non-billable role) never does."""
    a = alloc.to_numpy(dtype=float)
    u = util.to_numpy(dtype=float)
    z = a if colour_by == "allocation" else u
    weeks = pd.to_datetime(alloc.columns)
    n = len(labels)
    custom = np.dstack([
        np.char.mod("%.0f%%", np.nan_to_num(a) * 100),
        np.char.mod("%.0f%%", np.nan_to_num(u) * 100),
        np.broadcast_to(np.array(labels, dtype=object)[:, None], z.shape),
    ])
    fig = go.Figure(
        go.Heatmap(
            z=np.clip(z, 0, HEATMAP_MAX),
            x=weeks,
            y=list(range(n)),
            customdata=custom,
            zmin=0,
            zmax=HEATMAP_MAX,
            colorscale=_heatmap_colourscale(threshold),
            xgap=1,
            ygap=1,
            hoverongaps=False,
            hovertemplate="%{customdata[2]}<br>week of %{x|%d %b %Y}<br>allocation %{customdata[0]}"
            "<br>billable utilization %{customdata[1]}<extra></extra>",
            colorbar={
                "title": {"text": "Allocation" if colour_by == "allocation" else "Billable utilization", "side": "right"},
                "tickvals": [0, threshold, 1.0, HEATMAP_MAX],
                "ticktext": ["0%", f"{threshold:.0%}", "100%", f"≥{HEATMAP_MAX:.0%}"],
                "thickness": 14,
            },
        )
    )
    low_r, low_c = np.nonzero(u < threshold)
    if len(low_r):
        fig.add_scatter(
            x=weeks[low_c], y=low_r, mode="markers", name=f"low-billable week (billable < {threshold:.0%})",
            marker={"symbol": "circle", "size": 4, "color": "#1F2A44", "opacity": 0.75}, hoverinfo="skip",
            showlegend=True,
        )
    half_week = pd.Timedelta(days=3.5)
    fig.update_xaxes(range=[weeks.min() - half_week, weeks.max() + half_week], showgrid=False, zeroline=False)
    fig.update_yaxes(
        tickvals=list(range(n)), ticktext=labels, range=[n - 0.5, -0.5], title=None, automargin=True,
        showgrid=False, zeroline=False,
        tickfont={"size": 11},
    )
    fig.update_xaxes(title="Week starting", tickformat="%d %b %y")
    fig = style(fig, height=max(240, 110 + 20 * n))
    fig.update_layout(margin={"l": 10, "r": 10, "t": 30, "b": 10})
    return fig


def capacity_vs_demand(monthly: pd.DataFrame, title_role: str) -> go.Figure:
    """Bars of hours available vs hours booked per month for one role (or all roles)."""
    fig = go.Figure()
    fig.add_bar(
        x=monthly["month"], y=monthly["capacity_hours"], name="Available (capacity net of time off)",
        marker_color="#B8C7DA", hovertemplate="%{x|%b %Y}: %{y:,.0f} h available<extra></extra>",
    )
    fig.add_bar(
        x=monthly["month"], y=monthly["booked_hours"], name="Booked on engagements", marker_color="#2E6FBA",
        hovertemplate="%{x|%b %Y}: %{y:,.0f} h booked<extra></extra>",
    )
    fig.update_layout(barmode="group", title={"text": title_role, "font": {"size": 14}, "x": 0.99, "xanchor": "right"})
    months = monthly["month"].nunique()
    fig.update_xaxes(title="Month", tickformat="%b %Y", dtick="M1" if months <= 12 else "M3")
    fig.update_yaxes(title="Hours", tickformat=",.0f", rangemode="tozero")
    return style(fig)


def unbilled_vs_contractors(df: pd.DataFrame) -> go.Figure:
    """Per role: employees' capacity not billed beside contractors' billable hours."""
    d = df.sort_values("employee_unbilled_hours")
    fig = go.Figure()
    fig.add_bar(
        y=d["role"], x=d["employee_unbilled_hours"], orientation="h",
        name="Employee capacity not billed (internal work or idle)", marker_color=TYPE_COLOURS["employee"],
        customdata=d["employee_utilization"],
        hovertemplate="%{y}: %{x:,.0f} h not billed (utilization %{customdata:.0%})<extra>Employees</extra>",
    )
    fig.add_bar(
        y=d["role"], x=d["contractor_billable_hours"], orientation="h", name="Contractor billable hours",
        marker_color=TYPE_COLOURS["contractor"], customdata=d["contractor_utilization"],
        hovertemplate="%{y}: %{x:,.0f} h billed (utilization %{customdata:.0%})<extra>Contractors</extra>",
    )
    fig.update_layout(barmode="group")
    fig.update_xaxes(title="Hours in the period", tickformat=",.0f", rangemode="tozero")
    fig.update_yaxes(title=None, automargin=True)
    return style(fig, height=max(260, 60 + 46 * len(d)))
