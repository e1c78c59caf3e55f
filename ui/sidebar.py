"""The global filters in the sidebar, bound to the URL so a filtered view is a shareable link."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from analytics import cache
from analytics.access.policy import Access
from analytics.metrics import headlines
from analytics.metrics.filters import Filters
from analytics.metrics.horizon import default_period, selectable_months
from analytics.store.schema import WORKER_TYPES


def global_filters(who: Access) -> Filters:
    """Draw the sidebar filters and return what they select. A department-limited user is offered
    only their departments, and the Filters carry the limit (`scope`) whatever the link says."""
    horizon = cache.call(headlines.data_horizon)
    offered = [d for d in horizon.departments if d in who.departments] if who.departments else horizon.departments
    months = selectable_months(horizon, date.today())
    with st.sidebar:
        st.subheader("Filters")
        if len(months) > 1:
            default = default_period(months)
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
            "Department", offered, key="department", bind="query-params",
            placeholder="All your departments" if who.departments else "All departments",
        )
        roles = st.multiselect("Role", horizon.roles, key="role", bind="query-params", placeholder="All roles")
        types = st.multiselect(
            "Worker type", list(WORKER_TYPES), key="worker_type", bind="query-params", placeholder="Employees and contractors"
        )
    start = pd.Period(period[0], freq="M").start_time.date()
    end = pd.Period(period[1], freq="M").end_time.date()
    return Filters(start, end, tuple(departments), tuple(roles), tuple(types), scope=who.departments)
