"""AppTest of the Duration & delivery page: values shown on the tiny organisation (worked out in
tests/test_duration.py), the global filters and the page's own controls change them, it runs on
the full sample, and on a generated 900-person organisation the contractors past the tenure limit
are a capped table (first 100 on screen, every one in the downloads)."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from tests.apptools import frame_with, metrics
from tests.plotly_traces import charts

DUR = "pages/duration.py"
M = 365 / 12


pytestmark = pytest.mark.usefixtures("show_small_groups")






def test_duration_page_values(app):
    at = app("tiny", page=DUR)
    assert not at.exception
    m = metrics(at)
    assert m["Engagements in the period"] == "3"  # ENG1, ENG2, ENG3 (ENG4 is planned for March)
    assert m["Engagements active in the period"] == "2"  # ENG3 was cancelled
    assert m["Median duration"] == "7.6 months"  # ENG2: 232 days / (365/12)
    assert m["Overrun"] == "+8.9%"  # 232 / 213 − 1
    assert m["On-time rate"] == "0.0%"
    assert m["Cancelled share"] == "33.3%"  # ENG3 of 3
    # Kaplan–Meier as of 31 Jan: C1 left at 7.6 months with 2 at risk → half; nobody employed has left,
    # so their median lies beyond E1's 1,491 days = 49.0 months = 4.1 years
    assert m["Contractors: median tenure (Kaplan–Meier)"] == "7.6 months"
    assert m["Employees: median tenure (Kaplan–Meier)"] == "over 4.1 years"
    models = frame_with(at, "delivery_model").set_index("delivery_model")
    assert models.loc["contractor", "quality"] == 4.0
    assert models.loc["no hours", "cancelled"] == 1
    tenure = frame_with(at, "km_median_months").set_index("worker_type")
    assert tenure.loc["contractor", "km_median_months"] == pytest.approx(232 / M)
    assert tenure.loc["contractor", "retained_12_months"] == pytest.approx(0.5)
    assert tenure.loc["employee", "active"] == 2
    assert any("No contractor active on 31 Jan 2024" in i.value for i in at.info)
    gaps = frame_with(at, "gap")
    assert gaps.iloc[0]["attribute"] == "collaboration" and gaps.iloc[0]["gap"] == -1.5


def test_duration_honours_global_filters(app):
    at = app("tiny", page=DUR)
    at.sidebar.multiselect(key="department").set_value(["Engineering"]).run()
    assert not at.exception
    assert metrics(at)["Engagements in the period"] == "2"  # ENG1, ENG2
    at.sidebar.multiselect(key="department").set_value([]).run()
    at.sidebar.multiselect(key="worker_type").set_value(["employee"]).run()
    assert not at.exception
    tenure = frame_with(at, "km_median_months")
    assert list(tenure["worker_type"]) == ["employee"]


def _tenure_histogram(at) -> dict[str, list[float]]:
    """Worker type → the x (bin middles, months) of the tenure histogram's bars."""
    [bars] = [c for c in charts(at) if c and all(t["type"] == "bar" for t in c)]
    return {t["name"]: t["x"] for t in bars}


def test_tenure_of_switches_the_histogram_between_active_people_and_leavers(app):
    at = app("tiny", page=DUR)
    # active on 31 Jan: E2 21 days (0.7 mo, bin 0–6), E1 49.0 mo (bin 48–54), C2 13.0 mo (bin 12–18)
    assert _tenure_histogram(at) == {"Employees": [3.0, 51.0], "Contractors": [15.0]}
    at.button_group(key="dur_tenure_who").set_value("leavers").run()
    assert not at.exception
    # leavers: C1 only, 232 days = 7.6 months (bin 6–12)
    assert _tenure_histogram(at) == {"Contractors": [9.0]}
    at.button_group(key="dur_tenure_who").set_value("everyone").run()
    assert _tenure_histogram(at) == {"Employees": [3.0, 51.0], "Contractors": [9.0, 15.0]}


def test_duration_runs_on_the_full_sample(app):
    at = app("sample", page=DUR)
    assert not at.exception, at.exception
    assert int(metrics(at)["Engagements in the period"]) > 10


def test_contractors_past_the_limit_show_100_and_download_all(app, org_csvs, files):
    # a 1-month limit puts nearly every active contractor on the list: well over 100
    at = app(org_csvs, page=DUR, query={"a_tenure_limit_months": "1"})
    assert not at.exception
    [caption] = [c.value for c in at.caption if "engaged longer than the policy limit" in c.value]
    total = int(caption.split(" active contractors")[0].replace(",", ""))
    assert total > 100
    assert f"Showing 100 of {total:,} contractors — download the CSV for all." in [c.value for c in at.caption]
    [shown] = [d.value for d in at.dataframe if "months_over" in d.value.columns]
    assert len(shown) == 100
    assert list(shown.columns) == ["full_name", "role", "department", "vendor", "start_date", "tenure_months",
                                   "months_over"]  # only the shown columns are sent
    assert shown["tenure_months"].is_monotonic_decreasing  # longest first
    csv = pd.read_csv(io.BytesIO(files["contractors_past_tenure_limit.csv"]()))
    # the file uses the on-screen labels, and keeps the ID the screen leaves out
    assert len(csv) == total and "Worker ID" in csv.columns
    assert list(csv["Name"].head(100)) == list(shown["full_name"])
    assert (csv["Months over the limit"] > 0).all()
