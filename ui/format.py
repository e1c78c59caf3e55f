"""How numbers look on screen: the pages' name for analytics/export/formatting.py (one copy of each rule)."""

from analytics.export.formatting import (  # noqa: F401
    hours,
    money,
    money_per_hour,
    months,
    number,
    pct,
    rounding_note,
    signed_pct,
)
