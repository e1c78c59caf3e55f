"""Long tables on the Utilization, Costs and Break-even pages: the first 100 rows on screen, a
caption with the true total, and CSV / Excel downloads holding every row (ui/tables.py).

AppTest does not hand out a download button's file, so the tests record the callables the
buttons register with Streamlit's media file manager (the files are built on click) and call
them as a click would."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest

from ui import tables

UTIL = "pages/utilization.py"
COSTS = "pages/costs.py"
BREAK_EVEN = "pages/break_even.py"


@pytest.fixture(autouse=True)
def _show_small_groups(monkeypatch):
    monkeypatch.setenv("STAFFING_LENS_MIN_GROUP", "1")





def read_csv(files: dict, pattern: str) -> pd.DataFrame:
    [name] = [n for n in files if re.fullmatch(pattern, n)]
    return pd.read_csv(io.BytesIO(files[name]()))


def read_excel(files: dict, pattern: str) -> pd.DataFrame:
    [name] = [n for n in files if re.fullmatch(pattern, n)]
    return pd.read_excel(io.BytesIO(files[name]()), engine="openpyxl")


def showing(captions) -> int | None:
    """The total N of the first 'Showing 100 of N …' caption, else None."""
    for c in captions:
        m = re.match(r"Showing 100 of ([\d,]+) \w+ — download the CSV for all\.$", c.value)
        if m:
            return int(m.group(1).replace(",", ""))
    return None


# -- the helper -------------------------------------------------------------------------------


def test_caption_only_when_rows_are_left_off():
    assert tables.shown_caption(100, "people") is None
    assert tables.shown_caption(6123, "people") == "Showing 100 of 6,123 people — download the CSV for all."
    assert tables.shown_caption(12, "groups", rows=10) == "Showing 10 of 12 groups — download the CSV for all."


def test_csv_is_neutralised_and_keeps_numbers():
    df = pd.DataFrame({"name": ["=1+1", "Ann"], "hours": [1.5, -2.0]})
    assert tables.csv_bytes(df).decode("utf-8") == "name,hours\n'=1+1,1.5\nAnn,-2.0\n"


def _capped_script():
    import pandas as pd

    from ui import tables

    df = pd.DataFrame({
        "name": [f"=person {i}" if i == 150 else f"person {i}" for i in range(250)],
        "hours": [float(i) for i in range(250)],
        "secret_column": ["x"] * 250,
    })
    tables.capped_table(df, noun="people", file_name="people", key="dl", column_order=["name", "hours"])
    small = df.head(30)
    tables.capped_table(small, noun="people", file_name="few", key="dl_few")


def test_capped_table_shows_100_and_downloads_all(files):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_capped_script).run()
    assert not at.exception
    shown, few = at.dataframe[0].value, at.dataframe[1].value
    assert len(shown) == 100 and list(shown.columns) == ["name", "hours"]  # hidden columns are not sent
    assert len(few) == 30
    assert [c.value for c in at.caption] == ["Showing 100 of 250 people — download the CSV for all."]
    assert [b.label for b in at.get("download_button")] == ["Download CSV", "Download Excel"] * 2
    csv = read_csv(files, r"people\.csv")
    assert len(csv) == 250 and list(csv.columns) == ["name", "hours", "secret_column"]
    assert csv.loc[150, "name"] == "'=person 150"  # not run as a formula in a spreadsheet
    assert len(read_excel(files, r"people\.xlsx")) == 250
    assert len(read_csv(files, r"few\.csv")) == 30


# -- the pages on 900 people --------------------------------------------------------------------


def test_utilization_lists_show_100_and_download_everyone(app, org_csvs, files):
    at = app(org_csvs, page=UTIL)
    assert not at.exception
    metrics = {m.label: int(m.value.replace(",", "")) for m in at.metric if m.label in ("On the bench", "Over-allocated")}
    assert metrics["On the bench"] > 100 and metrics["Over-allocated"] > 100
    bench_tab = next(t for t in at.tabs if t.label.startswith("On the bench"))
    over_tab = next(t for t in at.tabs if t.label.startswith("Over-allocated"))
    for tab, metric, name in ((bench_tab, "On the bench", "bench"), (over_tab, "Over-allocated", "over_allocated")):
        shown = tab.dataframe[0].value
        assert len(shown) == 100
        assert showing(tab.caption) == metrics[metric]
        csv = read_csv(files, rf"{name}_\d{{4}}-\d\d-\d\d\.csv")
        assert len(csv) == metrics[metric]
        assert list(csv.columns[:7]) == [
            "worker_id", "full_name", "worker_type", "department", "role", "weeks", "capacity_hours"
        ]
        assert "annual_salary" not in csv.columns and "hourly_rate" not in csv.columns
        assert list(csv["full_name"].head(100)) == list(shown["full_name"])  # the same order: worst first
        assert len(read_excel(files, rf"{name}_\d{{4}}-\d\d-\d\d\.xlsx")) == metrics[metric]
    bench = read_csv(files, r"bench_.*\.csv")
    assert bench["utilization"].is_monotonic_increasing  # least utilized first
    assert (bench["utilization"] < 0.5).all()

    # the per-person breakdown: 100 shown, everyone with capacity in the download
    at.button_group(key="util_group").set_value("person").run()
    assert not at.exception
    people = next(df.value for df in at.dataframe if "weeks" in df.value.columns)
    assert len(people) == 100
    total = showing(at.caption)
    assert total is not None and total > 100
    everyone = read_csv(files, r"utilization_people_.*\.csv")
    assert len(everyone) == total
    assert list(everyone["full_name"].head(100)) == list(people["full_name"])


def test_costs_drill_down_shows_top_100_groups_and_downloads_all(app, org_csvs, files):
    at = app(org_csvs, page=COSTS)
    assert not at.exception
    shown = at.dataframe[0].value
    assert len(shown) == 100
    total = showing(at.caption)
    assert total is not None and total > 100
    assert any(c.value.startswith(f"{total:,} groups (") for c in at.caption)
    csv = read_csv(files, r"staffing_lens_costs\.csv")
    assert len(csv) == total
    assert len(read_excel(files, r"staffing_lens_costs\.xlsx")) == total
    # the 100 largest spends are the ones shown
    assert list(shown["spend"]) == pytest.approx(list(csv["spend"].head(100)))
    assert shown["spend"].min() >= csv["spend"].iloc[100:].max()


def test_break_even_convert_list_shows_100_and_downloads_all(app, org_csvs, files):
    # a 1-month tenure limit lists every current contractor
    at = app(org_csvs, page=BREAK_EVEN, query={"a_tenure_limit_months": "1"})
    assert not at.exception
    listed = int(next(m.value for m in at.metric if m.label == "Contractors listed").replace(",", ""))
    assert listed > 100
    shown = next(df.value for df in at.dataframe if "yearly_saving" in df.value.columns)
    assert len(shown) == 100
    assert showing(at.caption) == listed
    csv = read_csv(files, r"convert_to_hire\.csv")
    assert len(csv) == listed and "worker_id" in csv.columns
    assert list(csv["yearly_saving"].head(100)) == pytest.approx(list(shown["yearly_saving"]))
    assert len(read_excel(files, r"convert_to_hire\.xlsx")) == listed
