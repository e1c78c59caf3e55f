"""Long result tables on the dashboard pages: the first rows on screen, every row in the downloads.

A table of people or groups grows with the organisation (thousands of people at scale), and every
row shown is sent to the browser. The pages show the first SHOWN_ROWS rows of such a table (in
the order it already has: most problematic or largest first), say how many there are in all, and
offer the whole table as CSV and Excel, built only when a button is clicked.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from analytics import export

SHOWN_ROWS = 100


def shown_caption(total: int, noun: str, rows: int = SHOWN_ROWS) -> str | None:
    """'Showing 100 of 6,123 people — download the CSV for all.', or None when all are shown."""
    if total <= rows:
        return None
    return f"Showing {rows:,} of {total:,} {noun} — download the CSV for all."


def csv_bytes(df: pd.DataFrame) -> bytes:
    """The table as UTF-8 CSV with formula-like text neutralised (analytics.export); no byte-order
    mark, as these pages' CSVs have always been."""
    return export.to_csv_bytes(df, bom=False)


def downloads(
    df: pd.DataFrame,
    file_name: str,
    key: str,
    sheet: str = "data",
    export_frame: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
) -> None:
    """'Download CSV' and 'Download Excel' buttons for every row of `df` (as `export_frame(df)`
    if given: the columns and rounding of the file). The files are built only when a button is
    clicked, and a click does not rerun the page. Widget keys: `key` and `key`_xlsx."""

    def frame() -> pd.DataFrame:
        return export_frame(df) if export_frame else df

    c = st.container(horizontal=True)
    c.download_button(
        "Download CSV", lambda: csv_bytes(frame()), file_name=f"{file_name}.csv", mime="text/csv",
        key=key, icon=":material/download:", on_click="ignore",
        help="Every row, UTF-8. Text starting with = + - @ is prefixed with ' so spreadsheets do not run it "
        "as a formula.",
    )
    c.download_button(
        "Download Excel", lambda: export.to_excel_bytes(frame(), sheet), file_name=f"{file_name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx", icon=":material/download:", on_click="ignore",
        help="Every row, as an .xlsx workbook; numbers stay numbers, formula-like text is neutralised.",
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
    `export_frame(df)` if given (the columns and rounding of the file), else `df` itself.
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
    downloads(df, file_name, key, sheet=noun, export_frame=export_frame)
    return shown
