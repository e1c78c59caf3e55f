"""How numbers look on screen: the pages' name for analytics/formatting.py (one copy of each rule)."""

from analytics.formatting import hours, money, money_per_hour, months, number, pct, signed_pct  # noqa: F401
