"""Kaplan–Meier estimator against a case worked out by hand, with censoring and ties."""

import pytest

from analytics.metrics.retention import kaplan_meier, median_survival, survival_at


def test_kaplan_meier_by_hand_with_censoring():
    # Six people: tenure (months) and whether they left (True) or are still active (False).
    #   2 left, 3 left, 3 active, 5 left, 6 active, 8 left
    km = kaplan_meier([2, 3, 3, 5, 6, 8], [True, True, False, True, False, True])
    # t=2: 6 at risk, 1 leaves   → S = 5/6                 = 0.8333
    # t=3: 5 at risk, 1 leaves, 1 censored (still at risk at 3) → S = 5/6 × 4/5 = 4/6 = 0.6667
    # t=5: 3 at risk, 1 leaves   → S = 4/6 × 2/3 = 8/18   = 0.4444
    # t=6: 2 at risk, 0 leave, 1 censored → S unchanged      = 0.4444
    # t=8: 1 at risk, 1 leaves   → S = 0
    assert list(km["time"]) == [0, 2, 3, 5, 6, 8]
    assert list(km["at_risk"]) == [6, 6, 5, 3, 2, 1]
    assert list(km["left"]) == [0, 1, 1, 1, 0, 1]
    assert list(km["censored"]) == [0, 0, 1, 0, 1, 0]
    assert km["survival"].tolist() == pytest.approx([1, 5 / 6, 4 / 6, 8 / 18, 8 / 18, 0])
    assert median_survival(km) == 5  # first time S ≤ 0.5
    assert survival_at(km, 4) == pytest.approx(4 / 6)
    assert survival_at(km, 2) == pytest.approx(5 / 6)
    assert survival_at(km, 1) == 1.0


def test_dropping_the_censored_would_be_wrong():
    # Three active for 10 months, one who left at 1: retention after 1 month is 3/4, not 0.
    km = kaplan_meier([1, 10, 10, 10], [True, False, False, False])
    assert km["survival"].tolist() == pytest.approx([1, 0.75, 0.75])
    assert median_survival(km) is None  # never reaches 50%
    assert survival_at(km, 12) is None  # nobody was followed for 12 months
    assert survival_at(km, 10) == pytest.approx(0.75)


def test_everyone_still_active_and_empty():
    km = kaplan_meier([3, 4], [False, False])
    assert km["survival"].tolist() == [1.0, 1.0, 1.0]
    empty = kaplan_meier([], [])
    assert list(empty["survival"]) == [1.0] and empty["at_risk"].iloc[0] == 0
    assert median_survival(empty) is None


def test_leaving_on_day_zero_counts_at_time_zero():
    km = kaplan_meier([0, 5], [True, True])
    assert km["survival"].tolist() == pytest.approx([0.5, 0.0])
    assert median_survival(km) == 0


def test_mismatched_inputs_are_an_error():
    with pytest.raises(ValueError):
        kaplan_meier([1, 2], [True])
    with pytest.raises(ValueError):
        kaplan_meier([-1], [True])


def test_counted_rows_give_the_curve_of_the_people_they_count():
    # The by-hand case above as counts (tenure_counts.sql's shape): 3 months appears twice, once per outcome,
    # and the 2-month leaver is counted on two rows of one each; a row counting nobody changes nothing.
    km = kaplan_meier([2, 2, 3, 3, 5, 6, 8, 9], [True, True, True, False, True, False, True, True],
                      people=[1, 0, 1, 1, 1, 1, 1, 0])
    assert list(km["time"]) == [0, 2, 3, 5, 6, 8]
    assert list(km["at_risk"]) == [6, 6, 5, 3, 2, 1]
    assert list(km["left"]) == [0, 1, 1, 1, 0, 1]
    assert km["survival"].tolist() == pytest.approx([1, 5 / 6, 4 / 6, 8 / 18, 8 / 18, 0])
    # 30 people who left at 1 month and 10 still active at 12: S(1) = 10/40
    many = kaplan_meier([1, 12], [True, False], people=[30, 10])
    assert list(many["at_risk"]) == [40, 40, 10] and many["survival"].tolist() == pytest.approx([1, 0.25, 0.25])
    with pytest.raises(ValueError, match="^people must have one count for each duration$"):
        kaplan_meier([1, 2], [True, False], people=[1])
    with pytest.raises(ValueError, match="^people must not be negative$"):
        kaplan_meier([1, 2], [True, False], people=[1, -1])
