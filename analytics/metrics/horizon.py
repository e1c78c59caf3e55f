"""What the data covers and who is on the roster at a date: the selectable period (whole months,
analytics/sql/build_horizon.sql), the filter options, the as-of date for headcount and tenure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from analytics.metrics.filters import Filters
from analytics.store import schema
from analytics.store.db import Workspace
from analytics.store.sql_files import load_sql


@dataclass(frozen=True)
class Horizon:
    """What the data covers: the selectable period and the values the filters offer."""

    first_day: date | None
    last_day: date | None
    departments: tuple[str, ...]
    roles: tuple[str, ...]


def data_horizon(ws: Workspace) -> Horizon:
    r = ws.query("data_horizon").iloc[0]

    def _d(v):
        return None if pd.isna(v) else pd.Timestamp(v).date()

    def _t(v):
        # a list of values, or a missing one: None, NaN, or pd.NA (DuckDB's list() over no rows)
        return tuple(v) if isinstance(v, list | tuple) or hasattr(v, "__array__") else ()

    return Horizon(_d(r["first_day"]), _d(r["last_day"]), _t(r["departments"]), _t(r["roles"]))


DEFAULT_MONTHS = 12  # the sidebar opens on the last 12 months the data covers


def selectable_months(horizon: Horizon, today: date) -> list[str]:
    """The months ("YYYY-MM") the period can be chosen from: those the data covers, or this month."""
    first = horizon.first_day or today.replace(day=1)
    last = horizon.last_day or today
    return [p.strftime("%Y-%m") for p in pd.period_range(first, last, freq="M")]


def default_period(months: list[str]) -> tuple[str, str]:
    """The period the app opens on (and reports default to): the last DEFAULT_MONTHS months."""
    return months[max(0, len(months) - DEFAULT_MONTHS)], months[-1]


def as_of_date(filters: Filters, horizon: Horizon) -> date:
    """Headcount and tenure are measured on the period's last day, or the data's, if earlier."""
    if horizon.last_day is None:
        return filters.end
    return min(filters.end, horizon.last_day)


def people_as_of(
    ws: Workspace, filters: Filters, as_of: date, columns: Sequence[str] | None = None
) -> pd.DataFrame:
    """The filtered roster of people who started by `as_of`, with tenure_days (to end_date or
    `as_of`, whichever is earlier) and an `active` flag on `as_of`. `columns`: only these roster
    columns besides those two (at 500,000 people, turning every name, department and location into
    Python strings takes most of the query's time)."""
    params = {**filters.params(), "as_of": as_of}
    if columns is None:
        return ws.query("people_as_of", params)
    known = schema.TABLES["workers"].column_names
    unknown = [c for c in columns if c not in known]
    if unknown or not columns:
        raise ValueError(f"people_as_of: not roster columns: {unknown or 'none given'}")
    return ws.sql(load_sql("people_as_of").replace("w.*,", "".join(f"w.{c}, " for c in columns), 1), params)
