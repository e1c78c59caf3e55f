"""How numbers look on screen: the pages' name for analytics/formatting.py (one copy of each rule)."""

from analytics.formatting import (  # noqa: F401
    hours,
    money,
    money_per_hour,
    months,
    number,
    pct,
    rounding_note,
    signed_pct,
)
