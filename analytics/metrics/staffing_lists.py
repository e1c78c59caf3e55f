"""The Utilization page's bench, busy off-project and over-allocated lists as one result (analytics.metrics.allocation's
definitions, each applied once): the page caches the three lists instead of every person's window, so a rerun
neither copies hundreds of thousands of people out of the cache nor re-sorts them."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

import pandas as pd

from analytics.metrics import allocation
from analytics.metrics.filters import Filters
from analytics.metrics.utilization import OVER_ALLOCATION, add_rates
from analytics.store.db import Workspace

LISTS = ("bench", "busy_off_project", "over_allocated")


@dataclass(frozen=True)
class StaffingLists:
    bench: pd.DataFrame  # allocation.bench
    busy_off_project: pd.DataFrame  # allocation.busy_off_project
    over_allocated: pd.DataFrame  # allocation.over_allocated


def staffing_lists(
    ws: Workspace, filters: Filters, first_week: date, last_week: date, threshold: float,
    non_billable_roles: Collection[str],
) -> StaffingLists:
    """The three lists over the weeks starting first_week … last_week: allocation.bench, busy_off_project and
    over_allocated of allocation.people_utilization, row for row. The lists' rules are applied in DuckDB
    (util_staffing_lists), so only the listed people, already in each list's order, come back with their
    engagements; the rates are then added here as people_utilization adds them."""
    listed = ws.query("util_staffing_lists", {
        **filters.params(), "from": first_week, "to": last_week, "threshold": float(threshold),
        "non_billable_roles": sorted(non_billable_roles), "limit": float(OVER_ALLOCATION),
    })
    return StaffingLists(*(_one_list(listed, name) for name in LISTS))


def _one_list(listed: pd.DataFrame, name: str) -> pd.DataFrame:
    """One list's rows of util_staffing_lists with people_utilization's columns, rates and a fresh index."""
    people = listed[listed["list"] == name].drop(columns="list").reset_index(drop=True)
    return allocation.with_shares(add_rates(people))
