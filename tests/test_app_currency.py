"""The reporting currency on screen and in downloads (issue 16), on tests/fx_tiny.py's organisation
paid in USD and EUR (figures worked out in its docstring): Overview and Costs in dollars, then in euros
once the Admin page switches the reporting currency, the Costs drill-down's CSV and Excel files in
euros too, and a missing month's rate named above the figures."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from tests import fx_tiny
from tests.apptools import click, metric

pytestmark = pytest.mark.usefixtures("show_small_groups")
OVERVIEW, COSTS, ADMIN, DATA = "pages/overview.py", "pages/costs.py", "pages/admin.py", "pages/data.py"
PERIOD = {"period": ["2024-01", "2024-02"]}


def test_amounts_follow_the_reporting_currency_on_screen_and_in_files(app, tmp_path, files):
    at = app(fx_tiny.write_csvs(tmp_path / "csv"), page=OVERVIEW, query=PERIOD)
    assert not at.exception
    assert metric(at, "Employee spend") == "$36,915"  # 13,473,849 / 365 = $36,914.65
    assert metric(at, "Contractor spend") == "$61,470"
    at.switch_page(COSTS).run()
    assert metric(at, "Total spend") == "$98,385"
    assert not [w for w in at.warning if "exchange rate" in w.value]

    at.switch_page(ADMIN).run()
    at.selectbox(key="admin_reporting_currency").set_value("EUR").run()
    click(at, "admin_save_currency")
    assert any("Every amount is now shown in EUR (was USD)" in s.value for s in at.success)

    at.switch_page(OVERVIEW).run()
    assert not at.exception
    assert metric(at, "Employee spend") == "€34,425"  # 12,564,977.92 / 365 = €34,424.60
    assert metric(at, "Contractor spend") == "€56,856"
    at.switch_page(COSTS).run()
    assert not at.exception
    assert metric(at, "Total spend") == "€91,281"  # 34,424.60 + 56,856.00
    assert metric(at, "Contractor cost / hour") == "€88.84/h"  # 56,856 / 640 h
    csv = pd.read_csv(io.BytesIO(files["staffing_lens_costs.csv"]()))
    spent = csv.set_index("Type")["Spend (EUR)"].to_dict()
    assert spent == pytest.approx({"employee": 34_424.60, "contractor": 56_856.00}, abs=0.005)
    sheet = openpyxl.load_workbook(io.BytesIO(files["staffing_lens_costs.xlsx"]())).active
    header = [c.value for c in sheet[1]]
    spend_cell = sheet.cell(row=2, column=header.index("Spend") + 1)
    assert spend_cell.number_format == '"€"#,##0.00;-"€"#,##0.00'

    at.switch_page(ADMIN).run()  # and back: the dollar figures return
    at.selectbox(key="admin_reporting_currency").set_value("USD").run()
    click(at, "admin_save_currency")
    at.switch_page(COSTS).run()
    assert metric(at, "Total spend") == "$98,385"


def test_a_missing_rate_is_named_on_the_pages_and_in_data_quality(app, tmp_path):
    rates = [r for r in fx_tiny.RATES if r[:2] != ("EUR", "2024-02-01")]
    at = app(fx_tiny.write_csvs(tmp_path / "csv", rates), page=COSTS, query=PERIOD)
    assert not at.exception
    message = ("No EUR → USD exchange rate for Feb 2024: €14,367 of pay (2 people) is left out of these figures. "
               "Load the missing rates (table fx_rates: currency, month, rate to USD) on the Data page.")
    assert [w.value for w in at.warning if "exchange rate" in w.value] == [message]
    assert metric(at, "Employee spend") == "$30,543"  # 11,148,078 / 365: February's euro salary left out
    at.switch_page(OVERVIEW).run()
    assert [w.value for w in at.warning if "exchange rate" in w.value] == [message]
    at.switch_page(DATA).run()
    assert not at.exception
    assert any("Pay without an exchange rate" in m.value and "Feb 2024" in m.value for m in at.markdown)
