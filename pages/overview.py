"""Overview: the contract-or-hire picture at a glance."""

import streamlit as st

from analytics import cache
from analytics.charts import overview as charts
from analytics.metrics import headlines
from analytics.metrics.privacy import suppressed_label
from ui import state
from ui.charts import plot
from ui.currency import missing_rates_warning
from ui.metrics import pay_tile, tile
from ui.report import download_board_pack, download_report

filters, assumptions = state.filters(), state.assumptions()
st.title("Overview")
missing_rates_warning(filters)
non_billable = state.non_billable_roles()
k, comparison = cache.call(headlines.page, filters, assumptions, non_billable)
st.caption(
    f"Period {filters.start:%b %Y} – {filters.end:%b %Y} · headcount as of {k.as_of:%d %b %Y} · "
    "cost assumptions from the sidebar."
)


c = st.columns(4)
tile(c[0], "employees_active", k.headcount["employee"])
tile(c[1], "contractors_active", k.headcount["contractor"])
pay_tile(c[2], "employee_spend", k.cost.employee_spend, k.cost.employee_people)
pay_tile(c[3], "contractor_spend", k.cost.contractor_spend, k.cost.contractor_people)
c = st.columns(4)
pay_tile(c[0], "employee_cost_per_productive_hour", k.cost.employee_cost_per_productive_hour, k.cost.employee_people)
pay_tile(c[1], "contractor_cost_per_hour", k.cost.contractor_cost_per_hour, k.cost.contractor_people)
util = k.billable_utilization
tile(
    c[2], "billable_utilization", util,
    delta=None if util is None else f"{(util - assumptions.target_utilization) * 100:+.1f} pts vs target",
    delta_color="off" if util is None else "normal",
)
tile(c[3], "engagements_active", k.engagements_active)
st.caption(
    "Cost per hour here is the period's average (Σ spend ÷ Σ hours, every person in the period); the table below "
    "quotes the median person's pay."
)

st.subheader("Spend by month")
monthly = cache.call(headlines.spend_by_month, filters, assumptions)
if monthly.empty:
    st.info("No spend in this period for the selected filters. Widen the period or clear a filter.")
else:
    plot(charts.spend_by_month, monthly, "spend",
         empty=f"Every month's spend is withheld here: {suppressed_label()}. Widen the filters to see it.")
    if monthly["spend"].isna().any() and monthly["spend"].notna().any():
        st.caption(f"Blank bars: {suppressed_label()} — pay of very small groups is withheld.")

st.subheader("Contractor or employee: the figures")
st.caption("The two relationships side by side, each cell filled from the filtered data.")
st.table(comparison.set_index("Aspect"))

download_report("overview")
download_board_pack()
