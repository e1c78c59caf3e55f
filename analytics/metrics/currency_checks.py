"""Pay that has no exchange rate: which currency, which months and how much the period's totals
leave out (never a silent zero), worded once for every page that shows amounts, the Data page's
data-quality section and the board pack. The rule (analytics/store/schema.py, FX_RATES): pay in a
month without a rate for its currency is left out of every total, and the page says so."""

from __future__ import annotations

from datetime import date

import pandas as pd

from analytics.export import currencies, formatting
from analytics.metrics.filters import Filters
from analytics.store.db import Workspace


def missing_rates(ws: Workspace, filters: Filters) -> pd.DataFrame:
    """currency, month, amount (in that currency), people, invoiced (the part of amount that is invoices): pay of the filtered people (and invoices of
    their departments' fixed-fee and milestone work) in the period left out because its currency has no
    rate that month."""
    return ws.query("fx_missing", filters.params())


def missing_rates_everywhere(ws: Workspace) -> pd.DataFrame:
    """missing_rates over every month of the data, everyone (the Data page's data-quality section)."""
    return missing_rates(ws, Filters(date(1900, 1, 1), date(9999, 12, 31)))


def currencies_in_use(ws: Workspace) -> pd.DataFrame:
    """currency, people, is_reporting, first_month, last_month, months: the currencies pay is in and
    the months fx_rates covers for each."""
    return ws.query("fx_currencies_in_use")


def _months(months: pd.Series) -> str:
    """'Mar 2025', 'Mar 2025 – May 2025' for a run, runs joined by commas."""
    ms = sorted(pd.Period(m, freq="M") for m in months)
    runs: list[list[pd.Period]] = []
    for m in ms:
        if runs and m == runs[-1][1] + 1:
            runs[-1][1] = m
        else:
            runs.append([m, m])
    return ", ".join(f"{a:%b %Y}" if a == b else f"{a:%b %Y} – {b:%b %Y}" for a, b in runs)


def in_own_currency(amount: float, code: str) -> str:
    """An amount in the currency it was paid in: "€12,345" (the reporting currency's formatter, its symbol)."""
    with currencies.use(code):
        return formatting.money(amount)


def missing_rates_message(missing: pd.DataFrame) -> str | None:
    """One sentence per currency: "No EUR exchange rate for Mar 2025 – May 2025: €48,219 of pay of
    7 people is left out of these figures. Load the rates (fx_rates) on the Data page."; None when
    nothing is missing."""
    if missing is None or missing.empty:
        return None
    to = currencies.current()
    parts = []
    for code, rows in missing.groupby("currency", sort=True):
        people = int(rows["people"].max())
        invoiced = float(rows["invoiced"].sum()) if "invoiced" in rows else 0.0
        pay = float(rows["amount"].sum()) - invoiced
        what = []
        if pay > 0.005:
            what.append(f"{in_own_currency(pay, code)} of pay ({people} {'person' if people == 1 else 'people'})")
        if invoiced > 0.005:
            what.append(f"{in_own_currency(invoiced, code)} of invoices")
        parts.append(
            f"No {code} → {to} exchange rate for {_months(rows['month'])}: {' and '.join(what)} "
            f"{'are' if len(what) > 1 else 'is'} left out of these figures."
        )
    return " ".join(parts) + f" Load the missing rates (table fx_rates: currency, month, rate to {to}) on the Data page."
