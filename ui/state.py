"""What app.py decided for this run (who the user is, filters, assumptions, non-billable roles),
handed to the pages."""

from __future__ import annotations

import streamlit as st

from analytics.access.policy import Access
from analytics.metrics.assumptions import DEFAULTS, CostAssumptions
from analytics.metrics.filters import Filters
from analytics.metrics.roles import DEFAULT_NON_BILLABLE_ROLES

_NON_BILLABLE = "_non_billable_roles"


def set_context(filters: Filters, assumptions: CostAssumptions) -> None:
    st.session_state["_filters"] = filters
    st.session_state["_assumptions"] = assumptions


def set_access(who: Access) -> None:
    st.session_state["_access"] = who


def access() -> Access:
    """The signed-in user's role and department limit (the local user in local mode). A page that
    runs without app.py having decided it reruns through app.py: never a default role."""
    if "_access" not in st.session_state:
        _run_through_app()
    return st.session_state["_access"]


def filters() -> Filters:
    if "_filters" not in st.session_state:
        _run_through_app()
    return st.session_state["_filters"]


def require_app() -> None:
    """Call first on a page that needs nothing else from app.py before it opens the workspace
    (the Data page): a deep link on a fresh server then still runs through app.py, with its
    navigation, footer and the move-aside offer for a damaged workspace."""
    if "_filters" not in st.session_state:
        _run_through_app()


def _run_through_app() -> None:
    """A page ran without app.py. Streamlit 1.67 does this for the very first request a fresh
    server gets when it is a deep link (e.g. /utilization): until st.navigation has run once in
    the process, a `pages/` folder makes it run the page file on its own, old-style. Clear that
    flag, as st.navigation itself would, and rerun: app.py then runs and routes to this page."""
    forget_pages_directory()
    st.rerun()


def forget_pages_directory() -> None:
    """What st.navigation sets once per process: this app routes its pages itself, whatever the
    `pages/` folder suggests to Streamlit (the one copy of this workaround; tests and bench use it
    through harness/apptest.py)."""
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False


def assumptions() -> CostAssumptions:
    return st.session_state.get("_assumptions", DEFAULTS)


def set_non_billable_roles(roles: tuple[str, ...]) -> None:
    """Set by the sidebar's assumptions panel (ui/assumptions.py) on every run."""
    st.session_state[_NON_BILLABLE] = tuple(roles)


def non_billable_roles() -> tuple[str, ...]:
    """The roles that never bill, as set in the sidebar (global: Overview and Utilization). Pass
    it to analytics.metrics.utilization (billable_utilization, period_totals, bench …)."""
    return st.session_state.get(_NON_BILLABLE, DEFAULT_NON_BILLABLE_ROLES)
