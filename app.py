"""Staffing Lens: page config, sign-in and roles, the shared workspace, global filters and navigation."""

import streamlit as st

from analytics import cache
from analytics.access.policy import ADMIN_PAGE, DATA_PAGE
from analytics.export import currencies
from analytics.store import currency, replica
from analytics.store.db import WorkspaceError, move_aside, workspace_path
from ui import assumptions, auth, sidebar, state

st.set_page_config(page_title="Staffing Lens", page_icon=":material/balance:", layout="wide")

# Who this run is for, before any data is read: a visitor who has not signed in, an unlisted user or a
# broken roles file stops here (ui/auth.py). Local mode (no [auth] in secrets.toml): the local user.
who = auth.current_access()
state.set_access(who)

PAGES = [  # url path, file, title, icon; in this order in the navigation
    ("overview", "pages/overview.py", "Overview", ":material/dashboard:"),
    ("costs", "pages/costs.py", "Costs", ":material/payments:"),
    ("break_even", "pages/break_even.py", "Break-even & scenarios", ":material/balance:"),
    ("utilization", "pages/utilization.py", "Utilization", ":material/schedule:"),
    ("duration", "pages/duration.py", "Duration & delivery", ":material/timeline:"),
    ("plan", "pages/plan.py", "Plan", ":material/event_upcoming:"),
    (DATA_PAGE, "pages/data.py", "Data", ":material/database:"),
    (ADMIN_PAGE, "pages/admin.py", "Admin", ":material/admin_panel_settings:"),
]


pages = [
    st.Page(file, title=title, icon=icon, default=path == "overview") if who.may_open(path)
    else st.Page(auth.not_permitted(title, who), title=title, icon=icon, url_path=path, visibility="hidden")
    for path, file, title, icon in PAGES
]
nav = st.navigation(pages)

try:
    ws = cache.workspace()
except WorkspaceError as exc:
    st.title("Staffing Lens")
    st.error(str(exc))
    if exc.kind == "corrupt" and who.may_reset:
        st.write(
            "The damaged file will be renamed (not deleted) so it can be inspected or recovered, "
            "and a new workspace will be created from the bundled sample data."
        )
        if st.button("Move the damaged file aside and restore the sample data", key="restore_sample", type="primary"):
            moved = move_aside(workspace_path())
            cache.reset_workspace()
            st.session_state["_moved_aside"] = str(moved)
            st.rerun()
    elif exc.kind == "corrupt":
        st.info("An administrator can move the damaged file aside and restore the sample data.")
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
    currencies.set_current(currency.reporting_currency(ws))  # every amount of this run in the reporting currency
    filters = sidebar.global_filters(who)
    state.set_context(filters, assumptions.assumptions_panel())
    nav.run()
    if ws.manifest:  # a read-only replica (STAFFING_LENS_SNAPSHOT)
        st.caption(f"Snapshot {ws.manifest['version']} ({replica.built(ws.manifest)}) · read-only replica")
    else:
        st.caption(f"Data version {ws.data_version()} · workspace {ws.path.name}")
