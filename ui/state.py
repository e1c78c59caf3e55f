"""What app.py decided for this run (filters, assumptions), handed to the pages."""

from __future__ import annotations

import streamlit as st

from analytics.assumptions import DEFAULTS, CostAssumptions
from analytics.filters import Filters


def set_context(filters: Filters, assumptions: CostAssumptions) -> None:
    st.session_state["_filters"] = filters
    st.session_state["_assumptions"] = assumptions


def filters() -> Filters:
    return st.session_state["_filters"]


def assumptions() -> CostAssumptions:
    return st.session_state.get("_assumptions", DEFAULTS)
