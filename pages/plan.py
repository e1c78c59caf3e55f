"""Plan: expected capacity against demand for the months ahead, each gap priced contract vs hire,
who rolls off, the projected bench, and saved plan versions compared side by side."""

import streamlit as st

from analytics import cache
from analytics.charts import plan as charts
from analytics.export import formatting
from analytics.export.safe_text import md_literal
from analytics.metrics import break_even
from analytics.plan import builder
from analytics.plan import capacity as plan
from analytics.plan import versions as plan_versions
from analytics.plan.settings import HORIZON_MAX, HORIZON_MIN, PlanSettings, edits_from_table
from analytics.store.schema import DEMAND_STATUSES, SENIORITY_LEVELS
from ui import auth, state
from ui import format as fmt
from ui import plan as plan_ui
from ui.charts import plot
from ui.metrics import tile


def _demand_editor(rows, version: str):
    """The demand rows as an editable table (rows may be added); its state is the open version's own."""
    return st.data_editor(
        rows, key=f"plan_demand_editor::{version}", num_rows="dynamic", hide_index=True, width="stretch",
        column_config={
            "demand_id": st.column_config.TextColumn("Demand id", required=True),
            "engagement_id": st.column_config.TextColumn("Engagement"),
            "department": st.column_config.TextColumn("Department", required=True),
            "role": st.column_config.TextColumn("Role", required=True),
            "seniority": st.column_config.SelectboxColumn("Seniority", options=list(SENIORITY_LEVELS), required=True),
            "hours_per_week": st.column_config.NumberColumn("Hours a week", format="%.0f"),
            "start_date": st.column_config.DateColumn("Start", format="YYYY-MM-DD"),
            "end_date": st.column_config.DateColumn("End", format="YYYY-MM-DD"),
            "probability": st.column_config.NumberColumn("Probability", format="%.2f",
                                                         help="0–1; counts only for tentative rows."),
            "status": st.column_config.SelectboxColumn("Status", options=list(DEMAND_STATUSES), required=True),
        },
    )


filters, a = state.filters(), state.assumptions()
ws = cache.workspace()

st.title("Plan")
if flash := st.session_state.pop("_plan_flash", None):
    st.success(flash, icon=":material/check_circle:")
with st.spinner("Reading the roster, leave, demand and the work in hand…"):
    inp = cache.call(plan.inputs, filters)
    medians = cache.call(break_even.pay_medians, filters)
if inp.as_of is None:
    st.info("There is no data to plan from yet: load a roster and timesheets on the Data page.")
    st.stop()

non_billable = state.non_billable_roles()


def plan_for(s: PlanSettings) -> builder.Plan:
    """The plan for settings `s`, cached by the filters, `s` and the non-billable roles that decide it."""
    return cache.derived(builder.build, (filters, s, non_billable), inp, s, medians, non_billable)


name, saved, names = plan_ui.open_version(ws)
base = saved or PlanSettings()
if saved is not None and (diff := plan_ui.assumption_differences(saved.assumptions, a)):
    st.info(md_literal("This version was saved with other cost assumptions (" + "; ".join(diff) + "). The figures "
                       "below use the sidebar's; saving again records them. The comparison uses each version's own."))

# -- settings ---------------------------------------------------------------------------------------
c = st.columns([2, 2, 3])
# the settings widgets are the open version's own (keys per version), so opening a version shows what it saved
horizon = c[0].slider("Horizon (months)", HORIZON_MIN, HORIZON_MAX, value=base.horizon_months, key=f"plan_horizon::{name}",
                      help="How many months ahead to plan, from the first month after the data ends.")
attrition_pct = c[1].number_input(
    "Employee attrition a year (%)", min_value=0.0, max_value=100.0, step=1.0, key=f"plan_attrition::{name}",
    value=None if base.annual_attrition is None else round(base.annual_attrition * 100, 4),
    placeholder=(f"{fmt.pct(inp.attrition_from_data)} from the data" if inp.attrition_from_data is not None
                 else "0% (none measured)"),
    help="The share of employees expected to leave in a year. Blank: 1 − the Kaplan–Meier 12-month retention of "
    "the employees in the data.",
)
months = plan.plan_months(inp.as_of, horizon)
c[2].caption(
    f"Data up to {inp.as_of:%d %b %Y}; the plan runs {months['first'].iloc[0]:%b %Y} – {months['last'].iloc[-1]:%b %Y}. "
    "Capacity: today's people until their end dates, leave at each role's rate of the last 12 months, employees "
    "thinned by attrition. Demand: confirmed work in full, tentative work × its probability."
)
settings = base.with_changes(horizon_months=horizon, assumptions=a,
                             annual_attrition=None if attrition_pct is None else attrition_pct / 100)

with st.expander("Demand: pipeline and open roles (edit to try a scenario)", icon=":material/edit_note:",
                 expanded=inp.demand.empty and not settings.demand_edits):
    if inp.demand.empty:
        st.caption("This workspace has no demand table, so the plan uses the work in hand only (active engagements "
                   "at their recent hours until their planned end). Add rows here, or upload demand.csv on the Data page.")
    table_rows = cache.derived(plan.editable_demand, (filters, settings), inp, settings)
    if len(table_rows) > plan.EDITABLE_ROWS:
        st.info(f"{len(table_rows):,} demand rows: too many to edit here. The plan uses them all; to change them, edit "
                f"demand.csv and upload it on the Data page. The first {plan.EDITABLE_ROWS:,} are shown.")
        st.dataframe(table_rows.head(plan.EDITABLE_ROWS), hide_index=True, width="stretch", key="plan_demand_rows")
    else:
        demand_edits, overrides = edits_from_table(inp.demand, _demand_editor(table_rows, name))
        settings = settings.with_changes(demand_edits=demand_edits, probability_overrides=overrides)
    st.caption("Changes here are part of the plan (and of a saved version); the workspace's demand table is not changed. "
               "Set a tentative row's probability to 0 to leave it out.")

with st.spinner("Pricing the gaps…"):
    p = plan_for(settings)
for problem in p.problems:
    st.warning(md_literal(problem), icon=":material/warning:")

# -- headline -------------------------------------------------------------------------------------
c = st.columns(6)
tile(c[0], "plan_peak_shortfall", None, shown=f"{p.peak_shortfall_fte:,.1f}")
tile(c[1], "plan_peak_bench", None, shown=f"{p.peak_bench_fte:,.1f}")
tile(c[2], "plan_fill_cost", p.total_cost)
tile(c[3], "plan_hires", p.hires)
tile(c[4], "plan_roll_offs", len(p.roll_offs))
tile(c[5], "plan_attrition", p.attrition, help=md_literal(p.attrition_source))

# -- capacity vs demand ---------------------------------------------------------------------------
st.subheader("Capacity against demand")
roles = sorted(p.gap["role"].unique())
role = st.selectbox("Role", ["All roles", *roles], key="plan_role",
                    help="The chart for one role, or every role in the plan added up.")
chart_rows = plan.gap_by_month(p.gap if role == "All roles" else p.gap[p.gap["role"] == role])
plot(charts.capacity_vs_demand, chart_rows, "capacity_hours", "demand_hours",
     empty="No capacity and no demand in these months for the filters chosen.")
st.markdown("**Gap by role and month** (FTE: red = short of people, blue = free capacity)")
plot(charts.gap_heatmap, p.gap, "gap_fte", empty="No roles to show for the filters chosen.")
with st.expander("Capacity, demand and gap by role and month (table)", icon=":material/table:"):
    st.dataframe(p.gap, hide_index=True, width="stretch", key="plan_gap_table", column_config={
        c_: st.column_config.NumberColumn(c_.replace("_", " ").capitalize(), format="%,.1f")
        for c_ in p.gap.columns if c_.endswith(("_hours", "_fte"))})

# -- pricing --------------------------------------------------------------------------------------
st.subheader("Filling the gaps: contract or hire?")
if p.pricing.empty:
    st.info("No role is short of people on expected demand in these months: nothing to fill.")
else:
    st.caption(
        "Each role's gap, from its first to its last month short, priced with the break-even engine for the role and "
        "the seniority most in demand: contracting = rate × hours with the vendor fee; hiring = recruiting, a "
        "contractor until the post is filled, ramp-up, then the fully loaded cost. Choose each role's fill in the Fill column.")
    fills = st.data_editor(
        p.pricing, key=f"plan_fills::{name}", hide_index=True, width="stretch",
        disabled=[c_ for c_ in p.pricing.columns if c_ != "fill"],
        column_order=["role", "seniority", "first_month", "last_month", "hours_per_week", "contract_cost",
                      "hire_cost", "recommendation", "saving", "fill", "break_even_month", "hires", "tentative_note"],
        column_config={
            "role": "Role", "seniority": "Seniority", "first_month": "Gap from", "last_month": "Gap to",
            "hours_per_week": st.column_config.NumberColumn("Hours a week short", format="%.1f"),
            "contract_cost": st.column_config.NumberColumn("Contract", format=formatting.money_format(0)),
            "hire_cost": st.column_config.NumberColumn("Hire", format=formatting.money_format(0)),
            "recommendation": "Cheaper", "saving": st.column_config.NumberColumn("Saving", format=formatting.money_format(0)),
            "break_even_month": st.column_config.NumberColumn("Hire breaks even (month)", format="%d"),
            "hires": st.column_config.NumberColumn("Hires", format="%d"),
            "tentative_note": "If tentative work does / does not come in",
            "fill": st.column_config.SelectboxColumn("Fill", options=["contract", "hire"], required=True),
        },
    )
    chosen = tuple(sorted((r, f) for r, f, rec in zip(fills["role"], fills["fill"], fills["recommendation"], strict=True)
                          if f != rec))
    if chosen != settings.fills:
        settings = settings.with_changes(fills=chosen)
        p = plan_for(settings)
    st.caption(f"Cost of the chosen fills: **{fmt.money(p.total_cost)}** over the gaps; {p.hires} hires.")

# -- roll-offs and bench ---------------------------------------------------------------------------
left, right = st.columns(2)
with left:
    st.subheader("Rolling off")
    if p.roll_offs.empty:
        st.info("No one's contract or employment ends in these months.")
    elif not state.access().people_lists:  # aggregates only (executive)
        st.info(f"{fmt.number(len(p.roll_offs))} people roll off in these months. {auth.AGGREGATES_ONLY}")
    else:
        st.dataframe(p.roll_offs, hide_index=True, width="stretch", key="plan_roll_offs", column_config={
            "end_date": st.column_config.DateColumn("Ends"), "why": "Why", "full_name": "Name",
            "worker_type": "Type", "role": "Role", "department": "Department",
            "weekly_capacity_hours": st.column_config.NumberColumn("Hours a week", format="%.0f")})
with right:
    st.subheader("Projected bench and shortfall")
    st.dataframe(p.by_month[["month", "shortfall_fte", "bench_fte"]], hide_index=True, width="stretch",
                 key="plan_bench", column_config={
                     "month": "Month", "shortfall_fte": st.column_config.NumberColumn("Short (FTE)", format="%.1f"),
                     "bench_fte": st.column_config.NumberColumn("Free capacity (FTE)", format="%.1f")})

# -- versions -------------------------------------------------------------------------------------
st.subheader("Plan versions")
plan_ui.save_box(ws, name, settings)
if len(names) >= 2:
    c = st.columns(2)
    va = c[0].selectbox("Compare", names, index=1, key="plan_compare_a")  # the older of the newest two …
    vb = c[1].selectbox("with", names, index=0, key="plan_compare_b")  # … with the newest
    sa, sb = plan_versions.load(ws, va), plan_versions.load(ws, vb)
    plan_ui.comparison(va, vb, plan_for(sa), plan_for(sb))
else:
    st.caption("Save two versions to compare them side by side.")
