"""Duration & delivery page on a generated 900-person organisation: the contractors past the
tenure limit are a capped table (first 100 on screen, every one in the downloads), so the page
sends about as much at scale as on the sample (ui/tables.py)."""

from __future__ import annotations

import io

import pandas as pd

DUR = "pages/duration.py"


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
