"""The metric registry: every headline figure declared once, as data (name, label, one-line
definition, format, help), the way Rill and dbt declare metrics.

Pages take their tile labels and tooltips from here (ui/metrics.py), exports their headers, and
the README its "Metric definitions" section (`python -m analytics.readme`), so the words a user
reads cannot drift from the definition the code implements. A label may hold `{placeholders}`
filled in on the page (e.g. "Contracting, {months} months"); a test checks that every tile a page
shows matches a label declared here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analytics.export.formatting import BY_FORMAT


@dataclass(frozen=True)
class Metric:
    name: str
    label: str
    definition: str  # one line, the README's wording
    format: str  # money | money_per_hour | percent | signed_percent | count | months | hours | text
    help: str = ""  # the tooltip; the definition when empty
    title: str = ""  # the README's name for a label with placeholders

    def formatted(self, value) -> str:
        """`value` as this metric's format shows it ("—" for no data), on screen and in reports."""
        return BY_FORMAT[self.format](value)

    @property
    def heading(self) -> str:
        return self.title or self.label

    @property
    def tooltip(self) -> str:
        return self.help or self.definition

    def label_pattern(self) -> re.Pattern:
        """The label as a regular expression, placeholders matching any text."""
        parts = re.split(r"\{[^}]*\}", self.label)
        return re.compile("^" + ".+?".join(re.escape(p) for p in parts) + "$")


FORMATS = ("money", "money_per_hour", "percent", "signed_percent", "count", "months", "hours", "text")

_METRICS = (
    # -- people -------------------------------------------------------------------------
    Metric("employees_active", "Employees", "Employees active on the as-of date (the period's last day, or the data's).", "count"),
    Metric("contractors_active", "Contractors", "Contractors active on the as-of date.", "count"),
    # -- spend and cost per hour (analytics/metrics/costs.py) ---------------------------------------
    Metric(
        "employee_fully_loaded_annual_cost", "Fully loaded annual cost",
        "Employee fully loaded annual cost = salary × (1 + benefits load + payroll tax) + overhead per employee.",
        "money",
    ),
    Metric(
        "employee_spend", "Employee spend",
        "Employee spend in a period = fully loaded annual cost × days employed in the period ÷ 365, every day "
        "employed counted, whatever the timesheets say, at the salary in force that day (the compensation "
        "history, else the roster's).",
        "money",
    ),
    Metric(
        "contractor_spend", "Contractor spend",
        "Contractor spend in a period = hours logged in weeks starting in the period × the hourly rate in force "
        "on the week's Monday (the compensation history, else the roster's) × (1 + vendor-management fee); on a "
        "fixed-fee or milestone engagement the vendor's people's hours are paid instead by what it invoiced in the "
        "period (by invoice date, or a fixed fee spread over the engagement's days: a setting), shared by their hours.",
        "money",
    ),
    Metric("total_spend", "Total spend", "Total spend = employee spend + contractor spend, summed unrounded.", "money"),
    Metric("contractor_share", "Contractor share of spend", "Contractor share of spend = contractor spend ÷ total spend.", "percent"),
    Metric(
        "employee_cost_per_productive_hour", "Employee cost / productive hour",
        "Employee cost per productive hour = Σ employee spend ÷ Σ (years employed × productive hours per year, "
        "default 1,860), over every employee in the period.",
        "money_per_hour",
    ),
    Metric(
        "contractor_cost_per_hour", "Contractor cost / hour",
        "Contractor cost per hour = Σ contractor spend ÷ Σ hours contractors logged (rate × (1 + vendor-management "
        "fee), or invoiced spend, averaged over the hours), over every contractor in the period.",
        "money_per_hour",
    ),
    Metric(
        "employee_cost_per_billable_hour", "Employee cost / billable hour",
        "Employee cost per billable hour = Σ employee spend ÷ Σ billable hours employees logged: idle and internal "
        "time still costs money.",
        "money_per_hour",
    ),
    Metric(
        "contractor_cost_per_billable_hour", "Contractor cost / billable hour",
        "Contractor cost per billable hour = Σ contractor spend ÷ Σ billable hours contractors logged.",
        "money_per_hour",
    ),
    # -- the same measures per group, as table columns (headers of tables and their downloads) ----
    Metric("group_spend", "Spend",
           "Spend of a group in the period: its employees' fully loaded cost for the days employed plus its "
           "contractors' hours × rate × (1 + fee) and what their fixed-fee and milestone work was invoiced.", "money"),
    Metric("group_cost_per_productive_hour", "$/productive h",
           "A group's cost per productive hour: its spend ÷ its productive hours (employees: years employed × "
           "productive hours per year; contractors: hours logged).", "money_per_hour"),
    Metric("group_cost_per_billable_hour", "$/billable h",
           "A group's cost per billable hour: its spend ÷ its billable hours.", "money_per_hour"),
    # -- utilization (analytics/metrics/utilization.py) ----------------------------------------------
    Metric(
        "billable_utilization", "Billable utilization",
        "Billable utilization = Σ billable hours ÷ Σ capacity hours of people in billable roles; capacity = weekly "
        "capacity hours (in force on the week's Monday) × workdays employed in the week ÷ 5 − time off, for each "
        "week the person was active.",
        "percent",
    ),
    Metric(
        "allocation", "Allocation",
        "Allocation = Σ all logged hours (billable or not) ÷ Σ capacity hours, everyone included.",
        "percent",
    ),
    Metric("capacity_hours", "Capacity", "Capacity = Σ capacity hours in the period, net of leave and holidays.", "hours"),
    Metric(
        "bench", "Bench (free to staff)",
        "Bench = people in billable roles, not over-allocated, whose hours on engagements over the last N weeks "
        "(default 4) are below the threshold (default 50%) of their capacity and whose free capacity "
        "(capacity − logged) is at least their internal hours (logged − engagement hours).",
        "count",
    ),
    Metric(
        "busy_off_project", "Busy off-project",
        "Busy off-project = people in billable roles, not over-allocated, below the same engagement threshold "
        "whose internal hours exceed their free capacity (internal hours > capacity − logged): busy, but not on "
        "engagements.",
        "count",
    ),
    Metric(
        "over_allocated", "Over-allocated",
        "Over-allocated = people in any role who logged more than their capacity over the last N weeks "
        "(allocation above 100%); checked first, so nobody is on two of bench, busy off-project and over-allocated.",
        "count",
    ),
    Metric(
        "billable_utilization_by_type", "{type}: billable utilization",
        "Billable utilization of one worker type: Σ billable hours ÷ Σ capacity hours of its people in billable roles.",
        "percent",
        title="Billable utilization, per worker type",
    ),
    Metric(
        "allocation_by_type", "{type}: allocation",
        "Allocation of one worker type: Σ logged hours ÷ Σ capacity hours of all its people.",
        "percent",
        title="Allocation, per worker type",
    ),
    # -- delivery and tenure (analytics/metrics/delivery.py, tenure.py) ------------------------------
    Metric(
        "engagements_active", "Engagements active in the period",
        "Engagements active in the period = engagements started and not cancelled that ran on at least one day of "
        "the period, those that finished during it included; one with no actual end runs until the data's last day.",
        "count",
    ),
    Metric(
        "engagements_in_period", "Engagements in the period",
        "Engagements in the period = every engagement (planned, running, completed or cancelled) whose actual dates, "
        "else planned dates, overlap the period.",
        "count",
    ),
    Metric(
        "median_engagement_duration", "Median duration",
        "Engagement duration = actual_end − actual_start; the median over completed engagements, in months of "
        "365/12 days.",
        "months",
    ),
    Metric(
        "overrun", "Overrun",
        "Overrun = Σ actual duration ÷ Σ planned duration − 1 over completed engagements (0% = on plan).",
        "signed_percent",
    ),
    Metric("on_time_rate", "On-time rate", "On-time rate = completed engagements that finished by their planned end ÷ completed engagements.", "percent"),
    Metric("cancelled_share", "Cancelled share", "Cancelled share = cancelled engagements ÷ engagements in the period.", "percent"),
    Metric(
        "median_tenure", "{type}: median tenure (Kaplan–Meier)",
        "Median tenure = the Kaplan–Meier median by worker type: the time by which half of the people who started "
        "had left, people still active counted as censored at the as-of date.",
        "months",
        title="Median tenure (Kaplan–Meier), per worker type",
    ),
    # -- break-even & scenarios (analytics/metrics/break_even.py, analytics/metrics/scenarios.py) --------------
    Metric(
        "break_even_month", "Break-even month",
        "Break-even for a need of H hours a week over M months = the first month-end at which hiring's cumulative "
        "cost (recruiting + a contractor through the time to fill + the fully loaded cost from the hire + a "
        "contractor for what the hire cannot yet do during ramp-up) is at or below contracting's (rate × (1 + fee) × "
        "hours), or none.",
        "count",
    ),
    Metric(
        "saving_from_hiring", "Saving from hiring",
        "Saving from hiring = contracting's cumulative cost − hiring's at the chosen duration; negative = hiring costs "
        "more.",
        "money",
    ),
    Metric("contracting_cumulative", "Contracting, {months} months",
           "Contracting's cumulative cost over the chosen duration: rate × (1 + fee) × the need's hours.", "money",
           title="Contracting, over the chosen duration"),
    Metric("hiring_cumulative", "Hiring, {months} months",
           "Hiring's cumulative cost over the chosen duration, as in the break-even.", "money",
           title="Hiring, over the chosen duration"),
    Metric(
        "hire_cost_per_productive_hour", "The hire's cost / productive hour",
        "The hire's cost per productive hour = fully loaded annual cost of the salary used ÷ productive hours per year "
        "(one person; the Overview's employee cost per productive hour averages everyone employed).",
        "money_per_hour",
    ),
    Metric(
        "contractor_cost_per_hour_with_fee", "The contractor's cost / hour",
        "The contractor's cost per hour = the rate used × (1 + vendor-management fee) (one person; the Overview's "
        "contractor cost per hour averages every hour contractors logged).",
        "money_per_hour",
    ),
    Metric("salary_used", "Salary used",
           "Salary used = the calculator's salary: the median of employees in the chosen role and seniority (each "
           "at the salary in force on their last day in the period), a chosen fallback, or what the user typed.",
           "money"),
    Metric("rate_used", "Rate used",
           "Rate used = the calculator's hourly rate before the fee: the median of contractors in the chosen role and "
           "seniority (each at the rate in force on their last day in the period), a chosen fallback, or what the "
           "user typed.", "money_per_hour"),
    Metric("convert_listed", "Contractors listed",
           "Contractors listed = active contractors with at least 13 weeks of timesheets who are past the tenure limit "
           "or cost more than an equivalent employee.", "count"),
    Metric("convert_annual_cost", "Their annual cost",
           "Their annual cost = Σ the listed contractors' cost for a year at their recent hours, fee included.", "money"),
    Metric("convert_yearly_saving", "Yearly saving if all converted",
           "Yearly saving if all converted = Σ (contractor's annual cost − the equivalent employee's fully loaded cost "
           "for the same hours); people past the limit who are cheaper as contractors count negatively.", "money"),
    Metric("convert_first_year_saving", "First-year saving",
           "First-year saving = the yearly saving − a recruiting cost per conversion.", "money"),
    Metric("what_if_converted", "Converted",
           "Converted = how many of the long-running contractors (past the tenure limit) the what-if converts.", "text"),
    Metric("what_if_annual_change", "Change in annual spend",
           "Change in annual spend = Σ (equivalent employee's fully loaded cost − contractor's annual cost) for those "
           "converted; negative = spend goes down.", "money"),
    Metric("what_if_recruiting", "One-off recruiting",
           "One-off recruiting = recruiting cost per hire × the contractors converted.", "money"),
    Metric("what_if_contractor_cost", "Converted contractors' cost today",
           "Converted contractors' cost today = their cost for a year at current hours.", "money"),
    # -- plan (analytics/plan/capacity.py, plan_pricing.py) -------------------------------------------
    Metric("plan_peak_shortfall", "Peak shortfall (FTE)",
           "Peak shortfall = the largest month's Σ over roles short of people of (expected demand − expected "
           "capacity) ÷ (40 h × 52/12), in full-time equivalents.", "text"),
    Metric("plan_peak_bench", "Peak bench (FTE)",
           "Peak bench = the largest month's Σ over roles of capacity no expected demand needs, in "
           "full-time equivalents.", "text"),
    Metric("plan_fill_cost", "Cost of fills",
           "Cost of fills = Σ over roles short of people of the chosen fill's cost over the gap "
           "(contract: rate × hours with the fee; hire: the break-even engine's hiring cost).", "money"),
    Metric("plan_hires", "Hires",
           "Hires = Σ over roles filled by hiring of the need's hours a week × 52 ÷ productive hours per year, "
           "rounded up per role.", "count"),
    Metric("plan_roll_offs", "Rolling off",
           "Rolling off = people whose end date falls in the plan's months (contracts ending, planned leavers).",
           "count"),
    Metric("plan_attrition", "Attrition a year",
           "Attrition a year = the share of employees expected to leave in a year: by default 1 − the "
           "Kaplan–Meier 12-month retention of the employees in the data.", "percent"),
)

METRICS: dict[str, Metric] = {m.name: m for m in _METRICS}


def metric(name: str) -> Metric:
    """The declared metric called `name` (KeyError names the unknown metric)."""
    try:
        return METRICS[name]
    except KeyError:
        raise KeyError(f"no metric {name!r} in analytics/metrics/registry.py") from None


def label(name: str, **values) -> str:
    """The metric's label with its placeholders filled."""
    return metric(name).label.format(**values)


def is_declared_label(text: str) -> bool:
    """True when `text` is the label of a declared metric (placeholders match any text)."""
    return any(m.label_pattern().match(text) for m in METRICS.values())


def markdown_definitions() -> str:
    """The README's metric definitions: one bullet per metric, in the registry's order."""
    return "\n".join(f"- **{m.heading}**: {m.definition}" for m in METRICS.values())
