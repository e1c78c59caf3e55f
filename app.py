"""Staffing Lens: page config, the shared workspace, global filters and navigation."""

import streamlit as st

from analytics import cache
from analytics.assumptions import DEFAULTS
from analytics.db import WorkspaceError
from ui import sidebar, state

st.set_page_config(page_title="Staffing Lens", page_icon=":material/balance:", layout="wide")

pages = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/costs.py", title="Costs", icon=":material/payments:"),
    st.Page("pages/break_even.py", title="Break-even & scenarios", icon=":material/balance:"),
    st.Page("pages/utilization.py", title="Utilization", icon=":material/schedule:"),
    st.Page("pages/duration.py", title="Duration & delivery", icon=":material/timeline:"),
    st.Page("pages/data.py", title="Data", icon=":material/database:"),
]
nav = st.navigation(pages)

try:
    cache.workspace()
except WorkspaceError as exc:
    st.error(str(exc))
    st.stop()

filters = sidebar.global_filters()
state.set_context(filters, DEFAULTS)
nav.run()
