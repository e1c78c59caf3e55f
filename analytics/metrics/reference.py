"""Public pay benchmarks: BLS OEWS May 2024 national median annual wages for the roles in the
roster, and the same as an hourly figure (annual / 2,080 paid hours), the reference mark on the
Costs page and the fallback salary when the data has too few employees in a role."""

from __future__ import annotations

import pandas as pd

PAID_HOURS_PER_YEAR = 2080.0
OEWS_SOURCE = "BLS OEWS May 2024, national median annual wage ÷ 2,080 paid hours"

# role (as in workers.role) → median annual wage, BLS OEWS May 2024 (PRODUCT.md)
OEWS_MEDIAN_ANNUAL: dict[str, float] = {
    "Software Developer": 133_080.0,
    "Information Security Analyst": 124_910.0,
    "Database Administrator": 104_620.0,
    "Computer Systems Analyst": 103_790.0,
    "Project Management Specialist": 100_750.0,
    "Network and Systems Administrator": 96_800.0,
    "Computer User Support Specialist": 60_340.0,
    "Computer and Information Systems Manager": 171_200.0,
}


def oews_median_annual(role: str) -> float | None:
    """The OEWS median annual wage for a role, or None if the role has no benchmark."""
    return OEWS_MEDIAN_ANNUAL.get(role)


def oews_median_hourly(role: str) -> float | None:
    """The OEWS median wage for a role as an hourly figure: median annual / 2,080."""
    annual = oews_median_annual(role)
    return None if annual is None else annual / PAID_HOURS_PER_YEAR


def oews_reference() -> pd.DataFrame:
    """Every benchmarked role: columns role, median_annual, median_hourly."""
    df = pd.DataFrame(list(OEWS_MEDIAN_ANNUAL.items()), columns=["role", "median_annual"])
    df["median_hourly"] = df["median_annual"] / PAID_HOURS_PER_YEAR
    return df
