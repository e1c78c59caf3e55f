"""How numbers look on screen: money, hours, percentages, with a dash for 'no data'."""

from __future__ import annotations

import math


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def money(v, decimals: int = 0) -> str:
    """$1,234 / $18.20M / −$1,234 (a true minus sign before the currency symbol)."""
    if _missing(v):
        return "—"
    sign = "−" if v < 0 else ""
    v = abs(v)
    if v >= 1_000_000:
        return f"{sign}${v / 1_000_000:,.2f}M"
    return f"{sign}${v:,.{decimals}f}"


def money_per_hour(v) -> str:
    return "—" if _missing(v) else f"{money(v, 2)}/h"


def pct(v, decimals: int = 1) -> str:
    return "—" if _missing(v) else f"{v * 100:.{decimals}f}%"


def number(v, decimals: int = 0) -> str:
    return "—" if _missing(v) else f"{v:,.{decimals}f}"
