"""Downloads of result tables as CSV and Excel that a finance reader can forward as they are.

Each column is written by its `ColumnFormat`: the header is the label the screen shows, money is
rounded to cents, percentages are numbers (Excel: the fraction with a '0.0%' format; CSV: percent
points under a header ending '(%)'), dates are dates (Excel date cells; CSV ISO dates, no time
part), booleans read Yes/No. Every CSV starts with the UTF-8 byte-order mark so Excel opens accented
names correctly.

Text cells and headers that start with = + - @ tab or carriage return would be run as formulas
by Excel or LibreOffice (OWASP "CSV injection"), so they get a leading single quote; numbers,
dates and booleans are left as they are, so they stay numbers in the spreadsheet.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np
import pandas as pd

from analytics.export import currencies

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_MAX_ROWS = 1_048_575  # one row of the sheet holds the header

Kind = Literal["money", "percent", "number", "date", "datetime", "boolean", "text"]
KINDS: tuple[Kind, ...] = ("money", "percent", "number", "date", "datetime", "boolean", "text")

MONEY_DECIMALS = 2
# A rate is exact to 0.01 percentage point in both files: 4 decimals of the fraction, 2 of the points.
PERCENT_DECIMALS = 4
EXCEL_MONEY = '"$"#,##0.00;-"$"#,##0.00'  # "−$4,000.00" for a negative amount, as the tiles read (in USD)


def excel_money() -> str:
    """EXCEL_MONEY in the reporting currency of this run ('"€"#,##0.00;-"€"#,##0.00' for EUR)."""
    sym = currencies.symbol().strip().replace('"', "")
    return f'"{sym}"#,##0.00;-"{sym}"#,##0.00'
EXCEL_PERCENT = "0.0%"
EXCEL_DATE = "yyyy-mm-dd"
EXCEL_DATETIME = "yyyy-mm-dd hh:mm"


@dataclass(frozen=True)
class ColumnFormat:
    """How one column is written: its header (`label`, the on-screen words) and what it holds.

    `decimals` is only used by number columns: the precision Excel displays (the values are
    written as they are; rounding them is the caller's choice). None = Excel's General format."""

    label: str
    kind: Kind = "text"
    decimals: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}; one of {', '.join(KINDS)}")

    @property
    def csv_header(self) -> str:
        """The CSV header: percent columns hold points there, so the header says '(%)' unless the
        label already has a % sign; money columns in a reporting currency other than USD name it ("Spend (EUR)")."""
        if self.kind == "percent" and "%" not in self.label:
            return f"{self.label} (%)"
        code = currencies.current()
        if self.kind == "money" and code != currencies.DEFAULT and code not in self.label:
            return f"{self.label} ({code})"  # plain numbers: the header says which currency (USD unsaid)
        return self.label

    @property
    def excel_format(self) -> str | None:
        """The Excel number format of the column's cells, or None for General / text."""
        if self.kind == "money":
            return excel_money()
        if self.kind == "percent":
            return EXCEL_PERCENT
        if self.kind == "date":
            return EXCEL_DATE
        if self.kind == "datetime":
            return EXCEL_DATETIME
        if self.kind == "number" and self.decimals is not None:
            return "#,##0" + ("." + "0" * self.decimals if self.decimals > 0 else "")
        return None


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


def _is_datetime(s: pd.Series) -> bool:
    return pd.api.types.is_datetime64_any_dtype(s)


def _holds_dates(s: pd.Series) -> bool:
    """An object column of datetime.date values (what DuckDB DATE columns become in pandas)."""
    if not pd.api.types.is_object_dtype(s):
        return False
    present = s.dropna()
    if present.empty:
        return False
    return bool(present.map(lambda v: isinstance(v, date)).all())


def infer_format(s: pd.Series, label: str | None = None) -> ColumnFormat:
    """The format of a column nobody described, from its values: booleans, dates (midnight-only
    timestamps are dates), date-times, numbers, else text. The label defaults to the column name."""
    label = str(s.name) if label is None else label
    if pd.api.types.is_bool_dtype(s):
        return ColumnFormat(label, "boolean")
    if _is_datetime(s):
        present = s.dropna()
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            present = present.dt.tz_localize(None)
        midnight = present.empty or bool((present == present.dt.normalize()).all())
        return ColumnFormat(label, "date" if midnight else "datetime")
    if _holds_dates(s):
        return ColumnFormat(label, "date")
    if pd.api.types.is_numeric_dtype(s):
        return ColumnFormat(label, "number")
    return ColumnFormat(label, "text")


def formats_for(df: pd.DataFrame, formats: Mapping[str, ColumnFormat] | None = None) -> list[ColumnFormat]:
    """One format per column of `df`, in order: `formats[column]` where given, else inferred from
    the column's values with the column name as the label."""
    formats = formats or {}
    return [formats.get(str(col)) or infer_format(df[col], str(col)) for col in df.columns]


def _as_dates(s: pd.Series) -> pd.Series | None:
    """datetime.date values (time and time zone dropped; missing stays missing), or None when
    some value is not a date at all (the column is then written as text, nothing lost)."""
    converted = s if _is_datetime(s) else pd.to_datetime(s, errors="coerce")
    if bool((converted.isna() & s.notna()).any()):
        return None
    if isinstance(converted.dtype, pd.DatetimeTZDtype):
        converted = converted.dt.tz_localize(None)
    return converted.dt.date.astype(object).where(converted.notna(), None)


def _as_datetimes(s: pd.Series) -> pd.Series | None:
    """Naive timestamps (Excel has no time zones), or None when some value is not a date-time."""
    converted = s if _is_datetime(s) else pd.to_datetime(s, errors="coerce")
    if bool((converted.isna() & s.notna()).any()):
        return None
    if isinstance(converted.dtype, pd.DatetimeTZDtype):
        converted = converted.dt.tz_localize(None)
    return converted


def _is_boolean(s: pd.Series) -> bool:
    if pd.api.types.is_bool_dtype(s):
        return True
    present = s.dropna()
    return not present.empty and bool(present.map(lambda v: isinstance(v, (bool, np.bool_))).all())


def _yes_no(s: pd.Series) -> pd.Series:
    return s.map(lambda v: None if pd.isna(v) else ("Yes" if bool(v) else "No")).astype(object)


_CONVERT = {"date": _as_dates, "datetime": _as_datetimes}


def _prepared(df: pd.DataFrame, fmts: list[ColumnFormat], target: Literal["csv", "excel"]) -> pd.DataFrame:
    """The table as the file holds it: each column converted by its format, text neutralised,
    headers the (neutralised) labels."""
    columns: list[pd.Series] = []
    for i, f in enumerate(fmts):
        s = df.iloc[:, i]
        numeric = pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)
        if f.kind == "money" and numeric:
            s = s.astype("float64").round(MONEY_DECIMALS)
        elif f.kind == "percent" and numeric:
            s = s.astype("float64").round(PERCENT_DECIMALS)
            if target == "csv":
                s = (s * 100).round(PERCENT_DECIMALS - 2)
        elif f.kind in ("date", "datetime") and (converted := _CONVERT[f.kind](s)) is not None:
            s = converted
        elif f.kind == "boolean" and _is_boolean(s):
            s = _yes_no(s)
        elif not numeric and not _is_datetime(s):
            s = s.map(neutralise_text, na_action="ignore")
        columns.append(s.reset_index(drop=True))
    out = pd.concat(columns, axis=1) if columns else pd.DataFrame(index=range(len(df)))
    header = [f.csv_header if target == "csv" else f.label for f in fmts]
    out.columns = [neutralise_text(h) for h in header]
    return out


def to_csv_bytes(df: pd.DataFrame, formats: Mapping[str, ColumnFormat] | None = None) -> bytes:
    """UTF-8 CSV with a byte-order mark (so Excel opens accents correctly), formatted per column
    (`formats` by column name; the rest inferred, headed by their names) and neutralised."""
    out = _prepared(df, formats_for(df, formats), "csv")
    return out.to_csv(index=False, date_format="%Y-%m-%d %H:%M:%S").encode("utf-8-sig")


def to_excel_bytes(df: pd.DataFrame, formats: Mapping[str, ColumnFormat] | None = None, sheet: str = "data") -> bytes:
    """An .xlsx workbook of the table: real numbers with number formats (money, 0.0% for
    percentages), date cells, Yes/No, neutralised text; at most EXCEL_MAX_ROWS rows."""
    fmts = formats_for(df, formats)
    out = _prepared(df.head(EXCEL_MAX_ROWS), fmts, "excel")
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl", date_format=EXCEL_DATE, datetime_format=EXCEL_DATETIME) as xl:
        out.to_excel(xl, sheet_name=sheet[:31] or "data", index=False)
        cells = xl.sheets[sheet[:31] or "data"]
        for i, f in enumerate(fmts, start=1):
            number_format = f.excel_format
            if number_format is None or f.kind in ("date", "datetime"):
                continue  # dates already carry the writer's date formats
            for (cell,) in cells.iter_rows(min_row=2, max_row=len(out) + 1, min_col=i, max_col=i):
                if cell.data_type == "n":
                    cell.number_format = number_format
    return buf.getvalue()
