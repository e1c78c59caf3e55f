"""The missing-exchange-rate warning every page with amounts shows (analytics.metrics.currency_checks):
which currency, which months, how much of the period's pay is left out of its figures."""

from __future__ import annotations

import streamlit as st

from analytics import cache
from analytics.metrics import currency_checks


def missing_rates_warning(filters) -> str | None:
    """Warn, above the page's figures, about pay left out for want of a rate; returns the message."""
    message = currency_checks.missing_rates_message(cache.call(currency_checks.missing_rates, filters))
    if message:
        st.warning(message, icon=":material/currency_exchange:")
    return message
