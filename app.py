"""Staffing Lens: page config, the shared workspace, global filters and navigation."""

import streamlit as st

from analytics import cache, replica
from analytics.db import WorkspaceError, move_aside, workspace_path
from ui import assumptions, sidebar, state

st.set_page_config(page_title="Staffing Lens", page_icon=":material/balance:", layout="wide")

pages = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/costs.py", title="Costs", icon=":material/payments:"),
    st.Page("pages/break_even.py", title="Break-even & scenarios", icon=":material/balance:"),
    st.Page("pages/utilization.py", title="Utilization", icon=":material/schedule:"),
    st.Page("pages/duration.py", title="Duration & delivery", icon=":material/timeline:"),
    st.Page("pages/plan.py", title="Plan", icon=":material/event_upcoming:"),
    st.Page("pages/data.py", title="Data", icon=":material/database:"),
]
nav = st.navigation(pages)

try:
    ws = cache.workspace()
except WorkspaceError as exc:
    st.title("Staffing Lens")
    st.error(str(exc))
    if exc.kind == "corrupt":
        st.write(
            "The damaged file will be renamed (not deleted) so it can be inspected or recovered, "
            "and a new workspace will be created from the bundled sample data."
        )
        if st.button("Move the damaged file aside and restore the sample data", key="restore_sample", type="primary"):
            moved = move_aside(workspace_path())
            cache.reset_workspace()
            st.session_state["_moved_aside"] = str(moved)
            st.rerun()
    else:
        st.info("Fix the problem above, then reload the page.")
    st.stop()

if st.session_state.get("_moved_aside"):
    st.success(f"The damaged workspace was kept as {st.session_state.pop('_moved_aside')}; the sample data is loaded.")
if ws.warning:
    st.warning(ws.warning)

# One read snapshot per script run: every figure on the page comes from the same data, even
# if an upload commits while the page is being drawn.
with cache.pinned(ws), ws.snapshot():
    filters = sidebar.global_filters()
    state.set_context(filters, assumptions.assumptions_panel())
    nav.run()
    if ws.manifest:  # a read-only replica (STAFFING_LENS_SNAPSHOT)
        st.caption(f"Snapshot {ws.manifest['version']} ({replica.built(ws.manifest)}) · read-only replica")
    else:
        st.caption(f"Data version {ws.data_version()} · workspace {ws.path.name}")
