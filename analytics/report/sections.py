"""Each dashboard page's section of a report, gathered from the same analytics functions, in the
same order and with the same inputs as the page (pages/*.py), so a report's figures are the
page's: headline tiles (metric registry labels and formats, pay suppression as on screen), the
charts (analytics/charts), the key tables (first rows, true total) and the page's notes."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from analytics.charts import TYPE_LABELS
from analytics.charts import costs as cost_charts
from analytics.charts import duration as duration_charts
from analytics.charts import overview as overview_charts
from analytics.charts import utilization as util_charts
from analytics.export import formatting
from analytics.metrics import break_even, costs, delivery, headlines, reviews, scenarios, tenure, utilization
from analytics.metrics.privacy import suppressed_label
from analytics.report.model import PAGES, Block, Chart, ReportRequest, Section, Table, pay_tile, tile
from analytics.store.db import Workspace
from analytics.store.schema import SENIORITY_LEVELS

TABLE_ROWS = 12  # rows of a long table in a report; the true total is stated beside it


def has_values(df: pd.DataFrame | None, *columns: str) -> bool:
    """True when `df` has a number in any of `columns` (ui/charts.has_values: a chart is drawn
    only then, else the page's one-line empty state)."""
    if df is None or df.empty:
        return False
    cols = [c for c in (columns or df.columns) if c in df.columns]
    return bool(df[cols].notna().to_numpy().any()) if cols else False


def chart(title: str, figure_of: Callable, data: pd.DataFrame, *columns: str, empty: str,
          caption: str | None = None) -> Chart:
    if not has_values(data, *columns):
        return Chart(title, None, empty=empty)
    return Chart(title, figure_of(data), caption=caption)


Column = tuple[str, str, Callable[[object], str]]  # (frame column, label, format)


def _text(v) -> str:
    return "—" if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA else str(v)


def _num(decimals: int = 0) -> Callable[[object], str]:
    return lambda v: formatting.number(None if pd.isna(v) else float(v), decimals)


def _money(v) -> str:
    return formatting.money(None if pd.isna(v) else float(v))


def _money_cents(v) -> str:
    return formatting.money(None if pd.isna(v) else float(v), 2)


def _pct(decimals: int = 1) -> Callable[[object], str]:
    return lambda v: formatting.pct(None if pd.isna(v) else float(v), decimals)


def _fmt(spec: str) -> Callable[[object], str]:
    return lambda v: "—" if v is None or pd.isna(v) else spec.format(v)




def table(title: str, df: pd.DataFrame, columns: Sequence[Column], *, noun: str = "rows",
          rows: int = TABLE_ROWS) -> Table:
    """The first `rows` rows of `df` as text in the given columns, and the true row count."""
    cols = [c for c in columns if c[0] in df.columns]
    body = [[f(r[c]) for c, _, f in cols] for _, r in df.head(rows).iterrows()]
    numeric = tuple(i for i, (c, _, _) in enumerate(cols) if pd.api.types.is_numeric_dtype(df[c]))
    return Table(title, [label for _, label, _ in cols], body, len(df), noun, numeric,
                 people="full_name" in df.columns)


def _period(req: ReportRequest) -> str:
    return f"{req.filters.start:%b %Y} – {req.filters.end:%b %Y}"


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
        [(c, c, _text) for c in comparison.columns], noun="aspects", rows=len(comparison),
    )])
    intro = f"Period {_period(req)} · headcount as of {k.as_of:%d %b %Y}."
    return Section("overview", PAGES["overview"], intro, [head, spend, comp])


# -- Costs (pages/costs.py) ---------------------------------------------------------------------
DRILL_DOWN_COLUMNS: list[Column] = [
    ("department", "Department", _text), ("role", "Role", _text), ("seniority", "Seniority", _text),
    ("worker_type", "Type", _text), ("vendor", "Vendor", _text), ("people", "People", _num()),
    ("spend", "Spend", _money), ("hours", "Hours logged", _num()), ("billable_hours", "Billable hours", _num()),
    ("cost_per_productive_hour", "$/productive h", _money_cents), ("cost_per_billable_hour", "$/billable h", _money_cents),
    ("note", "Note", _text),
]


def costs_section(ws: Workspace, req: ReportRequest) -> Section:
    f, a, inputs = req.filters, req.assumptions, req.inputs
    intro = (
        f"Period {_period(req)} · employees: salary × {a.salary_multiplier:.3f} (benefits + payroll tax) + "
        f"{formatting.money(a.overhead_per_employee)} overhead a year, pro-rated by days employed · contractors: "
        f"hours × rate × {1 + a.vendor_management_fee:.2f} (vendor-management fee)."
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
    return Section("costs", PAGES["costs"], intro, [head, charts, tables])


# -- Break-even & scenarios (pages/break_even.py) ------------------------------------------------
CONVERT_COLUMNS: list[Column] = [
    ("full_name", "Name", _text), ("role", "Role", _text), ("yearly_saving", "Yearly saving", _money),
    ("reason", "Why listed", _text), ("seniority", "Seniority", _text), ("tenure_months", "Tenure (months)", _num(1)),
    ("hourly_rate", "Rate ($/h)", _money_cents), ("salary_source", "Salary basis", _text),
]
SENSITIVITY_COLUMNS: list[Column] = [
    ("label", "Input", _text), ("low_text", "−20% value", _text),
    ("crossover_low", "Break-even (−20%)", lambda v: "none" if pd.isna(v) else f"{int(v)}"),
    ("saving_low", "Saving from hiring (−20%)", _money), ("high_text", "+20% value", _text),
    ("crossover_high", "Break-even (+20%)", lambda v: "none" if pd.isna(v) else f"{int(v)}"),
    ("saving_high", "Saving from hiring (+20%)", _money),
]


def break_even_section(ws: Workspace, req: ReportRequest) -> Section:
    f, a, calc, inputs = req.filters, req.assumptions, req.inputs.calculator, req.inputs
    intro = (
        f"Period {_period(req)} · salary × {a.salary_multiplier:.3f} + {formatting.money(a.overhead_per_employee)} "
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


# -- Utilization (pages/utilization.py) ----------------------------------------------------------
PEOPLE_COLUMNS: list[Column] = [
    ("full_name", "Name", _text), ("worker_type", "Type", _text), ("department", "Department", _text),
    ("role", "Role", _text), ("capacity_hours", "Capacity (h)", _num()), ("total_hours", "Logged (h)", _num()),
    ("engagement_share", "On engagements %", _pct()), ("utilization", "Billable %", _pct()),
    ("allocation", "Allocation", _pct()), ("weeks_over_capacity", "Weeks > 100%", _num()),
]
RATE_COLUMNS: list[Column] = [
    ("department", "Department", _text), ("capacity_hours", "Capacity (h)", _num()),
    ("total_hours", "Logged (h)", _num()), ("billable_hours", "Billable (h)", _num()),
    ("utilization", "Billable utilization", _pct()), ("allocation", "Allocation", _pct()),
]


def utilization_section(ws: Workspace, req: ReportRequest) -> Section:
    f, a, nb, inputs = req.filters, req.assumptions, req.non_billable_roles, req.inputs
    target = a.target_utilization
    intro = (
        f"Period {_period(req)} · weeks starting in the period · billable utilization = billable hours ÷ capacity; "
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
    first_week, last_week = utilization.recent_weeks(ws, f, as_of, weeks)
    recent = utilization.people_utilization(ws, f, first_week, last_week)
    on_bench = utilization.bench(recent, threshold, nb)
    busy = utilization.busy_off_project(recent, threshold, nb)
    over = utilization.over_allocated(recent)
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
    return duration_charts.MODEL_LABELS.get(v, _text(v))


SUMMARY_COLUMNS: list[Column] = [
    ("delivery_model", "Delivery model", _model), ("engagements", "Engagements", _num()),
    ("completed", "Completed", _num()), ("cancelled", "Cancelled", _num()),
    ("median_months", "Median duration (months)", _fmt("{:.1f}")), ("overrun", "Overrun", _fmt("{:+.1%}")),
    ("on_time_rate", "On-time rate", _fmt("{:.0%}")), ("cancelled_share", "Cancelled share", _fmt("{:.0%}")),
    ("quality", "Mean quality (1–5)", _fmt("{:.2f}")), ("rated", "Rated", _num()),
]
TENURE_COLUMNS: list[Column] = [
    ("worker_type", "Worker type", lambda v: TYPE_LABELS.get(v, _text(v))), ("people", "People", _num()),
    ("active", "Active", _num()), ("left", "Left", _num()),
    ("median_active_months", "Tenure so far (mo)", _fmt("{:.1f}")),
    ("median_leaver_months", "Leavers' tenure (mo)", _fmt("{:.1f}")),
    ("km_median_months", "Median tenure, Kaplan–Meier (mo)", _fmt("{:.1f}")),
    ("retained_12_months", "Retained at 12 mo", _fmt("{:.0%}")),
]
OVER_LIMIT_COLUMNS: list[Column] = [
    ("full_name", "Name", _text), ("role", "Role", _text), ("department", "Department", _text),
    ("vendor", "Vendor", _text), ("start_date", "Started", lambda v: _text(v) if pd.isna(v) else f"{v:%d %b %Y}"),
    ("tenure_months", "Tenure (months)", _fmt("{:.1f}")), ("months_over", "Months over the limit", _fmt("{:.1f}")),
]
GAP_COLUMNS: list[Column] = [
    ("attribute", "Attribute", lambda v: duration_charts.attribute_label(str(v))),
    ("employee", TYPE_LABELS["employee"], _fmt("{:.2f}")), ("contractor", TYPE_LABELS["contractor"], _fmt("{:.2f}")),
    ("gap", "Gap", _fmt("{:+.2f}")),
]


def duration_section(ws: Workspace, req: ReportRequest) -> Section:
    f, a = req.filters, req.assumptions
    as_of = tenure.as_of(ws, f)
    intro = (
        f"Engagements running at some point in {_period(req)} (the department filter applies; role and worker-type "
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
    people = tenure.people(ws, f)
    if people.empty:
        tenure_block.notes.append(f"Nobody matching the filters had started by {as_of:%d %b %Y}.")
    else:
        curves = tenure.retention_curves(people)
        summary = tenure.tenure_summary(people, curves)
        limit = a.tenure_limit_months
        for t in tenure.TYPES:
            tenure_block.tiles.append(tile("median_tenure", None,
                                     shown=tenure.median_tenure_text(tenure.median_tenure(people, t)),
                                     label_values={"type": TYPE_LABELS[t]}))
        tenure_block.tables.append(table("Tenure by worker type", summary, TENURE_COLUMNS, noun="worker types",
                                   rows=len(summary)))
        tenure_block.charts.append(Chart("Retention curves (Kaplan–Meier)",
                                   duration_charts.retention_curves(tenure.monthly_retention(curves), limit)))
        who = req.inputs.tenure_of
        dist = tenure.tenure_distribution(people, who)
        if not dist.empty:
            names = {"active": f"active on {as_of:%d %b %Y}", "leavers": "leavers", "everyone": "everyone"}
            tenure_block.charts.append(Chart(f"Tenure of {names.get(who, who)}",
                                       duration_charts.tenure_histogram(tenure.tenure_bins(dist), limit)))
        over = tenure.past_tenure_limit(people, limit)
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


GATHER: dict[str, Callable[[Workspace, ReportRequest], Section]] = {
    "overview": overview_section,
    "costs": costs_section,
    "break_even": break_even_section,
    "utilization": utilization_section,
    "duration": duration_section,
}
