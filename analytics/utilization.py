"""Utilization and allocation: billable (or all logged) hours over capacity net of time off.

A group's rate is Σ hours / Σ capacity, never the mean of personal rates.
"""

from __future__ import annotations

import pandas as pd

from analytics.db import Workspace
from analytics.filters import Filters


def utilization_facts(ws: Workspace, filters: Filters) -> pd.DataFrame:
    """Σ capacity, logged, billable and time-off hours per week × type × department × role."""
    return ws.query("utilization_facts", filters.params())


def ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None when there is no capacity to divide by."""
    return float(numerator) / float(denominator) if denominator else None


def billable_utilization(facts: pd.DataFrame) -> float | None:
    """Σ billable hours / Σ capacity hours over all rows given."""
    return ratio(facts["billable_hours"].sum(), facts["capacity_hours"].sum())


def allocation(facts: pd.DataFrame) -> float | None:
    """Σ all logged hours / Σ capacity hours over all rows given."""
    return ratio(facts["total_hours"].sum(), facts["capacity_hours"].sum())


def rates_by(facts: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Utilization and allocation per group, each formed from the group's sums."""
    cols = ["capacity_hours", "total_hours", "billable_hours"]
    g = facts.groupby(by, as_index=False, observed=True)[cols].sum()
    cap = g["capacity_hours"].where(g["capacity_hours"] > 0)
    g["utilization"] = g["billable_hours"] / cap
    g["allocation"] = g["total_hours"] / cap
    return g
