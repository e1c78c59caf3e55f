"""Allocation of people: the last weeks' utilization per person, who is over-allocated, on the bench or busy off project (and the export of that list), and the person × week allocation heatmap."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from analytics.metrics import roles
from analytics.metrics.filters import Filters
from analytics.metrics.roles import DEFAULT_NON_BILLABLE_ROLES
from analytics.metrics.utilization import (
    DEFAULT_BENCH_THRESHOLD,
    HEATMAP_BY,
    HEATMAP_SORTS,
    HOURS,
    OVER_ALLOCATION,
    add_rates,
)
from analytics.store.db import Workspace

# -- people ------------------------------------------------------------------------------


def last_weeks(filters: Filters, as_of: date, weeks: int) -> tuple[date, date]:
    """The week starts (Mondays) of the last `weeks` weeks of the period: from the Monday on or
    before `as_of` back, never before the period's start."""
    last = as_of - timedelta(days=as_of.weekday())
    first = last - timedelta(weeks=max(1, int(weeks)) - 1)
    return max(first, filters.start), last


def recent_weeks(ws: Workspace, filters: Filters, as_of: date, weeks: int) -> tuple[date, date]:
    """The window of the bench, busy off-project and over-allocated lists: `last_weeks` counted
    back from `as_of` or the last week with timesheets, whichever is earlier."""
    r = ws.query("util_last_week")
    last_data = None if r.empty or pd.isna(r["last_week"].iloc[0]) else pd.Timestamp(r["last_week"].iloc[0]).date()
    return last_weeks(filters, as_of if last_data is None else min(as_of, last_data), weeks)


def people_utilization(ws: Workspace, filters: Filters, first_week: date, last_week: date) -> pd.DataFrame:
    """One row per filtered person over the weeks starting first_week … last_week: weeks,
    Σ capacity / logged / billable / engagement hours, weeks over capacity, engagements, and
    their rates (`engagement_share` = engagement hours / capacity)."""
    return with_shares(add_rates(ws.query("util_people", {**filters.params(), "from": first_week, "to": last_week})))


def with_shares(df: pd.DataFrame) -> pd.DataFrame:
    """`engagement_share` = engagement hours / capacity (NaN without capacity), added in place."""
    df["engagement_share"] = df["engagement_hours"] / df["capacity_hours"].where(df["capacity_hours"] > 0)
    return df


STATUSES = ("over_allocated", "bench", "busy_off_project")


def staffing_status(
    people: pd.DataFrame,
    threshold: float = DEFAULT_BENCH_THRESHOLD,
    non_billable_roles: Collection[str] = DEFAULT_NON_BILLABLE_ROLES,
    limit: float = OVER_ALLOCATION,
) -> pd.Series:
    """Each person's list over the window (a people_utilization frame), or "" for none:

    - "over_allocated": logged hours above `limit` × capacity (allocation > 100%), or hours
      logged with no capacity at all; any role. Checked first, so it wins over the other two.
    - otherwise, for a billable role with capacity whose engagement hours (hours logged with an
      engagement_id, billable or not) are below `threshold` × capacity, split the capacity not
      spent on engagements into free hours (capacity − logged) and internal hours (logged −
      engagement hours):
      - "bench" (free to staff) when free hours ≥ internal hours: at least half of it is free;
      - "busy_off_project" when internal hours > free hours: most of it is filled with
        non-engagement work (e.g. someone logging a full week of internal time).
    Non-billable roles are never on the bench or busy off-project."""
    cap = people["capacity_hours"]
    logged = people["total_hours"]
    eng = people["engagement_hours"]
    over = (logged > limit * cap) | ((cap <= 0) & (logged > 0))
    under = (cap > 0) & (eng < threshold * cap) & roles.in_billable_role(people, non_billable_roles) & ~over
    free = cap - logged
    internal = logged - eng
    status = pd.Series("", index=people.index, dtype=object)
    status[over] = "over_allocated"
    status[under & (free >= internal)] = "bench"
    status[under & (free < internal)] = "busy_off_project"
    return status


def _least_on_engagements_first(p: pd.DataFrame) -> pd.DataFrame:
    return p.sort_values(["engagement_share", "full_name"]).reset_index(drop=True)


def bench(
    people: pd.DataFrame,
    threshold: float = DEFAULT_BENCH_THRESHOLD,
    non_billable_roles: Collection[str] = DEFAULT_NON_BILLABLE_ROLES,
) -> pd.DataFrame:
    """Bench (free to staff), by `staffing_status`: least engagement share first."""
    return _least_on_engagements_first(people[staffing_status(people, threshold, non_billable_roles) == "bench"])


def busy_off_project(
    people: pd.DataFrame,
    threshold: float = DEFAULT_BENCH_THRESHOLD,
    non_billable_roles: Collection[str] = DEFAULT_NON_BILLABLE_ROLES,
) -> pd.DataFrame:
    """Busy off-project, by `staffing_status`: least engagement share first."""
    status = staffing_status(people, threshold, non_billable_roles)
    return _least_on_engagements_first(people[status == "busy_off_project"])


def over_allocated(people: pd.DataFrame, limit: float = OVER_ALLOCATION) -> pd.DataFrame:
    """People whose allocation (all logged hours / capacity) is above `limit` (100%), highest
    first; someone who logged hours with no capacity at all counts as over-allocated."""
    no_capacity = (people["capacity_hours"] <= 0) & (people["total_hours"] > 0)
    p = people[(people["allocation"] > limit) | no_capacity]
    return p.sort_values(["allocation", "full_name"], ascending=[False, True], na_position="first").reset_index(
        drop=True
    )


PEOPLE_EXPORT_COLUMNS = [
    "worker_id", "full_name", "worker_type", "department", "role", "weeks", "capacity_hours", "total_hours",
    "billable_hours", "engagement_hours", "utilization", "allocation", "engagement_share", "weeks_over_capacity",
    "engagements", "engagement_names",
]


def people_export(people: pd.DataFrame) -> pd.DataFrame:
    """A people table as downloaded (no pay): the columns of PEOPLE_EXPORT_COLUMNS it has, hours
    rounded to 0.1 and rates (as fractions) to 4 decimals."""
    out = people[[c for c in PEOPLE_EXPORT_COLUMNS if c in people.columns]].copy()
    hours = [c for c in [*HOURS, "engagement_hours"] if c in out.columns]
    rates = [c for c in ("utilization", "allocation", "engagement_share") if c in out.columns]
    out[hours] = out[hours].round(1)
    out[rates] = out[rates].round(4)
    return out


def people_csv(people: pd.DataFrame) -> bytes:
    """A bench, busy off-project or over-allocated list as CSV (people_export)."""
    return people_export(people).to_csv(index=False).encode("utf-8")


# -- heatmap -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Heatmap:
    """One page of the allocation heatmap: `allocation` is rows × weeks (NaN where the row had
    no capacity or was not employed), `utilization` the same shape, `rows` the row details."""

    allocation: pd.DataFrame
    utilization: pd.DataFrame
    rows: pd.DataFrame
    total_rows: int

    @property
    def labels(self) -> list[str]:
        """Row labels: a department, or a person's name and worker type."""
        if self.rows.empty:
            return []
        return [
            label if pd.isna(t) or t is None else f"{label} · {t}"
            for label, t in zip(self.rows["row_label"], self.rows["worker_type"], strict=True)
        ]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total_rows // max(1, self.limit)))

    @property
    def page(self) -> int:
        """The page shown (1-based)."""
        return self.offset // max(1, self.limit) + 1

    limit: int = 40
    offset: int = 0


def allocation_heatmap(
    ws: Workspace,
    filters: Filters,
    by: str = "person",
    sort: str = "problem",
    threshold: float = DEFAULT_BENCH_THRESHOLD,
    limit: int = 40,
    offset: int = 0,
    non_billable_roles: Collection[str] = DEFAULT_NON_BILLABLE_ROLES,
) -> Heatmap:
    """Weekly allocation per person or department, ranked by `sort`, rows offset+1 … offset+limit;
    an offset past the last row (the filters narrowed) falls back to the first page. Billable
    utilization cells count billable roles only (blank for a person in a non-billable role)."""
    if by not in HEATMAP_BY:
        raise ValueError(f"heatmap rows must be one of {HEATMAP_BY}")
    if sort not in HEATMAP_SORTS:
        raise ValueError(f"heatmap sort must be one of {tuple(HEATMAP_SORTS)}")
    df = ws.query(
        "util_heatmap_people" if by == "person" else "util_heatmap_departments",
        {
            **filters.params(),
            "by": by,
            "sort": sort,
            "threshold": float(threshold),
            "limit": int(limit),
            "offset": int(offset),
            "non_billable_roles": sorted(non_billable_roles),
        },
    )
    if df.empty and offset > 0:
        return allocation_heatmap(ws, filters, by, sort, threshold, limit, 0, non_billable_roles)
    if df.empty:
        empty = pd.DataFrame()
        return Heatmap(empty, empty, pd.DataFrame(columns=["rank", "row_key", "row_label", "worker_type"]), 0, limit)
    df = add_rates(df)
    cap = df["billable_role_capacity_hours"]
    df["utilization"] = df["billable_role_billable_hours"] / cap.where(cap > 0)
    df["week_start"] = pd.to_datetime(df["week_start"])
    rows = (
        df.groupby(["rank", "row_key"], as_index=False)
        .agg(
            row_label=("row_label", "first"),
            worker_type=("worker_type", "first"),
            role=("role", "first"),
            problem_weeks=("problem_weeks", "first"),
            period_allocation=("period_allocation", "first"),
        )
        .sort_values("rank")
        .reset_index(drop=True)
    )
    weeks = sorted(df["week_start"].unique())
    alloc = df.pivot(index="row_key", columns="week_start", values="allocation").reindex(
        index=rows["row_key"], columns=weeks
    )
    util = df.pivot(index="row_key", columns="week_start", values="utilization").reindex(
        index=rows["row_key"], columns=weeks
    )
    return Heatmap(alloc, util, rows, int(df["total_rows"].iloc[0]), limit, offset)
