"""Calendar helpers (analytics/metrics/periods.py) that mutation testing (`make mutate`) showed no test
pinned down: a day count as years and as months."""

from __future__ import annotations

import pytest

from analytics.metrics import periods


def test_days_as_years_and_months():
    # 730 days = 2 years of 365; 913 days = 913 / (365/12) = 30.02 months (past a 30-month limit)
    assert periods.days_to_years(730) == pytest.approx(2.0)
    assert periods.days_to_years(73) == pytest.approx(0.2)
    assert periods.days_to_months(913) == pytest.approx(30.0164, abs=1e-4)
