"""Plausibility checks that warn but never block a load — hours far above a person's capacity,
time logged outside their employment, engagement work outside the engagement's dates — and the
orphan checks, for the Data page's standing data-quality section and for each upload."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics.db import Workspace, load_sql

# Hours above capacity × this factor are flagged (a 40-hour person logging more than 60 hours).
OVER_CAPACITY_FACTOR = 1.5


@dataclass(frozen=True)
class Check:
    name: str  # analytics/sql/quality_<name>.sql
    label: str  # what a flagged row means, for the page
    per: str  # what one row is


CHECKS = (
    Check("over_capacity", f"hours logged above {OVER_CAPACITY_FACTOR:g}× the person's weekly capacity", "person-weeks"),
    Check("outside_employment", "time logged before the person's start date or after their end date", "timesheet rows"),
    Check("outside_engagement", "engagement work outside the engagement's dates", "timesheet rows"),
)


def _sql(check: str, scope: str) -> str:
    return load_sql(f"quality_{check}").replace("{scope}", scope)


def _run(cur, check: Check, scope: str) -> pd.DataFrame:
    params = {"factor": OVER_CAPACITY_FACTOR} if check.name == "over_capacity" else None
    text = _sql(check.name, scope)
    return (cur.execute(text, params) if params else cur.execute(text)).df()


def standing(ws: Workspace) -> dict[str, pd.DataFrame]:
    """Every plausibility check and the orphan check over the whole workspace: name → flagged rows."""
    out = {c.name: ws.sql(_sql(c.name, "TRUE"), {"factor": OVER_CAPACITY_FACTOR}) for c in CHECKS}
    out["orphans"] = ws.query("quality_orphans")
    return out


def summary(results: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """check, rows flagged, what a row is: one line per check (orphans: rows referring to nothing)."""
    rows = [{"check": c.label, "flagged": len(results[c.name]), "counted in": c.per, "key": c.name} for c in CHECKS]
    orphans = results.get("orphans")
    if orphans is not None:
        rows.append({"check": "rows referring to a person or engagement that is not in the workspace",
                     "flagged": int(orphans["rows"].sum()) if len(orphans) else 0, "counted in": "rows", "key": "orphans"})
    return pd.DataFrame(rows)


def batch_warnings(cur: duckdb.DuckDBPyConnection, batch: dict) -> list[str]:
    """Plain-language warnings for the rows an upload brings, read after its rows are written in the
    (not yet committed) transaction: `batch` maps table → validation.Staged."""
    scopes = []
    for name, st in batch.items():
        cols = st.table.column_names
        if name == "timesheets" and st.mode == "replace":
            scopes.append("TRUE")  # every timesheet row is the file's
        elif name == "timesheets" and st.mode == "replace_weeks":
            scopes.append(f"t.week_start IN (SELECT DISTINCT week_start FROM {st.typed})")  # those weeks are all the file's
        elif name == "timesheets":
            # by hash (a semi-join; a 64-bit collision would only add a row to the count)
            scopes.append(f"hash(t.worker_id, t.week_start) IN (SELECT DISTINCT hash(worker_id, week_start) FROM {st.typed})")
        elif "worker_id" in cols:
            scopes.append(f"t.worker_id IN (SELECT worker_id FROM {st.typed})")
        elif name == "engagements":
            scopes.append(f"t.engagement_id IN (SELECT engagement_id FROM {st.typed})")
    if not scopes:
        return []
    scope = " OR ".join(scopes)
    out = []
    for check in CHECKS:
        flagged = _run(cur, check, scope)
        if len(flagged):
            first = flagged.iloc[0]
            example = f"first: {first['worker_id']}, week of {pd.Timestamp(first['week_start']).date().isoformat()}"
            what = check.per if len(flagged) != 1 else check.per.replace("rows", "row").replace("weeks", "week")
            out.append(
                f"Plausibility: {len(flagged):,} {what} with {check.label} ({example}). They load as they are; "
                "the Data quality section lists them."
            )
    return out
