"""Duration & delivery: how long work runs and overruns by delivery model, delivery quality,
tenure and retention of employees vs contractors, and contractors past the tenure limit."""

import streamlit as st

from analytics import cache
from analytics.charts import TYPE_LABELS
from analytics.charts import duration as charts
from analytics.metrics import delivery, reviews, tenure, tenure_figures
from ui import auth, state, tables
from ui import format as fmt
from ui.metrics import tile
from ui.report import PageInputs, download_report

filters, assumptions = state.filters(), state.assumptions()
st.title("Duration & delivery")
as_of = cache.call(tenure.as_of, filters)
st.caption(
    f"Engagements running at some point in {filters.start:%b %Y} – {filters.end:%b %Y} (the department filter "
    "applies; role and worker-type filters apply to people, not engagements). Tenure is measured on "
    f"{as_of:%d %b %Y}."
)

# -- engagements ----------------------------------------------------------------------------
eng = cache.call(delivery.engagements, filters)
st.subheader("Engagement duration by delivery model")
if eng.empty:
    st.info(
        "No engagement of the selected departments ran in this period. Widen the period or clear the "
        "department filter in the sidebar."
    )
else:
    tot = delivery.delivery_totals(eng)
    c = st.columns(6)
    tile(c[0], "engagements_in_period", tot.engagements)
    tile(c[1], "engagements_active", tot.active)
    tile(c[2], "median_engagement_duration", tot.median_months)
    tile(c[3], "overrun", tot.overrun)
    tile(c[4], "on_time_rate", tot.on_time_rate)
    tile(c[5], "cancelled_share", tot.cancelled_share)
    st.caption(
        "Delivery model from who logged the hours: **in-house** = employees logged ≥ 80% of them, "
        "**contractor-led** = contractors ≥ 80%, **mixed** otherwise; **no hours logged** = nobody has booked time yet."
    )
    summary = cache.call(delivery.delivery_summary, filters)
    st.dataframe(
        summary.style.format(
            {
                "delivery_model": charts.MODEL_LABELS.get,
                "median_months": "{:.1f}",
                "overrun": "{:+.1%}",
                "on_time_rate": "{:.0%}",
                "cancelled_share": "{:.0%}",
                "quality": "{:.2f}",
            },
            na_rep="—",
        ),
        hide_index=True,
        placeholder="—",
        width="stretch",
        column_config={
            "delivery_model": st.column_config.TextColumn("Delivery model"),
            "engagements": st.column_config.NumberColumn("Engagements"),
            "completed": st.column_config.NumberColumn("Completed"),
            "cancelled": st.column_config.NumberColumn("Cancelled"),
            "median_months": st.column_config.Column("Median duration (months)", help="Completed engagements"),
            "overrun": st.column_config.Column(
                "Overrun", help="Σ actual ÷ Σ planned duration − 1, completed engagements"
            ),
            "on_time_rate": st.column_config.Column("On-time rate", help="Completed by the planned end"),
            "cancelled_share": st.column_config.Column("Cancelled share"),
            "quality": st.column_config.Column("Mean quality (1–5)"),
            "rated": st.column_config.NumberColumn("Rated", help="Engagements with a quality score"),
        },
    )
    done = delivery.completed(eng)
    if done.empty:
        st.info("No engagement completed in this period, so there are no durations or overruns to compare yet.")
    else:
        c = st.columns(2)
        with c[0]:
            st.markdown("**Distribution of actual duration** (completed engagements)")
            st.plotly_chart(charts.duration_by_model(delivery.box_stats_by_model(done, "actual_months")), width="stretch")
            st.caption(
                "Boxes span the middle half of the engagements, with the median; whiskers reach the furthest "
                "engagement within 1.5× the box's height (engagements beyond them are not drawn)."
            )
        with c[1]:
            shown = delivery.scatter_sample(done)
            sampled = (
                f" ({fmt.number(len(shown))} of {fmt.number(len(done))} engagements shown, a fixed random sample)"
                if len(shown) < len(done) else ""
            )
            st.markdown(f"**Planned vs actual duration** — above the dotted line = overran{sampled}")
            st.plotly_chart(charts.planned_vs_actual(shown), width="stretch")

    st.subheader("Delivery quality by delivery model")
    if delivery.has_quality_scores(eng):
        st.plotly_chart(charts.quality_by_model(delivery.box_stats_by_model(eng, "quality_score")), width="stretch")
        st.caption("quality_score: the 1–5 delivery rating recorded on the engagement; the dashed line in each box is the mean.")
    else:
        st.info("None of these engagements has a quality score yet (scores are recorded when work is delivered).")

# -- tenure and retention ---------------------------------------------------------------
st.subheader("Tenure and retention: employees vs contractors")
limit = assumptions.tenure_limit_months
figures = cache.call(tenure_figures.tenure_figures, filters, limit)
if not figures.people:
    st.info(
        f"Nobody matching the filters had started by {as_of:%d %b %Y}. Clear a department, role or worker-type filter."
    )
else:
    c = st.columns(2)
    for col, t in zip(c, tenure.TYPES, strict=True):
        tile(col, "median_tenure", None, shown=tenure.median_tenure_text(figures.medians[t]),
             label_values={"type": TYPE_LABELS[t]})
    st.dataframe(
        figures.summary.style.format(
            {
                "worker_type": TYPE_LABELS.get,
                "median_active_months": "{:.1f}",
                "median_leaver_months": "{:.1f}",
                "km_median_months": "{:.1f}",
                "retained_12_months": "{:.0%}",
            },
            na_rep="—",
        ),
        hide_index=True,
        placeholder="—",
        width="stretch",
        column_config={
            "worker_type": st.column_config.Column("Worker type"),
            "people": st.column_config.NumberColumn("People", help=f"Everyone who started by {as_of:%d %b %Y}"),
            "active": st.column_config.NumberColumn("Active", help=f"Still employed on {as_of:%d %b %Y}"),
            "left": st.column_config.NumberColumn("Left"),
            "median_active_months": st.column_config.Column(
                "Tenure so far (mo)", help="Median tenure to date of the people still active"
            ),
            "median_leaver_months": st.column_config.Column(
                "Leavers' tenure (mo)", help="Median completed tenure (start to end date) of those who left"
            ),
            "km_median_months": st.column_config.Column(
                "Median tenure, Kaplan–Meier (mo)",
                help="The headline above: when the Kaplan–Meier curve falls to 50%; — if more than half are still there.",
            ),
            "retained_12_months": st.column_config.Column(
                "Retained at 12 mo", help="Kaplan–Meier estimate of the share still employed 12 months after starting"
            ),
        },
    )
    c = st.columns(2)
    with c[0]:
        st.markdown("**Retention curves (Kaplan–Meier)**")
        st.plotly_chart(charts.retention_curves(tenure.monthly_retention(figures.curves), limit), width="stretch")
        st.caption(
            "Share still employed t months after starting. People still active are *censored* (tick marks): they "
            "count as at risk up to their tenure so far, rather than being dropped or counted as leavers. One step "
            "per month: each point is the estimate at the month's end."
        )
    with c[1]:
        who_names = {"active": f"Active on {as_of:%d %b %Y}", "leavers": "Leavers", "everyone": "Everyone"}
        who = st.segmented_control(
            "Tenure of", list(who_names), default="active", required=True, format_func=who_names.get,
            key="dur_tenure_who", bind="query-params",
            help="Active: tenure so far. Leavers: completed tenure (start to end date).",
        )
        bins = figures.bins[who or "active"]
        if bins.empty:
            st.info("Nobody in this group.")
        else:
            st.plotly_chart(charts.tenure_histogram(bins, limit), width="stretch")

    st.subheader(f"Contractors past the tenure policy limit ({limit:g} months)")
    over = figures.past_limit
    if over.empty:
        st.info(
            f"No contractor active on {as_of:%d %b %Y} has been engaged for more than {limit:g} months "
            "(or the filters exclude contractors)."
        )
    elif not state.access().people_lists:
        st.info(f"{fmt.number(len(over))} active contractors have been engaged longer than the policy limit. "
                + auth.AGGREGATES_ONLY)
    else:
        st.caption(
            f"{fmt.number(len(over))} active contractors have been engaged longer than the policy limit: candidates "
            "to convert to employees or to roll off (co-employment risk). The limit is a cost assumption "
            "(SIA: most term limits are 18–23 months). Longest tenure first."
        )
        tables.capped_table(
            over,
            noun="contractors",
            file_name="contractors_past_tenure_limit",
            key="dur_over_limit_download",
            hide_index=True,
            placeholder="—",
            width="stretch",
            column_order=["full_name", "role", "department", "vendor", "start_date", "tenure_months", "months_over"],
            column_config={
                "full_name": "Name", "role": "Role", "department": "Department", "vendor": "Vendor",
                "start_date": st.column_config.DateColumn("Started", format="D MMM YYYY"),
                "tenure_months": st.column_config.NumberColumn("Tenure (months)", format="%.1f"),
                "months_over": st.column_config.NumberColumn("Months over the limit", format="%.1f"),
            },
        )

# -- reviews ----------------------------------------------------------------------------
st.subheader("Review attributes by worker type")
profile = cache.call(reviews.review_profile, filters)
if profile.empty:
    st.info("No reviews of the filtered people are dated in this period. Widen the period to include a review cycle.")
else:
    c = st.columns([1.1, 1])
    with c[0]:
        st.plotly_chart(charts.review_radar(profile), width="stretch")
    with c[1]:
        st.markdown("**Mean rating (1–5) and the gap**")
        st.dataframe(
            reviews.attribute_gaps(profile).style.format(
                {"attribute": charts.attribute_label, "employee": "{:.2f}", "contractor": "{:.2f}", "gap": "{:+.2f}"},
                na_rep="—",
            ),
            hide_index=True,
            placeholder="—",
            width="stretch",
            column_config={
                "attribute": "Attribute",
                "employee": st.column_config.Column(TYPE_LABELS["employee"]),
                "contractor": st.column_config.Column(TYPE_LABELS["contractor"]),
                "gap": st.column_config.Column("Gap", help="Contractors' mean − employees' mean"),
            },
        )
    st.caption(
        "Means of every review dated in the period, on a 1–5 scale; the radar is zoomed to the range of the means "
        "(see its axis) so differences are visible. "
        + " · ".join(f"{TYPE_LABELS[r.worker_type]}: {r.reviews} reviews of {r.people} people" for r in profile.itertuples())
    )

download_report("duration", PageInputs(tenure_of=st.session_state.get("dur_tenure_who") or "active"))
