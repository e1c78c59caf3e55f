"""The money pages' report sections — Overview, Costs, Break-even & scenarios — gathered from the same
analytics functions, in the same order and with the same inputs as the pages (pages/*.py)."""

from __future__ import annotations

import pandas as pd

from analytics.charts import costs as cost_charts
from analytics.charts import overview as overview_charts
from analytics.export import formatting
from analytics.metrics import break_even, budget_burn, costs, headlines, scenarios
from analytics.metrics.privacy import suppressed_label
from analytics.report.blocks import (
    Column,
    as_money,
    as_money_cents,
    as_number,
    as_pct,
    as_text,
    chart,
    period_text,
    table,
)
from analytics.report.model import PAGES, Block, Chart, ReportRequest, Section, pay_tile, tile
from analytics.store.db import Workspace
from analytics.store.schema import SENIORITY_LEVELS


# -- Overview (pages/overview.py) ---------------------------------------------------------------
def overview_section(ws: Workspace, req: ReportRequest) -> Section:
    f, a, nb = req.filters, req.assumptions, req.non_billable_roles
    k = headlines.kpis(ws, f, a, nb)
    util = k.billable_utilization
    tiles = [
        tile("employees_active", k.headcount["employee"]),
        tile("contractors_active", k.headcount["contractor"]),
        pay_tile("employee_spend", k.cost.employee_spend, k.cost.employee_people),
        pay_tile("contractor_spend", k.cost.contractor_spend, k.cost.contractor_people),
        pay_tile("employee_cost_per_productive_hour", k.cost.employee_cost_per_productive_hour, k.cost.employee_people),
        pay_tile("contractor_cost_per_hour", k.cost.contractor_cost_per_hour, k.cost.contractor_people),
        tile("billable_utilization", util,
             delta=None if util is None else f"{(util - a.target_utilization) * 100:+.1f} pts vs target"),
        tile("engagements_active", k.engagements_active),
    ]
    head = Block(None, tiles, notes=[
        "Cost per hour here is the period's average (Σ spend ÷ Σ hours, every person in the period); the table "
        "below quotes the median person's pay."
    ])
    monthly = headlines.spend_by_month(ws, f, a)
    spend = Block("Spend by month")
    if monthly.empty:
        spend.notes.append("No spend in this period for the selected filters.")
    else:
        spend.charts.append(chart(
            "Spend by month", overview_charts.spend_by_month, monthly, "spend",
            empty=f"Every month's spend is withheld here: {suppressed_label()}.",
        ))
    comparison = headlines.comparison_table(ws, f, a, nb)
    comp = Block("Contractor or employee: the figures", tables=[table(
        "The two relationships side by side", comparison,
        [(c, c, as_text) for c in comparison.columns], noun="aspects", rows=len(comparison),
    )])
    intro = f"Period {period_text(req)} · headcount as of {k.as_of:%d %b %Y}."
    return Section("overview", PAGES["overview"], intro, [head, spend, comp])


# -- Costs (pages/costs.py) ---------------------------------------------------------------------
DRILL_DOWN_COLUMNS: list[Column] = [
    ("department", "Department", as_text), ("role", "Role", as_text), ("seniority", "Seniority", as_text),
    ("worker_type", "Type", as_text), ("vendor", "Vendor", as_text), ("people", "People", as_number()),
    ("spend", "Spend", as_money), ("hours", "Hours logged", as_number()), ("billable_hours", "Billable hours", as_number()),
    ("cost_per_productive_hour", "$/productive h", as_money_cents), ("cost_per_billable_hour", "$/billable h", as_money_cents),
    ("note", "Note", as_text),
]


BURN_COLUMNS: list[Column] = [
    ("name", "Engagement", as_text), ("department", "Department", as_text), ("vendor", "Vendor", as_text),
    ("pricing_model", "Paid by", as_text), ("budget", "Budget", as_money), ("spent", "Spent so far", as_money),
    ("share_of_budget", "Share of budget", as_pct()), ("left", "Budget left", as_money),
    ("over_by", "Over budget by", as_money), ("cost_per_hour", "Cost per hour", as_money_cents),
    ("note", "Note", as_text),
]


def burn_block(ws: Workspace, req: ReportRequest) -> Block:
    """Budget burn as the Costs page shows it (pages/costs.py)."""
    burn = budget_burn.table(ws, req.filters, req.assumptions)
    block = Block("Budget burn")
    if burn.empty:
        block.notes.append("No engagement of the selected departments ran in this period with contractor hours or "
                           "invoices.")
        return block
    drawn, drawn_caption = budget_burn.chart_rows(burn)
    block.charts.append(chart("Contractor spend so far, share of budget", cost_charts.budget_burn, drawn,
                              "share_of_budget", empty="No engagement here has both a budget and spend to show."))
    if drawn_caption:
        block.notes.append(drawn_caption.replace("the table below", "the table"))
    shown = burn.assign(pricing_model=burn["pricing_model"].map(budget_burn.PRICING_LABELS))
    block.tables.append(table("Each engagement running in the period: contractor spend from its start to the "
                              "period's end against its budget, largest share first", shown, BURN_COLUMNS,
                              noun="engagements"))
    return block


def costs_section(ws: Workspace, req: ReportRequest) -> Section:
    f, a, inputs = req.filters, req.assumptions, req.inputs
    intro = (
        f"Period {period_text(req)} · employees: salary × {a.salary_multiplier:.3f} (benefits + payroll tax) + "
        f"{formatting.money(a.overhead_per_employee)} overhead a year, pro-rated by days employed · contractors: "
        f"hours × rate × {1 + a.vendor_management_fee:.2f} (vendor-management fee), fixed-fee and milestone work "
        "what was invoiced" + (" (fixed fees spread over their engagement's dates)." if a.spread_fixed_fees
                               else " in the period.")
    )
    facts = costs.period_facts(ws, f)
    k = costs.cost_kpis(facts, a)
    if k.total_spend == 0:
        return Section("costs", PAGES["costs"], intro, [Block(None, notes=[
            "No one was paid in this period for the selected filters, so there is no spend to show."
        ])])
    tiles = [
        pay_tile("total_spend", k.total_spend, k.employee_people + k.contractor_people),
        pay_tile("employee_spend", k.employee_spend, k.employee_people),
        pay_tile("contractor_spend", k.contractor_spend, k.contractor_people),
        tile("contractor_share", k.contractor_share),
        pay_tile("employee_cost_per_productive_hour", k.employee_cost_per_productive_hour, k.employee_people),
        pay_tile("contractor_cost_per_hour", k.contractor_cost_per_hour, k.contractor_people),
        pay_tile("employee_cost_per_billable_hour", k.employee_cost_per_billable_hour, k.employee_people),
        pay_tile("contractor_cost_per_billable_hour", k.contractor_cost_per_billable_hour, k.contractor_people),
    ]
    note = formatting.rounding_note(k.total_spend, [k.employee_spend, k.contractor_spend])
    head = Block(None, tiles, notes=[note] if note else [])
    monthly = headlines.spend_by_month(ws, f, a)
    dept = costs.spend_by_department(facts, a)
    vendors = costs.spend_by_vendor(facts, a, inputs.top_vendors)
    measure = inputs.cost_measure
    by_role = costs.hourly_costs_by_role(facts, a, inputs.cost_by_seniority)
    measure_name = {"cost_per_billable_hour": "per billable hour", "cost_per_productive_hour": "per productive hour"}
    charts = Block("Where the money goes", charts=[
        chart("Spend by month", overview_charts.spend_by_month, monthly, "spend",
              empty=f"Every month's spend is withheld here: {suppressed_label()}."),
        chart("By department", cost_charts.spend_by_department, dept, "spend",
              empty=f"Every department's spend is withheld: {suppressed_label()}."),
        Chart("By vendor", None, empty="No contractor spend in this period for the selected filters.")
        if vendors.empty else Chart(f"By vendor (largest {inputs.top_vendors})", cost_charts.spend_by_vendor(vendors)),
        chart(f"Cost per hour by role ({measure_name.get(measure, measure)})",
              lambda d: cost_charts.hourly_cost_by_role(d, measure), by_role, measure,
              empty=f"No role's cost per hour can be shown: {suppressed_label()}, or no hours were logged."),
    ])
    drill = costs.drill_down(facts, a)
    tables = Block("Drill-down", tables=[table(
        "Department × role × seniority × worker type × vendor, largest spend first", drill, DRILL_DOWN_COLUMNS,
        noun="groups",
    )])
    return Section("costs", PAGES["costs"], intro, [head, charts, tables, burn_block(ws, req)])


# -- Break-even & scenarios (pages/break_even.py) ------------------------------------------------
CONVERT_COLUMNS: list[Column] = [
    ("full_name", "Name", as_text), ("role", "Role", as_text), ("yearly_saving", "Yearly saving", as_money),
    ("reason", "Why listed", as_text), ("seniority", "Seniority", as_text), ("tenure_months", "Tenure (months)", as_number(1)),
    ("hourly_rate", "Rate ($/h)", as_money_cents), ("salary_source", "Salary basis", as_text),
]
SENSITIVITY_COLUMNS: list[Column] = [
    ("label", "Input", as_text), ("low_text", "−20% value", as_text),
    ("crossover_low", "Break-even (−20%)", lambda v: "none" if pd.isna(v) else f"{int(v)}"),
    ("saving_low", "Saving from hiring (−20%)", as_money), ("high_text", "+20% value", as_text),
    ("crossover_high", "Break-even (+20%)", lambda v: "none" if pd.isna(v) else f"{int(v)}"),
    ("saving_high", "Saving from hiring (+20%)", as_money),
]


def break_even_section(ws: Workspace, req: ReportRequest) -> Section:
    f, a, calc, inputs = req.filters, req.assumptions, req.inputs.calculator, req.inputs
    intro = (
        f"Period {period_text(req)} · salary × {a.salary_multiplier:.3f} + {formatting.money(a.overhead_per_employee)} "
        f"overhead, {a.productive_hours_per_year:,.0f} productive hours a year, recruiting "
        f"{formatting.money(a.recruiting_cost)}, {a.time_to_fill_days:.0f} days to fill, {a.ramp_up_weeks:.0f} weeks "
        f"ramp-up at {a.ramp_up_productivity:.0%}, vendor-management fee {a.vendor_management_fee:.1%}."
    )
    medians = break_even.pay_medians(ws, f)
    roles = break_even.roles(medians)
    role = calc.role if calc.role in roles else (roles[0] if roles else None)
    seniority = calc.seniority if calc.seniority in SENIORITY_LEVELS else SENIORITY_LEVELS[1]
    blocks: list[Block] = []
    calc_block = Block("Contract or hire? Break-even calculator")
    blocks.append(calc_block)
    need = None
    if role is None:
        calc_block.notes.append("The data has no roles to start the calculator from.")
    else:
        salary_side = break_even.pay_side(medians, role, seniority, "employee")
        rate_side = break_even.pay_side(medians, role, seniority, "contractor")
        warning = break_even.like_for_like_warning(salary_side, rate_side)
        salary_default = break_even.pay_used(salary_side, calc.salary_fallback)
        rate_default = break_even.pay_used(rate_side, calc.rate_fallback)
        salary = calc.salary if calc.salary is not None else salary_default.value
        rate = calc.rate if calc.rate is not None else rate_default.value
        salary_note = "typed" if calc.salary is not None else salary_default.source
        rate_note = "typed" if calc.rate is not None else rate_default.source
        months = int(calc.months)
        calc_block.notes.append(
            f"The case: {role}, {seniority}, {calc.hours_per_week:,.0f} hours a week for {months} months. "
            f"Salary: {salary_note}. Contractor rate: {rate_note}."
        )
        if warning:
            calc_block.notes.append(warning)
        if not salary or not rate:
            calc_block.notes.append("The data has no salary or contractor rate for this role: none was typed.")
        else:
            need = break_even.Need(hours_per_week=calc.hours_per_week, months=months, salary=salary,
                                   contractor_rate=rate)
            result = break_even.break_even(need, a)
            curve = break_even.cumulative_costs(need, a)
            calc_block.notes.append(break_even.verdict(result, months))
            calc_block.tiles += [
                tile("break_even_month", result.crossover_month, shown=None if result.crossover_month else "none"),
                tile("saving_from_hiring", result.saving_from_hiring),
                tile("contracting_cumulative", result.contracting, label_values={"months": months}),
                tile("hiring_cumulative", result.hiring, label_values={"months": months}),
                tile("hire_cost_per_productive_hour", result.employee_cost_per_hour),
                tile("contractor_cost_per_hour_with_fee", result.contractor_cost_per_hour),
                tile("salary_used", salary, note=salary_note),
                tile("rate_used", rate, note=rate_note),
            ]
            calc_block.charts.append(Chart("Cumulative cost: contracting vs hiring",
                                           cost_charts.cumulative_cost(curve, result.crossover_month)))

    horizon = headlines.data_horizon(ws)
    as_of = headlines.as_of_date(f, horizon)
    conversion = scenarios.conversion_costs(scenarios.contractors_as_of(ws, f, as_of), medians, a)
    cands = scenarios.convert_candidates(conversion)
    convert = Block("Convert to hire", notes=[
        f"Contractors active on {as_of:%d %b %Y} who are past the {a.tenure_limit_months:.0f}-month tenure limit or "
        "cost more a year than an employee doing the same hours; largest yearly saving first. Contractors with "
        f"fewer than {scenarios.MIN_TIMESHEET_WEEKS} weeks of timesheets are left out: too new to judge."
    ])
    too_new = scenarios.too_new_to_judge(conversion)
    if too_new:
        convert.notes.append(f"{formatting.number(too_new)} more {'has' if too_new == 1 else 'have'} fewer than "
                             f"{scenarios.MIN_TIMESHEET_WEEKS} weeks of timesheets: too new to judge, left out.")
    if cands.empty:
        convert.notes.append("No current contractor with enough timesheets is past the tenure limit or costs more "
                             "than an equivalent employee, for the selected filters.")
    else:
        tot = scenarios.conversion_totals(cands, a)
        convert.tiles += [
            tile("convert_listed", tot.people),
            tile("convert_annual_cost", tot.contractor_annual_cost),
            tile("convert_yearly_saving", tot.yearly_saving),
            tile("convert_first_year_saving", tot.first_year_saving),
        ]
        convert.tables.append(table("Contractors to convert", cands, CONVERT_COLUMNS, noun="contractors"))
    blocks.append(convert)

    sens_block = Block("Sensitivity")
    if need is None:
        sens_block.notes.append("The sensitivity analysis varies the calculator's case: it has no salary and rate.")
    else:
        sens = scenarios.sensitivity(need, a)
        sens_block.notes.append(
            "The calculator's case with each input 20% lower and 20% higher, the others held; bars show the saving "
            "from hiring at the chosen duration."
        )
        sens_block.charts.append(Chart("Saving from hiring, each input ±20%",
                                       cost_charts.tornado(sens, sens.attrs["base_saving"], int(calc.months))))
        sens_block.tables.append(table("Sensitivity", sens, SENSITIVITY_COLUMNS, noun="inputs", rows=len(sens)))
    blocks.append(sens_block)

    choices = scenarios.what_if_departments(f, horizon.departments)
    choice = inputs.what_if_department if inputs.what_if_department in choices else choices[0]
    department = scenarios.what_if_department(choice)
    share = inputs.what_if_share
    what_if = Block("What if we convert long-running contractors?", notes=[
        f"Department: {choice}; {share:.0%} of the contractors past the tenure limit converted, largest yearly "
        "saving first."
    ])
    wi = scenarios.what_if_conversion(conversion, costs.period_facts(ws, f), a, f.days, department, share)
    if wi.long_running == 0:
        hidden = scenarios.past_limit_hidden_by_filters(ws, f, as_of, a.tenure_limit_months, department)
        what_if.notes.append(scenarios.nobody_past_limit_message(hidden, department, a.tenure_limit_months, as_of))
    else:
        what_if.tiles += [
            tile("what_if_converted", None, shown=f"{wi.converted} of {wi.long_running}"),
            tile("what_if_annual_change", wi.annual_change,
                 delta=None if wi.change_share is None else f"{wi.change_share * 100:+.1f}% of annual spend"),
            tile("what_if_recruiting", wi.one_off_recruiting),
            tile("what_if_contractor_cost", wi.contractor_annual_cost),
        ]
    blocks.append(what_if)
    return Section("break_even", PAGES["break_even"], intro, blocks)
