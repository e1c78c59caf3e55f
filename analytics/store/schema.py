"""The workspace tables, declared once: the five core tables every page reads, and the optional
ones (demand, compensation, fx_rates) a workspace may leave empty.

DDL, upload validation, the in-app data dictionary, the README's data-format section and
test fixtures are all derived from these declarations, so they cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analytics.export.currencies import ISO_4217

SENIORITY_LEVELS = ("junior", "mid", "senior", "lead")
WORKER_TYPES = ("employee", "contractor")
ENGAGEMENT_STATUSES = ("planned", "active", "completed", "cancelled")
PRICING_MODELS = ("time_and_materials", "fixed_fee", "milestone")
DEMAND_STATUSES = ("tentative", "confirmed")
# The ISO 4217 codes a currency column allows (analytics.export.currencies), sorted.
CURRENCY_CODES = tuple(sorted(ISO_4217))
REVIEW_ATTRIBUTES = (
    "communication",
    "technical_expertise",
    "problem_solving",
    "collaboration",
    "adaptability",
    "attention_to_detail",
)


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # DuckDB type: VARCHAR, DATE, DOUBLE, BOOLEAN, INTEGER
    description: str
    required: bool = False
    allowed: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    references: str | None = None  # "table.column"
    pay: bool = False  # individual pay: shown only in people-level tables
    # A column added to a table after workspaces and files without it existed: a file may lack it or
    # leave it empty, and the value is then this default; a workspace from before it is migrated on
    # open (ALTER TABLE … ADD COLUMN … DEFAULT). Such columns go at the end of their table.
    default: str | None = None

    @property
    def default_sql(self) -> str:
        """The default as a typed SQL literal (NULL for a column without one)."""
        if self.default is None:
            return f"CAST(NULL AS {self.type})"
        return "CAST('" + self.default.replace("'", "''") + f"' AS {self.type})"

    def ddl(self) -> str:
        """The column's definition in CREATE TABLE or ALTER TABLE … ADD COLUMN."""
        out = f"{self.name} {self.type}"
        if self.default is not None:
            return out + f" NOT NULL DEFAULT {self.default_sql}"
        return out + (" NOT NULL" if self.required else "")


@dataclass(frozen=True)
class RowCheck:
    """A rule across columns; `sql` is true for a valid row (NULLs in optional columns pass)."""

    sql: str
    columns: tuple[str, ...]
    problem: str


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    checks: tuple[RowCheck, ...] = field(default_factory=tuple)
    # Rows repeating a key: "refuse" (a problem in the validation report) or "warn" (loaded, with a warning)
    duplicates: str = "refuse"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name} has no column {name!r}")

    def ddl(self) -> str:
        cols = ",\n    ".join(c.ddl() for c in self.columns)
        return f"CREATE TABLE IF NOT EXISTS {self.name} (\n    {cols}\n)"


def _rating(name: str, what: str) -> Column:
    return Column(name, "DOUBLE", f"1–5 rating of {what}", required=True, minimum=1, maximum=5)


WORKERS = Table(
    "workers",
    "The staffing roster: one row per person, employee or contractor.",
    (
        Column("worker_id", "VARCHAR", "Unique person identifier", required=True),
        Column("full_name", "VARCHAR", "Person's name", required=True),
        Column("worker_type", "VARCHAR", "employee or contractor", required=True, allowed=WORKER_TYPES),
        Column("role", "VARCHAR", "Job family, e.g. Software Developer", required=True),
        Column("seniority", "VARCHAR", "junior, mid, senior or lead", required=True, allowed=SENIORITY_LEVELS),
        Column("department", "VARCHAR", "Department the person works for", required=True),
        Column("location", "VARCHAR", "Work location"),
        Column("vendor", "VARCHAR", "Contractor's agency or Independent; empty for employees"),
        Column("start_date", "DATE", "First day employed or engaged", required=True),
        Column("end_date", "DATE", "Last day; empty while active"),
        Column("annual_salary", "DOUBLE", "Employees: base salary per year, in the row's currency", minimum=0, pay=True),
        Column("hourly_rate", "DOUBLE", "Contractors: paid per hour in the row's currency, agency margin included", minimum=0,
               pay=True),
        Column("weekly_capacity_hours", "DOUBLE", "Contracted hours per week", required=True, minimum=0, maximum=80),
        Column("currency", "VARCHAR", "Currency of annual_salary and hourly_rate (ISO 4217 code, e.g. USD, EUR)",
               allowed=CURRENCY_CODES, default="USD"),
    ),
    key=("worker_id",),
    checks=(
        RowCheck("end_date IS NULL OR end_date >= start_date", ("end_date",), "end_date is before start_date"),
        RowCheck(
            "worker_type <> 'employee' OR annual_salary IS NOT NULL",
            ("annual_salary",),
            "employees need an annual_salary",
        ),
        RowCheck(
            "worker_type <> 'contractor' OR hourly_rate IS NOT NULL",
            ("hourly_rate",),
            "contractors need an hourly_rate",
        ),
    ),
)

ENGAGEMENTS = Table(
    "engagements",
    "Projects and contracts with planned and actual dates, budget, status and delivery quality.",
    (
        Column("engagement_id", "VARCHAR", "Unique engagement identifier", required=True),
        Column("name", "VARCHAR", "Engagement name", required=True),
        Column("department", "VARCHAR", "Department that owns the work", required=True),
        Column("vendor", "VARCHAR", "Delivering vendor; empty if delivered in-house"),
        Column("planned_start", "DATE", "Planned start date", required=True),
        Column("planned_end", "DATE", "Planned end date", required=True),
        Column("actual_start", "DATE", "Actual start date; empty if not started"),
        Column("actual_end", "DATE", "Actual end date; empty if not finished"),
        Column("budget", "DOUBLE", "Budget in USD", minimum=0),
        Column("status", "VARCHAR", "planned, active, completed or cancelled", required=True, allowed=ENGAGEMENT_STATUSES),
        Column("quality_score", "DOUBLE", "1–5 delivery rating", minimum=1, maximum=5),
        Column(
            "pricing_model", "VARCHAR",
            "How the vendor is paid: time_and_materials (hours × rate), fixed_fee or milestone (what it invoiced: "
            "invoices.csv)",
            allowed=PRICING_MODELS, default="time_and_materials",
        ),
    ),
    key=("engagement_id",),
    checks=(
        RowCheck("planned_end >= planned_start", ("planned_end",), "planned_end is before planned_start"),
        RowCheck(
            "actual_end IS NULL OR actual_start IS NULL OR actual_end >= actual_start",
            ("actual_end",),
            "actual_end is before actual_start",
        ),
    ),
)

TIMESHEETS = Table(
    "timesheets",
    "Weekly hours each person logged, per engagement (empty engagement = internal time).",
    (
        Column("worker_id", "VARCHAR", "Who logged the hours", required=True, references="workers.worker_id"),
        Column(
            "engagement_id",
            "VARCHAR",
            "Engagement worked on; empty for internal / non-project time",
            references="engagements.engagement_id",
        ),
        Column("week_start", "DATE", "Monday of the week", required=True),
        Column("hours", "DOUBLE", "Hours logged that week", required=True, minimum=0, maximum=168),
        Column("billable", "BOOLEAN", "Whether the hours are billable / client-facing", required=True),
    ),
    key=("worker_id", "engagement_id", "week_start", "billable"),
    checks=(RowCheck("isodow(week_start) = 1", ("week_start",), "week_start is not a Monday"),),
)

TIME_OFF = Table(
    "time_off",
    "Weekly hours of leave and public holidays; capacity is net of these.",
    (
        Column("worker_id", "VARCHAR", "Who was off", required=True, references="workers.worker_id"),
        Column("week_start", "DATE", "Monday of the week", required=True),
        Column("hours", "DOUBLE", "Hours of leave or holiday that week", required=True, minimum=0, maximum=168),
    ),
    key=("worker_id", "week_start"),
    checks=(RowCheck("isodow(week_start) = 1", ("week_start",), "week_start is not a Monday"),),
)

REVIEWS = Table(
    "reviews",
    "Periodic 1–5 ratings per person on six attributes that matter in both relationships.",
    (
        Column("worker_id", "VARCHAR", "Who was reviewed", required=True, references="workers.worker_id"),
        Column("review_date", "DATE", "Date of the review", required=True),
        _rating("communication", "communication"),
        _rating("technical_expertise", "technical expertise"),
        _rating("problem_solving", "problem solving"),
        _rating("collaboration", "collaboration"),
        _rating("adaptability", "adaptability"),
        _rating("attention_to_detail", "attention to detail"),
    ),
    key=("worker_id", "review_date"),
)

DEMAND = Table(
    "demand",
    "Optional. Work ahead: pipeline engagements and open roles, confirmed or tentative with a probability.",
    (
        Column("demand_id", "VARCHAR", "Unique demand identifier", required=True),
        Column(
            "engagement_id", "VARCHAR", "Engagement the work is for; empty for an open role",
            references="engagements.engagement_id",
        ),
        Column("department", "VARCHAR", "Department that needs the work", required=True),
        Column("role", "VARCHAR", "Job family needed, e.g. Software Developer", required=True),
        Column("seniority", "VARCHAR", "junior, mid, senior or lead", required=True, allowed=SENIORITY_LEVELS),
        Column("hours_per_week", "DOUBLE", "Hours of work needed each week", required=True, minimum=0, maximum=400),
        Column("start_date", "DATE", "First day the work is needed", required=True),
        Column("end_date", "DATE", "Last day the work is needed", required=True),
        Column("probability", "DOUBLE", "Chance the work comes in (0–1); 1 when confirmed", required=True,
               minimum=0, maximum=1),
        Column("status", "VARCHAR", "tentative or confirmed", required=True, allowed=DEMAND_STATUSES),
    ),
    key=("demand_id",),
    checks=(RowCheck("end_date >= start_date", ("end_date",), "end_date is before start_date"),),
)

COMPENSATION = Table(
    "compensation",
    "Optional. Pay and contracted hours over time: one row per change (a raise, a renegotiated rate, new hours). "
    "An entry is in force from its effective_date until the person's next entry; a person's first entry also "
    "applies to the days before it. A column left empty keeps the previous entry's value (the roster's when "
    "there is none). Salary counts day by day; a rate and weekly hours apply to each week whose Monday they "
    "are in force on. People without entries are paid what the roster says.",
    (
        Column("worker_id", "VARCHAR", "Whose pay changed", required=True, references="workers.worker_id"),
        Column("effective_date", "DATE", "First day the new values apply", required=True),
        Column("annual_salary", "DOUBLE", "Employees: base salary per year from that day, in the entry's currency", minimum=0, pay=True),
        Column("hourly_rate", "DOUBLE", "Contractors: paid per hour from that day in the entry's currency, agency margin included",
               minimum=0, pay=True),
        Column("weekly_capacity_hours", "DOUBLE", "Contracted hours per week from that day", minimum=0, maximum=80),
        Column("currency", "VARCHAR", "Currency of the salary and rate (ISO 4217 code, e.g. EUR); empty: the "
               "person's previous entry's, else the roster's currency", allowed=CURRENCY_CODES),
    ),
    key=("worker_id", "effective_date"),
    checks=(
        RowCheck(
            "annual_salary IS NOT NULL OR hourly_rate IS NOT NULL OR weekly_capacity_hours IS NOT NULL",
            ("annual_salary",),
            "none of annual_salary, hourly_rate and weekly_capacity_hours is given",
        ),
    ),
)

INVOICES = Table(
    "invoices",
    "Optional. What vendors invoiced for fixed_fee and milestone engagements: their contractor spend is what was "
    "invoiced in the period (by invoice_date; a setting spreads a fixed fee's invoiced total evenly over the "
    "engagement's days instead), not hours × rate. Invoices of a time_and_materials engagement are kept but do not "
    "count as spend (its hours × rate do). A row repeating another exactly is loaded with a warning and counts twice.",
    (
        Column("engagement_id", "VARCHAR", "Engagement invoiced", required=True, references="engagements.engagement_id"),
        Column("vendor", "VARCHAR", "Vendor that sent the invoice; empty: the engagement's vendor"),
        Column("invoice_date", "DATE", "Date of the invoice: the month its amount counts in", required=True),
        Column("amount", "DOUBLE", "Amount invoiced", required=True, minimum=0, pay=True),
        Column("currency", "VARCHAR", "Currency of the amount (ISO 4217 code, e.g. USD, EUR)", allowed=CURRENCY_CODES,
               default="USD"),
        Column("description", "VARCHAR", "What the invoice is for, e.g. a milestone's name"),
    ),
    key=("engagement_id", "vendor", "invoice_date", "amount", "description"),
    duplicates="warn",
)

FX_RATES = Table(
    "fx_rates",
    "Optional. Exchange rates, one per currency and month. A row reads: during `month`, one `currency` is worth "
    "`rate_to_reporting` of the reporting currency (Admin page; USD unless changed), e.g. EUR, 2024-03-01, 1.08. "
    "Pay converts with the rate of the month it falls in (salary day by day, hours by their week's Monday); pay in "
    "force on a day (Overview, break-even defaults) with the latest month's rate on that day. The reporting "
    "currency itself needs no rate (it is 1; its rows are ignored). Rates are read against whichever currency is "
    "the reporting one: to report in EUR when pay is in USD and EUR, load USD rows (USD → EUR); the EUR rows "
    "(EUR → USD) are then not used, and both sets can stay in the table. Pay in a month without a rate is left out "
    "of every total, and each page that shows it says which currency, which months and how much is left out.",
    (
        Column("currency", "VARCHAR", "The currency converted (ISO 4217 code, e.g. EUR)", required=True,
               allowed=CURRENCY_CODES),
        Column("month", "DATE", "The month the rate applies to: its first day (2024-03-01; 2024-03 or Mar 2024 also "
               "read)", required=True),
        Column("rate_to_reporting", "DOUBLE", "What one unit of the currency is worth in the reporting currency "
               "that month", required=True, minimum=0),
    ),
    key=("currency", "month"),
    checks=(
        RowCheck("rate_to_reporting > 0", ("rate_to_reporting",), "rate_to_reporting is not above 0"),
        RowCheck("day(month) = 1", ("month",), "month is not the first day of a month"),
    ),
)

TABLES: dict[str, Table] = {
    t.name: t for t in (WORKERS, ENGAGEMENTS, TIMESHEETS, TIME_OFF, REVIEWS, DEMAND, COMPENSATION, INVOICES, FX_RATES)
}
# The five tables every workspace has and every page reads; a folder or snapshot must hold them.
CORE_TABLES = ("workers", "engagements", "timesheets", "time_off", "reviews")
# Tables a workspace may leave empty (created empty, loaded when a file is given).
OPTIONAL_TABLES = ("demand", "compensation", "invoices", "fx_rates")
# Load order respects references: a timesheet's worker must exist before the timesheet.
LOAD_ORDER = (*CORE_TABLES, *OPTIONAL_TABLES)


def allowed_text(c: Column) -> str:
    """The allowed values in words: "one of: a, b, c", or for a currency "an ISO 4217 code, e.g. USD, EUR, GBP"."""
    if c.allowed is CURRENCY_CODES:
        return "an ISO 4217 currency code, e.g. USD, EUR, GBP"
    return "one of: " + ", ".join(c.allowed or ())


def data_dictionary(table: str):
    """The user-facing data dictionary of one table as a DataFrame."""
    import pandas as pd

    t = TABLES[table]
    rows = []
    for c in t.columns:
        if c.allowed:
            rule = allowed_text(c)
        elif c.minimum is not None or c.maximum is not None:
            lo = "" if c.minimum is None else f"≥ {c.minimum:g}"
            hi = "" if c.maximum is None else f"≤ {c.maximum:g}"
            rule = " and ".join(x for x in (lo, hi) if x)
        else:
            rule = ""
        if c.references:
            rule = (rule + "; " if rule else "") + f"must exist in {c.references}"
        if c.default is not None:
            # an upload's empty currency is the reporting currency of the time (analytics.ingest.validation)
            default = "the reporting currency (USD unless changed)" if c.allowed is CURRENCY_CODES else c.default
            rule = (rule + "; " if rule else "") + f"empty or no such column: {default}"
        rows.append(
            {
                "column": c.name,
                "type": c.type,
                "required": "yes" if c.required else "no",
                "key": "yes" if c.name in t.key else "",
                "allowed values / range": rule,
                "description": c.description,
            }
        )
    return pd.DataFrame(rows)


def markdown_data_formats() -> str:
    """The README's data-format section, generated from the declarations above."""
    out = []
    for t in TABLES.values():
        out.append(f"### `{t.name}.csv`\n\n{t.description} Key: `{', '.join(t.key)}`.\n")
        out.append("| column | type | required | allowed values / range | description |")
        out.append("|---|---|---|---|---|")
        for _, r in data_dictionary(t.name).iterrows():
            out.append(
                f"| `{r['column']}` | {r['type']} | {r['required']} | {r['allowed values / range']} | {r['description']} |"
            )
        for chk in t.checks:
            out.append(f"\nA row is rejected when {chk.problem}.")
        if t.duplicates == "warn":
            out.append("\nA row repeating another in every column is loaded with a warning (and counts twice).")
        out.append("")
    return "\n".join(out)
