"""The workspace's reporting currency: every amount on screen, in downloads and in reports is in it.
Stored in the workspace's _meta table (key reporting_currency, default USD); the derived table
`reporting` (analytics/sql/build_reporting.sql) carries it into the SQL that converts pay and into
published snapshots, so a read-only replica shows the same currency. Changing it rebuilds the
derived tables in one transaction (a new data version), since every converted amount changes."""

from __future__ import annotations

from analytics.export import currencies
from analytics.store.derived import META_TABLE

KEY = "reporting_currency"


def reporting_currency(ws) -> str:
    """The reporting currency the workspace's derived tables were built in (USD when never chosen)."""
    if ws.has_table("reporting"):
        rows = ws.sql("SELECT currency FROM reporting")
        if len(rows) and currencies.is_code(rows["currency"].iloc[0]):
            return str(rows["currency"].iloc[0])
    return currencies.DEFAULT


def set_reporting_currency(ws, code: str) -> str:
    """Make `code` (an ISO 4217 code) the reporting currency and rebuild every converted amount;
    returns the currency before. Raises ValueError for a code that is not ISO 4217."""
    code = (code or "").strip().upper()
    if not currencies.is_code(code):
        raise ValueError(f"{code or '(empty)'} is not an ISO 4217 currency code (e.g. USD, EUR, GBP)")
    before = reporting_currency(ws)
    with ws.transaction() as cur:
        cur.execute(f"INSERT OR REPLACE INTO {META_TABLE} VALUES ($k, $v)", {"k": KEY, "v": code})
    return before
