"""The thin Streamlit layer over analytics/: one shared workspace per process, and cached calls
keyed by the function, its arguments and the workspace's data version (bumped on every load),
so an upload never shows stale numbers. The only analytics module that imports streamlit."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

import streamlit as st

from analytics.store import replica
from analytics.store.db import Workspace, open_workspace, workspace_path

_run = threading.local()  # the workspace pinned for the script run on this thread (see pinned)


@st.cache_resource(show_spinner="Opening the workspace…")
def _workspace(path: str) -> Workspace:
    return open_workspace(path)


# Two versions at most: the current one and the one a page run that began before a publish still reads.
@st.cache_resource(show_spinner="Opening the published snapshot…", max_entries=2)
def _replica(version: str) -> Workspace:
    return replica.open_version(version)


def workspace() -> Workspace:
    """The workspace this script run reads: the one pinned for the run (app.py pins it, so every page
    run reads one data version), else the process-wide workspace for STAFFING_LENS_DB (or the default
    file), or with STAFFING_LENS_SNAPSHOT the snapshot's current version, read-only."""
    pinned_ws = getattr(_run, "ws", None)
    if pinned_ws is not None:
        return pinned_ws
    folder = replica.snapshot_dir()
    if folder is not None:
        return _replica(str(replica.current(folder)))
    return _workspace(str(workspace_path()))


@contextlib.contextmanager
def pinned(ws: Workspace):
    """Within this block, workspace() on this thread returns `ws`: a snapshot published during a page run
    is picked up by the next run, never half-way through this one."""
    before = getattr(_run, "ws", None)
    _run.ws = ws
    try:
        yield ws
    finally:
        _run.ws = before


def reset_workspace() -> None:
    """Forget the shared workspace (after it was closed, moved aside or restored)."""
    _workspace.clear()
    _replica.clear()
    st.cache_data.clear()


@st.cache_data(ttl=3600, max_entries=512, show_spinner=False)
def _cached(name: str, path: str, version: int, args: tuple, kwargs: dict, _fn: Callable, _ws: Workspace):
    return _fn(_ws, *args, **kwargs)


def call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """fn(workspace, *args, **kwargs), cached by (fn, args, data version)."""
    ws = workspace()
    return _cached(f"{fn.__module__}.{fn.__qualname__}", str(ws.path), ws.data_version(), args, kwargs, fn, ws)


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _derived(name: str, path: str, version: int, key: tuple, _fn: Callable, _args: tuple):
    return _fn(*_args)


def derived(fn: Callable[..., Any], key: tuple, *args: Any) -> Any:
    """fn(*args) — a pure function of results a page already got through call() — cached by (fn, `key`,
    data version), where `key` holds every argument that decides the result (the filters and settings those
    results were read with, and fn's own), so the large inputs themselves are not hashed on each run. The
    Plan page's whole plan at 500,000 people is 0.6 s of pandas on each rerun without it."""
    ws = workspace()
    return _derived(f"{fn.__module__}.{fn.__qualname__}", str(ws.path), ws.data_version(), key, fn, args)
