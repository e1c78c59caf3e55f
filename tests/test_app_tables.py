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

pytestmark = pytest.mark.usefixtures("show_small_groups")

UTIL = "pages/utilization.py"
COSTS = "pages/costs.py"
BREAK_EVEN = "pages/break_even.py"


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
    # Every CSV now starts with the UTF-8 BOM (issue 10: Excel opens accented names correctly; this
    # expectation used to be "no BOM"), and unlabelled columns are headed 'Name', 'Hours'.
    df = pd.DataFrame({"name": ["=1+1", "Ann"], "hours": [1.5, -2.0]})
    assert tables.csv_bytes(df) == "\ufeffName,Hours\n'=1+1,1.5\nAnn,-2.0\n".encode()


def test_formats_come_from_the_column_config():
    import streamlit as st

    config = {
        "full_name": "Name",
        "spend": st.column_config.NumberColumn("Spend", format="$%,.0f"),
        "rate": st.column_config.NumberColumn("Rate ($/h)", format="dollar"),
        "utilization": st.column_config.ProgressColumn("Billable utilization", format="percent"),
        "hours": st.column_config.NumberColumn("Logged (h)", format="%,.0f"),
        "tenure_months": st.column_config.NumberColumn("Tenure (months)", format="%.1f"),
        "start_date": st.column_config.DateColumn("Started", format="D MMM YYYY"),
        "active": st.column_config.CheckboxColumn("Active"),
        "role": st.column_config.TextColumn("Role", width="medium"),
    }
    df = pd.DataFrame({c: [None] for c in [*config, "worker_id", "engagement_names"]})
    got = {c: (f.label, f.kind, f.decimals) for c, f in tables.column_formats(df, config).items()}
    assert got == {
        "full_name": ("Name", "text", None),
        "spend": ("Spend", "money", None),
        "rate": ("Rate ($/h)", "money", None),
        "utilization": ("Billable utilization", "percent", None),
        "hours": ("Logged (h)", "number", 0),
        "tenure_months": ("Tenure (months)", "number", 1),
        "start_date": ("Started", "date", None),
        "active": ("Active", "boolean", None),
        "role": ("Role", "text", None),
        "worker_id": ("Worker ID", "text", None),  # no on-screen label: made from the name
        "engagement_names": ("Engagement names", "text", None),
    }
    # an unlabelled column whose made-up label repeats a page's label keeps a distinct header
    clash = {"engagement_names": "Engagements"}
    df = pd.DataFrame({"engagements": [2], "engagement_names": ["A, B"]})
    labels = [f.label for f in tables.column_formats(df, clash).values()]
    assert labels == ["Engagements [engagements]", "Engagements"]
    assert tables.csv_bytes(df, clash).decode("utf-8-sig").splitlines()[0] == "Engagements [engagements],Engagements"


def _capped_script():
    import pandas as pd
    import streamlit as st

    from ui import tables

    df = pd.DataFrame({
        "name": [f"=person {i}" if i == 150 else f"person {i}" for i in range(250)],
        "hours": [float(i) for i in range(250)],
        "secret_column": ["x"] * 250,
    })
    tables.capped_table(
        df, noun="people", file_name="people", key="dl", column_order=["name", "hours"],
        column_config={"name": "Person", "hours": st.column_config.NumberColumn("Logged (h)", format="%,.0f")},
    )
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
    # headed by the on-screen labels; the column the screen leaves out is still in the file
    assert len(csv) == 250 and list(csv.columns) == ["Person", "Logged (h)", "Secret column"]
    assert csv.loc[150, "Person"] == "'=person 150"  # not run as a formula in a spreadsheet
    assert len(read_excel(files, r"people\.xlsx")) == 250
    assert len(read_csv(files, r"few\.csv")) == 30


def _formatted_script():
    from datetime import date

    import pandas as pd
    import streamlit as st

    from ui import tables

    df = pd.DataFrame({
        "full_name": ["Zoë Ångström"],
        "spend": [12_345.678],
        "utilization": [25 / 40],  # 25 billable hours of 40 capacity
        "start_date": [date(2026, 4, 1)],
        "active": [True],
    })
    tables.capped_table(
        df, noun="people", file_name="formatted", key="dl_fmt",
        column_config={
            "full_name": "Name",
            "spend": st.column_config.NumberColumn("Spend", format="$%,.0f"),
            "utilization": st.column_config.ProgressColumn("Billable utilization", format="percent"),
            "start_date": st.column_config.DateColumn("Started", format="D MMM YYYY"),
            "active": st.column_config.CheckboxColumn("Active"),
        },
    )


def test_capped_table_files_take_labels_and_formats_from_the_column_config(files):
    import openpyxl
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_formatted_script).run()
    assert not at.exception
    csv = files["formatted.csv"]()
    assert csv.startswith(b"\xef\xbb\xbf")
    assert csv.decode("utf-8-sig").splitlines() == [
        "Name,Spend,Billable utilization (%),Started,Active",
        "Zoë Ångström,12345.68,62.5,2026-04-01,Yes",  # .678 → .68 (to the cent); 62.5 percentage points
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(files["formatted.xlsx"]())).active
    assert sheet.title == "people"
    assert [c.value for c in sheet[1]] == ["Name", "Spend", "Billable utilization", "Started", "Active"]
    name, spend, util, started, active = sheet[2]
    assert spend.value == 12345.68 and spend.data_type == "n" and "#,##0.00" in spend.number_format
    assert util.value == 0.625 and util.number_format == "0.0%"
    assert started.is_date and started.value.date().isoformat() == "2026-04-01"
    assert active.value == "Yes"


# -- the pages on 900 people --------------------------------------------------------------------


PEOPLE_LIST_FILE = r"(bench|busy_off_project|over_allocated)_\d{4}-\d\d-\d\d"


def test_utilization_lists_show_100_and_download_everyone(app, org_csvs, files):
    # The people lists (bench, busy off-project, over-allocated: their rules belong to the Utilization
    # page) are tabs whose label ends with the list's size. Every list longer than 100 shows 100 rows
    # and its files hold everyone; on the 900-person organisation at least one list is that long (the
    # bench used to be: issue 10's bench needs free capacity, which these busy people rarely have).
    at = app(org_csvs, page=UTIL)
    assert not at.exception
    sized = [(tab, re.search(r"([\d,]+)\)?$", tab.label)) for tab in at.tabs]
    lists = [(tab, int(m.group(1).replace(",", ""))) for tab, m in sized if m]
    long_lists = [(tab, n) for tab, n in lists if n > 100]
    assert long_lists, [t.label for t in at.tabs]
    csvs = {n: read_csv(files, re.escape(n)) for n in files if re.fullmatch(PEOPLE_LIST_FILE + r"\.csv", n)}
    for tab, n in long_lists:
        shown = tab.dataframe[0].value
        assert len(shown) == 100
        assert showing(tab.caption) == n
        # the file of this list: everyone on it, in the same order (worst first)
        [(name, csv)] = [
            (name, c) for name, c in csvs.items() if len(c) == n and list(c["Name"].head(100)) == list(shown["full_name"])
        ]
        # headed as on screen (worker_id is not on screen: its label is made from its name), no internal
        # names and no pay
        assert {"Worker ID", "Name", "Type", "Department", "Role", "Capacity (h)", "Logged (h)", "Billable (h)",
                "Billable %"} <= set(csv.columns)
        assert not [c for c in csv.columns if "_" in c or c.lower() in ("annual salary", "hourly rate")]
        # percentages in points in the CSV (the screen's 0.625 reads 62.5%), fractions in Excel
        assert list(csv["Billable %"].head(100)) == list((shown["utilization"].round(4) * 100).round(2))
        xlsx = read_excel(files, re.escape(name.removesuffix(".csv") + ".xlsx"))
        assert len(xlsx) == n
        assert list(xlsx["Billable %"].head(100)) == pytest.approx(list(shown["utilization"].round(4)))

    # the per-person breakdown: 100 shown, everyone with capacity in the download
    at.button_group(key="util_group").set_value("person").run()
    assert not at.exception
    people = next(df.value for df in at.dataframe if "weeks" in df.value.columns)
    assert len(people) == 100
    total = showing(at.caption)
    assert total is not None and total > 100
    everyone = read_csv(files, r"utilization_people_.*\.csv")
    assert len(everyone) == total
    assert list(everyone["Name"].head(100)) == list(people["full_name"])
    assert {"Billable utilization (%)", "Allocation (%)", "Capacity (h)"} <= set(everyone.columns)


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
    assert list(csv.columns[:7]) == ["Department", "Role", "Seniority", "Type", "Vendor", "People", "Spend"]
    assert len(read_excel(files, r"staffing_lens_costs\.xlsx")) == total
    # the 100 largest spends are the ones shown, to the cent in the file
    assert list(csv["Spend"].head(100)) == list(shown["spend"].round(2))
    assert shown["spend"].min() >= csv["Spend"].iloc[100:].max() - 0.005


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
    assert len(csv) == listed and "Worker ID" in csv.columns
    # on-screen labels, in the on-screen order (the columns sent are the shown ones, in order), then
    # what the screen leaves out
    labels = {"full_name": "Name", "role": "Role", "seniority": "Seniority", "yearly_saving": "Yearly saving",
              "reason": "Why listed"}
    on_screen = [labels[c] for c in shown.columns if c in labels]
    assert len(on_screen) == 5 and [c for c in csv.columns if c in on_screen] == on_screen
    assert list(csv.columns).index("Worker ID") >= len(shown.columns)  # not on screen: after the shown ones
    assert list(csv["Yearly saving"].head(100)) == list(shown["yearly_saving"].round(2))
    assert len(read_excel(files, r"convert_to_hire\.xlsx")) == listed
