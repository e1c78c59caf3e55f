"""The global filters in the sidebar, bound to the URL so a filtered view is a shareable link."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from analytics import cache, overview
from analytics.filters import Filters
from analytics.schema import WORKER_TYPES


def _months(first: date, last: date) -> list[str]:
    return [p.strftime("%Y-%m") for p in pd.period_range(first, last, freq="M")]


def global_filters() -> Filters:
    """Draw the sidebar filters and return what they select."""
    horizon = cache.call(overview.data_horizon)
    first = horizon.first_day or date.today().replace(day=1)
    last = horizon.last_day or date.today()
    months = _months(first, last)
    with st.sidebar:
        st.subheader("Filters")
        if len(months) > 1:
            default = (months[max(0, len(months) - 12)], months[-1])
            period = st.select_slider(
                "Period",
                options=months,
                value=default,
                key="period",
                bind="query-params",
                format_func=lambda m: pd.Period(m, freq="M").strftime("%b %Y"),
                help="Months included in spend, utilization and engagement figures. "
                "Headcount and tenure are measured on the period's last day.",
            )
        else:
            period = (months[0], months[0])
        departments = st.multiselect(
            "Department", horizon.departments, key="department", bind="query-params", placeholder="All departments"
        )
        roles = st.multiselect("Role", horizon.roles, key="role", bind="query-params", placeholder="All roles")
        types = st.multiselect(
            "Worker type", list(WORKER_TYPES), key="worker_type", bind="query-params", placeholder="Employees and contractors"
        )
    start = pd.Period(period[0], freq="M").start_time.date()
    end = pd.Period(period[1], freq="M").end_time.date()
    return Filters(start, end, tuple(departments), tuple(roles), tuple(types))
