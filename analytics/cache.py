"""The thin Streamlit layer over analytics/: one shared workspace per process, and cached calls
keyed by the function, its arguments and the workspace's data version (bumped on every load),
so an upload never shows stale numbers. The only analytics module that imports streamlit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from analytics.db import Workspace, open_workspace, workspace_path


@st.cache_resource(show_spinner="Opening the workspace…")
def _workspace(path: str) -> Workspace:
    return open_workspace(path)


def workspace() -> Workspace:
    """The process-wide workspace for STAFFING_LENS_DB (or the default file)."""
    return _workspace(str(workspace_path()))


def reset_workspace() -> None:
    """Forget the shared workspace (after it was closed, moved aside or restored)."""
    _workspace.clear()
    st.cache_data.clear()


@st.cache_data(ttl=3600, max_entries=512, show_spinner=False)
def _cached(name: str, path: str, version: int, args: tuple, kwargs: dict, _fn: Callable, _ws: Workspace):
    return _fn(_ws, *args, **kwargs)


def call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """fn(workspace, *args, **kwargs), cached by (fn, args, data version)."""
    ws = workspace()
    return _cached(f"{fn.__module__}.{fn.__qualname__}", str(ws.path), ws.data_version(), args, kwargs, fn, ws)
