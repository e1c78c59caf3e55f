"""Exports: formula-like text neutralised in cells and headers (OWASP CSV injection), numbers kept;
headers are the on-screen labels, money to cents, percentages and dates as numbers and dates, Yes/No."""

import io
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest

from analytics.export import table_files


def frame() -> pd.DataFrame:
    return pd.DataFrame({
        "=HYPERLINK(\"x\")": ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR", "plain", None],
        "hours": [-1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
        "count": [-1, 2, 3, 4, 5, 6, 7, 8],
    })


def test_neutralise_prefixes_text_only():
    out = table_files.neutralise(frame())
    assert out.columns.tolist() == ["'=HYPERLINK(\"x\")", "hours", "count"]
    assert out.iloc[:, 0].tolist()[:7] == ["'=1+1", "'+SUM(A1)", "'-2+3", "'@cmd", "'\tTAB", "'\rCR", "plain"]
    assert pd.isna(out.iloc[7, 0])
    assert out["hours"].tolist()[0] == -1.5 and out["count"].dtype.kind == "i"


def test_csv_export():
    text = table_files.to_csv_bytes(frame()).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == '"\'=HYPERLINK(""x"")",hours,count'
    assert lines[1] == "'=1+1,-1.5,-1"  # the negative numbers stay numbers
    assert "'@cmd,4.0,4" in lines


def test_excel_export_keeps_numbers_and_has_no_formulas():
    wb = openpyxl.load_workbook(io.BytesIO(table_files.to_excel_bytes(frame())))
    sheet = wb.active
    assert sheet["A1"].value == "'=HYPERLINK(\"x\")" and sheet["A1"].data_type == "s"
    assert [sheet.cell(row=r, column=1).value for r in range(2, 6)] == ["'=1+1", "'+SUM(A1)", "'-2+3", "'@cmd"]
    assert all(sheet.cell(row=r, column=1).data_type == "s" for r in range(2, 9))
    assert sheet["B2"].value == -1.5 and sheet["B2"].data_type == "n"
    assert sheet["C2"].value == -1 and sheet["C2"].data_type == "n"


# -- formatted downloads: on-screen labels, money to cents, percentages, dates, Yes/No ---------


def cfo_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "full_name": ["Zoë Ångström", "=1+1"],
        "spend": [1234.5678, -4000.004],  # → 1234.57 and -4000.00
        "utilization": [0.625, None],  # 25 billable h of 40 capacity h
        "start_date": [date(2026, 4, 1), None],
        "active": [True, False],
        "weeks": [3, 12],
    })


CFO_FORMATS = {
    "full_name": table_files.ColumnFormat("Name"),
    "spend": table_files.ColumnFormat("Spend", "money"),
    "utilization": table_files.ColumnFormat("Billable utilization", "percent"),
    "start_date": table_files.ColumnFormat("Started", "date"),
    "active": table_files.ColumnFormat("Active", "boolean"),
    "weeks": table_files.ColumnFormat("Weeks", "number", decimals=0),
}


def test_formatted_excel_cells_are_numbers_dates_and_yes_no():
    sheet = openpyxl.load_workbook(io.BytesIO(table_files.to_excel_bytes(cfo_frame(), CFO_FORMATS, "people"))).active
    assert sheet.title == "people"
    assert [c.value for c in sheet[1]] == ["Name", "Spend", "Billable utilization", "Started", "Active", "Weeks"]
    name, spend, util, started, active, weeks = sheet[2]
    assert name.value == "Zoë Ångström"
    assert spend.data_type == "n" and spend.value == 1234.57  # rounded to the cent
    assert "#,##0.00" in spend.number_format and "$" in spend.number_format
    assert sheet["B3"].value == -4000 and sheet["B3"].number_format == spend.number_format
    assert util.data_type == "n" and util.value == 0.625 and util.number_format == "0.0%"  # shows 62.5%
    assert sheet["C3"].value is None
    assert started.is_date and started.value.date() == date(2026, 4, 1)
    assert sheet["D3"].value is None
    assert active.value == "Yes" and sheet["E3"].value == "No"
    assert weeks.value == 3 and weeks.number_format == "#,##0"
    assert sheet["A3"].value == "'=1+1" and sheet["A3"].data_type == "s"  # still neutralised


def test_formatted_csv_has_bom_labels_cents_points_iso_dates_yes_no():
    data = table_files.to_csv_bytes(cfo_frame(), CFO_FORMATS)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark: Excel opens "Zoë" correctly
    lines = data.decode("utf-8-sig").splitlines()
    # percent points in the CSV, so the header says so
    assert lines[0] == "Name,Spend,Billable utilization (%),Started,Active,Weeks"
    assert lines[1] == "Zoë Ångström,1234.57,62.5,2026-04-01,Yes,3"
    assert lines[2] == "'=1+1,-4000.0,,,No,12"


def test_every_csv_has_the_bom_and_undescribed_columns_are_inferred():
    df = pd.DataFrame({
        "when": pd.to_datetime(["2026-03-30", "2026-04-06"]),  # midnight only → dates, no time part
        "at": pd.to_datetime(["2026-03-30 09:15", None]),
        "billable": [True, False],
        "hours": [22.5, 40.0],
    })
    data = table_files.to_csv_bytes(df)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == [
        "when,at,billable,hours",
        "2026-03-30,2026-03-30 09:15:00,Yes,22.5",
        "2026-04-06,,No,40.0",
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(table_files.to_excel_bytes(df))).active
    assert sheet["A2"].is_date and sheet["A2"].value == datetime(2026, 3, 30)
    assert sheet["B2"].is_date and sheet["B2"].value == datetime(2026, 3, 30, 9, 15)
    assert sheet["C2"].value == "Yes" and sheet["D2"].value == 22.5


def test_percent_label_with_a_percent_sign_is_kept_and_text_dates_are_not_lost():
    df = pd.DataFrame({"u": [0.3333333], "d": ["not a date"]})
    fmts = {"u": table_files.ColumnFormat("Billable %", "percent"), "d": table_files.ColumnFormat("Started", "date")}
    # 0.3333333 → 0.3333 (exact to 0.01 point) → 33.33 points
    assert table_files.to_csv_bytes(df, fmts).decode("utf-8-sig").splitlines() == ["Billable %,Started", "33.33,not a date"]
    with pytest.raises(ValueError):
        table_files.ColumnFormat("X", "currency")
