"""What the five dashboard pages show, compared with the independent reference
(tests/independent/reference.py) in five views: the sample with the default filters, one
department over 6 months, a single month (November 2026), the hand-worked organisation, and the
hand-worked organisation with its pay history (a raise, rate changes and fewer hours, issue 16).

Two comparisons per figure:
- `shown`: the tile (or table text) string on the page equals the reference value formatted
  the way the page formats it (ui/format.py);
- `exact`: the unrounded value the page's analytics function returns (or a dataframe cell)
  equals the reference: money to the cent, rates to 0.01 percentage point, counts exactly.

FIGURES below is the ONE place that maps page labels to reference figures: when labels are
renamed (the metric registry), change them there and nowhere else.

Each view runs the app once (a module-wide cache) and switches pages within it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pytest

from analytics.export import currencies
from analytics.store import currency
from tests import handworked
from tests.independent import reference
from ui import format as fmt

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"

OVERVIEW, COSTS, BREAK_EVEN = "pages/overview.py", "pages/costs.py", "pages/break_even.py"
UTILIZATION, DURATION = "pages/utilization.py", "pages/duration.py"
PAGES = (OVERVIEW, COSTS, BREAK_EVEN, UTILIZATION, DURATION)

CENT, POINT, MONTH = 0.005, 0.00005, 0.0005  # money, rates (0.01 pp), durations in months


# -- how pages write numbers (ui/format.py, the formats the metric registry declares) ---------
def _month_number(v) -> str:
    return fmt.number(v) if v else "none"


@dataclass(frozen=True)
class Figure:
    """One headline figure: where it is shown, under which label, which reference figure it
    is, how the page writes it, how precisely the unrounded value must agree, and where the
    unrounded value comes from (App: the analytics function the page calls).

    kind "metric": an st.metric tile `label`; "cell": the Overview comparison table's `cell`
    (row, column) contains `label` with "{}" filled by the shown value; "verdict": the
    Break-even verdict; "frame": an unrounded dataframe cell only (no `show`)."""

    page: str
    label: str
    figure: str  # key of reference.figures()
    show: Callable[[object], str] | None
    tolerance: float | None = None  # None: compare exactly
    exact: Callable[[App], object] | None = None
    kind: str = "metric"
    pay: bool = False  # "no one" for 0 people paid, withheld for 1 … privacy minimum − 1
    cell: tuple[str, str] | None = None
    over: str | None = None  # when the figure is None: "over " + show(reference[over])


CON, EMP = "Contractor (client–vendor)", "Employee (employer–employee)"

# ======================= THE MAP: page label → reference figure ==============================
FIGURES: list[Figure] = [
    # Overview
    Figure(OVERVIEW, "Employees", "headcount_employee", fmt.number, None, lambda a: a.kpis.headcount["employee"]),
    Figure(OVERVIEW, "Contractors", "headcount_contractor", fmt.number, None, lambda a: a.kpis.headcount["contractor"]),
    Figure(OVERVIEW, "Employee spend", "employee_spend", fmt.money, CENT, lambda a: a.kpis.cost.employee_spend,
           pay=True),
    Figure(OVERVIEW, "Contractor spend", "contractor_spend", fmt.money, CENT, lambda a: a.kpis.cost.contractor_spend,
           pay=True),
    Figure(OVERVIEW, "Employee cost / productive hour", "employee_cost_per_productive_hour", fmt.money_per_hour, CENT,
           lambda a: a.kpis.cost.employee_cost_per_productive_hour, pay=True),
    Figure(OVERVIEW, "Contractor cost / hour", "contractor_cost_per_hour", fmt.money_per_hour, CENT,
           lambda a: a.kpis.cost.contractor_cost_per_hour, pay=True),
    Figure(OVERVIEW, "Billable utilization", "billable_utilization", fmt.pct, POINT,
           lambda a: a.kpis.billable_utilization),
    Figure(OVERVIEW, "Engagements active in the period", "engagements_in_progress", fmt.number, None,
           lambda a: a.kpis.engagements_active),
    Figure(OVERVIEW, "median duration of completed engagements {}", "median_completed_months", fmt.months,
           kind="cell", cell=("Duration", CON)),
    Figure(OVERVIEW, "median tenure (Kaplan–Meier) {}", "contractor_km_median_tenure_months", fmt.months,
           kind="cell", cell=("Duration", CON), over="contractor_longest_tenure_months"),
    Figure(OVERVIEW, "median tenure (Kaplan–Meier) {}", "employee_km_median_tenure_months", fmt.months,
           kind="cell", cell=("Duration", EMP), over="employee_longest_tenure_months"),
    # Costs
    Figure(COSTS, "Total spend", "total_spend", fmt.money, CENT, lambda a: a.cost_kpis.total_spend, pay=True),
    Figure(COSTS, "Employee spend", "employee_spend", fmt.money, CENT, lambda a: a.cost_kpis.employee_spend, pay=True),
    Figure(COSTS, "Contractor spend", "contractor_spend", fmt.money, CENT, lambda a: a.cost_kpis.contractor_spend,
           pay=True),
    Figure(COSTS, "Contractor share of spend", "contractor_share", fmt.pct, POINT,
           lambda a: a.cost_kpis.contractor_share),
    Figure(COSTS, "Employee cost / productive hour", "employee_cost_per_productive_hour", fmt.money_per_hour, CENT,
           lambda a: a.cost_kpis.employee_cost_per_productive_hour, pay=True),
    Figure(COSTS, "Contractor cost / hour", "contractor_cost_per_hour", fmt.money_per_hour, CENT,
           lambda a: a.cost_kpis.contractor_cost_per_hour, pay=True),
    Figure(COSTS, "Employee cost / billable hour", "employee_cost_per_billable_hour", fmt.money_per_hour, CENT,
           lambda a: a.cost_kpis.employee_cost_per_billable_hour, pay=True),
    Figure(COSTS, "Contractor cost / billable hour", "contractor_cost_per_billable_hour", fmt.money_per_hour, CENT,
           lambda a: a.cost_kpis.contractor_cost_per_billable_hour, pay=True),
    # Break-even & scenarios: the calculator as it first opens
    Figure(BREAK_EVEN, "verdict", "break_even_month", None, kind="verdict"),
    Figure(BREAK_EVEN, "Break-even month", "break_even_month", _month_number, None,
           lambda a: a.break_even.crossover_month),
    Figure(BREAK_EVEN, "Saving from hiring", "break_even_saving_from_hiring", fmt.money, CENT,
           lambda a: a.break_even.saving_from_hiring),
    Figure(BREAK_EVEN, f"Contracting, {reference.BREAK_EVEN_MONTHS} months", "break_even_contracting", fmt.money, CENT,
           lambda a: a.break_even.contracting),
    Figure(BREAK_EVEN, f"Hiring, {reference.BREAK_EVEN_MONTHS} months", "break_even_hiring", fmt.money, CENT,
           lambda a: a.break_even.hiring),
    Figure(BREAK_EVEN, "The hire's cost / productive hour", "break_even_employee_cost_per_hour", fmt.money_per_hour,
           CENT, lambda a: a.break_even.employee_cost_per_hour),
    Figure(BREAK_EVEN, "The contractor's cost / hour", "break_even_contractor_cost_per_hour", fmt.money_per_hour, CENT,
           lambda a: a.break_even.contractor_cost_per_hour),
    Figure(BREAK_EVEN, "Salary used", "break_even_salary", fmt.money, CENT, lambda a: a.break_even_pay[0]),
    Figure(BREAK_EVEN, "Rate used", "break_even_rate", fmt.money_per_hour, CENT, lambda a: a.break_even_pay[1]),
    # Utilization
    Figure(UTILIZATION, "Billable utilization", "billable_utilization", fmt.pct, POINT,
           lambda a: a.util_totals(None).utilization),
    Figure(UTILIZATION, "Allocation", "allocation", fmt.pct, POINT, lambda a: a.util_totals(None).allocation),
    Figure(UTILIZATION, "Capacity", "capacity_hours", fmt.hours, 0.005, lambda a: a.util_totals(None).capacity_hours),
    Figure(UTILIZATION, "Bench (free to staff)", "bench", fmt.number, None, lambda a: len(a.staffing[0])),
    Figure(UTILIZATION, "Busy off-project", "busy_off_project", fmt.number, None, lambda a: len(a.staffing[1])),
    Figure(UTILIZATION, "Over-allocated", "over_allocated", fmt.number, None, lambda a: len(a.staffing[2])),
    Figure(UTILIZATION, "bench list", "bench_people", None, None, lambda a: sorted(a.staffing[0]["worker_id"]),
           kind="frame"),
    Figure(UTILIZATION, "busy off-project list", "busy_off_project_people", None, None,
           lambda a: sorted(a.staffing[1]["worker_id"]), kind="frame"),
    Figure(UTILIZATION, "over-allocated list", "over_allocated_people", None, None,
           lambda a: sorted(a.staffing[2]["worker_id"]), kind="frame"),
    Figure(UTILIZATION, "Employees: billable utilization", "employee_billable_utilization", fmt.pct, POINT,
           lambda a: a.util_totals("employee").utilization),
    Figure(UTILIZATION, "Employees: allocation", "employee_allocation", fmt.pct, POINT,
           lambda a: a.util_totals("employee").allocation),
    Figure(UTILIZATION, "Contractors: billable utilization", "contractor_billable_utilization", fmt.pct, POINT,
           lambda a: a.util_totals("contractor").utilization),
    Figure(UTILIZATION, "Contractors: allocation", "contractor_allocation", fmt.pct, POINT,
           lambda a: a.util_totals("contractor").allocation),
    # Duration & delivery
    Figure(DURATION, "Engagements in the period", "engagements", fmt.number, None, lambda a: a.delivery.engagements),
    Figure(DURATION, "Engagements active in the period", "engagements_in_progress", fmt.number, None,
           lambda a: a.delivery.active),
    Figure(DURATION, "Median duration", "median_completed_months", fmt.months, MONTH,
           lambda a: a.delivery.median_months),
    Figure(DURATION, "Overrun", "overrun", fmt.signed_pct, POINT, lambda a: a.delivery.overrun),
    Figure(DURATION, "On-time rate", "on_time_rate", fmt.pct, POINT, lambda a: a.delivery.on_time_rate),
    Figure(DURATION, "Cancelled share", "cancelled_share", fmt.pct, POINT, lambda a: a.delivery.cancelled_share),
    Figure(DURATION, "Employees: median tenure (Kaplan–Meier)", "employee_km_median_tenure_months", fmt.months, MONTH,
           lambda a: a.median_tenure("employee"), over="employee_longest_tenure_months"),
    Figure(DURATION, "Contractors: median tenure (Kaplan–Meier)", "contractor_km_median_tenure_months", fmt.months,
           MONTH, lambda a: a.median_tenure("contractor"), over="contractor_longest_tenure_months"),
    Figure(DURATION, "tenure table: employee", "employee_km_median_tenure_months", None, MONTH,
           lambda a: a.tenure_cell("employee"), kind="frame"),
    Figure(DURATION, "tenure table: contractor", "contractor_km_median_tenure_months", None, MONTH,
           lambda a: a.tenure_cell("contractor"), kind="frame"),
]
# ==============================================================================================


@dataclass(frozen=True)
class ViewSpec:
    data: str  # "sample" | "handworked" | "handworked-history" (with compensation.csv)
    months: tuple[str, str] | None  # None: the sidebar's default period (the last 12 months)
    departments: tuple[str, ...] = ()
    min_group: int = reference.MIN_GROUP
    reporting: str = "USD"  # the reporting currency (set on the Admin page; the sample pays some people in EUR)


VIEWS = {
    "sample": ViewSpec("sample", None),
    "sample-in-euros": ViewSpec("sample", None, reporting="EUR"),
    "sample-engineering-6-months": ViewSpec("sample", ("2026-06", "2026-11"), ("Engineering",)),
    "sample-november-2026": ViewSpec("sample", ("2026-11", "2026-11")),
    # the hand-worked organisation has 3 employees and 3 contractors: show small groups' pay
    "handworked": ViewSpec("handworked", None, min_group=1),
    "handworked-history": ViewSpec("handworked-history", None, min_group=1),
    "handworked-history-october": ViewSpec("handworked-history", ("2025-10", "2025-10"), min_group=1),
}


def _default_months(data: reference.Data) -> tuple[str, str]:
    """The sidebar's default period: the data horizon's last 12 months."""
    view = reference.make_view(data, "2000-01", "2000-01")
    start, end = view.horizon_start, view.horizon_end
    months = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        months.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months[max(0, len(months) - 12)], months[-1]


class App:
    """One view: the app run once on its data, every page's tiles, the Overview's comparison
    table and the Duration page's tenure table read off the screen; the unrounded values from
    the analytics functions those pages call, on the same workspace."""

    def __init__(self, name: str, spec: ViewSpec, tmp: Path):
        self.name, self.spec, self.tmp = name, spec, tmp
        self.folder = SAMPLE if spec.data == "sample" else handworked.write_csvs(
            tmp / "handworked_csv", history=spec.data == "handworked-history")
        data = reference.load(self.folder)
        months = spec.months or _default_months(data)
        self.months = months
        if spec.reporting != data.reporting:
            data = reference.load(self.folder, spec.reporting)
        self.ref = reference.figures(data, months[0], months[1], spec.departments, min_group=spec.min_group)
        self._run_pages()

    # -- the screen --------------------------------------------------------------------------
    def _env(self):
        mp = pytest.MonkeyPatch()
        mp.setenv("STAFFING_LENS_DB", str(self.db))
        mp.setenv("STAFFING_LENS_MIN_GROUP", str(self.spec.min_group))
        return mp

    @cached_property
    def db(self) -> Path:
        from analytics.store.db import Workspace

        path = self.tmp / "ws.duckdb"
        ws = Workspace(path, lock_down=False, load_sample=False)
        ws.load_csv_dir(self.folder)
        if self.spec.reporting != currencies.DEFAULT:
            currency.set_reporting_currency(ws, self.spec.reporting)
        ws.close()
        return path

    def _run_pages(self) -> None:
        import streamlit as st
        from streamlit.testing.v1 import AppTest

        mp = self._env()
        try:
            st.cache_data.clear()
            st.cache_resource.clear()
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
            at.run()
            if self.spec.months:
                at.sidebar.select_slider(key="period").set_value(self.spec.months).run()
            if self.spec.departments:
                at.sidebar.multiselect(key="department").set_value(list(self.spec.departments)).run()
            self.metrics: dict[str, dict[str, str]] = {}
            self.messages: dict[str, list[str]] = {}
            self.exceptions: dict[str, list] = {}
            self.overview_table = self.tenure_table = None
            for page in PAGES:
                at.switch_page(page).run()
                self.exceptions[page] = [e.value for e in at.exception]
                self.metrics[page] = {m.label: m.value for m in at.metric}
                self.messages[page] = [*(m.value for m in at.success), *(m.value for m in at.warning)]
                if page == OVERVIEW and len(at.table):
                    self.overview_table = at.table[0].value
                if page == DURATION:
                    self.tenure_table = next(
                        (d.value for d in at.dataframe if "km_median_months" in getattr(d.value, "columns", [])), None
                    )
        finally:
            st.cache_data.clear()
            st.cache_resource.clear()
            mp.undo()

    # -- the analytics functions the pages call ----------------------------------------------
    @cached_property
    def ws(self):
        from analytics.store.db import Workspace

        return Workspace(self.db, lock_down=False, load_sample=False)

    @cached_property
    def filters(self):
        from analytics.metrics.filters import Filters

        return Filters(self.ref["period_start"], self.ref["period_end"], tuple(self.spec.departments))

    def _with_min_group(self, f):
        old = os.environ.get("STAFFING_LENS_MIN_GROUP")
        os.environ["STAFFING_LENS_MIN_GROUP"] = str(self.spec.min_group)
        try:
            return f()
        finally:
            if old is None:
                os.environ.pop("STAFFING_LENS_MIN_GROUP", None)
            else:
                os.environ["STAFFING_LENS_MIN_GROUP"] = old

    @cached_property
    def kpis(self):
        from analytics.metrics import headlines
        from analytics.metrics.assumptions import DEFAULTS

        return self._with_min_group(lambda: headlines.kpis(self.ws, self.filters, DEFAULTS))

    @cached_property
    def cost_kpis(self):
        from analytics.metrics import costs
        from analytics.metrics.assumptions import DEFAULTS

        return self._with_min_group(lambda: costs.cost_kpis(costs.period_facts(self.ws, self.filters), DEFAULTS))

    def util_totals(self, worker_type):
        from analytics.metrics import utilization

        return utilization.period_totals(utilization.utilization_facts(self.ws, self.filters), worker_type)

    @cached_property
    def staffing(self):
        """(bench, busy off-project, over-allocated) as the Utilization page lists them."""
        from analytics.metrics import allocation, headlines

        as_of = headlines.as_of_date(self.filters, headlines.data_horizon(self.ws))
        first, last = allocation.recent_weeks(self.ws, self.filters, as_of, reference.BENCH_WEEKS)
        recent = allocation.people_utilization(self.ws, self.filters, first, last)
        return (allocation.bench(recent, reference.BENCH_THRESHOLD), allocation.busy_off_project(
            recent, reference.BENCH_THRESHOLD), allocation.over_allocated(recent))

    @cached_property
    def delivery(self):
        from analytics.metrics import delivery

        return delivery.delivery_totals(delivery.engagements(self.ws, self.filters))

    def median_tenure(self, worker_type: str):
        from analytics.metrics import tenure

        return tenure.median_tenure(tenure.people(self.ws, self.filters), worker_type).months

    def tenure_cell(self, worker_type: str):
        t = self.tenure_table
        if t is None:
            return "no tenure table on the Duration page"
        row = t[t["worker_type"] == worker_type]
        return None if row.empty or row["km_median_months"].isna().all() else float(row["km_median_months"].iloc[0])

    @cached_property
    def break_even_pay(self) -> tuple[float | None, float | None]:
        from analytics.metrics import break_even

        def pay():
            medians = break_even.pay_medians(self.ws, self.filters)
            role, seniority = break_even.roles(medians)[0], reference.BREAK_EVEN_SENIORITY
            return tuple(
                break_even.pay_used(break_even.pay_side(medians, role, seniority, t)).value
                for t in ("employee", "contractor")
            )

        return self._with_min_group(pay)

    @cached_property
    def break_even(self):
        from analytics.metrics import break_even
        from analytics.metrics.assumptions import DEFAULTS

        salary, rate = self.break_even_pay
        need = break_even.Need(reference.BREAK_EVEN_HOURS_PER_WEEK, reference.BREAK_EVEN_MONTHS, salary, rate)
        return break_even.break_even(need, DEFAULTS)


_APPS: dict[str, App] = {}


@pytest.fixture(scope="module")
def views(tmp_path_factory):
    def get(name: str) -> App:
        if name not in _APPS:
            _APPS[name] = App(name, VIEWS[name], tmp_path_factory.mktemp(name))
        return _APPS[name]

    yield get
    for a in _APPS.values():
        if "ws" in a.__dict__:
            a.ws.close()
    _APPS.clear()


def _expected_text(f: Figure, ref: dict, min_group: int) -> str:
    value = ref[f.figure]
    if f.pay:
        people = ref[f"{f.figure.split('_')[0]}_paid_people"] if f.figure.split("_")[0] in ("employee", "contractor") \
            else ref["employee_paid_people"] + ref["contractor_paid_people"]
        if people == 0:
            return "no one"
        if value is None:
            return f"suppressed (< {min_group} people)"
    if value is None and f.over:
        return f"over {f.show(ref[f.over])}"
    return f.show(value)


def _id(f: Figure) -> str:
    return f"{Path(f.page).stem}:{f.label if f.kind in ('metric', 'frame') else f.figure}"


# -- the tests ---------------------------------------------------------------------------------
@pytest.mark.parametrize("view", list(VIEWS))
def test_every_page_runs(views, view):
    app = views(view)
    assert not any(app.exceptions.values()), {p: e for p, e in app.exceptions.items() if e}


@pytest.mark.parametrize("figure", [f for f in FIGURES if f.show is not None or f.kind == "verdict"], ids=_id)
@pytest.mark.parametrize("view", list(VIEWS))
def test_shown(views, view, figure: Figure):
    """The text on screen is the reference value as the page formats it."""
    app = views(view)
    with currencies.use(app.spec.reporting):  # the reference's amount as the page writes it: $… or €…
        expected = _expected_text(figure, app.ref, app.spec.min_group) if figure.kind != "verdict" else None
    if figure.kind == "metric":
        shown = app.metrics[figure.page]
        assert figure.label in shown, f"no tile {figure.label!r} on {figure.page}; tiles: {sorted(shown)}"
        assert shown[figure.label] == expected
    elif figure.kind == "cell":
        assert app.overview_table is not None, "no comparison table on the Overview"
        text = str(app.overview_table.loc[figure.cell[0], figure.cell[1]])
        assert figure.label.format(expected) in text, text
    else:  # the Break-even verdict
        month = app.ref["break_even_month"]
        if month is not None:
            want = f"Hiring breaks even in month {month}:"
        else:
            later = app.ref["break_even_later_month"]
            want = f"Contracting stays cheaper over the {reference.BREAK_EVEN_MONTHS}-month horizon" + (
                f" (it would break even in month {later})" if later else ""
            )
        assert any(want in m for m in app.messages[figure.page]), app.messages[figure.page]


@pytest.mark.parametrize("figure", [f for f in FIGURES if f.exact is not None], ids=_id)
@pytest.mark.parametrize("view", list(VIEWS))
def test_exact(views, view, figure: Figure):
    """The unrounded value the page's analytics function returns (or its table holds) is the
    reference's: money to the cent, rates to 0.01 point, counts exactly."""
    app = views(view)
    want = app.ref[figure.figure]
    got = figure.exact(app)
    if want is None or got is None or figure.tolerance is None:
        assert got == want
    else:
        assert isinstance(got, int | float), f"app {got!r} vs reference {want!r}"
        assert got == pytest.approx(want, abs=figure.tolerance), f"app {got!r} vs reference {want!r}: {got - want:+.6g}"
