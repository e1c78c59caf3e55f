"""Kaplan–Meier read-outs (analytics/metrics/retention.py) that mutation testing (`make mutate`) showed
no test pinned down: reading a curve past its last time."""

from __future__ import annotations

import pytest

from analytics.metrics.retention import kaplan_meier, survival_at


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


def test_nobody_to_follow_gives_the_curve_at_one_on_day_zero():
    # no durations at all: the curve is the single point (time 0, nobody at risk, S = 1)
    km = kaplan_meier([], [])
    assert km.to_dict("records") == [{"time": 0.0, "at_risk": 0, "left": 0, "censored": 0, "survival": 1.0}]


def test_unknown_durations_are_left_out_not_a_crash():
    # a missing duration (None, e.g. a blank start date) is dropped before the estimate: two people
    # remain, leaving at 1 and censored at 3 → S(1) = 1 − 1/2 = 0.5
    km = kaplan_meier([1.0, None, 3.0], [True, True, False])
    assert km["time"].tolist() == [0.0, 1.0, 3.0]
    assert km["at_risk"].tolist() == [2, 2, 1]
    assert km["survival"].tolist() == pytest.approx([1.0, 0.5, 0.5])


def test_the_day_zero_row_is_added_with_a_fresh_index():
    # times 1 and 2 (no one at 0): a day-0 row at S = 1 is put first, and rows are numbered 0, 1, 2
    # so that .loc[i] is the i-th time, as the charts read them
    km = kaplan_meier([2.0, 1.0], [True, False])
    assert km.index.tolist() == [0, 1, 2]
    assert km.loc[2, "time"] == 2.0 and km.loc[2, "survival"] == 0.0
    # 1 censored at time 1 (still at risk then, 2 people), 1 left at time 2 (1 at risk): S = 1 × (1 − 1/1) = 0
    assert km[["at_risk", "left", "censored"]].values.tolist() == [[2, 0, 0], [2, 0, 1], [1, 1, 0]]


def test_mismatched_or_negative_inputs_are_refused_with_a_reason():
    with pytest.raises(ValueError, match="^durations and left must have the same length$"):
        kaplan_meier([1.0, 2.0], [True])
    with pytest.raises(ValueError, match="^durations must not be negative$"):
        kaplan_meier([1.0, -2.0], [True, True])
