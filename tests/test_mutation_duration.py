"""Duration & delivery cases that mutation testing (`make mutate`) showed no test pinned down:
tenure tables when one worker type is missing, the tenure-limit boundary and order, the tenure
histogram's default, and the columns of the review and limit tables.

People frames are written by hand in the shape of duration.people (tenure in months).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from analytics.metrics import delivery, reviews, tenure
from analytics.metrics.filters import Filters
from analytics.store.schema import REVIEW_ATTRIBUTES


def person(worker_id: str, name: str, worker_type: str, months: float, left: bool) -> dict:
    return dict(worker_id=worker_id, full_name=name, worker_type=worker_type, role="Software Developer",
                department="Engineering", vendor="Acme" if worker_type == "contractor" else None,
                start_date=date(2020, 1, 1), tenure_months=months, active=not left, left=left)


def people(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def test_has_quality_scores():
    assert delivery.has_quality_scores(pd.DataFrame({"quality_score": [None, 4.0]})) is True
    assert delivery.has_quality_scores(pd.DataFrame({"quality_score": [None, None]})) is False


def test_median_tenure_counts_people_and_reads_a_dash_for_nobody():
    p = people(person("C1", "Cy", "contractor", 6.0, True), person("C2", "Di", "contractor", 10.0, False))
    # contractors: C1 left at 6 months with 2 at risk → S = 1/2 there: the median is 6.0 months
    c = tenure.median_tenure(p, "contractor")
    assert (c.people, c.months, c.followed_months) == (2, 6.0, 10.0)
    nobody = tenure.median_tenure(p, "employee")
    assert (nobody.people, nobody.months, nobody.followed_months) == (0, None, None)
    assert tenure.median_tenure_text(nobody) == "—"


def test_tenure_summary_of_contractors_only():
    # no employees in the selection: the contractors' row is still there, in the table's columns
    p = people(
        person("C1", "Cy", "contractor", 6.0, True),
        person("C2", "Di", "contractor", 10.0, False),
        person("C3", "Ed", "contractor", 14.0, False),
    )
    s = tenure.tenure_summary(p, tenure.retention_curves(p))
    assert list(s.columns) == [
        "worker_type", "people", "active", "left", "median_active_months", "median_leaver_months",
        "km_median_months", "retained_12_months",
    ]
    assert len(s) == 1
    row = s.iloc[0]
    assert row["worker_type"] == "contractor"
    assert (row["people"], row["active"], row["left"]) == (3, 2, 1)
    # active C2 10 and C3 14 → median 12.0; the leaver C1 6.0
    assert row["median_active_months"] == pytest.approx(12.0)
    assert row["median_leaver_months"] == pytest.approx(6.0)
    # Kaplan–Meier: at 6 months 1 of 3 leaves → S = 2/3, never ≤ 1/2: no median; S(12) = 2/3
    assert pd.isna(row["km_median_months"])
    assert row["retained_12_months"] == pytest.approx(2 / 3)


def test_tenure_histogram_shows_the_active_by_default():
    p = people(person("E1", "Ada", "employee", 30.0, False), person("E2", "Bo", "employee", 3.0, True))
    assert list(tenure.tenure_distribution(p)["worker_id"]) == ["E1"]
    assert list(tenure.tenure_distribution(p, "leavers")["worker_id"]) == ["E2"]
    assert list(tenure.tenure_distribution(p, "everyone")["worker_id"]) == ["E1", "E2"]


def test_past_the_limit_is_strictly_over_it_longest_first_then_by_name():
    p = people(
        person("C1", "Zed", "contractor", 18.0, False),  # exactly at an 18-month limit: not past it
        person("C2", "Bea", "contractor", 20.0, False),
        person("C3", "Abe", "contractor", 20.0, False),  # same tenure as Bea: by name, Abe first
        person("C4", "Cal", "contractor", 25.0, False),
        person("C5", "Dee", "contractor", 30.0, True),  # left: not on the list
        person("E1", "Eve", "employee", 40.0, False),  # an employee: not on the list
    )
    over = tenure.past_tenure_limit(p, 18.0)
    assert list(over["full_name"]) == ["Cal", "Abe", "Bea"]
    assert list(over["months_over"]) == pytest.approx([7.0, 2.0, 2.0])
    assert list(over.columns) == [
        "worker_id", "full_name", "role", "department", "vendor", "start_date", "tenure_months", "months_over",
    ]
    assert list(over.index) == [0, 1, 2]


def test_review_profile_has_the_attribute_columns_only(tiny_ws):
    prof = reviews.review_profile(tiny_ws, Filters(date(2024, 1, 1), date(2024, 1, 31)))
    assert "index" not in prof.columns
    assert list(prof["worker_type"]) == ["employee", "contractor"]
    assert list(prof.index) == [0, 1]


def test_attribute_gaps_by_hand_with_a_missing_type_and_a_missing_attribute():
    """Employees only reviewed on the first two attributes; no contractor reviewed at all."""
    first, second, *rest = REVIEW_ATTRIBUTES
    profile = pd.DataFrame([{"worker_type": "employee", first: 4.0, second: 3.5}])
    gaps = reviews.attribute_gaps(profile)
    assert gaps.columns.tolist() == ["attribute", "employee", "contractor", "gap"]
    assert gaps.index.tolist() == list(range(len(REVIEW_ATTRIBUTES)))
    by = gaps.set_index("attribute")
    assert (by.loc[first, "employee"], by.loc[second, "employee"]) == (4.0, 3.5)
    # no contractor mean anywhere, and no employee mean for the attributes never reviewed: blank, not 0
    assert by["contractor"].isna().all() and by.loc[rest, "employee"].isna().all() and by["gap"].isna().all()


def test_attribute_gaps_gap_is_contractor_minus_employee_largest_first():
    first, second, third, *_ = REVIEW_ATTRIBUTES
    profile = pd.DataFrame([
        {"worker_type": "employee", first: 4.0, second: 3.0, third: 4.0},
        {"worker_type": "contractor", first: 3.5, second: 4.5, third: 4.0},
    ])
    gaps = reviews.attribute_gaps(profile)
    # gaps: first 3.5 − 4 = −0.5, second 4.5 − 3 = +1.5, third 0; the rest blank, listed last
    assert gaps["attribute"].tolist()[:3] == [second, first, third]
    assert gaps["gap"].tolist()[:3] == [1.5, -0.5, 0.0]
    assert gaps.loc[0, ["employee", "contractor"]].tolist() == [3.0, 4.5]


def test_tenure_summary_and_bins_of_nobody_keep_their_columns():
    empty = pd.DataFrame(columns=["worker_id", "worker_type", "tenure_months", "left"])
    summary = tenure.tenure_summary(empty, pd.DataFrame(columns=["worker_type", "time", "survival"]))
    assert summary.columns.tolist() == [
        "worker_type", "people", "active", "left", "median_active_months", "median_leaver_months",
        "km_median_months", "retained_12_months",
    ]
    assert summary.empty
    assert tenure.tenure_bins(empty).columns.tolist() == ["worker_type", "start", "end", "people"]


def test_tenure_bins_by_hand_numbered_from_zero_across_types():
    p = people(
        person("E1", "Ada", "employee", 2.0, False), person("E2", "Bo", "employee", 7.5, False),
        person("E3", "Cy", "employee", 5.9, False), person("C1", "Di", "contractor", 13.0, False),
    )
    bins = tenure.tenure_bins(p)  # 6-month bins: employees [0, 6) × 2, [6, 12) × 1; contractors [12, 18) × 1
    assert bins.index.tolist() == [0, 1, 2]
    assert bins.values.tolist() == [
        ["employee", 0.0, 6.0, 2], ["employee", 6.0, 12.0, 1], ["contractor", 12.0, 18.0, 1],
    ]


def test_monthly_retention_keeps_the_curves_order_of_types():
    curves = pd.DataFrame({
        "worker_type": ["employee", "employee", "contractor", "contractor"],
        "time": [0.0, 2.0, 0.0, 1.0], "survival": [1.0, 0.5, 1.0, 0.0],
        "at_risk": [2, 2, 1, 1], "left": [0, 1, 0, 1], "censored": [0, 0, 0, 0],
    })
    out = tenure.monthly_retention(curves)
    assert out["worker_type"].drop_duplicates().tolist() == ["employee", "contractor"]
    assert out.index.tolist() == list(range(len(out)))


def test_delivery_tables_of_nothing_keep_their_columns_and_numeric_rates():
    e = pd.DataFrame(columns=["delivery_model", "status", "actual_days", "planned_days", "quality_score"])
    by = delivery.by_delivery_model(e)
    assert by.columns.tolist() == [
        "delivery_model", "engagements", "completed", "cancelled", "median_months", "overrun",
        "on_time_rate", "cancelled_share", "quality", "rated",
    ]
    assert all(str(by[c].dtype) == "float64" for c in ["median_months", "overrun", "on_time_rate", "cancelled_share", "quality"])
    assert delivery.box_stats_by_model(e, "actual_days").columns.tolist() == ["delivery_model", *delivery.BOX_COLUMNS]


def test_completed_engagements_in_months_by_hand():
    e = pd.DataFrame({
        "status": ["completed", "completed", "active"],
        "actual_days": [365.0, 73.0, 10.0], "planned_days": [182.5, 146.0, 30.0],
    })
    d = delivery.completed(e)
    # a month is 365 / 12 days: 365 d = 12 months, 73 d = 2.4; planned 182.5 d = 6, 146 d = 4.8
    assert d["actual_months"].tolist() == pytest.approx([12.0, 2.4])
    assert d["planned_months"].tolist() == pytest.approx([6.0, 4.8])


def test_box_stats_of_no_values_is_blank_not_none():
    stats = delivery.box_stats(pd.Series([None, None], dtype=object))
    assert stats["n"] == 0
    assert all(isinstance(stats[k], float) and np.isnan(stats[k]) for k in delivery.BOX_COLUMNS if k != "n")
