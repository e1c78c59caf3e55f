"""Costs: what the organisation spends on employees and contractors, where, and per hour."""

import streamlit as st

from analytics import cache, costs, overview
from analytics.charts import costs as charts
from analytics.charts import overview as overview_charts
from analytics.privacy import suppressed_label
from analytics.reference import OEWS_SOURCE
from ui import format as fmt
from ui import state, tables

filters, assumptions = state.filters(), state.assumptions()
st.title("Costs")
st.caption(
    f"Period {filters.start:%b %Y} – {filters.end:%b %Y} · **employees**: salary × {assumptions.salary_multiplier:.3f} "
    f"(benefits + payroll tax) + {fmt.money(assumptions.overhead_per_employee)} overhead a year, pro-rated by days "
    f"employed · **contractors**: hours × rate × {1 + assumptions.vendor_management_fee:.2f} (vendor-management fee) · "
    "assumptions editable in the sidebar."
)

facts = cache.call(costs.period_facts, filters)
k = costs.cost_kpis(facts, assumptions)
if k.total_spend == 0:
    st.info(
        "No one was paid in this period for the selected filters, so there is no spend to show. "
        "Widen the period or clear a department, role or worker-type filter in the sidebar."
    )
    st.stop()


def _pay(v, f=fmt.money):
    return f(v) if v is not None else suppressed_label()


c = st.columns(4)
c[0].metric("Total spend", _pay(k.total_spend), help="Employee plus contractor spend in the period.")
c[1].metric("Employee spend", _pay(k.employee_spend), help="Fully loaded cost, pro-rated by days employed.")
c[2].metric("Contractor spend", _pay(k.contractor_spend), help="Hours logged × rate × (1 + vendor-management fee).")
c[3].metric("Contractor share of spend", fmt.pct(k.contractor_share), help="Contractor spend ÷ total spend.")
c = st.columns(4)
c[0].metric(
    "Employee cost / productive hour", _pay(k.employee_cost_per_productive_hour, fmt.money_per_hour),
    help="Employee spend ÷ productive hours (person-years employed × productive hours per year: paid time "
    "minus leave and holidays).",
)
c[1].metric(
    "Contractor cost / hour", _pay(k.contractor_cost_per_hour, fmt.money_per_hour),
    help="Contractor spend ÷ hours logged (contractors are paid only for hours worked).",
)
c[2].metric(
    "Employee cost / billable hour", _pay(k.employee_cost_per_billable_hour, fmt.money_per_hour),
    help="Employee spend ÷ billable hours. Idle or internal time still costs money, so this is the honest "
    "comparison with contractors.",
)
c[3].metric(
    "Contractor cost / billable hour", _pay(k.contractor_cost_per_billable_hour, fmt.money_per_hour),
    help="Contractor spend ÷ billable hours (non-billable contractor hours are paid too).",
)

st.subheader("Spend by month")
monthly = cache.call(overview.spend_by_month, filters, assumptions)
st.plotly_chart(overview_charts.spend_by_month(monthly), width="stretch")
if monthly["spend"].isna().any():
    st.caption(f"Blank bars: {suppressed_label()} — pay of very small groups is withheld.")

left, right = st.columns(2)
with left:
    st.subheader("By department")
    dept = costs.spend_by_department(facts, assumptions)
    st.plotly_chart(charts.spend_by_department(dept), width="stretch")
    if dept["spend"].isna().any():
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
by_role = costs.hourly_costs_by_role(facts, assumptions, detail == "role_seniority")
st.plotly_chart(charts.hourly_cost_by_role(by_role, measure or "cost_per_billable_hour"), width="stretch")
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
        "spend": st.column_config.NumberColumn("Spend", format="$%,.0f"),
        "hours": st.column_config.NumberColumn("Hours logged", format="%,.0f"),
        "billable_hours": st.column_config.NumberColumn("Billable hours", format="%,.0f"),
        "cost_per_productive_hour": st.column_config.NumberColumn("$/productive h", format="dollar"),
        "cost_per_billable_hour": st.column_config.NumberColumn("$/billable h", format="dollar"),
        "note": "Note",
    },
)
