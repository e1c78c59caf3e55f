"""Overview: the contract-or-hire picture at a glance."""

import streamlit as st

from analytics import cache, overview
from analytics.charts import overview as charts
from analytics.privacy import suppressed_label
from ui import format as fmt
from ui import state

filters, assumptions = state.filters(), state.assumptions()
st.title("Overview")
k = cache.call(overview.kpis, filters, assumptions)
st.caption(
    f"Period {filters.start:%b %Y} – {filters.end:%b %Y} · headcount as of {k.as_of:%d %b %Y} · "
    "cost assumptions from the sidebar."
)


def _pay(v, money):
    return money(v) if v is not None else suppressed_label()


c = st.columns(4)
c[0].metric("Employees", fmt.number(k.headcount["employee"]), help="Employees active on the as-of date.")
c[1].metric("Contractors", fmt.number(k.headcount["contractor"]), help="Contractors active on the as-of date.")
c[2].metric(
    "Employee spend",
    _pay(k.spend["employee"], fmt.money),
    help="Fully loaded cost (salary × (1 + benefits + payroll tax) + overhead), pro-rated by days employed.",
)
c[3].metric(
    "Contractor spend",
    _pay(k.spend["contractor"], fmt.money),
    help="Hours logged × hourly rate × (1 + vendor-management fee).",
)
c = st.columns(4)
c[0].metric(
    "Employee cost / productive hour",
    _pay(k.employee_cost_per_hour, fmt.money_per_hour),
    help="Employee spend in the period ÷ productive hours (person-years employed × productive hours per year, default 1,860).",
)
c[1].metric(
    "Contractor cost / hour",
    _pay(k.contractor_cost_per_hour, fmt.money_per_hour),
    help="Contractor spend in the period ÷ contractor hours logged (rate incl. vendor-management fee).",
)
util = k.billable_utilization
c[2].metric(
    "Billable utilization",
    fmt.pct(util),
    delta=None if util is None else f"{(util - assumptions.target_utilization) * 100:+.1f} pts vs target",
    delta_color="off" if util is None else "normal",
    help="Σ billable hours ÷ Σ capacity (weekly capacity net of leave and holidays).",
)
c[3].metric(
    "Engagements in progress",
    fmt.number(k.engagements_in_progress),
    help="Started, not cancelled, and running at some point in the period.",
)

st.subheader("Spend by month")
monthly = cache.call(overview.spend_by_month, filters, assumptions)
if monthly.empty:
    st.info("No spend in this period for the selected filters. Widen the period or clear a filter.")
else:
    st.plotly_chart(charts.spend_by_month(monthly), width="stretch")
    if monthly["spend"].isna().any():
        st.caption(f"Blank bars: {suppressed_label()} — pay of very small groups is withheld.")

st.subheader("Contractor or employee: the figures")
st.caption("The two relationships side by side, each cell filled from the filtered data.")
st.table(cache.call(overview.comparison_table, filters, assumptions).set_index("Aspect"))
