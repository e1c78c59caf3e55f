"""The people pages' report sections — Utilization, Duration & delivery — gathered from the same analytics
functions, in the same order and with the same inputs as the pages (pages/*.py)."""

from __future__ import annotations

import pandas as pd

from analytics.charts import TYPE_LABELS
from analytics.charts import duration as duration_charts
from analytics.charts import utilization as util_charts
from analytics.export import formatting
from analytics.metrics import allocation, delivery, headlines, reviews, tenure, tenure_figures, utilization
from analytics.report.blocks import (
    Column,
    as_format,
    as_number,
    as_pct,
    as_text,
    chart,
    period_text,
    table,
)
from analytics.report.model import PAGES, Block, Chart, ReportRequest, Section, tile
from analytics.store.db import Workspace

# -- Utilization (pages/utilization.py) ----------------------------------------------------------
PEOPLE_COLUMNS: list[Column] = [
    ("full_name", "Name", as_text), ("worker_type", "Type", as_text), ("department", "Department", as_text),
    ("role", "Role", as_text), ("capacity_hours", "Capacity (h)", as_number()), ("total_hours", "Logged (h)", as_number()),
    ("engagement_share", "On engagements %", as_pct()), ("utilization", "Billable %", as_pct()),
    ("allocation", "Allocation", as_pct()), ("weeks_over_capacity", "Weeks > 100%", as_number()),
]
RATE_COLUMNS: list[Column] = [
    ("department", "Department", as_text), ("capacity_hours", "Capacity (h)", as_number()),
    ("total_hours", "Logged (h)", as_number()), ("billable_hours", "Billable (h)", as_number()),
    ("utilization", "Billable utilization", as_pct()), ("allocation", "Allocation", as_pct()),
]


def utilization_section(ws: Workspace, req: ReportRequest) -> Section:
    f, a, nb, inputs = req.filters, req.assumptions, req.non_billable_roles, req.inputs
    target = a.target_utilization
    intro = (
        f"Period {period_text(req)} · weeks starting in the period · billable utilization = billable hours ÷ capacity; "
        "allocation = all logged hours ÷ capacity; group rates are Σ hours ÷ Σ capacity. "
        + (f"Non-billable roles (left out of billable utilization and the bench): {', '.join(nb)}."
           if nb else "Every role counts as billable.")
    )
    facts = utilization.utilization_facts(ws, f)
    if facts.empty:
        return Section("utilization", PAGES["utilization"], intro, [Block(None, notes=[
            "No one with capacity in this period matches the filters, so there is nothing to measure."
        ])])
    threshold = utilization.DEFAULT_BENCH_THRESHOLD if inputs.bench_threshold is None else inputs.bench_threshold
    weeks = utilization.DEFAULT_BENCH_WEEKS if inputs.bench_weeks is None else int(inputs.bench_weeks)
    horizon = headlines.data_horizon(ws)
    as_of = headlines.as_of_date(f, horizon)
    total = utilization.period_totals(facts, non_billable_roles=nb)
    first_week, last_week = allocation.recent_weeks(ws, f, as_of, weeks)
    recent = allocation.people_utilization(ws, f, first_week, last_week)
    on_bench = allocation.bench(recent, threshold, nb)
    busy = allocation.busy_off_project(recent, threshold, nb)
    over = allocation.over_allocated(recent)
    window = f"the {weeks} weeks {first_week:%d %b} – {last_week:%d %b %Y}"
    u = total.utilization
    head = Block(None, [
        tile("billable_utilization", u,
             delta=None if u is None else f"{(u - target) * 100:+.1f} pts vs target"),
        tile("allocation", total.allocation),
        tile("capacity_hours", total.capacity_hours),
        tile("bench", len(on_bench), note=f"{window}, threshold {threshold:.0%}"),
        tile("busy_off_project", len(busy), note=f"{window}, threshold {threshold:.0%}"),
        tile("over_allocated", len(over), note=window),
    ], notes=[f"Target billable utilization {target:.0%}."])
    trend = utilization.monthly_trend(facts, nb)
    rates = utilization.rates_by(facts, ["department"], nb)
    trends = Block("Trend and groups", charts=[
        chart("Billable utilization by month", lambda d: util_charts.utilization_trend(d, target, "utilization"),
              trend, "utilization",
              empty="No one in a billable role matches the filters, so there is no billable utilization to draw."),
        chart("By department", lambda d: util_charts.rates_by_group(d, "department", target), rates,
              "utilization", "allocation", empty="No group has capacity to draw for these filters."),
    ], tables=[table("By department", rates.sort_values("utilization", ascending=False), RATE_COLUMNS,
                     noun="departments")])
    lists = Block(f"Bench, busy off-project and over-allocated: last {weeks} weeks", notes=[
        f"Weeks starting {first_week:%d %b %Y} – {last_week:%d %b %Y}. Nobody is on two lists: over-allocated "
        "comes first; non-billable roles are never on the bench or busy off-project."
    ])
    for title, people in (("Bench (free to staff)", on_bench), ("Busy off-project", busy),
                          ("Over-allocated", over)):
        if people.empty:
            lists.notes.append(f"{title}: nobody.")
        else:
            lists.tables.append(table(title, people, PEOPLE_COLUMNS, noun="people"))
    cd = utilization.capacity_vs_demand(ws, f)
    unbilled = utilization.unbilled_vs_contractor_hours(facts, nb)
    by_type = Block("Capacity, demand and worker type", charts=[
        chart("Capacity vs demand, all roles", lambda d: util_charts.capacity_vs_demand(d, "All roles"),
              utilization.monthly_capacity_vs_demand(cd, None), "capacity_hours", "booked_hours",
              empty="No capacity or booked hours in the period."),
        chart("Employees' unbilled capacity vs contractors' billable hours", util_charts.unbilled_vs_contractors,
              unbilled, "employee_capacity_hours", "contractor_billable_hours",
              empty="No billable role has both employees and contractors to compare for these filters."),
    ])
    for t in ("employee", "contractor"):
        tt = utilization.period_totals(facts, t, nb)
        by_type.tiles += [
            tile("billable_utilization_by_type", tt.utilization, label_values={"type": TYPE_LABELS[t]}),
            tile("allocation_by_type", tt.allocation, label_values={"type": TYPE_LABELS[t]}),
        ]
    return Section("utilization", PAGES["utilization"], intro, [head, trends, lists, by_type])


# -- Duration & delivery (pages/duration.py) -----------------------------------------------------
def _model(v) -> str:
    return duration_charts.MODEL_LABELS.get(v, as_text(v))


SUMMARY_COLUMNS: list[Column] = [
    ("delivery_model", "Delivery model", _model), ("engagements", "Engagements", as_number()),
    ("completed", "Completed", as_number()), ("cancelled", "Cancelled", as_number()),
    ("median_months", "Median duration (months)", as_format("{:.1f}")), ("overrun", "Overrun", as_format("{:+.1%}")),
    ("on_time_rate", "On-time rate", as_format("{:.0%}")), ("cancelled_share", "Cancelled share", as_format("{:.0%}")),
    ("quality", "Mean quality (1–5)", as_format("{:.2f}")), ("rated", "Rated", as_number()),
]
TENURE_COLUMNS: list[Column] = [
    ("worker_type", "Worker type", lambda v: TYPE_LABELS.get(v, as_text(v))), ("people", "People", as_number()),
    ("active", "Active", as_number()), ("left", "Left", as_number()),
    ("median_active_months", "Tenure so far (mo)", as_format("{:.1f}")),
    ("median_leaver_months", "Leavers' tenure (mo)", as_format("{:.1f}")),
    ("km_median_months", "Median tenure, Kaplan–Meier (mo)", as_format("{:.1f}")),
    ("retained_12_months", "Retained at 12 mo", as_format("{:.0%}")),
]
OVER_LIMIT_COLUMNS: list[Column] = [
    ("full_name", "Name", as_text), ("role", "Role", as_text), ("department", "Department", as_text),
    ("vendor", "Vendor", as_text), ("start_date", "Started", lambda v: as_text(v) if pd.isna(v) else f"{v:%d %b %Y}"),
    ("tenure_months", "Tenure (months)", as_format("{:.1f}")), ("months_over", "Months over the limit", as_format("{:.1f}")),
]
GAP_COLUMNS: list[Column] = [
    ("attribute", "Attribute", lambda v: duration_charts.attribute_label(str(v))),
    ("employee", TYPE_LABELS["employee"], as_format("{:.2f}")), ("contractor", TYPE_LABELS["contractor"], as_format("{:.2f}")),
    ("gap", "Gap", as_format("{:+.2f}")),
]


def duration_section(ws: Workspace, req: ReportRequest) -> Section:
    f, a = req.filters, req.assumptions
    as_of = tenure.as_of(ws, f)
    intro = (
        f"Engagements running at some point in {period_text(req)} (the department filter applies; role and worker-type "
        f"filters apply to people, not engagements). Tenure is measured on {as_of:%d %b %Y}."
    )
    blocks: list[Block] = []
    eng = delivery.engagements(ws, f)
    delivery_block = Block("Engagement duration by delivery model")
    blocks.append(delivery_block)
    if eng.empty:
        delivery_block.notes.append("No engagement of the selected departments ran in this period.")
    else:
        tot = delivery.delivery_totals(eng)
        delivery_block.tiles += [
            tile("engagements_in_period", tot.engagements),
            tile("engagements_active", tot.active),
            tile("median_engagement_duration", tot.median_months),
            tile("overrun", tot.overrun),
            tile("on_time_rate", tot.on_time_rate),
            tile("cancelled_share", tot.cancelled_share),
        ]
        delivery_block.notes.append(
            "Delivery model from who logged the hours: in-house = employees logged ≥ 80% of them, contractor-led = "
            "contractors ≥ 80%, mixed otherwise."
        )
        summary = delivery.delivery_summary(ws, f)
        delivery_block.tables.append(table("By delivery model", summary, SUMMARY_COLUMNS, noun="delivery models",
                                     rows=len(summary)))
        done = delivery.completed(eng)
        if done.empty:
            delivery_block.notes.append("No engagement completed in this period, so there are no durations to compare.")
        else:
            shown = delivery.scatter_sample(done)
            delivery_block.charts += [
                Chart("Distribution of actual duration (completed engagements)",
                      duration_charts.duration_by_model(delivery.box_stats_by_model(done, "actual_months"))),
                Chart("Planned vs actual duration" + (
                    f" ({formatting.number(len(shown))} of {formatting.number(len(done))} shown, a fixed random sample)"
                    if len(shown) < len(done) else ""), duration_charts.planned_vs_actual(shown)),
            ]
        if delivery.has_quality_scores(eng):
            delivery_block.charts.append(Chart(
                "Delivery quality by delivery model",
                duration_charts.quality_by_model(delivery.box_stats_by_model(eng, "quality_score")),
            ))

    tenure_block = Block("Tenure and retention: employees vs contractors")
    blocks.append(tenure_block)
    limit = a.tenure_limit_months
    figures = tenure_figures.tenure_figures(ws, f, limit)  # the Duration page's own block
    if not figures.people:
        tenure_block.notes.append(f"Nobody matching the filters had started by {as_of:%d %b %Y}.")
    else:
        summary = figures.summary
        for t in tenure.TYPES:
            tenure_block.tiles.append(tile("median_tenure", None,
                                     shown=tenure.median_tenure_text(figures.medians[t]),
                                     label_values={"type": TYPE_LABELS[t]}))
        tenure_block.tables.append(table("Tenure by worker type", summary, TENURE_COLUMNS, noun="worker types",
                                   rows=len(summary)))
        tenure_block.charts.append(Chart("Retention curves (Kaplan–Meier)",
                                   duration_charts.retention_curves(tenure.monthly_retention(figures.curves), limit)))
        who = req.inputs.tenure_of
        bins = figures.bins.get(who)
        if bins is not None and not bins.empty:
            names = {"active": f"active on {as_of:%d %b %Y}", "leavers": "leavers", "everyone": "everyone"}
            tenure_block.charts.append(Chart(f"Tenure of {names.get(who, who)}",
                                       duration_charts.tenure_histogram(bins, limit)))
        over = figures.past_limit
        if over.empty:
            tenure_block.notes.append(f"No contractor active on {as_of:%d %b %Y} has been engaged for more than {limit:g} "
                                "months (or the filters exclude contractors).")
        else:
            tenure_block.tables.append(table(f"Contractors past the tenure policy limit ({limit:g} months)", over,
                                       OVER_LIMIT_COLUMNS, noun="contractors"))

    reviews_block = Block("Review attributes by worker type")
    blocks.append(reviews_block)
    profile = reviews.review_profile(ws, f)
    if profile.empty:
        reviews_block.notes.append("No reviews of the filtered people are dated in this period.")
    else:
        reviews_block.charts.append(Chart("Review attributes (mean rating, 1–5)", duration_charts.review_radar(profile)))
        gaps = reviews.attribute_gaps(profile)
        reviews_block.tables.append(table("Mean rating (1–5) and the gap", gaps, GAP_COLUMNS, noun="attributes",
                                    rows=len(gaps)))
    return Section("duration", PAGES["duration"], intro, blocks)
