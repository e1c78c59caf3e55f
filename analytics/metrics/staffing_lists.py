"""The Utilization page's bench, busy off-project and over-allocated lists as one result (analytics.metrics.utilization's
definitions, each applied once): the page caches the three lists instead of every person's window, so a rerun
neither copies hundreds of thousands of people out of the cache nor re-sorts them."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

import pandas as pd

from analytics.metrics import allocation
from analytics.metrics.filters import Filters
from analytics.store.db import Workspace


@dataclass(frozen=True)
class StaffingLists:
    bench: pd.DataFrame  # allocation.bench
    busy_off_project: pd.DataFrame  # allocation.busy_off_project
    over_allocated: pd.DataFrame  # allocation.over_allocated


def staffing_lists(
    ws: Workspace, filters: Filters, first_week: date, last_week: date, threshold: float,
    non_billable_roles: Collection[str],
) -> StaffingLists:
    """The three lists over the weeks starting first_week … last_week (allocation.people_utilization)."""
    people = allocation.people_utilization(ws, filters, first_week, last_week)
    return StaffingLists(
        bench=allocation.bench(people, threshold, non_billable_roles),
        busy_off_project=allocation.busy_off_project(people, threshold, non_billable_roles),
        over_allocated=allocation.over_allocated(people),
    )
