"""Plausibility checks that warn but never block a load — hours far above a person's capacity,
time logged outside their employment, engagement work outside the engagement's dates — and the
orphan checks. Worked out at load into derived tables (analytics/sql/build_quality_*.sql, rebuilt
by week like the weekly facts, so a page reads a few flagged rows, not every timesheet): read by
the Data page's standing data-quality section and, for the rows an upload brings, by its warnings."""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics.store.db import Workspace
from analytics.store.derived import derived_select
from analytics.store.sql_files import load_sql

# Hours above capacity × this factor are flagged (a 40-hour person logging more than 60 hours):
# the factor the derived table is built with.
OVER_CAPACITY_FACTOR = float(
    re.search(r"weekly_capacity_hours \* ([0-9.]+)", load_sql("build_quality_over_capacity")).group(1)
)


@dataclass(frozen=True)
class Check:
    name: str  # the derived table quality_<name> (analytics/sql/build_quality_<name>.sql)
    label: str  # what a flagged row means, for the page
    per: str  # what one row is


CHECKS = (
    Check("over_capacity", f"hours logged above {OVER_CAPACITY_FACTOR:g}× the person's weekly capacity", "person-weeks"),
    Check("outside_employment", "time logged before the person's start date or after their end date", "timesheet rows"),
    Check("outside_engagement", "engagement work outside the engagement's dates", "timesheet rows"),
)


def _source(ws: Workspace, table: str) -> str:
    """The derived table, or its SELECT in a read-only workspace an older version wrote without it."""
    return table if ws.has_table(table) else f"(\n{derived_select(table)}\n)"


def standing(ws: Workspace) -> dict[str, pd.DataFrame]:
    """Every plausibility check and the orphan check over the whole workspace: name → flagged rows."""
    out = {c.name: ws.sql(f"SELECT * FROM {_source(ws, 'quality_' + c.name)} AS q ORDER BY week_start, worker_id")
           for c in CHECKS}
    out["orphans"] = ws.sql(
        f'SELECT "table", "column", "value", CAST(sum("rows") AS BIGINT) AS "rows" FROM {_source(ws, "quality_orphans")} '
        "AS q GROUP BY ALL ORDER BY 1, 2, 4 DESC, 3"
    )
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
    """Plain-language warnings for the rows an upload brings, read from the derived quality tables
    once its rows are written and the derived tables rebuilt in the (not yet committed) transaction:
    `batch` maps table → validation.Staged."""
    scopes = []  # (SQL over a quality table's row q, whether it needs q.engagement_id)
    for name, st in batch.items():
        cols = st.table.column_names
        if name == "timesheets" and st.mode == "replace":
            scopes.append(("TRUE", False))  # every timesheet row is the file's
        elif name == "timesheets" and st.mode == "replace_weeks":
            scopes.append((f"q.week_start IN (SELECT DISTINCT week_start FROM {st.typed})", False))  # all the file's
        elif name == "timesheets":
            # by hash (a semi-join; a 64-bit collision would only add a row to the count)
            scopes.append((f"hash(q.worker_id, q.week_start) IN (SELECT DISTINCT hash(worker_id, week_start) FROM {st.typed})", False))
        elif "worker_id" in cols:
            scopes.append((f"q.worker_id IN (SELECT worker_id FROM {st.typed})", False))
        elif name == "engagements":
            scopes.append((f"q.engagement_id IN (SELECT engagement_id FROM {st.typed})", True))
    out = currency_warnings(cur, batch)
    for check in CHECKS:
        scope = " OR ".join(s for s, needs_engagement in scopes if not needs_engagement or check.name != "over_capacity")
        if not scope:
            continue
        flagged = cur.execute(f"SELECT * FROM quality_{check.name} AS q WHERE {scope} ORDER BY week_start, worker_id").df()
        if len(flagged):
            first = flagged.iloc[0]
            example = f"first: {first['worker_id']}, week of {pd.Timestamp(first['week_start']).date().isoformat()}"
            what = check.per if len(flagged) != 1 else check.per.replace("rows", "row").replace("weeks", "week")
            out.append(
                f"Plausibility: {len(flagged):,} {what} with {check.label} ({example}). They load as they are; "
                "the Data quality section lists them."
            )
    return out


# Tables whose amounts carry a currency (converted with fx_rates into the reporting currency).
CURRENCY_TABLES = ("workers", "compensation", "invoices")


def currency_warnings(cur: duckdb.DuckDBPyConnection, batch: dict) -> list[str]:
    """A warning per file and currency for rows in a currency that has no exchange rate at all (fx_rates,
    as the load leaves it): their pay is left out of every total until rates are loaded. Read inside
    the load's transaction, after its rows and the derived tables are written."""
    out = []
    for name in CURRENCY_TABLES:
        st = batch.get(name)
        if st is None or "currency" not in st.table.column_names:
            continue
        rows = cur.execute(
            f"SELECT d.currency, count(*) AS n, min(d._line) AS line FROM {st.typed} AS d "
            "WHERE d.currency IS NOT NULL AND d.currency <> (SELECT currency FROM reporting) "
            "AND d.currency NOT IN (SELECT currency FROM fx_rates) GROUP BY ALL ORDER BY 1"
        ).fetchall()
        to = cur.execute("SELECT currency FROM reporting").fetchall()[0][0]
        for code, n, line in rows:
            out.append(
                f"Currency: {n:,} {'row' if n == 1 else 'rows'} of {st.file} (first: row {line}, column currency, value "
                f"{code}) {'is' if n == 1 else 'are'} in {code}, which has no exchange rate to {to} at all (table "
                f"fx_rates). They load as they are, but their amounts are left out of every total until {code} rates "
                "are loaded."
            )
    return out
