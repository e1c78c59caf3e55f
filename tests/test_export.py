"""Exports: formula-like text neutralised in cells and headers (OWASP CSV injection), numbers kept."""

import io

import openpyxl
import pandas as pd

from analytics import export


def frame() -> pd.DataFrame:
    return pd.DataFrame({
        "=HYPERLINK(\"x\")": ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR", "plain", None],
        "hours": [-1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
        "count": [-1, 2, 3, 4, 5, 6, 7, 8],
    })


def test_neutralise_prefixes_text_only():
    out = export.neutralise(frame())
    assert out.columns.tolist() == ["'=HYPERLINK(\"x\")", "hours", "count"]
    assert out.iloc[:, 0].tolist()[:7] == ["'=1+1", "'+SUM(A1)", "'-2+3", "'@cmd", "'\tTAB", "'\rCR", "plain"]
    assert pd.isna(out.iloc[7, 0])
    assert out["hours"].tolist()[0] == -1.5 and out["count"].dtype.kind == "i"


def test_csv_export():
    text = export.to_csv_bytes(frame()).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == '"\'=HYPERLINK(""x"")",hours,count'
    assert lines[1] == "'=1+1,-1.5,-1"  # the negative numbers stay numbers
    assert "'@cmd,4.0,4" in lines


def test_excel_export_keeps_numbers_and_has_no_formulas():
    wb = openpyxl.load_workbook(io.BytesIO(export.to_excel_bytes(frame())))
    sheet = wb.active
    assert sheet["A1"].value == "'=HYPERLINK(\"x\")" and sheet["A1"].data_type == "s"
    assert [sheet.cell(row=r, column=1).value for r in range(2, 6)] == ["'=1+1", "'+SUM(A1)", "'-2+3", "'@cmd"]
    assert all(sheet.cell(row=r, column=1).data_type == "s" for r in range(2, 9))
    assert sheet["B2"].value == -1.5 and sheet["B2"].data_type == "n"
    assert sheet["C2"].value == -1 and sheet["C2"].data_type == "n"
