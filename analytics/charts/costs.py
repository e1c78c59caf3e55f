"""Costs and break-even charts: spend by department and vendor, cost per hour by role with the
OEWS reference, cumulative cost of contracting vs hiring, and the sensitivity tornado."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.charts import TYPE_COLOURS, TYPE_LABELS, money_text, style

HIRING_COLOUR = TYPE_COLOURS["employee"]
CONTRACTING_COLOUR = TYPE_COLOURS["contractor"]


def spend_by_department(df: pd.DataFrame) -> go.Figure:
    """Horizontal bars per department, stacked by worker type, largest department on top."""
    order = list(dict.fromkeys(df["department"]))
    fig = go.Figure()
    for t in ("employee", "contractor"):
        d = df[df["worker_type"] == t]
        fig.add_bar(
            y=d["department"], x=d["spend"], orientation="h", name=TYPE_LABELS[t], marker_color=TYPE_COLOURS[t],
            customdata=d["people"],
            hovertemplate=money_text("%{y}: $%{x:,.0f} (%{customdata} people)<extra>") + TYPE_LABELS[t] + "</extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], title=None, automargin=True)
    fig.update_xaxes(title=money_text("Spend in the period (USD)"))
    return style(fig, height=max(260, 60 + 36 * len(order)), money_axis="x")


def spend_by_vendor(df: pd.DataFrame) -> go.Figure:
    """Horizontal bars of contractor spend per vendor, largest on top, "Other vendors" last."""
    labels = [
        f"{v} ({n} vendors)" if n > 1 else v for v, n in zip(df["vendor"], df["vendors"], strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            y=labels, x=df["spend"], orientation="h", marker_color=CONTRACTING_COLOUR, customdata=df["people"],
            hovertemplate=money_text("%{y}: $%{x:,.0f} (%{customdata} contractors)<extra></extra>"),
            text=[money_text(f"${v:,.0f}") if pd.notna(v) else "suppressed" for v in df["spend"]], textposition="auto",
        )
    )
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1], title=None, automargin=True)
    fig.update_xaxes(title=money_text("Contractor spend in the period (USD)"))
    return style(fig, height=max(260, 60 + 32 * len(labels)), money_axis="x")


MEASURES = {
    "cost_per_billable_hour": "Cost per billable hour (USD)",  # money_text() writes the reporting currency
    "cost_per_productive_hour": "Cost per productive hour (USD)",
}


def hourly_cost_by_role(df: pd.DataFrame, measure: str) -> go.Figure:
    """Employee and contractor bars side by side for each role (× seniority), with the BLS OEWS
    median wage of the role (per hour) as a black tick. Rows with no bar at all (every group
    in them withheld for privacy, or no hours) are left out."""
    d = df.copy()
    if "seniority" in d.columns:
        d["label"] = d["role"] + " · " + d["seniority"]
    else:
        d["label"] = d["role"]
    shown = d.groupby("label")[measure].transform(lambda v: v.notna().any())
    d = d[shown.astype(bool)]
    order = sorted(d["label"].unique())
    fig = go.Figure()
    for t in ("employee", "contractor"):
        s = d[d["worker_type"] == t]
        fig.add_bar(
            y=s["label"], x=s[measure], orientation="h", name=TYPE_LABELS[t], marker_color=TYPE_COLOURS[t],
            customdata=s["people"],
            hovertemplate=money_text("%{y}: $%{x:,.2f}/h (%{customdata} people)<extra>") + TYPE_LABELS[t] + "</extra>",
        )
    ref = d.drop_duplicates("label")
    fig.add_scatter(
        y=ref["label"], x=ref["oews_hourly"], mode="markers", name="BLS OEWS median wage (per hour)",
        marker={"symbol": "line-ns", "size": 18, "line": {"width": 3, "color": "#222"}},
        hovertemplate=money_text("%{y}: OEWS median $%{x:,.2f}/h<extra></extra>"),
    )
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], title=None, automargin=True)
    fig.update_xaxes(title=money_text(MEASURES[measure]), tickprefix=money_text("$"), tickformat=",.0f")
    return style(fig, height=max(300, 110 + 44 * len(order)))


def cumulative_cost(curve: pd.DataFrame, crossover: int | None) -> go.Figure:
    """Cumulative cost of contracting vs hiring, month by month, with the crossover marked."""
    fig = go.Figure()
    fig.add_scatter(
        x=curve["month"], y=curve["contracting"], name="Contracting", mode="lines+markers",
        line={"color": CONTRACTING_COLOUR, "width": 3},
        hovertemplate=money_text("Month %{x}: $%{y:,.0f}<extra>Contracting</extra>"),
    )
    fig.add_scatter(
        x=curve["month"], y=curve["hiring"], name="Hiring", mode="lines+markers",
        line={"color": HIRING_COLOUR, "width": 3},
        customdata=curve[["recruiting", "contractor_cover", "employee"]],
        hovertemplate=(
            "Month %{x}: $%{y:,.0f}<br>recruiting $%{customdata[0]:,.0f} · contractor cover "
            "$%{customdata[1]:,.0f} · employee $%{customdata[2]:,.0f}<extra>Hiring</extra>"
        ),
    )
    if crossover is not None:
        fig.add_vline(
            x=crossover, line_dash="dash", line_color="#555",
            annotation_text=f"break-even: month {crossover}", annotation_position="top left",
        )
    n = int(curve["month"].max())
    fig.update_xaxes(title="Months from the decision", dtick=1 if n <= 24 else 3, range=[-0.3, n + 0.3])
    fig.update_yaxes(title=money_text("Cumulative cost (USD)"), rangemode="tozero")
    return style(fig, money_axis="y")


def tornado(df: pd.DataFrame, base: float, months: int) -> go.Figure:
    """Saving from hiring at the chosen duration when each input is 20% lower / higher; bars start
    at the base case, the widest swing on top."""
    labels = df["label"].tolist()
    fig = go.Figure()
    for side, colour, name in (("low", "#7A9CC6", "−20%"), ("high", "#C9A227", "+20%")):
        cross = [f"{m:.0f}" if pd.notna(m) else "none (10 years)" for m in df[f"crossover_{side}"]]
        fig.add_bar(
            y=labels, x=df[f"saving_{side}"] - base, base=base, orientation="h", name=name, marker_color=colour,
            customdata=list(zip(df[f"{side}_text"], df[f"saving_{side}"], cross, strict=True)),
            hovertemplate=money_text(
                "%{y} = %{customdata[0]}<br>saving $%{customdata[1]:,.0f}; break-even month "
                "%{customdata[2]}<extra>" + name + "</extra>"
            ),
        )
    fig.add_vline(x=base, line_color="#222", annotation_text=money_text(f"base case {'−' if base < 0 else ''}${abs(base):,.0f}"), annotation_position="top")
    fig.update_layout(barmode="overlay")
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1], title=None, automargin=True)
    fig.update_xaxes(title=money_text(f"Saving from hiring after {months} months (USD; negative = hiring costs more)"))
    return style(fig, height=max(320, 80 + 30 * len(labels)), money_axis="x")


OVER_BUDGET_COLOUR = "#C0392B"


def budget_burn(df: pd.DataFrame) -> go.Figure:
    """Horizontal bars of each engagement's spend so far as a share of its budget, the largest share on
    top, over-budget bars in red, with the budget (100%) as a dashed line. Rows without a share (no budget,
    or spend withheld) are left out."""
    d = df[df["share_of_budget"].notna()]
    labels = [f"{n} ({i})" for n, i in zip(d["name"], d["engagement_id"], strict=True)]
    colours = [OVER_BUDGET_COLOUR if over else CONTRACTING_COLOUR for over in d["over_budget"]]
    fig = go.Figure(
        go.Bar(
            y=labels, x=d["share_of_budget"], orientation="h", marker_color=colours,
            customdata=d[["spent", "budget"]],
            hovertemplate="%{y}: %{x:.1%} of budget ($%{customdata[0]:,.0f} of $%{customdata[1]:,.0f})<extra></extra>",
            text=[f"{v:.0%}" for v in d["share_of_budget"]], textposition="auto",
        )
    )
    fig.add_vline(x=1, line_dash="dash", line_color="#555", annotation_text="budget", annotation_position="top")
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1], title=None, automargin=True)
    fig.update_xaxes(title="Contractor spend so far, share of budget", tickformat=".0%", rangemode="tozero")
    return style(fig, height=max(260, 60 + 28 * len(labels)))
