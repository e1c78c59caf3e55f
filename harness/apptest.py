"""Running app.py under Streamlit's AppTest (tests and bench): the one workaround it needs, and what a
restart does to a process's Streamlit caches."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator


@contextlib.contextmanager
def uses_st_navigation() -> Iterator[None]:
    """Streamlit 1.67's AppTest forgets before every run that app.py calls st.navigation and, because a
    `pages/` folder exists, re-runs the last page file on its own (MPA v1 style), so the sidebar and
    app.py's set-up vanish from the second run on. The real server is unaffected (st.navigation clears
    the flag once per process). Restore only what st.navigation itself would set (ui.state's
    forget_pages_directory, which the app uses for a deep link on a fresh server)."""
    from streamlit.runtime.pages_manager import PagesManager

    from ui.state import forget_pages_directory

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        forget_pages_directory()

    PagesManager.__init__ = init
    try:
        yield
    finally:
        PagesManager.__init__ = original


def fresh_streamlit_caches() -> None:
    """What a restart does to this process's caches: cached results and the shared workspace go."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
