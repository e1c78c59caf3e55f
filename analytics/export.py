"""Downloads of result tables as CSV and Excel, safe to open in a spreadsheet.

Text cells and headers that start with = + - @ tab or carriage return would be run as formulas
by Excel or LibreOffice (OWASP "CSV injection"), so they get a leading single quote; numbers,
dates and booleans are left as they are, so they stay numbers in the spreadsheet.
"""

from __future__ import annotations

import io

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_MAX_ROWS = 1_048_575  # one row of the sheet holds the header


def neutralise_text(value: object) -> object:
    """'=1+1' → "'=1+1"; anything that is not text is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with formula-like text cells and headers neutralised; numeric columns untouched."""
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_object_dtype(s) or pd.api.types.is_string_dtype(s):
            out[col] = s.map(neutralise_text, na_action="ignore")
    out.columns = [neutralise_text(str(c)) for c in out.columns]
    return out


def to_csv_bytes(df: pd.DataFrame, bom: bool = True) -> bytes:
    """UTF-8 CSV, neutralised; with a byte-order mark (so Excel opens accents correctly) unless
    `bom` is False."""
    return neutralise(df).to_csv(index=False).encode("utf-8-sig" if bom else "utf-8")


def to_excel_bytes(df: pd.DataFrame, sheet: str = "data") -> bytes:
    """An .xlsx workbook of the neutralised table (time zones dropped: Excel has none)."""
    out = neutralise(df).head(EXCEL_MAX_ROWS)
    for col in out.columns:
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = out[col].dt.tz_localize(None)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        out.to_excel(xl, sheet_name=sheet[:31] or "data", index=False)
    return buf.getvalue()
