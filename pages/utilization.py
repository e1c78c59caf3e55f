"""Utilization: who is over- or under-used, by person, team, role, worker type and month."""

import streamlit as st

from analytics import cache
from analytics.charts import TYPE_LABELS
from analytics.charts import utilization as charts
from analytics.metrics import allocation, headlines, staffing_lists, utilization
from ui import auth, state, tables
from ui.charts import plot
from ui.metrics import column, tile
from ui.report import PageInputs, download_report

filters, assumptions = state.filters(), state.assumptions()
people_lists = state.access().people_lists  # False: aggregates only (executive)
non_billable = state.non_billable_roles()
target = assumptions.target_utilization

st.title("Utilization")
horizon = cache.call(headlines.data_horizon)
as_of = headlines.as_of_date(filters, horizon)
st.caption(
    f"Period {filters.start:%b %Y} – {filters.end:%b %Y} · weeks starting in the period · "
    "**billable utilization** = billable hours ÷ capacity; **allocation** = all logged hours ÷ capacity; "
    "capacity = weekly contracted hours, pro-rated for starters and leavers, minus leave and holidays. "
    "Group rates are Σ hours ÷ Σ capacity. "
    + (
        f"Billable utilization leaves out the non-billable roles ({', '.join(non_billable)}); allocation counts "
        "everyone. Change them under Cost assumptions → Non-billable roles in the sidebar."
        if non_billable else "Every role counts as billable (Cost assumptions → Non-billable roles in the sidebar)."
    )
)

facts = cache.call(utilization.utilization_facts, filters)
if facts.empty:
    st.info(
        "No one with capacity in this period matches the filters, so there is nothing to measure. "
        "Widen the period or clear a department, role or worker-type filter in the sidebar."
    )
    st.stop()

with st.expander("Thresholds", expanded=False, icon=":material/tune:"):
    c = st.columns(3)
    c[0].markdown(
        f"**Target billable utilization: {target:.0%}**  \nSet under *Cost assumptions* in the sidebar "
        "(the Overview uses the same target)."
    )
    bench_threshold = c[1].number_input(
        "Bench: engagement hours below (%)", min_value=0.0, max_value=100.0, step=5.0,
        value=utilization.DEFAULT_BENCH_THRESHOLD * 100, key="util_bench", bind="query-params",
        help="People in billable roles whose hours on engagements over the last weeks are below this share of "
        "their capacity are on the bench (free to staff) or busy off-project. Also the heatmap's low-billable mark.",
    ) / 100
    bench_weeks = int(c[2].number_input(
        "Over the last N weeks", min_value=1, max_value=26, step=1,
        value=utilization.DEFAULT_BENCH_WEEKS, key="util_weeks", bind="query-params",
        help="The window for the bench, busy off-project and over-allocated lists: the last N weeks of the period.",
    ))

total = utilization.period_totals(facts, non_billable_roles=non_billable)
first_week, last_week = cache.call(allocation.recent_weeks, filters, as_of, bench_weeks)
lists = cache.call(staffing_lists.staffing_lists, filters, first_week, last_week, bench_threshold, non_billable)
on_bench, busy, over = lists.bench, lists.busy_off_project, lists.over_allocated
window = f"the {bench_weeks} weeks {first_week:%d %b} – {last_week:%d %b %Y}"
BENCH_HELP = f"Here: {window}, threshold {bench_threshold:.0%}."
BUSY_HELP = BENCH_HELP
OVER_HELP = f"Here: {window}."

c = st.columns(6)
tile(
    c[0], "billable_utilization", total.utilization,
    delta=None if total.utilization is None else f"{(total.utilization - target) * 100:+.1f} pts vs target",
    delta_color="normal" if total.utilization is not None else "off",
    help=f"Target {target:.0%} (Cost assumptions in the sidebar).",
)
tile(c[1], "allocation", total.allocation)
tile(c[2], "capacity_hours", total.capacity_hours)
tile(c[3], "bench", len(on_bench), help=BENCH_HELP)
tile(c[4], "busy_off_project", len(busy), help=BUSY_HELP)
tile(c[5], "over_allocated", len(over), help=OVER_HELP)

# -- trend --------------------------------------------------------------------------------
st.subheader("Trend by month")
metric = st.segmented_control(
    "Measure", ["utilization", "allocation"], default="utilization", required=True,
    format_func={"utilization": "Billable utilization", "allocation": "Allocation"}.get,
    key="util_trend_metric", bind="query-params",
)
trend = utilization.monthly_trend(facts, non_billable)
plot(lambda d: charts.utilization_trend(d, target, metric or "utilization"), trend, metric or "utilization",
     empty="No one in a billable role matches the filters, so there is no billable utilization to draw.")
st.caption(
    "Weeks count in the month they start in. Billable utilization: billable roles only; allocation: everyone. "
    "The dashed line is the target (Cost assumptions in the sidebar)."
)

# -- by group -----------------------------------------------------------------------------
st.subheader("By group")
group_names = {"department": "Department", "role": "Role", "worker_type": "Worker type", "person": "Person"}
if not people_lists:
    del group_names["person"]
group = st.segmented_control(
    "Break down by", list(group_names), default="department", required=True, format_func=group_names.get,
    key="util_group", bind="query-params",
)
rate_cols = {
    "capacity_hours": st.column_config.NumberColumn("Capacity (h)", format="%,.0f"),
    "total_hours": st.column_config.NumberColumn("Logged (h)", format="%,.0f"),
    "billable_hours": st.column_config.NumberColumn("Billable (h)", format="%,.0f"),
    "billable_role_capacity_hours": st.column_config.NumberColumn(
        "Billable-role capacity (h)", format="%,.0f", help="Capacity of the people in billable roles"
    ),
    "billable_role_billable_hours": st.column_config.NumberColumn(
        "Billable-role billable (h)", format="%,.0f", help="Billable hours of the people in billable roles"
    ),
    "utilization": column("billable_utilization", progress=True, min_value=0.0, max_value=1.5),
    "allocation": column("allocation", progress=True, min_value=0.0, max_value=1.5),
}
if group == "person" and people_lists:
    everyone = cache.call(allocation.people_utilization, filters, filters.start, filters.end)
    everyone = everyone.sort_values(["utilization", "full_name"], ascending=[False, True], na_position="last")
    st.caption(f"{len(everyone):,} people with capacity in the period, highest billable utilization first.")
    tables.capped_table(
        everyone,
        noun="people",
        file_name=f"utilization_people_{filters.start:%Y-%m}_{filters.end:%Y-%m}",
        key="util_download_people",
        export_frame=allocation.people_export,
        hide_index=True,
        placeholder="—",
        width="stretch",
        height=420,
        column_order=[
            "full_name", "worker_type", "department", "role", "weeks", "capacity_hours", "total_hours",
            "billable_hours", "utilization", "allocation", "engagements",
        ],
        column_config={
            "full_name": "Name", "worker_type": "Type", "department": "Department", "role": "Role",
            "weeks": st.column_config.NumberColumn("Weeks", help="Weeks employed in the period"),
            "engagements": st.column_config.NumberColumn("Engagements", help="Engagements they logged hours on"),
            **rate_cols,
        },
    )
else:
    group = group if group in group_names else "department"
    rates = utilization.rates_by(facts, [group], non_billable)
    plot(lambda d: charts.rates_by_group(d, group, target), rates, "utilization", "allocation",
         empty="No group has capacity to draw for these filters.")
    with st.expander(f"Table by {group_names[group].lower()}"):
        st.dataframe(
            rates.sort_values("utilization", ascending=False),
            hide_index=True,
            placeholder="—",
            width="stretch",
            column_config={group: group_names[group], **rate_cols},
        )

# -- heatmap ------------------------------------------------------------------------------
st.subheader("Weekly allocation heatmap")
c = st.columns([1.1, 1.3, 1.3, 0.8, 0.9])
colour_by = c[1].segmented_control(
    "Colour by", ["allocation", "utilization"], default="allocation", required=True,
    format_func={"allocation": "Allocation", "utilization": "Billable"}.get, key="util_heat_colour",
    bind="query-params", help="Allocation = all logged hours ÷ capacity; billable = billable hours ÷ capacity.",
)
rows_by = c[0].segmented_control(
    "Rows", [b for b in utilization.HEATMAP_BY if people_lists or b != "person"],
    default="person" if people_lists else "department", required=True,
    format_func={"person": "People", "department": "Departments"}.get, key="util_heat_by", bind="query-params",
)
sort = c[2].selectbox(
    "Sort", list(utilization.HEATMAP_SORTS), format_func=utilization.HEATMAP_SORTS.get, key="util_heat_sort",
    bind="query-params",
    help="Most problem weeks: weeks over 100% allocated or, in billable roles, billable below the threshold.",
)
rows_by = rows_by if people_lists else "department"
per_page = c[3].selectbox("Rows per page", [25, 50, 100], key="util_heat_rows")
page_no = int(st.session_state.setdefault("util_heat_page", 1) or 1)
heat = cache.call(
    allocation.allocation_heatmap, filters, rows_by, sort, bench_threshold, per_page, (page_no - 1) * per_page,
    non_billable,
)
st.session_state["util_heat_page"] = heat.page  # page 1 again when the filters leave fewer pages
c[4].number_input(
    f"Page (of {heat.pages})", min_value=1, max_value=heat.pages, step=1, key="util_heat_page",
)
if heat.total_rows == 0:
    st.info("No weeks with capacity to show for these filters.")
else:
    st.plotly_chart(
        charts.allocation_heatmap(heat.allocation, heat.utilization, heat.labels, bench_threshold, colour_by),
        width="stretch",
    )
    first_rank = int(heat.rows["rank"].min())
    st.caption(
        f"Rows {first_rank}–{first_rank + len(heat.rows) - 1} of {heat.total_rows}. "
        f"Orange below {bench_threshold:.0%}, green up to 100%, red over 100%; a dot marks a low-billable week "
        f"(billable utilization below {bench_threshold:.0%}, billable roles only); blank = not employed that week, "
        "no capacity (all on leave) or, coloured by billable, a non-billable role. Sorted by problem weeks = "
        "weeks over 100% allocated or low-billable."
    )

# -- bench, busy off-project and over-allocated -------------------------------------------
st.subheader(f"Bench, busy off-project and over-allocated: last {bench_weeks} weeks")
st.caption(
    f"Weeks starting {first_week:%d %b %Y} – {last_week:%d %b %Y}. Engagement hours = hours logged on an "
    f"engagement (billable or not). **Bench (free to staff)**: a billable role, engagement hours below "
    f"{bench_threshold:.0%} of capacity, and at least half of the other capacity left free (capacity − logged ≥ "
    "internal hours). **Busy off-project**: the same, but most of the other capacity filled with internal "
    "work. **Over-allocated**: logged more hours than capacity (allocation above 100%), any role. Nobody is on "
    "two lists: over-allocated comes first. Non-billable roles are never on the bench or busy off-project."
)
people_cols = {
    "full_name": "Name", "worker_type": "Type", "department": "Department",
    "role": st.column_config.TextColumn("Role", width="medium"),
    "capacity_hours": st.column_config.NumberColumn("Capacity (h)", format="%,.0f", width="small"),
    "total_hours": st.column_config.NumberColumn("Logged (h)", format="%,.0f", width="small"),
    "billable_hours": st.column_config.NumberColumn("Billable (h)", format="%,.0f", width="small"),
    "engagement_hours": st.column_config.NumberColumn(
        "On engagements (h)", format="%,.0f", width="small", help="Hours logged on engagements, billable or not"
    ),
    "engagement_share": st.column_config.NumberColumn(
        "On engagements %", format="percent", width="small", help="Engagement hours ÷ capacity in the window"
    ),
    "utilization": st.column_config.NumberColumn(
        "Billable %", format="percent", width="small", help="Billable hours ÷ capacity in the window"
    ),
    "allocation": st.column_config.NumberColumn(
        "Allocation", format="percent", width="small", help="All logged hours ÷ capacity in the window"
    ),
    "weeks_over_capacity": st.column_config.NumberColumn(
        "Weeks > 100%", width="small", help="Weeks in the window with more hours logged than capacity"
    ),
    "engagement_names": st.column_config.TextColumn(
        "Engagement names", width="medium", help="Engagements they logged hours on in the window"
    ),
}
order = [
    "full_name", "worker_type", "department", "role", "capacity_hours", "total_hours", "engagement_hours",
    "engagement_share", "billable_hours", "utilization", "allocation", "weeks_over_capacity", "engagement_names",
]
tab_bench, tab_busy, tab_over = st.tabs([
    f"Bench (free to staff) · {len(on_bench)}", f"Busy off-project · {len(busy)}", f"Over-allocated · {len(over)}",
])
for tab, people, name, empty in (
    (tab_bench, on_bench, "bench",
     f"Nobody in a billable role was below {bench_threshold:.0%} on engagements with capacity left free in these weeks."),
    (tab_busy, busy, "busy_off_project",
     f"Nobody in a billable role was below {bench_threshold:.0%} on engagements while busy with internal work."),
    (tab_over, over, "over_allocated", "Nobody logged more hours than their capacity in these weeks."),
):
    with tab:
        if people.empty:
            st.info(empty)
            continue
        if not people_lists:
            st.info(auth.AGGREGATES_ONLY)
            continue
        tables.capped_table(
            people, noun="people", file_name=f"{name}_{last_week:%Y-%m-%d}", key=f"util_download_{name}",
            export_frame=allocation.people_export, hide_index=True, placeholder="—", width="stretch", column_order=order,
            column_config=people_cols,
        )

# -- capacity vs demand -------------------------------------------------------------------
st.subheader("Capacity vs demand by role")
cd = cache.call(utilization.capacity_vs_demand, filters)
roles = utilization.roles_in(cd)
role = st.selectbox(
    "Role", ["All roles", *roles], key="util_cd_role", bind="query-params",
    help="Available = capacity net of leave; booked = hours logged on engagements (internal time is not demand).",
)
monthly = utilization.monthly_capacity_vs_demand(cd, None if role == "All roles" else role)
plot(lambda d: charts.capacity_vs_demand(d, role), monthly, "capacity_hours", "booked_hours",
     empty="No capacity or booked hours for this role in the period.")
st.dataframe(
    utilization.capacity_vs_demand_by(cd, ["role"]).sort_values("booked_share", ascending=False),
    hide_index=True,
    placeholder="—",
    width="stretch",
    column_config={
        "role": "Role",
        "capacity_hours": st.column_config.NumberColumn("Available (h)", format="%,.0f"),
        "booked_hours": st.column_config.NumberColumn("Booked (h)", format="%,.0f"),
        "gap_hours": st.column_config.NumberColumn(
            "Unbooked (h)", format="%,.0f", help="Available − booked; negative means more booked than available."
        ),
        "booked_share": st.column_config.ProgressColumn(
            "Booked share", format="percent", min_value=0.0, max_value=1.2, help="Booked ÷ available"
        ),
    },
)

# -- by worker type -----------------------------------------------------------------------
st.subheader("Employees vs contractors")
st.caption(
    "Are employees idle while contractors are billing? Per billable role, employees' capacity that was not "
    "billed (Σ capacity − Σ billable hours: internal work, or nothing logged) beside contractors' billable hours. "
    "Billable utilization below: billable roles only."
)
c = st.columns(4)
for i, t in enumerate(("employee", "contractor")):
    tt = utilization.period_totals(facts, t, non_billable)
    tile(c[2 * i], "billable_utilization_by_type", tt.utilization, label_values={"type": TYPE_LABELS[t]})
    tile(c[2 * i + 1], "allocation_by_type", tt.allocation, label_values={"type": TYPE_LABELS[t]})
plot(charts.unbilled_vs_contractors, utilization.unbilled_vs_contractor_hours(facts, non_billable),
     "employee_capacity_hours", "contractor_billable_hours",
     empty="No billable role has both employees and contractors to compare for these filters.")

download_report("utilization", PageInputs(bench_threshold=bench_threshold, bench_weeks=bench_weeks))
