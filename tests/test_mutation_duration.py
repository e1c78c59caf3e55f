"""Duration & delivery cases that mutation testing (`make mutate`) showed no test pinned down:
tenure tables when one worker type is missing, the tenure-limit boundary and order, the tenure
histogram's default, and the columns of the review and limit tables.

People frames are written by hand in the shape of duration.people (tenure in months).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analytics.metrics import delivery, reviews, tenure
from analytics.metrics.filters import Filters


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
