"""How numbers look on screen and in reports: money, hours, percentages, months, with a dash for
'no data'. Streamlit-free, so the analytics tables that hold text (the Overview comparison) and the
pages (through ui/format.py) format a figure the same way."""

from __future__ import annotations

import math

from analytics.export import currencies


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def money(v, decimals: int = 0) -> str:
    """$1,234 / $18.20M / −$1,234 (a true minus sign before the currency symbol), in the reporting
    currency of this run (analytics.export.currencies: €1,234 when it is EUR, CHF 1,234 for a code
    without a symbol of its own)."""
    if _missing(v):
        return "—"
    sign = "−" if v < 0 else ""
    sym = currencies.symbol()
    v = abs(v)
    if v >= 1_000_000:
        return f"{sign}{sym}{v / 1_000_000:,.2f}M"
    return f"{sign}{sym}{v:,.{decimals}f}"


def in_currency(label: str) -> str:
    """A label written in dollars ("$/productive h", "Rate ($/h)", "Spend (USD)") in the reporting
    currency of this run: "€/productive h", "Rate (€/h)", "Spend (EUR)"."""
    return label.replace("(USD", f"({currencies.current()}").replace("$", currencies.symbol().strip())


def money_format(decimals: int = 0) -> str:
    """The printf format of a money column on screen (st.column_config): "$%,.0f", "€%,.2f"."""
    return f"{currencies.symbol().replace('%', '%%')}%,.{decimals}f"


def money_per_hour(v) -> str:
    return "—" if _missing(v) else f"{money(v, 2)}/h"


def pct(v, decimals: int = 1) -> str:
    return "—" if _missing(v) else f"{v * 100:.{decimals}f}%"


def number(v, decimals: int = 0) -> str:
    return "—" if _missing(v) else f"{v:,.{decimals}f}"


def signed_pct(v, decimals: int = 1) -> str:
    """+12.3% / −4.0% (a true minus sign)."""
    if _missing(v):
        return "—"
    s = f"{v * 100:+.{decimals}f}%"
    return s.replace("-", "−")


def months(v, decimals: int = 1) -> str:
    """Durations in months: "9.3 months"; from two years on, in years: "6.4 years"."""
    if _missing(v):
        return "—"
    if abs(v) >= 24:
        return f"{v / 12:,.{decimals}f} years"
    return f"{v:,.{decimals}f} months"


def hours(v) -> str:
    return "—" if _missing(v) else f"{v:,.0f} h"


def rounding_note(total, parts) -> str | None:
    """A note for a total shown beside its parts when the parts as displayed do not add up to the
    total as displayed (each is rounded on its own; the total is the sum of the unrounded parts)."""
    if _missing(total) or any(_missing(p) for p in parts):
        return None
    shown = [_displayed(p) for p in parts]
    if abs(sum(shown) - _displayed(total)) < 1e-9:
        return None
    return (
        f"Each amount is rounded on its own (millions to {currencies.symbol()}0.01M); the total is the sum of the unrounded "
        f"amounts, so the rounded parts add up to {money(sum(shown))} against the total's {money(total)}."
    )


def _displayed(v: float) -> float:
    """The value money() shows, as a number."""
    return round(v / 1_000_000, 2) * 1_000_000 if abs(v) >= 1_000_000 else round(v)


def text(v) -> str:
    return "—" if v is None else str(v)


# The metric registry's formats (analytics/metrics/registry.py), each with the one function that shows it.
BY_FORMAT = {
    "money": money,
    "money_per_hour": money_per_hour,
    "percent": pct,
    "signed_percent": signed_pct,
    "count": number,
    "months": months,
    "hours": hours,
    "text": text,
}
