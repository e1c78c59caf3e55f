"""Break-even & scenarios: contract or hire for a need, who to convert, how sure we can be."""

import streamlit as st

from analytics import cache
from analytics.charts import costs as charts
from analytics.export import formatting
from analytics.export.safe_text import md_literal
from analytics.metrics import break_even, costs, headlines, scenarios
from analytics.store.schema import SENIORITY_LEVELS
from ui import auth, state, tables
from ui import format as fmt
from ui.currency import missing_rates_warning
from ui.metrics import pay_tile, tile
from ui.report import Calculator, PageInputs, download_report

filters, a = state.filters(), state.assumptions()


st.title("Break-even & scenarios")
st.caption(
    f"Cost assumptions from the sidebar: salary × {a.salary_multiplier:.3f} + {fmt.money(a.overhead_per_employee)} "
    f"overhead, {a.productive_hours_per_year:,.0f} productive hours a year, recruiting {fmt.money(a.recruiting_cost)}, "
    f"{a.time_to_fill_days:.0f} days to fill, {a.ramp_up_weeks:.0f} weeks ramp-up at {a.ramp_up_productivity:.0%}, "
    f"vendor-management fee {a.vendor_management_fee:.1%}."
)

missing_rates_warning(filters)
# -- 1. calculator ---------------------------------------------------------------------------------
st.subheader("Contract or hire? Break-even calculator")
medians = cache.call(break_even.pay_medians, filters)
roles = break_even.roles(medians)
c = st.columns(4)
role = c[0].selectbox("Role", roles, key="be_role", bind="query-params")
seniority = c[1].selectbox("Seniority", SENIORITY_LEVELS, index=1, key="be_seniority", bind="query-params")
hours = c[2].number_input(
    "Hours per week needed", min_value=1.0, max_value=400.0, value=40.0, step=1.0, format="%.0f", key="be_hours",
    bind="query-params", help="Productive hours of work needed each week (more than one person's worth is fine).",
)
months = int(c[3].number_input(
    "Duration (months)", min_value=1, max_value=120, value=24, step=1, key="be_months", bind="query-params",
    help="How long the need lasts; the chart runs to this month.",
))
salary_side = break_even.pay_side(medians, role, seniority, "employee")
rate_side = break_even.pay_side(medians, role, seniority, "contractor")
pay_row = st.container()  # the pay boxes sit here, above the like-with-like warning drawn first below
sources = st.container()
like_with_like = break_even.like_for_like_warning(salary_side, rate_side)
salary_fallback = rate_fallback = None
if like_with_like:
    st.warning(md_literal(like_with_like), icon=":material/warning:")
    c = st.columns(2)
    if salary_side.short and salary_side.fallbacks:
        salary_fallback = c[0].radio(
            "Fallback salary", list(salary_side.fallbacks), key="be_salary_fallback", bind="query-params",
            horizontal=True, help="Too few employees at this seniority for a like-for-like salary: choose what to use.",
        )
    if rate_side.short and rate_side.fallbacks:
        rate_fallback = c[1].radio(
            "Fallback contractor rate", list(rate_side.fallbacks), key="be_rate_fallback", bind="query-params",
            horizontal=True, help="Too few contractors at this seniority for a like-for-like rate: choose what to use.",
        )
salary_default = break_even.pay_used(salary_side, salary_fallback)
rate_default = break_even.pay_used(rate_side, rate_fallback)
c = pay_row.columns(2)
typed_salary = c[0].number_input(
    formatting.in_currency("Employee annual salary ($)"), min_value=0.0, value=None, step=1000.0, format="%.0f", key="be_salary",
    bind="query-params",
    placeholder=(f"{fmt.money(salary_default.value)} ({'fallback below' if salary_side.short else 'from the data'})"
                 if salary_default.value else "type a salary"),
    help="Leave blank to use the value from the data (shown greyed). The fully loaded cost adds benefits, payroll "
    "tax and overhead from the sidebar.",
)
typed_rate = c[1].number_input(
    formatting.in_currency("Contractor hourly rate ($/h)"), min_value=0.0, value=None, step=1.0, format="%.2f", key="be_rate",
    bind="query-params",
    placeholder=(f"{fmt.money(rate_default.value, 2)}/h ({'fallback below' if rate_side.short else 'from the data'})"
                 if rate_default.value else "type a rate"),
    help="What the organisation pays per hour, agency margin included; leave blank to use the value from the data. "
    "The vendor-management fee is added on top.",
)
salary = typed_salary if typed_salary is not None else salary_default.value
rate = typed_rate if typed_rate is not None else rate_default.value
salary_note = "typed" if typed_salary is not None else salary_default.source
rate_note = "typed" if typed_rate is not None else rate_default.source
sources.caption(
    f"Salary: {md_literal(salary_note)}. Contractor rate: {md_literal(rate_note)}. Clear a box to go back to the data."
)

if not salary or not rate:
    st.info("Type a salary and a contractor rate: the data has no figures for this role to start from.")
    need = None
else:
    need = break_even.Need(hours_per_week=hours, months=months, salary=salary, contractor_rate=rate)
    result = break_even.break_even(need, a)
    curve = break_even.cumulative_costs(need, a)
    if result.crossover_month is not None:
        st.success(break_even.verdict(result, months), icon=":material/check_circle:")
    else:
        st.warning(break_even.verdict(result, months), icon=":material/info:")
    chart, tiles = st.columns([3, 1], vertical_alignment="center")
    chart.plotly_chart(charts.cumulative_cost(curve, result.crossover_month), width="stretch")
    tile(tiles, "break_even_month", result.crossover_month, shown=None if result.crossover_month else "none")
    tile(tiles, "saving_from_hiring", result.saving_from_hiring)
    tile(tiles, "contracting_cumulative", result.contracting, label_values={"months": months})
    tile(tiles, "hiring_cumulative", result.hiring, label_values={"months": months})
    c = st.columns(4)
    tile(c[0], "hire_cost_per_productive_hour", result.employee_cost_per_hour)
    tile(c[1], "contractor_cost_per_hour_with_fee", result.contractor_cost_per_hour)
    tile(c[2], "salary_used", salary, help=salary_note)
    tile(c[3], "rate_used", rate, help=rate_note)
    st.caption(
        "Hiring = recruiting up front + a contractor until the post is filled + the employee's fully loaded cost "
        "from the hire, with a contractor still covering what a new hire cannot yet do during ramp-up."
    )
    with st.expander("How hiring's cost is counted", icon=":material/help:"):
        st.markdown(
            f"""
- **Contracting**: a contractor covers all {hours:,.0f} hours a week at {fmt.money_per_hour(result.contractor_cost_per_hour)}.
- **Hiring**: the recruiting cost ({fmt.money(a.recruiting_cost)}) is paid up front. While the post is being
  filled ({a.time_to_fill_days:.0f} days) a contractor covers the work. From the hire, the employee costs
  {fmt.money_per_hour(result.employee_cost_per_hour)} per hour of the need (fully loaded cost ÷ productive hours, so
  leave and holidays are paid for). For the first {a.ramp_up_weeks:.0f} weeks the new hire delivers
  {a.ramp_up_productivity:.0%} of the work and a contractor still covers the rest.
- A month is 365/12 days; periods ending mid-month are pro-rated. Hover the hiring line for its parts.
"""
        )

# -- 2. convert-to-hire ----------------------------------------------------------------------------
st.subheader("Convert to hire")
horizon = cache.call(headlines.data_horizon)
as_of = headlines.as_of_date(filters, horizon)
conversion = cache.call(scenarios.conversion_as_of, filters, as_of, a, medians)  # the medians the calculator read
cands = scenarios.convert_candidates(conversion)
st.caption(
    f"Contractors active on {as_of:%d %b %Y} who are past the {a.tenure_limit_months:.0f}-month tenure limit or cost "
    "more a year than an employee doing the same hours. Annual hours = hours logged in the last 52 weeks (scaled up "
    "for newer contractors); the equivalent employee is paid the median salary of the role and seniority in the data "
    "(else the role's, else the BLS OEWS median), fully loaded. "
    f"Assumptions used: salary × {a.salary_multiplier:.3f} + {fmt.money(a.overhead_per_employee)} overhead, "
    f"{a.productive_hours_per_year:,.0f} productive hours a year, vendor-management fee {a.vendor_management_fee:.1%}, "
    f"recruiting {fmt.money(a.recruiting_cost)} per conversion. Largest yearly saving first. Contractors with fewer "
    f"than {scenarios.MIN_TIMESHEET_WEEKS} weeks of timesheets are left out: too new to judge."
)
too_new = scenarios.too_new_to_judge(conversion)
if too_new:
    st.caption(
        f"{fmt.number(too_new)} {'contractor' if too_new == 1 else 'contractors'} who would otherwise be listed "
        f"{'has' if too_new == 1 else 'have'} fewer than {scenarios.MIN_TIMESHEET_WEEKS} weeks of timesheets: "
        "too new to judge, left out."
    )
if cands.empty:
    st.info("No current contractor with enough timesheets is past the tenure limit or costs more than an equivalent "
            "employee, for the selected filters.")
else:
    tot = scenarios.conversion_totals(cands, a)
    c = st.columns(4)
    tile(c[0], "convert_listed", tot.people)
    if not state.access().people_lists:  # aggregates only: a total over one or two people is their pay
        pay_tile(c[1], "convert_annual_cost", tot.contractor_annual_cost, tot.people)
        pay_tile(c[2], "convert_yearly_saving", tot.yearly_saving, tot.people)
        pay_tile(c[3], "convert_first_year_saving", tot.first_year_saving, tot.people,
                 help=f"Here {fmt.money(a.recruiting_cost)} per conversion.")
        st.info(auth.AGGREGATES_ONLY)
    else:
        tile(c[1], "convert_annual_cost", tot.contractor_annual_cost)
        tile(c[2], "convert_yearly_saving", tot.yearly_saving)
        tile(c[3], "convert_first_year_saving", tot.first_year_saving,
             help=f"Here {fmt.money(a.recruiting_cost)} per conversion.")
        tables.capped_table(
            cands,
            noun="contractors",
            file_name="convert_to_hire",
            key="be_convert_download",
            hide_index=True,
            width="stretch",
            height=min(420, 38 + 35 * min(len(cands), tables.SHOWN_ROWS)),
            column_order=[  # name, role, saving and reason first: in view on a laptop without scrolling
                "full_name", "role", "yearly_saving", "reason", "seniority", "tenure_months", "hourly_rate", "annual_hours",
                "contractor_annual_cost", "equivalent_salary", "employee_annual_cost", "salary_source", "department",
                "vendor",
            ],
            column_config={
                # whole dollars on screen (step=1); the rate keeps its cents, a per-hour figure
                "full_name": st.column_config.TextColumn("Name", pinned=True),
                "role": st.column_config.TextColumn("Role", width=270),
                "yearly_saving": st.column_config.NumberColumn(
                    "Yearly saving", format=formatting.money_format(2), step=1,
                    help="Contractor cost a year − equivalent employee's; negative: the contractor is cheaper",
                ),
                "reason": st.column_config.TextColumn("Why listed", width=330),
                "department": "Department", "seniority": "Seniority", "vendor": "Vendor",
                "tenure_months": st.column_config.NumberColumn("Tenure (months)", format="%.1f"),
                "hourly_rate": st.column_config.NumberColumn(formatting.in_currency("Rate ($/h)"), format=formatting.money_format(2)),
                "annual_hours": st.column_config.NumberColumn("Annual hours", format="%,.0f"),
                "contractor_annual_cost": st.column_config.NumberColumn("Contractor cost/yr", format=formatting.money_format(2), step=1),
                "equivalent_salary": st.column_config.NumberColumn(
                    "Equivalent salary", format=formatting.money_format(2), step=1, help="Median salary used for the equivalent employee"
                ),
                "employee_annual_cost": st.column_config.NumberColumn(
                    "Employee cost/yr", format=formatting.money_format(2), step=1, help="Fully loaded, for the same annual hours"
                ),
                "salary_source": st.column_config.TextColumn(
                    "Salary basis", help="Same role and seniority when the data has enough employees, else the role's "
                    "median over all seniorities, else the BLS OEWS median"
                ),
            },
        )

# -- 3. sensitivity -------------------------------------------------------------------------------
SAVING_HELP = "Cost of contracting minus cost of hiring at the chosen duration; negative: contracting is cheaper"
st.subheader("Sensitivity")
if need is None:
    st.info("The sensitivity analysis varies the calculator's case: enter a salary and a rate above.")
else:
    sens = scenarios.sensitivity(need, a)
    st.caption(
        f"The calculator's case ({role}, {seniority}, {hours:,.0f} h/week, {months} months) with each input 20% lower "
        "and 20% higher, the others held. Bars show the saving from hiring at the chosen duration; the widest bars are "
        "the assumptions worth getting right. The tenure limit and utilization target do not enter the break-even."
    )
    st.plotly_chart(charts.tornado(sens, sens.attrs["base_saving"], months), width="stretch")
    shown = sens.assign(  # "−$141,703", as on the tiles (a number column would read "$-141,703")
        saving_low_text=sens["saving_low"].map(fmt.money), saving_high_text=sens["saving_high"].map(fmt.money)
    )
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        height=38 + 35 * len(sens),
        placeholder="none",
        column_order=["label", "low_text", "crossover_low", "saving_low_text", "high_text", "crossover_high",
                      "saving_high_text"],
        column_config={
            "label": "Input",
            "low_text": "−20% value",
            "crossover_low": st.column_config.NumberColumn("Break-even (−20%)", format="%d",
                                                           help="Break-even month; none = not within 10 years"),
            "saving_low_text": st.column_config.TextColumn("Saving from hiring (−20%)", help=SAVING_HELP, alignment="right"),
            "high_text": "+20% value",
            "crossover_high": st.column_config.NumberColumn("Break-even (+20%)", format="%d",
                                                            help="Break-even month; none = not within 10 years"),
            "saving_high_text": st.column_config.TextColumn("Saving from hiring (+20%)", help=SAVING_HELP, alignment="right"),
        },
    )

# -- 4. what-if ------------------------------------------------------------------------------------
st.subheader("What if we convert long-running contractors?")
c = st.columns(2)
dept = c[0].selectbox(
    "Department", scenarios.what_if_departments(filters, horizon.departments), key="wi_department",
    bind="query-params", help="Only the departments the sidebar's filter allows.",
)
department = scenarios.what_if_department(dept)
share = c[1].slider(
    "Share of long-running contractors converted (%)", min_value=0, max_value=100, value=50, step=5,
    key="wi_share", bind="query-params",
    help=f"Long-running = past the {a.tenure_limit_months:.0f}-month tenure limit on {as_of:%d %b %Y}. The ones with "
    "the largest yearly saving are converted first.",
)
wi = scenarios.what_if_conversion(
    conversion, cache.call(costs.period_facts, filters), a, filters.days, department, share / 100,
)
if wi.long_running == 0:
    hidden = cache.call(scenarios.past_limit_hidden_by_filters, filters, as_of, a.tenure_limit_months, department)
    st.info(md_literal(scenarios.nobody_past_limit_message(hidden, department, a.tenure_limit_months, as_of)))
else:
    c = st.columns(4)
    tile(c[0], "what_if_converted", None, shown=f"{wi.converted} of {wi.long_running}")
    tile(
        c[1], "what_if_annual_change", wi.annual_change,
        delta=None if wi.change_share is None else f"{wi.change_share * 100:+.1f}% of annual spend",
        delta_color="inverse",
    )
    tile(c[2], "what_if_recruiting", wi.one_off_recruiting, help=f"Here {fmt.money(a.recruiting_cost)} per conversion.")
    tile(c[3], "what_if_contractor_cost", wi.contractor_annual_cost)

download_report("break_even", PageInputs(
    calculator=Calculator(role, seniority, hours, months, typed_salary, typed_rate, salary_fallback, rate_fallback),
    what_if_department=dept, what_if_share=share / 100,
))
