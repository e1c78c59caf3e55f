"""Charts on the pages: a figure only when it has something to draw; otherwise one line that says
why, never empty axes."""

from __future__ import annotations

import pandas as pd
import streamlit as st


def has_values(df: pd.DataFrame, *columns: str) -> bool:
    """True when `df` has at least one row with a number in any of `columns` (all columns if none)."""
    if df is None or df.empty:
        return False
    cols = [c for c in (columns or df.columns) if c in df.columns]
    return bool(df[cols].notna().to_numpy().any()) if cols else False


def plot(figure_of, data: pd.DataFrame, *columns: str, empty: str, **kwargs) -> bool:
    """Draw `figure_of(data)` when `data` has values in `columns`, else st.info(`empty`). Returns
    whether a chart was drawn."""
    if not has_values(data, *columns):
        st.info(empty)
        return False
    st.plotly_chart(figure_of(data), width="stretch", **kwargs)
    return True
