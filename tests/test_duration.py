"""Duration & delivery analytics on the tiny organisation (tests/tiny.py) and on small hand-made
frames, every figure worked out by hand.

Engagements running in January 2024 (ENG4 is planned for March, so it is out):
  ENG1 active     hours: employees E1 126 + E2 80 = 206, contractor C2 40 → 16% contractor → in-house
  ENG2 completed  planned 1 Jun – 31 Dec 2023 = 213 days, actual 1 Jun 2023 – 19 Jan 2024 = 232 days,
                  all 124 h by C1 → contractor; overrun 232 / 213 − 1 = 8.92%, late; quality 4.0
  ENG3 cancelled  actual 2 – 10 Jan = 8 days; no hours logged
Tenure on 31 Jan 2024 (the data covers whole months): E1 1,491 days, E2 21, C1 232 (left 19 Jan), C2 395
(active). A month is 365/12 days (analytics/metrics/periods.py).
"""

from datetime import date

import pandas as pd
import pytest

from analytics.metrics import delivery, reviews, tenure
from analytics.metrics.filters import Filters

JAN = Filters(date(2024, 1, 1), date(2024, 1, 31))
M = 365 / 12  # days per month


def test_overrun_formula():
    assert delivery.overrun(232, 213) == pytest.approx(19 / 213)  # 8.92%
    assert delivery.overrun(90, 120) == pytest.approx(-0.25)  # finished early
    assert pd.isna(delivery.overrun(10, 0))  # no planned duration → undefined


def test_engagements_by_hand(tiny_ws):
    e = delivery.engagements(tiny_ws, JAN).set_index("engagement_id")
    assert list(e.index) == ["ENG1", "ENG2", "ENG3"]
    assert e.loc["ENG1", "delivery_model"] == "in-house"
    assert e.loc["ENG2", "delivery_model"] == "contractor"
    assert e.loc["ENG3", "delivery_model"] == "no hours"
    assert e.loc["ENG2", "planned_days"] == 213
    assert e.loc["ENG2", "actual_days"] == 232
    assert e.loc["ENG2", "overrun"] == pytest.approx(19 / 213)
    assert e.loc["ENG2", "on_time"] == 0.0
    assert e.loc["ENG3", "actual_days"] == 8
    assert pd.isna(e.loc["ENG3", "overrun"])  # cancelled: no overrun
    assert pd.isna(e.loc["ENG1", "actual_days"])  # still running


def test_delivery_totals_by_hand(tiny_ws):
    t = delivery.delivery_totals(delivery.engagements(tiny_ws, JAN))
    assert t.engagements == 3 and t.completed == 1
    assert t.median_months == pytest.approx(232 / M)  # 7.6 months
    assert t.overrun == pytest.approx(19 / 213)
    assert t.on_time_rate == 0.0
    assert t.cancelled_share == pytest.approx(1 / 3)
    assert t.quality == 4.0


def _frame(rows, models):
    """Rows as engagement_people returns them: the delivery model comes classified from the load
    (engagement_facts; its 80% rule is tested in tests/test_overview.py)."""
    cols = ["engagement_id", "name", "status", "planned_start", "planned_end", "actual_start", "actual_end",
            "quality_score", "employee_hours", "contractor_hours"]
    return delivery.with_durations(pd.DataFrame(rows, columns=cols).assign(delivery_model=models))


def test_group_overrun_is_sum_over_sum_and_on_time_rate():
    e = _frame(
        [
            # planned 100 days, took 150: +50%, late; employees only → in-house
            ["A", "a", "completed", "2024-01-01", "2024-04-10", "2024-01-01", "2024-05-30", 3.0, 100, 0],
            # planned 200 days, took 200: on plan, on time; contractors only
            ["B", "b", "completed", "2024-01-01", "2024-07-19", "2024-01-01", "2024-07-19", 5.0, 0, 100],
            # planned 50, started late and finished 10 days early in duration but after the planned end
            ["C", "c", "completed", "2024-01-01", "2024-02-20", "2024-02-01", "2024-03-12", None, 50, 50],
            ["D", "d", "cancelled", "2024-01-01", "2024-12-31", "2024-01-01", "2024-02-01", None, 10, 0],
        ],
        ["in-house", "contractor", "mixed", "in-house"],
    )
    assert list(e["planned_days"]) == [100, 200, 50, 365]
    assert list(e["actual_days"]) == [150, 200, 40, 31]
    assert list(e["delivery_model"]) == ["in-house", "contractor", "mixed", "in-house"]
    # Σ actual / Σ planned − 1 over completed = (150 + 200 + 40) / (100 + 200 + 50) − 1 = 390 / 350 − 1 = 11.4%,
    # not the mean of the three overruns (50% + 0% − 20%) / 3 = 10%
    assert delivery.group_overrun(e) == pytest.approx(390 / 350 - 1)
    # on time = finished by the planned end: only B (C ended 12 Mar, planned end 20 Feb)
    assert delivery.on_time_rate(e) == pytest.approx(1 / 3)
    assert delivery.cancelled_share(e) == pytest.approx(1 / 4)
    assert delivery.mean_quality(e) == pytest.approx(4.0)  # (3 + 5) / 2; unrated ones left out
    s = delivery.by_delivery_model(e).set_index("delivery_model")
    assert list(s.index) == ["in-house", "mixed", "contractor"]
    assert s.loc["in-house", "engagements"] == 2 and s.loc["in-house", "cancelled"] == 1
    assert s.loc["in-house", "overrun"] == pytest.approx(0.5)
    assert s.loc["in-house", "cancelled_share"] == pytest.approx(0.5)
    assert s.loc["mixed", "overrun"] == pytest.approx(-0.2)
    assert s.loc["contractor", "on_time_rate"] == 1.0
    done = delivery.completed(e)
    assert list(done["engagement_id"]) == ["A", "B", "C"]
    assert done["actual_months"].iloc[0] == pytest.approx(150 / M)


def test_department_filter_applies_to_engagements(tiny_ws):
    e = delivery.engagements(tiny_ws, Filters(JAN.start, JAN.end, departments=("Engineering",)))
    assert sorted(e["engagement_id"]) == ["ENG1", "ENG2"]


def test_tenure_and_retention_by_hand(tiny_ws):
    p = tenure.people(tiny_ws, JAN).set_index("worker_id")
    assert "annual_salary" not in p.columns and "hourly_rate" not in p.columns  # no pay on this page
    assert p.loc["E1", "tenure_days"] == 1491  # 1 Jan 2020 → 31 Jan 2024
    assert p.loc["E2", "tenure_days"] == 21  # 10 → 31 Jan
    assert p.loc["C1", "tenure_days"] == 232 and p.loc["C1", "left"]
    assert p.loc["C2", "tenure_days"] == 395 and not p.loc["C2", "left"]
    assert p.loc["C2", "tenure_months"] == pytest.approx(395 / M)

    curves = tenure.retention_curves(p.reset_index())
    con = curves[curves["worker_type"] == "contractor"]
    # C1 leaves at 7.6 months with both at risk → 1/2; C2 is censored at 13.0 months, not dropped
    assert con["time"].tolist() == pytest.approx([0, 232 / M, 395 / M])
    assert con["survival"].tolist() == pytest.approx([1, 0.5, 0.5])
    assert con["censored"].tolist() == [0, 0, 1]
    emp = curves[curves["worker_type"] == "employee"]
    assert emp["survival"].tolist() == [1.0, 1.0, 1.0]  # nobody left

    s = tenure.tenure_summary(p.reset_index(), curves).set_index("worker_type")
    assert s.loc["contractor", "km_median_months"] == pytest.approx(232 / M)
    assert s.loc["contractor", "retained_12_months"] == pytest.approx(0.5)
    assert s.loc["contractor", "median_leaver_months"] == pytest.approx(232 / M)
    assert pd.isna(s.loc["employee", "km_median_months"])  # never falls to 50%
    assert s.loc["employee", "median_active_months"] == pytest.approx((1491 + 21) / 2 / M)
    assert s.loc["employee", "retained_12_months"] == 1.0

    assert sorted(tenure.tenure_distribution(p.reset_index(), "active")["worker_id"]) == ["C2", "E1", "E2"]
    assert list(tenure.tenure_distribution(p.reset_index(), "leavers")["worker_id"]) == ["C1"]


def test_contractors_past_the_tenure_limit(tiny_ws):
    p = tenure.people(tiny_ws, JAN)
    assert tenure.past_tenure_limit(p, 18).empty  # C2 is at 13.0 months
    over = tenure.past_tenure_limit(p, 12)
    # C2 (active): 395 / (365/12) − 12 = 0.99 months over; C1 is over too long ago but has left
    assert list(over["worker_id"]) == ["C2"]
    assert over["months_over"].iloc[0] == pytest.approx(395 / M - 12)
    assert over["vendor"].iloc[0] == "Independent"
    # employees are never on this list, however long they stay (E1: 48.9 months)
    assert tenure.past_tenure_limit(p, 1)["worker_id"].tolist() == ["C2"]
    employees = tenure.people(tiny_ws, Filters(JAN.start, JAN.end, worker_types=("employee",)))
    assert tenure.past_tenure_limit(employees, 1).empty


def test_review_profile_and_gaps(tiny_ws):
    prof = reviews.review_profile(tiny_ws, JAN).set_index("worker_type")
    assert list(prof.index) == ["employee", "contractor"]
    # employees: E1 (4, 4, 4, 5, 4, 4) and E2 (3, 3, 4, 4, 3, 4)
    assert prof.loc["employee", "communication"] == 3.5
    assert prof.loc["employee", "collaboration"] == 4.5
    # contractors: C1 (3, 5, 4, 3, 4, 5) and C2 (4, 4, 3, 3, 5, 4)
    assert prof.loc["contractor", "technical_expertise"] == 4.5
    assert prof.loc["contractor", "collaboration"] == 3.0
    gaps = reviews.attribute_gaps(prof.reset_index())
    # largest gap first: collaboration 3.0 − 4.5 = −1.5
    assert gaps.iloc[0].tolist() == ["collaboration", 4.5, 3.0, -1.5]
    assert gaps.set_index("attribute").loc["communication", "gap"] == 0.0


def test_empty_period_is_empty_not_an_error(tiny_ws):
    later = Filters(date(2025, 1, 1), date(2025, 1, 31))
    # ENG1 is still active (no actual end) and planned to 31 Mar 2024, so it does not reach 2025
    assert delivery.engagements(tiny_ws, later).empty
    assert reviews.review_profile(tiny_ws, later).empty
    t = delivery.delivery_totals(delivery.engagements(tiny_ws, later))
    assert t.engagements == 0 and t.overrun is None and t.on_time_rate is None and t.cancelled_share is None


# -- the per-model table in SQL (analytics/sql/duration_by_delivery_model.sql) ------------


def test_delivery_summary_sql_by_hand(tiny_ws):
    s = delivery.delivery_summary(tiny_ws, JAN)
    assert list(s.columns) == delivery.SUMMARY_COLUMNS
    assert list(s["delivery_model"]) == ["in-house", "contractor", "no hours"]  # MODELS order, no mixed
    s = s.set_index("delivery_model")
    # ENG1 in-house, still running: counted, nothing completed, no rates
    assert s.loc["in-house", ["engagements", "completed", "cancelled", "rated"]].tolist() == [1, 0, 0, 0]
    assert s.loc["in-house", ["median_months", "overrun", "on_time_rate", "quality"]].isna().all()
    assert s.loc["in-house", "cancelled_share"] == 0.0
    # ENG2 contractor, completed 232 days against 213 planned, late, quality 4
    assert s.loc["contractor", ["engagements", "completed", "cancelled", "rated"]].tolist() == [1, 1, 0, 1]
    assert s.loc["contractor", "median_months"] == pytest.approx(232 / M)
    assert s.loc["contractor", "overrun"] == pytest.approx(19 / 213)
    assert s.loc["contractor", "on_time_rate"] == 0.0
    assert s.loc["contractor", "quality"] == 4.0
    # ENG3 no hours, cancelled: 1 of 1
    assert s.loc["no hours", ["engagements", "completed", "cancelled", "rated"]].tolist() == [1, 0, 1, 0]
    assert s.loc["no hours", "cancelled_share"] == 1.0
    assert pd.isna(s.loc["no hours", "overrun"])
    # the same table the pandas reference forms from engagement_people
    pd.testing.assert_frame_equal(delivery.delivery_summary(tiny_ws, JAN), delivery.by_delivery_model(delivery.engagements(tiny_ws, JAN)))


def test_delivery_summary_sql_department_filter(tiny_ws):
    eng = delivery.delivery_summary(tiny_ws, Filters(JAN.start, JAN.end, departments=("Engineering",)))
    assert list(eng["delivery_model"]) == ["in-house", "contractor"]  # ENG1, ENG2; ENG3 is Data & Analytics
    assert eng["engagements"].tolist() == [1, 1]
    data = delivery.delivery_summary(tiny_ws, Filters(JAN.start, JAN.end, departments=("Data & Analytics", "Security")))
    assert list(data["delivery_model"]) == ["no hours"] and data["cancelled"].tolist() == [1]  # ENG3


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # ENG3 actually started 2 Jan (planned 1 Jan): the actual span decides → not running by 1 Jan
        (date(2023, 12, 1), date(2024, 1, 1), {"in-house": 1, "contractor": 1}),
        # ENG3 actually ended 10 Jan (planned 30 Jun), ENG2 ended 19 Jan: both out from 20 Jan
        (date(2024, 1, 20), date(2024, 1, 31), {"in-house": 1}),
        # March, beyond the data: ENG1 (no actual end) runs until the data's last day, 31 Jan, not until its
        # planned end; ENG4 (not started, planned Mar–May, no hours) is planned then
        (date(2024, 3, 1), date(2024, 3, 31), {"no hours": 1}),
        # the overlap is inclusive at both ends: ENG2 ended on 19 Jan
        (date(2024, 1, 19), date(2024, 1, 19), {"in-house": 1, "contractor": 1}),
        (date(2025, 1, 1), date(2025, 1, 31), {}),
    ],
)
def test_delivery_summary_sql_period_overlap(tiny_ws, start, end, expected):
    f = Filters(start, end)
    s = delivery.delivery_summary(tiny_ws, f)
    assert dict(zip(s["delivery_model"], s["engagements"], strict=True)) == expected
    assert list(s.columns) == delivery.SUMMARY_COLUMNS
    if expected:
        pd.testing.assert_frame_equal(s, delivery.by_delivery_model(delivery.engagements(tiny_ws, f)))


def test_delivery_summary_sql_matches_pandas_on_the_sample(tmp_path):
    """On the bundled sample (100 engagements, every model), filtered and not, the SQL table is
    the pandas reference's to the last digit."""
    from analytics.store.db import Workspace
    from tests.conftest import SAMPLE_DIR

    ws = Workspace(tmp_path / "s.duckdb", lock_down=False, load_sample=False)
    ws.load_csv_dir(SAMPLE_DIR)
    try:
        for f in [
            Filters(date(2000, 1, 1), date(2100, 12, 31)),
            Filters(date(2024, 1, 1), date(2024, 12, 31)),
            Filters(date(2024, 1, 1), date(2025, 6, 30), departments=("Engineering", "PMO")),
        ]:
            ref = delivery.by_delivery_model(delivery.engagements(ws, f))
            assert len(ref) >= 3
            pd.testing.assert_frame_equal(delivery.delivery_summary(ws, f), ref, check_exact=False, rtol=1e-12)
    finally:
        ws.close()


def test_the_median_of_counted_values_is_the_median_of_the_values_repeated():
    # 1, 2, 2, 2, 7, 9: even count, the middle two are 2 and 2 → 2; add one 9 → 1,2,2,2,7,9,9: 2;
    # 1, 7, 7, 9 (counts 1, 2, 1) → (7 + 7) / 2 = 7; 1, 2, 9, 9 → (2 + 9) / 2 = 5.5; NaN and zero counts skipped
    v = pd.Series([9.0, 2.0, 1.0, 7.0, float("nan")])
    assert tenure.weighted_median(v, pd.Series([1, 3, 1, 1, 4])) == 2.0
    assert tenure.weighted_median(v, pd.Series([2, 3, 1, 1, 4])) == 2.0
    assert tenure.weighted_median(v, pd.Series([1, 0, 1, 2, 4])) == 7.0
    assert tenure.weighted_median(v, pd.Series([2, 1, 1, 0, 0])) == 5.5
    assert tenure.weighted_median(v, pd.Series([0, 0, 0, 0, 3])) is None
    # the pandas median of the repeated values, on an arbitrary draw
    import numpy as np
    rng = np.random.default_rng(3)
    vals, counts = pd.Series(rng.integers(0, 50, 40).astype(float)), pd.Series(rng.integers(0, 5, 40))
    assert tenure.weighted_median(vals, counts) == float(vals.repeat(counts).median())


def test_counted_rows_give_the_figures_of_the_people_they_count(tiny_ws):
    """tenure_counts' rows stand for `people` people each: the tiny roster counted twice gives exactly the
    figures of the roster repeated twice, and a row counting nobody (a tenure no one has) changes none."""
    people = tenure.people(tiny_ws, JAN)
    twice = pd.concat([people, people], ignore_index=True)
    counted = tenure.counts(tiny_ws, JAN, tenure.as_of(tiny_ws, JAN))
    counted = counted.assign(people=counted["people"] * 2)
    nobody = counted.iloc[[0]].assign(tenure_days=9999, tenure_months=9999 / 30.436875, people=0)
    counted = pd.concat([counted, nobody], ignore_index=True)
    assert int(counted["people"].sum()) == 2 * len(people) == 8
    curves = tenure.retention_curves(counted)
    pd.testing.assert_frame_equal(curves, tenure.retention_curves(twice))
    pd.testing.assert_frame_equal(tenure.tenure_summary(counted, curves),
                                  tenure.tenure_summary(twice, tenure.retention_curves(twice)))
    for t in tenure.TYPES:
        assert tenure.median_tenure(counted, t) == tenure.median_tenure(twice, t)
        assert tenure.median_tenure(counted, t).people == 4
    for who in ("active", "leavers", "everyone"):
        pd.testing.assert_frame_equal(tenure.tenure_bins(tenure.tenure_distribution(counted, who)),
                                      tenure.tenure_bins(tenure.tenure_distribution(twice, who)))


def test_the_median_of_an_odd_count_is_its_middle_value():
    # 1, 2, 3: the middle value 2, not the mean of the first two
    assert tenure.weighted_median(pd.Series([3.0, 1.0, 2.0]), pd.Series([1, 1, 1])) == 2.0
    # 1, 1, 4, 4, 4 (counts 2 and 3): 4
    assert tenure.weighted_median(pd.Series([1.0, 4.0]), pd.Series([2, 3])) == 4.0
