"""Privacy of pay: with a department of one person, no page or export shows that person's
salary or rate, or a figure derived from it, in an aggregate. Individual pay may appear only in
people-level tables (the convert-to-hire list names each contractor and their rate).

Fixture: the bundled sample plus two lone departments —
  "Privacy Office": one employee, salary $123,457 (no one else earns that), 40 h/week;
  "Audit Office":   one contractor (Independent), $173.21/h.
With default assumptions (19% benefits + 8.3% payroll tax, $5,000 overhead, 1,860 productive
hours, 3% vendor fee) figures derived from them would read:
  fully loaded 123,457 × 1.273 + 5,000 = $162,160.76 → per productive hour 162,160.76 / 1,860 = $87.18
  contractor cost per hour 173.21 × 1.03 = $178.41
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analytics.export import table_files
from analytics.metrics import costs, headlines
from analytics.metrics.assumptions import DEFAULTS
from analytics.metrics.filters import Filters
from analytics.store.db import Workspace
from tests.conftest import SAMPLE_DIR

SALARY, RATE = 123_457.0, 173.21
LONE_EMPLOYEE_DEPT, LONE_CONTRACTOR_DEPT = "Privacy Office", "Audit Office"
WEEKS = pd.date_range("2026-06-01", "2026-11-23", freq="7D").strftime("%Y-%m-%d").tolist()
FULLY_LOADED = SALARY * (1 + 0.19 + 0.083) + 5_000  # 162,160.76
EMP_PER_HOUR = FULLY_LOADED / 1_860  # 87.18
CON_PER_HOUR = RATE * 1.03  # 178.41


def forbidden() -> list[str]:
    """The pay, and figures derived from it, as any table, chart or CSV might spell them."""
    out = []
    for v in (SALARY, FULLY_LOADED):
        out += [f"{v:,.0f}", f"{v:.0f}", f"{round(v / 1000):,.0f}k", f"{v / 1000:.1f}k"]
    out += [f"{SALARY:.1f}", f"{RATE:.2f}", f"{CON_PER_HOUR:.2f}", f"{EMP_PER_HOUR:.2f}"]
    assert f"{FULLY_LOADED:,.0f}" == "162,161" and f"{EMP_PER_HOUR:.2f}" == "87.18" and f"{CON_PER_HOUR:.2f}" == "178.41"
    return out


@pytest.fixture(scope="module")
def lone_csvs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lone")
    for name in ("engagements", "reviews", "time_off"):
        (folder / f"{name}.csv").write_bytes((SAMPLE_DIR / f"{name}.csv").read_bytes())
    workers = pd.read_csv(SAMPLE_DIR / "workers.csv", dtype=str, keep_default_na=False)
    extra = pd.DataFrame(
        [
            ["P000001", "Pat Private", "employee", "Information Security Analyst", "senior", LONE_EMPLOYEE_DEPT,
             "Remote", "", "2024-01-08", "", "123457", "", "40", "USD"],
            ["P000002", "Quinn Quiet", "contractor", "Database Administrator", "senior", LONE_CONTRACTOR_DEPT,
             "Remote", "Independent", "2025-03-03", "", "", "173.21", "40", "USD"],
        ],
        columns=workers.columns,
    )
    pd.concat([workers, extra]).to_csv(folder / "workers.csv", index=False)
    ts = pd.read_csv(SAMPLE_DIR / "timesheets.csv", dtype=str, keep_default_na=False)
    rows = [[w, "", wk, "36", "true"] for w in ("P000001", "P000002") for wk in WEEKS]
    pd.concat([ts, pd.DataFrame(rows, columns=ts.columns)]).to_csv(folder / "timesheets.csv", index=False)
    return folder


def _rendered_text(at) -> str:
    """Everything an AppTest run put on the screen: text, metrics, tables and chart data —
    except people-level tables (allowed to show a person's own pay)."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "info", "warning", "success", "error"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value} {m.proto.delta}" for m in at.metric]
    for df in at.dataframe:
        frame = df.value
        if {"worker_id"} & set(frame.columns) or {"full_name"} & set(frame.columns):
            continue  # a people-level table
        parts.append(frame.to_csv(index=False))
        parts.append(frame.to_string())
    for t in at.table:
        parts.append(t.value.to_csv(index=False))
    for chart in at.get("plotly_chart"):
        parts.append(json.dumps(json.loads(chart.proto.spec)))
    return "\n".join(parts)


def _leaks(text: str) -> list[str]:
    return [f for f in forbidden() if f in text]


PAGES = ["pages/overview.py", "pages/costs.py", "pages/break_even.py", "pages/utilization.py", "pages/duration.py"]


@pytest.mark.parametrize("dept", [LONE_EMPLOYEE_DEPT, LONE_CONTRACTOR_DEPT])
@pytest.mark.parametrize("page", PAGES)
def test_no_page_shows_a_lone_persons_pay_in_an_aggregate(app, lone_csvs, page, dept):
    at = app(lone_csvs, page=page, query={"department": dept})
    assert not at.exception
    assert at.sidebar.multiselect(key="department").value == [dept]
    text = _rendered_text(at)
    assert len(text) > 200  # the page drew something
    assert _leaks(text) == [], page


def test_the_forbidden_figures_are_found_when_pay_is_not_suppressed(app, lone_csvs, min_group):
    """The search can fail: with suppression off, the Costs page shows the derived figures."""
    min_group(1)
    at = app(lone_csvs, page="pages/costs.py", query={"department": LONE_EMPLOYEE_DEPT})
    assert not at.exception
    assert _leaks(_rendered_text(at))


@pytest.fixture(scope="module")
def lone_ws(lone_csvs, tmp_path_factory):
    ws = Workspace(tmp_path_factory.mktemp("lone_ws") / "ws.duckdb", lock_down=False, load_sample=False)
    ws.load_csv_dir(lone_csvs)
    yield ws
    ws.close()


@pytest.mark.parametrize("dept", [LONE_EMPLOYEE_DEPT, LONE_CONTRACTOR_DEPT])
def test_no_export_holds_a_lone_persons_pay(lone_ws, dept):
    f = Filters(pd.Timestamp("2026-01-01").date(), pd.Timestamp("2026-11-30").date(), departments=(dept,))
    facts = costs.period_facts(lone_ws, f)
    exports = {
        "costs drill-down": costs.drill_down(facts, DEFAULTS),
        "cost per hour by role": costs.hourly_costs_by_role(facts, DEFAULTS),
        "spend by department": costs.spend_by_department(facts, DEFAULTS),
        "overview comparison": headlines.comparison_table(lone_ws, f, DEFAULTS),
        "overview spend by month": headlines.spend_by_month(lone_ws, f, DEFAULTS),
    }
    for name, frame in exports.items():
        data = table_files.to_csv_bytes(frame).decode("utf-8")
        assert _leaks(data) == [], name
        assert _leaks(frame.to_string()) == [], name


@pytest.mark.parametrize(
    ("dept", "role"),
    [(LONE_EMPLOYEE_DEPT, "Information Security Analyst"), (LONE_CONTRACTOR_DEPT, "Database Administrator")],
)
def test_break_even_defaults_from_data_medians_are_withheld_for_a_lone_person(app, lone_csvs, dept, role):
    """The calculator's default salary and rate are medians of the role × seniority in scope:
    with one person in scope they would be that person's pay."""
    at = app(lone_csvs, page="pages/break_even.py", query={"department": dept, "be_role": role, "be_seniority": "senior"})
    assert not at.exception
    assert at.selectbox(key="be_role").value == role
    assert at.number_input(key="be_salary").value in (None, 0) or at.number_input(key="be_salary").value != SALARY
    assert at.number_input(key="be_rate").value in (None, 0) or abs(at.number_input(key="be_rate").value - RATE) > 0.005
    assert _leaks(_rendered_text(at)) == []
