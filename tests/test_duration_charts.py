"""The Duration & delivery charts carry summaries, not one entry per engagement or person: box
statistics, tenure bins, month-end Kaplan–Meier points and a capped scatter sample, each worked
out by hand here, and figures whose size does not grow with the data."""

import numpy as np
import pandas as pd
import pytest

from analytics.charts import duration as charts
from analytics.metrics import delivery, retention, tenure

# -- box statistics ---------------------------------------------------------------------


def _plotly_box(values):
    """plotly.js's own box calc (src/traces/box/calc.js, quartilemethod 'linear'), transcribed:
    interp(arr, n) at position n·len − ½, fences at the last values within 1.5 IQR."""
    v = sorted(values)

    def interp(n):
        n = n * len(v) - 0.5
        if n < 0:
            return v[0]
        if n > len(v) - 1:
            return v[-1]
        frac = n % 1
        return frac * v[int(np.ceil(n))] + (1 - frac) * v[int(np.floor(n))]

    q1, med, q3 = interp(0.25), interp(0.5), interp(0.75)
    lo, hi = 2.5 * q1 - 1.5 * q3, 2.5 * q3 - 1.5 * q1
    return {
        "q1": q1, "median": med, "q3": q3,
        "lowerfence": min(q1, min(x for x in v if x >= lo)),
        "upperfence": max(q3, max(x for x in v if x <= hi)),
    }


def test_box_stats_by_hand():
    # 1..7 and 100: positions 8·p − ½ → q1 at 1.5 (2.5), median at 3.5 (4.5), q3 at 5.5 (6.5);
    # IQR 4, so the fences reach 2.5 − 6 = −3.5 and 6.5 + 6 = 12.5: whiskers at 1 and 7, 100 beyond
    s = delivery.box_stats(pd.Series([7, 1, 100, 3, 2, 6, 5, 4]))
    assert s == {"n": 8, "q1": 2.5, "median": 4.5, "q3": 6.5, "lowerfence": 1.0, "upperfence": 7.0, "mean": 16.0}
    # no outliers: whiskers at the data's min and max
    s = delivery.box_stats(pd.Series([2.0, 4.0, 6.0, None]))  # missing values left out
    assert s["n"] == 3 and (s["lowerfence"], s["upperfence"]) == (2.0, 6.0)
    assert (s["q1"], s["median"], s["q3"]) == (2.5, 4.0, 5.5)  # positions 0.25, 1, 1.75
    one = delivery.box_stats(pd.Series([3.0]))
    assert [one[k] for k in ("q1", "median", "q3", "lowerfence", "upperfence")] == [3.0] * 5
    assert delivery.box_stats(pd.Series([], dtype=float))["n"] == 0


@pytest.mark.parametrize("seed", range(6))
def test_box_stats_are_what_plotly_draws(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 60))
    values = np.round(rng.lognormal(2, 0.8, n), 1) if seed % 2 else rng.integers(1, 6, n).astype(float)
    got = delivery.box_stats(pd.Series(values))
    want = _plotly_box(list(values))
    assert {k: got[k] for k in want} == pytest.approx(want)
    assert got["mean"] == pytest.approx(values.mean())


def test_box_stats_by_model_in_model_order():
    e = pd.DataFrame(
        {
            "delivery_model": ["contractor", "in-house", "contractor", "no hours", "in-house", "mixed"],
            "quality_score": [4.0, 3.0, 5.0, None, 2.0, None],
        }
    )
    s = delivery.box_stats_by_model(e, "quality_score")
    assert list(s["delivery_model"]) == ["in-house", "contractor"]  # unrated models left out
    assert list(s.columns) == ["delivery_model", *delivery.BOX_COLUMNS]
    assert s["n"].tolist() == [2, 2] and s["mean"].tolist() == [2.5, 4.5]
    assert delivery.box_stats_by_model(e.iloc[:0], "quality_score").empty


# -- tenure bins ------------------------------------------------------------------------


def test_tenure_bins_by_hand():
    p = pd.DataFrame(
        {
            "worker_type": ["contractor", "employee", "employee", "employee", "employee", "employee"],
            "tenure_months": [30.0, 0.0, 5.9, 6.0, 13.0, np.nan],
        }
    )
    b = tenure.tenure_bins(p)
    # left-closed 6-month bins like plotly's: 0 and 5.9 in [0, 6), 6 in [6, 12), 13 in [12, 18)
    assert b.to_dict("records") == [
        {"worker_type": "employee", "start": 0.0, "end": 6.0, "people": 2},
        {"worker_type": "employee", "start": 6.0, "end": 12.0, "people": 1},
        {"worker_type": "employee", "start": 12.0, "end": 18.0, "people": 1},
        {"worker_type": "contractor", "start": 30.0, "end": 36.0, "people": 1},
    ]
    assert tenure.tenure_bins(p, width=12)["people"].tolist() == [3, 1, 1]
    assert tenure.tenure_bins(p.iloc[:0]).empty


# -- Kaplan–Meier at month ends -----------------------------------------------------------


def test_monthly_steps_keep_the_estimate_at_each_month_end():
    # five people: leave at 0.5, active at 1.0, leave at 1.5 and 2.5, active at 3.2 months
    km = retention.kaplan_meier([0.5, 1.0, 1.5, 2.5, 3.2], [True, False, True, True, False])
    # full curve: S = 4/5 after 0.5; × 2/3 after 1.5 (3 at risk) = 0.533; × 1/2 after 2.5 = 0.267
    assert km["survival"].tolist() == pytest.approx([1, 0.8, 0.8, 0.8 * 2 / 3, 0.8 / 3, 0.8 / 3])
    m = tenure.monthly_steps(km)
    assert m["time"].tolist() == [0, 1, 2, 3, 3.2]  # whole months, then the last time observed
    assert m["survival"].tolist() == pytest.approx([1, 0.8, 0.8 * 2 / 3, 0.8 / 3, 0.8 / 3])
    for t, s in zip(m["time"], m["survival"], strict=True):
        assert s == retention.survival_at(km, t)  # exactly the full estimator's value there
    assert m["at_risk"].tolist() == [5, 4, 2, 1, 1]  # tenure ≥ t
    assert m["left"].tolist() == [0, 1, 1, 1, 0]  # in (previous point, t]
    assert m["censored"].tolist() == [0, 1, 0, 0, 1]
    assert m["left"].sum() == km["left"].sum() and m["censored"].sum() == km["censored"].sum()


def test_monthly_steps_event_at_zero_and_last_time_on_a_month():
    km = retention.kaplan_meier([0.0, 2.0], [True, False])  # one leaves on day 0
    m = tenure.monthly_steps(km)
    assert m["time"].tolist() == [0, 1, 2]
    assert m["survival"].tolist() == [0.5, 0.5, 0.5]
    assert m[["at_risk", "left", "censored"]].values.tolist() == [[2, 1, 0], [1, 0, 0], [1, 0, 1]]


def test_monthly_retention_per_type_and_bounded():
    rng = np.random.default_rng(1)
    n = 20_000
    p = pd.DataFrame(
        {
            "worker_type": rng.choice(["employee", "contractor"], n),
            "tenure_months": rng.exponential(20, n),
            "left": rng.random(n) < 0.6,
        }
    )
    curves = tenure.retention_curves(p)
    m = tenure.monthly_retention(curves)
    for t in ("employee", "contractor"):
        full, month = curves[curves["worker_type"] == t], m[m["worker_type"] == t]
        last = full["time"].max()
        assert len(month) == int(np.floor(last)) + 2  # 0 … floor(last), then last
        for time, s in zip(month["time"], month["survival"], strict=True):
            assert s == retention.survival_at(full, time)
        assert month["left"].sum() == full["left"].sum()
    assert tenure.monthly_retention(curves.iloc[:0]).empty


# -- planned vs actual sample --------------------------------------------------------------


def test_scatter_sample_is_capped_and_deterministic():
    e = pd.DataFrame({"x": range(10)}, index=range(100, 110))
    assert delivery.scatter_sample(e, 10) is e
    s = delivery.scatter_sample(e, 3)
    assert len(s) == 3 and s.index.is_monotonic_increasing and set(s.index) <= set(e.index)
    assert s.equals(delivery.scatter_sample(e, 3))  # same points every time
    assert len(delivery.scatter_sample(pd.DataFrame({"x": range(5000)}))) == delivery.SCATTER_POINTS == 300


# -- the figures ------------------------------------------------------------------------


def _data(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    models = rng.choice(["in-house", "mixed", "contractor", "no hours"], n)
    planned = rng.integers(30, 700, n).astype(float)
    actual = np.round(planned * rng.lognormal(0.1, 0.2, n))
    e = pd.DataFrame(
        {
            "engagement_id": [f"ENG{i}" for i in range(n)],
            "name": [f"Engagement {i}" for i in range(n)],
            "delivery_model": models,
            "status": "completed",
            "planned_days": planned,
            "actual_days": actual,
            "overrun": actual / planned - 1,
            "quality_score": np.where(rng.random(n) < 0.7, rng.integers(1, 6, n), np.nan),
        }
    )
    p = pd.DataFrame(
        {
            "worker_type": rng.choice(["employee", "contractor"], n),
            # whole days, up to 10 years: the retention curve has a point per month of that span
            "tenure_months": np.round(np.minimum(rng.exponential(30, n), 120) * 30.44) / 30.44,
            "left": rng.random(n) < 0.5,
        }
    )
    return e, delivery.completed(e), p


def _figures(e, done, p):
    curves = tenure.retention_curves(p)
    return {
        "duration": charts.duration_by_model(delivery.box_stats_by_model(done, "actual_months")),
        "planned_vs_actual": charts.planned_vs_actual(delivery.scatter_sample(done)),
        "quality": charts.quality_by_model(delivery.box_stats_by_model(e, "quality_score")),
        "tenure": charts.tenure_histogram(tenure.tenure_bins(p), 18),
        "retention": charts.retention_curves(tenure.monthly_retention(curves), 18),
    }


def test_figures_do_not_grow_with_the_data():
    small = {k: len(f.to_json()) for k, f in _figures(*_data(1000)).items()}
    large = {k: len(f.to_json()) for k, f in _figures(*_data(200_000, seed=1)).items()}
    for k in small:  # 1,000 engagements already fill the planned vs actual sample (300 points)
        assert large[k] < 60_000, (k, large[k])  # the issue: ≤ 1 MB for the whole page
        assert large[k] < 1.3 * small[k], (k, small[k], large[k])


def test_box_figures_are_precomputed_boxes_without_points():
    e, done, _ = _data(500)
    fig = charts.quality_by_model(delivery.box_stats_by_model(e, "quality_score"))
    stats = delivery.box_stats_by_model(e, "quality_score")
    assert len(fig.data) == 4
    for box, r in zip(fig.data, stats.itertuples(), strict=True):
        assert box.type == "box" and box.y is None and box.boxpoints is False
        assert list(box.q1) == [r.q1] and list(box.median) == [r.median] and list(box.q3) == [r.q3]
        assert list(box.lowerfence) == [r.lowerfence] and list(box.upperfence) == [r.upperfence]
        assert list(box.mean) == [r.mean] and box.boxmean is True  # the dashed mean line stays
        assert box.x[0] == box.name and box.name.endswith(f"(n={r.n:,})")
    fig = charts.duration_by_model(delivery.box_stats_by_model(done, "actual_months"))
    assert fig.layout.yaxis.title.text == "Actual duration (months)"
    assert [b.name.split(" (")[0] for b in fig.data] == ["In-house", "Mixed", "Contractor-led", "No hours logged"]
    assert all(b.mean is None for b in fig.data)


def test_tenure_and_retention_figures():
    _, _, p = _data(2000)
    bins = tenure.tenure_bins(p)
    fig = charts.tenure_histogram(bins, 18)
    emp = bins[bins["worker_type"] == "employee"]
    bar = fig.data[0]
    assert bar.type == "bar" and bar.name == "Employees"
    assert list(bar.y) == emp["people"].tolist() and list(bar.x) == (emp["start"] + 3).tolist()
    assert sum(sum(b.y) for b in fig.data) == len(p)
    assert fig.layout.xaxis.title.text == "Tenure (months, 6-month bins)"

    m = tenure.monthly_retention(tenure.retention_curves(p))
    fig = charts.retention_curves(m, 18)
    line = fig.data[0]
    assert line.line.shape == "hv" and line.mode == "lines"
    assert list(line.y) == m.loc[m["worker_type"] == "employee", "survival"].tolist()
    ticks = fig.data[1]
    assert sum(ticks.customdata) == m.loc[m["worker_type"] == "employee", "censored"].sum()
    assert fig.layout.xaxis.title.text == "Months since start"


def test_page_says_when_planned_vs_actual_is_a_sample(app, monkeypatch):
    monkeypatch.setattr(delivery, "SCATTER_POINTS", 20)
    at = app("sample", page="pages/duration.py")
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "**Planned vs actual duration**" in text
    shown = text.split("Planned vs actual duration** — above the dotted line = overran (")[1]
    assert shown.startswith("20 of ") and "engagements shown, a fixed random sample)" in shown
    n = int(shown.split(" of ")[1].split(" ")[0].replace(",", ""))
    assert n > 20
    assert len(at.get("plotly_chart")) == 6  # duration, planned vs actual, quality, retention, tenure, radar
