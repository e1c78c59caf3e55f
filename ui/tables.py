"""Long result tables on the dashboard pages: the first rows on screen, every row in the downloads.

A table of people or groups grows with the organisation (thousands of people at scale), and every
row shown is sent to the browser. The pages show the first SHOWN_ROWS rows of such a table (in
the order it already has: most problematic or largest first), say how many there are in all, and
offer the whole table as CSV and Excel, built only when a button is clicked.

The files are headed and formatted as the screen shows the table: each column's st.column_config
entry gives its label and kind (money, percent, number, date, boolean, text), turned into an
analytics.export.table_files.ColumnFormat here, since column_config objects are Streamlit's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

import pandas as pd
import streamlit as st

from analytics.export import formatting, table_files
from ui import auth

SHOWN_ROWS = 100


def shown_caption(total: int, noun: str, rows: int = SHOWN_ROWS) -> str | None:
    """'Showing 100 of 6,123 people — download the CSV for all.', or None when all are shown."""
    if total <= rows:
        return None
    return f"Showing {rows:,} of {total:,} {noun} — download the CSV for all."


MONEY_FORMATS = ("dollar", "euro", "yen", "yuan", "rupee", "pound", "won")
_PRINTF_NUMBER = re.compile(r"%[-+ 0#,']*\d*(?:\.(\d+))?([dif])")


def shown_decimals(fmt: object) -> int | None:
    """The decimals a printf-style column format shows ('%,.0f' → 0, '%.1f' → 1, '%d' → 0), or
    None for a named format ('localized', 'compact' …) or no format."""
    m = _PRINTF_NUMBER.search(fmt) if isinstance(fmt, str) else None
    if m is None:
        return None
    return int(m.group(1)) if m.group(1) else (0 if m.group(2) in "di" else None)


def label_of(column: str) -> str:
    """A header for a column the page gave no label: 'worker_id' → 'Worker ID',
    'engagement_names' → 'Engagement names'."""
    words = str(column).replace("_", " ").strip().split(" ")
    words = ["ID" if w.lower() == "id" else w for w in words]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def column_format(column: str, config: object, values: pd.Series | None = None) -> table_files.ColumnFormat:
    """The file format of one column from its on-screen column_config entry: the label it shows,
    and the kind its column type and format say (dollar / '$…' formats → money, 'percent' →
    percent, DateColumn → date, DatetimeColumn → date-time, CheckboxColumn → boolean, other
    numbers → number with the shown decimals, TextColumn → text). A plain string is just the
    label; without a type the kind comes from the values (analytics.export.table_files.infer_format)."""
    if isinstance(config, str):
        label, type_config = config, {}
    elif isinstance(config, Mapping):
        label, type_config = config.get("label") or label_of(column), config.get("type_config") or {}
    else:
        label, type_config = label_of(column), {}
    kind, fmt = type_config.get("type"), type_config.get("format")
    if kind in ("number", "progress"):
        if fmt in MONEY_FORMATS or (isinstance(fmt, str) and (fmt == formatting.money_format(0) or "$" in fmt
                                                              or fmt == formatting.money_format(2))):
            return table_files.ColumnFormat(label, "money")
        if fmt == "percent":
            return table_files.ColumnFormat(label, "percent")
        return table_files.ColumnFormat(label, "number", shown_decimals(fmt))
    if kind == "date":
        return table_files.ColumnFormat(label, "date")
    if kind == "datetime":
        return table_files.ColumnFormat(label, "datetime")
    if kind == "checkbox":
        return table_files.ColumnFormat(label, "boolean")
    if kind == "text":
        return table_files.ColumnFormat(label, "text")
    if values is not None:
        return table_files.infer_format(values, label)
    return table_files.ColumnFormat(label)


def column_formats(
    df: pd.DataFrame, column_config: Mapping[str, object] | None = None
) -> dict[str, table_files.ColumnFormat]:
    """The file format of every column of `df`: from `column_config` (as given to st.dataframe)
    where it has an entry, else a label made from the column name and a kind from its values.
    Headers stay unique: a made-up label that repeats a page's label (the bench list shows
    engagement_names as "Engagements" and has an unlabelled engagements count) gets the column
    name in brackets ("Engagements [engagements]"), so no file has two columns of one name."""
    config = column_config or {}
    formats = {str(c): column_format(str(c), config.get(str(c)), df[c]) for c in df.columns}
    given = {f.label for c, f in formats.items() if config.get(c) is not None}
    seen: set[str] = set()
    for column, f in formats.items():
        if f.label in seen or (config.get(column) is None and f.label in given):
            f = formats[column] = replace(f, label=f"{f.label} [{column}]")
        seen.add(f.label)
    return formats


def file_frame(
    df: pd.DataFrame,
    export_frame: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
    column_order: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Every row of the table as the files hold it: `export_frame(df)` if given (it chooses the
    columns, their order and rounding), else `df` with the on-screen `column_order` first and the
    columns the screen leaves out after them."""
    if export_frame is not None:
        return export_frame(df)
    if not column_order:
        return df
    first = [c for c in column_order if c in df.columns]
    return df[first + [c for c in df.columns if c not in first]]


def csv_bytes(df: pd.DataFrame, column_config: Mapping[str, object] | None = None) -> bytes:
    """The table as CSV with the on-screen labels and formats (analytics.export.table_files.to_csv_bytes:
    UTF-8 with a byte-order mark, money to cents, percentages in points, ISO dates, Yes/No,
    formula-like text neutralised)."""
    return table_files.to_csv_bytes(df, column_formats(df, column_config))


def excel_bytes(df: pd.DataFrame, column_config: Mapping[str, object] | None = None, sheet: str = "data") -> bytes:
    """The table as an .xlsx workbook with the on-screen labels and number formats
    (analytics.export.table_files.to_excel_bytes)."""
    return table_files.to_excel_bytes(df, column_formats(df, column_config), sheet)


def downloads(
    df: pd.DataFrame,
    file_name: str,
    key: str,
    sheet: str = "data",
    export_frame: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
    column_config: Mapping[str, object] | None = None,
    column_order: Sequence[str] | None = None,
) -> None:
    """'Download CSV' and 'Download Excel' buttons for every row of `df` (file_frame: as
    `export_frame(df)` if given, else in the on-screen column order), headed by the on-screen
    labels of `column_config` and formatted by its column types. The files are built only when a
    button is clicked, and a click does not rerun the page. Widget keys: `key` and `key`_xlsx."""

    def frame() -> pd.DataFrame:
        return file_frame(df, export_frame, column_order)

    download_buttons(
        file_name, (key, f"{key}_xlsx"), ("Download CSV", "Download Excel"),
        lambda: csv_bytes(frame(), column_config), lambda: excel_bytes(frame(), column_config, sheet),
        ("Every row, UTF-8, headed as on screen; money to the cent, percentages in points, dates as "
         "YYYY-MM-DD. Text starting with = + - @ is prefixed with ' so spreadsheets do not run it as a formula.",
         "Every row, as an .xlsx workbook headed as on screen: money, percentages and dates are real numbers "
         "and dates with their formats; formula-like text is neutralised."),
    )


def download_buttons(
    file_name: str,
    keys: tuple[str, str],
    labels: tuple[str, str],
    make_csv: Callable[[], bytes],
    make_excel: Callable[[], bytes],
    helps: tuple[str, str],
) -> None:
    """The CSV and Excel buttons side by side: each file built only when its button is clicked (and
    the download recorded in the audit trail), a click does not rerun the page."""
    c = st.container(horizontal=True)
    c.download_button(
        labels[0], auth.audited(f"{file_name}.csv", make_csv), file_name=f"{file_name}.csv", mime="text/csv",
        key=keys[0], icon=":material/download:", on_click="ignore", help=helps[0],
    )
    c.download_button(
        labels[1], auth.audited(f"{file_name}.xlsx", make_excel), file_name=f"{file_name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=keys[1], icon=":material/download:", on_click="ignore", help=helps[1],
    )


def capped_table(
    df: pd.DataFrame,
    *,
    noun: str,
    file_name: str,
    key: str,
    export_frame: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
    rows: int = SHOWN_ROWS,
    **dataframe_kwargs,
) -> pd.DataFrame:
    """Show the first `rows` rows of `df` (st.dataframe with `dataframe_kwargs`), a caption with
    the true total when rows were left off, and CSV / Excel downloads of every row —
    `export_frame(df)` if given (the columns and rounding of the file), else `df` itself —
    headed and formatted as the `column_config` shows them (downloads).
    Returns the rows shown. With a `column_order`, only those columns are sent to the browser
    (st.dataframe would otherwise send the hidden ones too); the downloads keep every column."""
    shown = df.head(rows)
    order = dataframe_kwargs.get("column_order")
    if order is not None:
        shown = shown[[c for c in order if c in shown.columns]]
    st.dataframe(shown, **dataframe_kwargs)
    caption = shown_caption(len(df), noun, rows)
    if caption:
        st.caption(caption)
    downloads(
        df, file_name, key, sheet=noun, export_frame=export_frame,
        column_config=dataframe_kwargs.get("column_config"), column_order=order,
    )
    return shown
