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
from analytics.metrics.utilization import add_rates
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
    """The three lists over the weeks starting first_week … last_week: allocation.bench, busy_off_project and
    over_allocated of allocation.people_utilization, picked from every person's sums and rates
    (util_people_sums: the lists' rules read nothing else), and only then given the listed people's
    engagements (util_people_engagements), the costly part, which most people would not need."""
    window = {**filters.params(), "from": first_week, "to": last_week}
    people = allocation.with_shares(add_rates(ws.query("util_people_sums", window)))
    lists = (
        allocation.bench(people, threshold, non_billable_roles),
        allocation.busy_off_project(people, threshold, non_billable_roles),
        allocation.over_allocated(people),
    )
    ids = sorted({i for p in lists for i in p["worker_id"]})
    eng = ws.query("util_people_engagements", {"from": first_week, "to": last_week, "worker_ids": ids})
    return StaffingLists(*(_with_engagements(p, eng) for p in lists))


def _with_engagements(people: pd.DataFrame, eng: pd.DataFrame) -> pd.DataFrame:
    """A list with util_people's `engagements` and `engagement_names` (0 and "" for none) where util_people has
    them (after weeks_over_capacity), its rows and order kept."""
    found = people[["worker_id"]].merge(eng, on="worker_id", how="left")
    out = people.copy()
    at = out.columns.get_loc("weeks_over_capacity") + 1
    out.insert(at, "engagements", found["engagements"].fillna(0).astype("int64").to_numpy())
    out.insert(at + 1, "engagement_names", found["engagement_names"].fillna("").astype(str).array)
    return out
