"""How numbers look on screen: money, hours, percentages, with a dash for 'no data'."""

from __future__ import annotations

import math


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def money(v, decimals: int = 0) -> str:
    if _missing(v):
        return "—"
    if abs(v) >= 1_000_000:
        return f"${v / 1_000_000:,.2f}M"
    return f"${v:,.{decimals}f}"


def money_per_hour(v) -> str:
    return "—" if _missing(v) else f"${v:,.2f}/h"


def pct(v, decimals: int = 1) -> str:
    return "—" if _missing(v) else f"{v * 100:.{decimals}f}%"


def number(v, decimals: int = 0) -> str:
    return "—" if _missing(v) else f"{v:,.{decimals}f}"
