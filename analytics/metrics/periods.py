"""Calendar constants every metric shares: one length of a year, a month and a week's share of it.

A day's pay is 1/365 of a year's, so a year is 365 days everywhere; a month is a twelfth of that
(30.42 days) and 52/12 weeks. Tenure limits, durations in months and break-even months all use
these, so a contractor at 913 days is past a 30-month limit on every page or on none.
"""

from __future__ import annotations

DAYS_PER_YEAR = 365
DAYS_PER_MONTH = DAYS_PER_YEAR / 12
WEEKS_PER_YEAR = 52
WEEKS_PER_MONTH = WEEKS_PER_YEAR / 12


def days_to_months(days):
    """Days as months of DAYS_PER_MONTH (numbers, numpy arrays and pandas Series alike)."""
    return days / DAYS_PER_MONTH


def days_to_years(days):
    """Days as years of DAYS_PER_YEAR."""
    return days / DAYS_PER_YEAR
