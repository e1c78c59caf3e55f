"""AppTest of the Data page: uploads of good and bad files, replace and append, the validation
report, reset to sample, the explorer and the SQL console — asserting on what is shown."""

import pytest

from analytics.export.safe_text import md_literal
from tests import tiny
from tests.apptools import checksums, click, counts, give, metrics, uploader, widget

pytestmark = pytest.mark.usefixtures("show_small_groups")

PAGE = "pages/data.py"
TS_HEADER = b"worker_id,engagement_id,week_start,hours,billable\n"


def test_page_shows_the_workspace_and_size_limit(app):
    at = app("tiny", page=PAGE)
    assert not at.exception
    assert counts(at) == {"workers": 4, "engagements": 4, "timesheets": 25, "time_off": 1, "reviews": 4, "demand": 0,
                          "compensation": 0, "invoices": 0, "fx_rates": 0}
    assert "up to 200 MB each" in uploader(at).label
    assert any("No file chosen" in i.value for i in at.info)


@pytest.mark.parametrize("table", ["workers", "engagements", "timesheets", "time_off", "reviews"])
def test_good_file_for_each_table_replaces_it(app, tmp_path, table):
    at = app("tiny", page=PAGE)
    data = (tiny.write_csvs(tmp_path / "again") / f"{table}.csv").read_bytes()
    give(at, (f"{table}.csv", data))
    assert widget(at, "selectbox", "_target").value == table  # suggested from the headers
    assert widget(at, "radio", "_mode").value == "replace"
    click(at, "upload_check")
    assert any("No problems found" in s.value for s in at.success)
    before = checksums()
    click(at, "upload_load")
    expected = {"workers": 4, "engagements": 4, "timesheets": 25, "time_off": 1, "reviews": 4}[table]
    # the message is markdown, escaped by the page: time_off is written time\_off and reads time_off
    loaded = md_literal(f"Loaded {expected} {'row' if expected == 1 else 'rows'} into {table}")
    assert any(loaded in s.value for s in at.success)
    assert checksums() == before  # the same rows again: identical content


def test_append_adds_rows_and_overview_numbers_change_at_once(app):
    at = app("tiny")
    m = metrics(at)
    assert (m["Contractor spend"], m["Billable utilization"]) == ("$17,716", "81.1%")
    at.switch_page(PAGE)
    at.run()
    give(at, ("more.csv", TS_HEADER + b"C2,ENG3,2024-01-22,10,true\n"))
    assert widget(at, "selectbox", "_target").value == "timesheets"
    widget(at, "radio", "_mode").set_value("append")
    at.run()
    click(at, "upload_load")
    assert any("Loaded 1 row into timesheets" in s.value for s in at.success)
    assert counts(at)["timesheets"] == 26
    # The uploader is empty again: the same file cannot be appended twice by a second click.
    assert uploader(at).value in (None, []) and not any(b.key == "upload_load" for b in at.button)
    at.switch_page("pages/overview.py")
    at.run()
    m = metrics(at)
    # + 10 h × $80 × 1.03 = $824 → 17,716 + 824 = 18,540; utilization (370 + 10) / 456 = 83.3%
    assert (m["Contractor spend"], m["Billable utilization"]) == ("$18,540", "83.3%")


def test_validation_report_row_by_row_and_nothing_loaded(app):
    at = app("tiny", page=PAGE)
    before = checksums()
    bad = TS_HEADER + b"E1,ENG1,2024-02-05,5,true\nE9,ENG1,2024-02-05,-3,true\nE1,ENG1,2024-02-05,5\n"
    give(at, ("bad_timesheets.csv", bad))
    click(at, "upload_load")
    assert any("3 problems in 3 data rows — nothing has been loaded" in e.value for e in at.error)
    report = [d.value for d in at.dataframe if "problem" in d.value.columns and "line" in d.value.columns][0]
    assert [tuple(r) for r in report[["line", "column", "value", "problem"]].itertuples(index=False)] == [
        (3, "hours", "-3", "below the minimum of 0"),
        (3, "worker_id", "E9", "not found in workers.worker_id"),
        (4, "billable", "E1,ENG1,2024-02-05,5", "too few columns on this line: expected 5, found 4"),
    ]
    assert checksums() == before
    assert counts(at)["timesheets"] == 25


BAD = {
    "empty": (b"", "is empty: there is nothing to load"),
    "binary": (bytes(range(256)) * 10, "does not look like a text file"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_files_get_a_clear_message(app, case):
    at = app("tiny", page=PAGE)
    before = checksums()
    data, message = BAD[case]
    give(at, (f"{case}.csv", data))
    assert any(message in e.value for e in at.error), [e.value for e in at.error]
    assert checksums() == before


def test_header_only_and_forced_wrong_encoding_are_reported(app):
    at = app("tiny", page=PAGE)
    before = checksums()
    give(at, ("ts.csv", TS_HEADER))
    click(at, "upload_load")
    assert any("1 problems in 0 data rows" in e.value for e in at.error)
    latin = TS_HEADER + "C2,ENG3,2024-01-22,10,true\nÉ2,ENG3,2024-01-22,10,true\n".encode("latin-1")
    give(at, ("ts.csv", latin))
    assert widget(at, "selectbox", "_enc").value == "detect"
    assert any("encoding **Latin-1" in c.value for c in at.caption)
    widget(at, "selectbox", "_enc").set_value("utf-8")
    at.run()
    assert not at.exception
    assert any("is not valid UTF-8 text. Choose the file's encoding" in e.value for e in at.error)
    assert at.button(key="upload_load").disabled
    assert checksums() == before


def test_renamed_headers_are_mapped_by_the_user(app):
    at = app("tiny", page=PAGE)
    give(at, ("leave.csv", b"Person,Week of,Leave hours\nE2,2024-01-22,8\n"))
    widget(at, "selectbox", "_target").set_value("time_off")
    at.run()
    widget(at, "selectbox", "_map_worker_id").set_value("Person")
    widget(at, "selectbox", "_map_week_start").set_value("Week of")
    widget(at, "selectbox", "_map_hours").set_value("Leave hours")
    widget(at, "radio", "_mode").set_value("append")
    at.run()
    click(at, "upload_load")
    assert counts(at)["time_off"] == 2


def test_reset_to_sample_needs_confirmation(app):
    at = app("tiny", page=PAGE)
    assert at.button(key="reset_sample").disabled
    at.checkbox(key="reset_confirm_0").check()
    at.run()
    click(at, "reset_sample")
    assert any("The sample data is back: 300 workers" in s.value for s in at.success)
    assert counts(at)["workers"] == 300
    assert not at.checkbox(key="reset_confirm_1").value


def test_adhoc_upload_then_explore_and_query(app):
    at = app("tiny", page=PAGE)
    give(at, ("sales figures.csv", b"region;revenue\nNorth;1,5\nSouth;2,5\nNorth;3\n"))
    assert widget(at, "selectbox", "_target").value == "adhoc"
    assert widget(at, "text_input", "_adhoc").value == "sales_figures"
    click(at, "upload_load")
    assert counts(at)["adhoc.sales_figures"] == 3
    at.selectbox(key="explore_table").set_value("adhoc.sales_figures")
    at.run()
    assert not at.exception
    dictionary = [d.value for d in at.dataframe if "distinct (approx.)" in d.value.columns][0]
    assert dictionary.set_index("column").loc["revenue", ["type", "min", "max"]].tolist() == ["DOUBLE", "1.5", "3.0"]
    at.text_area(key="sql_query").set_value("SELECT region, sum(revenue) AS total FROM adhoc.sales_figures GROUP BY 1 ORDER BY 1")
    click(at, "sql_run")
    assert at.dataframe[-1].value.values.tolist() == [["North", 4.5], ["South", 2.5]]


def test_sql_console_shows_results_and_refusals(app):
    at = app("tiny", page=PAGE)
    assert at.button(key="sql_run").label == "Run query"
    at.text_area(key="sql_query").set_value("SELECT worker_id FROM workers WHERE worker_type = 'contractor' ORDER BY 1")
    click(at, "sql_run")
    assert at.dataframe[-1].value["worker_id"].tolist() == ["C1", "C2"]
    assert any(c.value.startswith("2 rows in") for c in at.caption)
    for sql, message in [("DROP TABLE workers", "not DROP statements"),
                         ("SELECT 1; SELECT 2", "exactly one statement"),
                         ("SELECT * FROM read_csv('/etc/passwd')", "read_csv() is not available")]:
        at.text_area(key="sql_query").set_value(sql)
        click(at, "sql_run")
        # st.error renders markdown: the page escapes it (read\_csv() reads as read_csv())
        assert any(md_literal(message) in e.value for e in at.error), sql
    assert counts(at)["workers"] == 4


def test_chart_builder_and_pivot_on_the_page(app):
    at = app("tiny", page=PAGE)
    at.selectbox(key="explore_table").set_value("timesheets")
    at.run()
    assert any(c.value.startswith("25 rows. What is in each column") for c in at.caption)
    widget(at, "selectbox", "chart_x_timesheets").set_value("worker_id")
    at.selectbox(key="chart_agg").set_value("sum")
    at.run()
    widget(at, "selectbox", "chart_y_timesheets").set_value("hours")
    at.run()
    assert not at.exception and not at.error
    assert len(at.get("plotly_chart")) == 1
    widget(at, "multiselect", "pivot_rows_timesheets").set_value(["worker_id"])
    widget(at, "selectbox", "pivot_col_timesheets").set_value("billable")
    at.selectbox(key="pivot_agg").set_value("sum")
    at.run()
    widget(at, "selectbox", "pivot_val_timesheets").set_value("hours")
    at.run()
    pivot = [d.value for d in at.dataframe if list(d.value.columns) == ["worker_id", "false", "true"]][0]
    assert pivot.fillna(0).values.tolist() == [["C1", 0, 124.0], ["C2", 20.0, 40.0], ["E1", 26.0, 126.0], ["E2", 24.0, 80.0]]


def test_sample_files_uploaded_through_the_page_round_trip(app):
    at = app("sample")
    before_metrics = metrics(at)
    at.switch_page(PAGE)
    at.run()
    before = checksums()
    names = ["workers", "engagements", "timesheets", "time_off", "reviews"]
    from analytics.store.db import SAMPLE_DIR
    give(at, *[(f"{n}.csv", (SAMPLE_DIR / f"{n}.csv").read_bytes()) for n in names])
    click(at, "upload_load")
    assert any("Loaded 300 rows into workers" in s.value for s in at.success)
    assert checksums() == before
    at.switch_page("pages/overview.py")
    at.run()
    assert metrics(at) == before_metrics


def test_file_at_the_size_limit_is_accepted_and_one_byte_over_is_refused(app):
    from streamlit import config

    original = config.get_option("server.maxUploadSize")
    config.set_option("server.maxUploadSize", 1)  # 1 MB, so the test stays small
    try:
        at = app("tiny", page=PAGE)
        assert "up to 1 MB each" in uploader(at).label
        at_limit = b"a\n" + b"1\n" * 524_287  # 2 + 2 × 524,287 = 1,048,576 bytes = 1 MB
        assert len(at_limit) == 1024 * 1024
        give(at, ("numbers.csv", at_limit))
        assert not at.error
        click(at, "upload_load")
        assert any("Loaded 524,287 rows into adhoc.numbers" in s.value for s in at.success)
        give(at, ("numbers.csv", at_limit + b"1"))
        assert any("over the 1 MB upload limit" in e.value for e in at.error)
        assert at.button(key="upload_load").disabled
    finally:
        config.set_option("server.maxUploadSize", original)


def test_sql_result_downloads_as_csv_and_excel_a_spreadsheet_reads(app, files):
    import io

    import openpyxl

    at = app("tiny", page=PAGE)
    # C1 logged 44 billable hours in the week of Mon 1 Jan 2024 (tests/tiny.py)
    at.text_area(key="sql_query").set_value(
        "SELECT w.full_name, t.week_start, t.hours, t.billable, '=1+1' AS note FROM timesheets t "
        "JOIN workers w USING (worker_id) WHERE t.worker_id = 'C1' AND t.week_start = DATE '2024-01-01'"
    )
    click(at, "sql_run")
    csv = files["query_result.csv"]()
    assert csv.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads accented names correctly
    # headed by the column names the console shows; an ISO date without a time part, Yes for true,
    # and the formula-like text still neutralised
    assert csv.decode("utf-8-sig").splitlines() == [
        "full_name,week_start,hours,billable,note",
        "Cy Contractor,2024-01-01,44.0,Yes,'=1+1",
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(files["query_result.xlsx"]())).active
    assert [c.value for c in sheet[1]] == ["full_name", "week_start", "hours", "billable", "note"]
    name, week, hours, billable, note = sheet[2]
    assert week.is_date and week.value.date().isoformat() == "2024-01-01"
    assert hours.value == 44 and hours.data_type == "n"
    assert billable.value == "Yes" and note.value == "'=1+1"


def test_replace_swaps_the_rows_and_every_page_shows_the_new_ones(app):
    """Replace must write: a smaller, different file takes the old rows' place (a no-op 'replace' that
    kept the old rows would leave 25 timesheets and the old figures)."""
    at = app("tiny", page=PAGE)
    before = checksums()
    give(at, ("timesheets.csv", TS_HEADER + b"C2,ENG1,2024-01-01,10,true\nE1,ENG1,2024-01-01,30,true\n"))
    assert widget(at, "radio", "_mode").value == "replace"
    click(at, "upload_load")
    assert any("Loaded 2 rows into timesheets" in s.value for s in at.success)
    assert counts(at)["timesheets"] == 2
    after = checksums()
    assert after["timesheets"] != before["timesheets"]
    assert {t: v for t, v in after.items() if t != "timesheets"} == {
        t: v for t, v in before.items() if t != "timesheets"
    }  # the other tables are untouched
    at.switch_page("pages/overview.py")
    at.run()
    m = metrics(at)
    # contractors: only C2's 10 h × $80 × 1.03 = $824; employees are still paid for all of January
    assert (m["Contractor spend"], m["Employee spend"]) == ("$824", "$17,955")
    # one week (1 Jan) of capacity: E1 40 − 8 h holiday = 32, C1 40, C2 20 (E2 starts 10 Jan) = 92;
    # billable 30 + 10 = 40 → 43.5%
    assert m["Billable utilization"] == "43.5%"
