"""More than one currency (issue 16): pay in EUR converted with each month's rate, the reporting
currency switched both ways, a missing month's rate named (never a silent zero), and bad fx_rates
or currency codes refused row by row. Figures worked out by hand in tests/fx_tiny.py's docstring."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from analytics.export import currencies, formatting, table_files
from analytics.ingest import upload
from analytics.metrics import costs, currency_checks, horizon, scenarios
from analytics.metrics.assumptions import DEFAULTS
from analytics.metrics.filters import Filters
from analytics.store import currency
from analytics.store.db import Workspace
from tests import fx_tiny
from tests.independent import reference

CENT = 0.005
PERIOD = Filters(date(2024, 1, 1), date(2024, 2, 29))
NO_FEBRUARY_EUR = [r for r in fx_tiny.RATES if r[:2] != ("EUR", "2024-02-01")]
pytestmark = pytest.mark.usefixtures("show_small_groups")


@pytest.fixture
def ws(tmp_path):
    w = Workspace(tmp_path / "w.duckdb", lock_down=False, load_sample=False)
    w.load_csv_dir(fx_tiny.write_csvs(tmp_path / "csv"))
    yield w
    w.close()


def spend(ws) -> tuple[float, float]:
    k = costs.cost_kpis(costs.period_facts(ws, PERIOD), DEFAULTS)
    return k.employee_spend, k.contractor_spend


# -- the independent reference, by hand ----------------------------------------------------------
def test_reference_converts_each_month_with_its_rate(tmp_path):
    usd = reference.figures(fx_tiny.write_csvs(tmp_path / "a"), "2024-01", "2024-02", min_group=1)
    assert usd["employee_spend"] == pytest.approx(fx_tiny.USD_EMPLOYEE_SPEND, abs=CENT)  # $36,914.65
    assert usd["contractor_spend"] == pytest.approx(fx_tiny.USD_CONTRACTOR_SPEND, abs=CENT)  # $61,470.40
    eur = reference.figures(tmp_path / "a", "2024-01", "2024-02", min_group=1, reporting="EUR")
    assert eur["employee_spend"] == pytest.approx(fx_tiny.EUR_EMPLOYEE_SPEND, abs=CENT)  # €34,424.60
    assert eur["contractor_spend"] == pytest.approx(fx_tiny.EUR_CONTRACTOR_SPEND, abs=CENT)  # €56,856.00
    gap = reference.figures(fx_tiny.write_csvs(tmp_path / "b", NO_FEBRUARY_EUR), "2024-01", "2024-02", min_group=1)
    assert gap["employee_spend"] == pytest.approx(fx_tiny.NO_FEB_EMPLOYEE_SPEND, abs=CENT)
    assert gap["contractor_spend"] == pytest.approx(fx_tiny.NO_FEB_CONTRACTOR_SPEND, abs=CENT)


# -- the workspace: derived tables, as-of pay, switching the reporting currency ---------------------
def test_salary_converts_day_by_day_and_hours_by_their_week(ws):
    months = ws.sql("SELECT worker_id, month, salary_cost, billings FROM worker_months ORDER BY worker_id, month")
    e2 = months[months["worker_id"] == "E2"]["salary_cost"].tolist()
    # €60,000 × 1.10 × 31 days / 365 in January, × 1.05 × 29 days (2024 is a leap year) in February
    assert e2 == pytest.approx([2_046_000 / 365, 1_827_000 / 365], abs=1e-6)
    c1 = months[months["worker_id"] == "C1"]["billings"].tolist()
    assert c1 == pytest.approx([200 * 80 * 1.10, 120 * 80 * 1.05])  # 5 Mondays in January, 3 in February
    assert spend(ws) == pytest.approx((fx_tiny.USD_EMPLOYEE_SPEND, fx_tiny.USD_CONTRACTOR_SPEND), abs=CENT)
    assert currency_checks.missing_rates(ws, PERIOD).empty


def test_as_of_pay_uses_the_latest_months_rate(ws):
    people = horizon.people_as_of(ws, PERIOD, date(2024, 2, 29)).set_index("worker_id")
    assert people.loc["E2", "annual_salary"] == pytest.approx(63_000)  # €60,000 × February's 1.05
    assert people.loc["C1", "hourly_rate"] == pytest.approx(84.0)  # €80 × 1.05
    assert people.loc["E1", "annual_salary"] == 104_000  # already dollars
    january = scenarios.contractors_as_of(ws, PERIOD, date(2024, 1, 31)).set_index("worker_id")
    assert january.loc["C1", "hourly_rate"] == pytest.approx(88.0)  # €80 × 1.10
    ws.sql("DELETE FROM fx_rates WHERE month = DATE '2024-02-01'")
    with ws.transaction():
        pass  # rebuild: as of 29 Feb the latest EUR rate is January's
    assert horizon.people_as_of(ws, PERIOD, date(2024, 2, 29)).set_index("worker_id").loc["E2", "annual_salary"] \
        == pytest.approx(66_000)


def test_the_reporting_currency_switches_both_ways(ws):
    assert currency.reporting_currency(ws) == "USD"
    version = ws.data_version()
    assert currency.set_reporting_currency(ws, "eur") == "USD"
    assert currency.reporting_currency(ws) == "EUR" and ws.data_version() == version + 1  # caches see new figures
    assert spend(ws) == pytest.approx((fx_tiny.EUR_EMPLOYEE_SPEND, fx_tiny.EUR_CONTRACTOR_SPEND), abs=CENT)
    e1 = ws.sql("SELECT salary_cost FROM worker_months WHERE worker_id = 'E1' ORDER BY month")["salary_cost"]
    assert e1.tolist() == pytest.approx([104_000 * 0.91 * 31 / 365, 104_000 * 0.95 * 29 / 365])
    currency.set_reporting_currency(ws, "USD")
    assert spend(ws) == pytest.approx((fx_tiny.USD_EMPLOYEE_SPEND, fx_tiny.USD_CONTRACTOR_SPEND), abs=CENT)
    with pytest.raises(ValueError, match="XYZ is not an ISO 4217 currency code"):
        currency.set_reporting_currency(ws, "XYZ")
    assert currency.reporting_currency(ws) == "USD"


def test_a_missing_months_rate_is_named_and_its_pay_left_out(tmp_path):
    ws = Workspace(tmp_path / "w.duckdb", lock_down=False, load_sample=False)
    try:
        ws.load_csv_dir(fx_tiny.write_csvs(tmp_path / "csv", NO_FEBRUARY_EUR))
        assert spend(ws) == pytest.approx((fx_tiny.NO_FEB_EMPLOYEE_SPEND, fx_tiny.NO_FEB_CONTRACTOR_SPEND), abs=CENT)
        missing = currency_checks.missing_rates(ws, PERIOD)
        assert missing[["currency", "people"]].values.tolist() == [["EUR", 2]]
        assert missing["month"].dt.date.tolist() == [date(2024, 2, 1)]
        assert missing["amount"].sum() == pytest.approx(fx_tiny.NO_FEB_LEFT_OUT)  # €14,367.12
        assert currency_checks.missing_rates_message(missing) == (
            "No EUR → USD exchange rate for Feb 2024: €14,367 of pay (2 people) is left out of these figures. "
            "Load the missing rates (table fx_rates: currency, month, rate to USD) on the Data page.")
        # January alone is whole: nothing to say
        assert currency_checks.missing_rates(ws, Filters(date(2024, 1, 1), date(2024, 1, 31))).empty
    finally:
        ws.close()


# -- on screen and in files ---------------------------------------------------------------------
def test_money_is_written_in_the_reporting_currency():
    assert formatting.money(1234.5) == "$1,234" and formatting.money(-2_500_000) == "−$2.50M"
    with currencies.use("EUR"):
        assert formatting.money(1234.5) == "€1,234" and formatting.money_per_hour(98.5) == "€98.50/h"
        assert formatting.in_currency("$/productive h") == "€/productive h"
        assert table_files.ColumnFormat("Spend", "money").excel_format == '"€"#,##0.00;-"€"#,##0.00'
        assert table_files.ColumnFormat("Spend", "money").csv_header == "Spend (EUR)"
    with currencies.use("CHF"):
        assert formatting.money(1200) == "CHF 1,200" and formatting.in_currency("Spend (USD)") == "Spend (CHF)"
    assert table_files.ColumnFormat("Spend", "money").csv_header == "Spend"  # USD, as before


# -- bad input ----------------------------------------------------------------------------------
FX_HEADER = "currency,month,rate_to_reporting\n"


def _load(ws, name: str, text: str, mode: str = "append"):
    return upload.load(ws, [upload.FileSpec(f"{name}.csv", text.encode(), name, mode)])


def test_bad_rates_are_refused_row_by_row_and_nothing_is_loaded(ws):
    before = upload.table_checksum(ws, "fx_rates")
    bad = FX_HEADER + "GBP,2024-01,1.27\nGBP,2024-01-01,1.28\nGBP,2024-02,0\nGBP,2024-03,-1\nEUX,2024-01,1\n" \
        "GBP,2024-04-15,1.2\n"
    with pytest.raises(upload.ValidationFailed) as failed:
        _load(ws, "fx_rates", bad)
    got = {(r.line, r.column, r.value, r.problem) for r in failed.value.report.rows.itertuples()}
    assert (3, "currency, month", "currency=GBP, month=2024-01-01", "duplicate key: first seen on line 2") in got
    assert (4, "rate_to_reporting", "0", "rate_to_reporting is not above 0") in got
    assert (5, "rate_to_reporting", "-1", "below the minimum of 0") in got
    assert (6, "currency", "EUX", "not an ISO 4217 currency code, e.g. USD, EUR, GBP") in got
    assert (7, "month", "2024-04-15", "month is not the first day of a month") in got
    assert upload.table_checksum(ws, "fx_rates") == before


def test_months_in_common_forms_load(ws):
    _load(ws, "fx_rates", FX_HEADER + "GBP,2024-01,1.27\nGBP,02/2024,1.26\nGBP,Mar 2024,1.25\n")
    got = ws.sql("SELECT month, rate_to_reporting FROM fx_rates WHERE currency = 'GBP' ORDER BY month")
    assert got["month"].dt.date.tolist() == [date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)]


def test_an_unknown_currency_code_is_named_with_its_row(ws):
    header = ",".join(fx_tiny.frames()["workers"].columns) + "\n"
    row = "E9,Zed,employee,Software Developer,mid,Engineering,,,2024-01-01,,50000,,40,{}\n"
    with pytest.raises(upload.ValidationFailed) as failed:
        _load(ws, "workers", header + row.format("DOLLARS"), "append")
    assert (2, "currency", "DOLLARS", "not an ISO 4217 currency code, e.g. USD, EUR, GBP") in {
        (r.line, r.column, r.value, r.problem) for r in failed.value.report.rows.itertuples()}


def test_pay_in_a_currency_without_any_rate_loads_with_a_warning(ws):
    header = ",".join(fx_tiny.frames()["workers"].columns) + "\n"
    row = "E9,Zed,employee,Software Developer,mid,Engineering,,,2024-01-01,,50000,,40,gbp\n"
    report = _load(ws, "workers", header + row)
    assert any(w.startswith("Currency: 1 row of workers.csv (first: row 2, column currency, value GBP) is in GBP, "
                            "which has no exchange rate to USD at all") for w in report.warnings), report.warnings
    missing = currency_checks.missing_rates(ws, PERIOD)
    assert missing.groupby("currency")["amount"].sum().to_dict() == pytest.approx({"GBP": 50_000 * 60 / 365})


def test_pay_loaded_without_a_currency_is_in_the_reporting_currency_of_the_time(ws):
    currency.set_reporting_currency(ws, "EUR")
    columns = [c for c in fx_tiny.frames()["workers"].columns if c != "currency"]
    _load(ws, "workers", ",".join(columns) + "\nE9,Zed,employee,Software Developer,mid,Engineering,,,2024-01-01,,"
          "36500,,40\n")
    assert ws.sql("SELECT currency FROM workers WHERE worker_id = 'E9'")["currency"].tolist() == ["EUR"]
    currency.set_reporting_currency(ws, "USD")  # still euros: converted at 1.10 and 1.05
    e9 = ws.sql("SELECT salary_cost FROM worker_months WHERE worker_id = 'E9' ORDER BY month")["salary_cost"]
    assert e9.tolist() == pytest.approx([36_500 * 1.10 * 31 / 365, 36_500 * 1.05 * 29 / 365])


def test_an_exchange_rate_export_loads_through_its_own_headers_and_symbols(ws):
    _load(ws, "fx_rates", "Currency,Month,Exchange Rate\n£,2024-01,1.27\nSwiss franc,2024-01,1.16\n")
    got = ws.sql("SELECT currency, rate_to_reporting FROM fx_rates WHERE currency IN ('GBP', 'CHF') ORDER BY 1")
    assert got.values.tolist() == [["CHF", 1.16], ["GBP", 1.27]]


def test_the_report_is_in_the_reporting_currency(ws):
    from analytics.report import ReportRequest, build

    currency.set_reporting_currency(ws, "EUR")
    html = build(ws, ReportRequest(PERIOD, pages=("costs",)), "html", charts=False).decode("utf-8")
    assert "€34,425" in html and "€56,856" in html  # employee and contractor spend (fx_tiny: EUR reporting)
    assert "$34,425" not in html and "$56,856" not in html
    assert currencies.current() == "USD"  # the report's currency did not leak into this thread


def test_invoices_convert_at_their_months_rate(tmp_path):
    """G1 becomes a fixed fee of Acme (C1's and C2's vendor): their hours on it are not paid by the hour,
    its invoices are — €10,000 on 31 Jan at 1.10 and €10,000 on 29 Feb at 1.05 = $21,500 (no fee on
    invoices). Without February's EUR rate: $11,000, and the message names €10,000 of invoices beside
    E2's €4,767 February salary."""
    def write(folder, rates):
        f = fx_tiny.frames(rates)
        f["engagements"] = f["engagements"].assign(vendor="Acme", pricing_model="fixed_fee")
        f["invoices"] = pd.DataFrame([["G1", "Acme", d, 10_000.0, "EUR", "fee"] for d in ("2024-01-31", "2024-02-29")],
                                     columns=["engagement_id", "vendor", "invoice_date", "amount", "currency",
                                              "description"])
        for name, df in f.items():
            out = df.copy()
            if "billable" in out.columns:
                out["billable"] = out["billable"].map({True: "true", False: "false"})
            Path(folder).mkdir(parents=True, exist_ok=True)
            out.to_csv(Path(folder) / f"{name}.csv", index=False)
        return folder

    ws = Workspace(tmp_path / "w.duckdb", lock_down=False, load_sample=False)
    try:
        ws.load_csv_dir(write(tmp_path / "a", fx_tiny.RATES))
        assert spend(ws)[1] == pytest.approx(21_500, abs=CENT)
        assert reference.figures(tmp_path / "a", "2024-01", "2024-02", min_group=1)["contractor_spend"] \
            == pytest.approx(21_500, abs=CENT)
        ws.load_csv_dir(write(tmp_path / "b", NO_FEBRUARY_EUR))
        assert spend(ws)[1] == pytest.approx(11_000, abs=CENT)
        assert currency_checks.missing_rates_message(currency_checks.missing_rates(ws, PERIOD)).startswith(
            "No EUR → USD exchange rate for Feb 2024: €4,767 of pay (1 person) and €10,000 of invoices are left out")
    finally:
        ws.close()
