"""Costs: what the organisation spends on employees and contractors, where, and per hour."""

import streamlit as st

from analytics import cache
from analytics.charts import costs as charts
from analytics.charts import overview as overview_charts
from analytics.metrics import budget_burn, costs, headlines
from analytics.metrics.privacy import suppressed_label
from analytics.metrics.reference import OEWS_SOURCE
from ui import format as fmt
from ui import state, tables
from ui.charts import plot
from ui.currency import missing_rates_warning
from ui.metrics import column, pay_tile, tile
from ui.report import PageInputs, download_report

filters, assumptions = state.filters(), state.assumptions()
st.title("Costs")
st.caption(
    f"Period {filters.start:%b %Y} – {filters.end:%b %Y} · **employees**: salary × {assumptions.salary_multiplier:.3f} "
    f"(benefits + payroll tax) + {fmt.money(assumptions.overhead_per_employee)} overhead a year, pro-rated by days "
    f"employed · **contractors**: hours × rate × {1 + assumptions.vendor_management_fee:.2f} (vendor-management fee), "
    "fixed-fee and milestone work what was invoiced"
    + (" (fixed fees spread over their engagement's dates)" if assumptions.spread_fixed_fees else " in the period")
    + " · assumptions editable in the sidebar."
)

missing_rates_warning(filters)
facts = cache.call(costs.period_facts, filters)
k = costs.cost_kpis(facts, assumptions)
if k.total_spend == 0:
    st.info(
        "No one was paid in this period for the selected filters, so there is no spend to show. "
        "Widen the period or clear a department, role or worker-type filter in the sidebar."
    )
    st.stop()


c = st.columns(4)
pay_tile(c[0], "total_spend", k.total_spend, k.employee_people + k.contractor_people)
pay_tile(c[1], "employee_spend", k.employee_spend, k.employee_people)
pay_tile(c[2], "contractor_spend", k.contractor_spend, k.contractor_people)
tile(c[3], "contractor_share", k.contractor_share)
c = st.columns(4)
pay_tile(c[0], "employee_cost_per_productive_hour", k.employee_cost_per_productive_hour, k.employee_people)
pay_tile(c[1], "contractor_cost_per_hour", k.contractor_cost_per_hour, k.contractor_people)
pay_tile(c[2], "employee_cost_per_billable_hour", k.employee_cost_per_billable_hour, k.employee_people)
pay_tile(c[3], "contractor_cost_per_billable_hour", k.contractor_cost_per_billable_hour, k.contractor_people)
note = fmt.rounding_note(k.total_spend, [k.employee_spend, k.contractor_spend])
if note:
    st.caption(note)

st.subheader("Spend by month")
monthly = cache.call(headlines.spend_by_month, filters, assumptions)
plot(overview_charts.spend_by_month, monthly, "spend",
     empty=f"Every month's spend is withheld here: {suppressed_label()}. Widen the filters to see it.")
if monthly["spend"].isna().any() and monthly["spend"].notna().any():
    st.caption(f"Blank bars: {suppressed_label()} — pay of very small groups is withheld.")

left, right = st.columns(2)
with left:
    st.subheader("By department")
    dept = costs.spend_by_department(facts, assumptions)
    plot(charts.spend_by_department, dept, "spend", empty=f"Every department's spend is withheld: {suppressed_label()}.")
    if dept["spend"].isna().any() and dept["spend"].notna().any():
        st.caption(f"Missing bars: {suppressed_label()}.")
with right:
    st.subheader("By vendor")
    top_n = st.slider(
        "Vendors shown", min_value=3, max_value=20, value=8, key="cost_top_vendors", bind="query-params",
        help="The largest vendors by contractor spend; the rest are summed as 'Other vendors'. Vendors with "
        "fewer contractors than the privacy minimum are always in 'Other'.",
    )
    vendors = costs.spend_by_vendor(facts, assumptions, top_n)
    if vendors.empty:
        st.info("No contractor spend in this period for the selected filters.")
    else:
        st.plotly_chart(charts.spend_by_vendor(vendors), width="stretch")

st.subheader("Cost per hour by role")
c = st.columns([3, 3, 2])
measure = c[0].segmented_control(
    "Measure", list(charts.MEASURES), default="cost_per_billable_hour", required=True,
    format_func={"cost_per_billable_hour": "Per billable hour", "cost_per_productive_hour": "Per productive hour"}.get,
    key="cost_measure", bind="query-params",
    help="Per billable hour counts only hours billed to engagements; per productive hour counts all paid working "
    "time (employees) or all logged hours (contractors).",
)
detail = c[1].segmented_control(
    "Rows", ["role", "role_seniority"], default="role", required=True,
    format_func={"role_seniority": "Role × seniority", "role": "Role"}.get, key="cost_rows", bind="query-params",
    help="Role alone pools seniorities, so fewer groups fall under the privacy minimum.",
)
per_billable = (measure or "cost_per_billable_hour") == "cost_per_billable_hour"
left_out = state.non_billable_roles() if per_billable else ()
by_role = costs.hourly_costs_by_role(facts, assumptions, detail == "role_seniority", left_out)
if left_out:
    st.caption(f"Per billable hour leaves out the non-billable roles ({', '.join(left_out)}): they are not meant to bill.")
plot(lambda d: charts.hourly_cost_by_role(d, measure or "cost_per_billable_hour"), by_role,
     measure or "cost_per_billable_hour",
     empty=f"No role's cost per hour can be shown: {suppressed_label()}, or no hours were logged. Try Rows: Role.")
st.caption(
    f"Black tick: the role's median wage ({OEWS_SOURCE}) — pay before benefits, overhead or agency margin. "
    + (
        f"Missing bars: {suppressed_label()}; rows with no bar at all are left out."
        if by_role[measure or "cost_per_billable_hour"].isna().any()
        else ""
    )
)

st.subheader("Drill-down")
table = costs.drill_down(facts, assumptions)
st.caption(
    f"{len(table):,} groups (department × role × seniority × worker type × vendor), largest spend first "
    "(groups whose pay is withheld last)."
)
tables.capped_table(
    table,
    noun="groups",
    file_name="staffing_lens_costs",
    key="cost_download",
    hide_index=True,
    width="stretch",
    height=420,
    placeholder="—",
    column_config={
        "department": "Department", "role": "Role", "seniority": "Seniority", "worker_type": "Type",
        "vendor": "Vendor",
        "people": st.column_config.NumberColumn("People", help="Distinct people paid in the period"),
        "spend": column("group_spend"),
        "hours": st.column_config.NumberColumn("Hours logged", format="%,.0f"),
        "billable_hours": st.column_config.NumberColumn("Billable hours", format="%,.0f"),
        "cost_per_productive_hour": column("group_cost_per_productive_hour"),
        "cost_per_billable_hour": column("group_cost_per_billable_hour"),
        "note": "Note",
    },
)

st.subheader("Budget burn")
burn = cache.call(budget_burn.table, filters, assumptions)
if burn.empty:
    st.info(
        "Budget burn counts contractor spend: include contractors in the worker-type filter to see it."
        if filters.worker_types and "contractor" not in filters.worker_types else
        "No engagement of the selected departments ran in this period with contractor hours or invoices."
    )
else:
    st.caption(
        "Each engagement running in the period: contractor spend from its start to the period's end — "
        "what its vendor invoiced for fixed-fee and milestone work, hours × rate × fee otherwise — against its budget. "
        "Department filter: the engagement's own; role filters do not narrow it."
    )
    drawn, drawn_caption = budget_burn.chart_rows(burn)
    plot(charts.budget_burn, drawn, "share_of_budget",
         empty="No engagement here has both a budget and spend that can be shown.")
    if drawn_caption:
        st.caption(drawn_caption)
    over = int(burn["over_budget"].sum())
    if over:
        st.caption(f"Red: {over} engagement{'s' if over != 1 else ''} over budget.")
    tables.capped_table(
        burn.assign(pricing_model=burn["pricing_model"].map(budget_burn.PRICING_LABELS)),
        noun="engagements", file_name="staffing_lens_budget_burn", key="burn_download", hide_index=True,
        width="stretch", placeholder="—",
        column_order=["name", "department", "vendor", "pricing_model", "budget", "spent", "share_of_budget",
                      "left", "over_by", "cost_per_hour", "hours", "note"],
        column_config={
            "name": "Engagement", "department": "Department", "vendor": "Vendor", "pricing_model": "Paid by",
            "budget": st.column_config.NumberColumn("Budget", format="$%,.0f"),
            "spent": st.column_config.NumberColumn("Spent so far", format="$%,.0f",
                                                   help="Contractor spend from the engagement's start to the period's end"),
            "share_of_budget": st.column_config.NumberColumn("Share of budget", format="percent"),
            "left": st.column_config.NumberColumn("Budget left", format="$%,.0f"),
            "cost_per_hour": st.column_config.NumberColumn(
                "Cost per hour", format="dollar", help="Spent so far ÷ the hours it pays for"),
            "over_by": st.column_config.NumberColumn("Over budget by", format="$%,.0f"),
            "hours": st.column_config.NumberColumn(
                "Hours paid for", format="%,.0f",
                help="Fixed fee and milestone: the vendor's people's hours; time and materials: every contractor's"),
            "note": "Note",
        },
    )

download_report("costs", PageInputs(top_vendors=top_n, cost_measure=measure or "cost_per_billable_hour",
                                    cost_by_seniority=detail == "role_seniority"))
