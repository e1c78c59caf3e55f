"""Saved plan versions: named plan settings kept in the workspace (table plan_versions), so they
survive a restart; saved without touching the data or its version."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analytics.plan.settings import PlanSettings
from analytics.store.db import Workspace, WorkspaceError
from analytics.store.sql_files import load_sql

MAX_NAME = 80


class VersionError(ValueError):
    """A version cannot be saved or opened; the message says why in plain words."""


def can_save(ws: Workspace) -> str | None:
    """Why versions cannot be saved here (read-only workspace or published snapshot), or None."""
    if ws.manifest is not None or ws.uploads_off:
        return "This app serves a published snapshot read-only, so plan versions cannot be saved here."
    if ws.read_only:
        return "The workspace is read-only, so plan versions cannot be saved."
    return None


def versions(ws: Workspace) -> pd.DataFrame:
    """name, saved_at, settings (JSON) of every saved version, newest first."""
    if not ws.has_table("plan_versions"):
        return pd.DataFrame(columns=["name", "saved_at", "settings"])
    return ws.query("plan_versions_list")


def clean_name(name: str) -> str:
    """The name as saved: trimmed; VersionError if empty or too long."""
    name = (name or "").strip()
    if not name:
        raise VersionError("Give the version a name.")
    if len(name) > MAX_NAME:
        raise VersionError(f"A version name is at most {MAX_NAME} characters.")
    return name


def save(ws: Workspace, name: str, settings: PlanSettings, now: dt.datetime | None = None) -> str:
    """Save `settings` as version `name` (replacing a version of that name); returns the name."""
    name = clean_name(name)
    why = can_save(ws)
    if why:
        raise VersionError(why)
    saved_at = (now or dt.datetime.now(dt.UTC)).replace(tzinfo=None)
    try:
        with ws.settings_transaction() as cur:
            cur.execute(load_sql("create_plan_versions"))
            cur.execute(load_sql("plan_version_delete"), {"name": name})
            cur.execute(load_sql("plan_version_save"), {"name": name, "saved_at": saved_at,
                                                        "settings": settings.to_json()})
    except WorkspaceError as exc:
        raise VersionError(str(exc)) from exc
    return name


def load(ws: Workspace, name: str) -> PlanSettings | None:
    """The settings saved as `name`, or None if there is no such version."""
    v = versions(ws)
    row = v[v["name"] == name]
    return None if row.empty else PlanSettings.from_json(row["settings"].iloc[0])
