"""Kaplan–Meier read-outs (analytics/retention.py) that mutation testing (`make mutate`) showed
no test pinned down: reading a curve past its last time."""

from __future__ import annotations

import pytest

from analytics.retention import kaplan_meier, survival_at


def test_past_the_end_of_a_curve_that_reached_zero_retention_is_zero():
    # two people, leaving at 1 and 2 months: S(1) = 1 − 1/2 = 0.5, S(2) = 0.5 × (1 − 1/1) = 0
    km = kaplan_meier([1.0, 2.0], [True, True])
    assert survival_at(km, 1.5) == pytest.approx(0.5)
    # nobody is left after 2 months, so at 5 months retention is known: 0 (not "not followed that long")
    assert survival_at(km, 5.0) == 0.0


def test_past_the_end_of_a_curve_still_above_zero_is_unknown():
    # one leaver at 1 month, one censored at 3: S(1) = 0.5 and stays 0.5 to 3 months; beyond: unknown
    km = kaplan_meier([1.0, 3.0], [True, False])
    assert survival_at(km, 3.0) == pytest.approx(0.5)
    assert survival_at(km, 4.0) is None
