"""AppTest of the Data page with files shaped like real exports (issue 12): the US roster loads with
no dropdown touched, a value only a person can decide is mapped once and the next upload of the
same export needs nothing, a month's refresh shows its counts and is undone exactly, compressed
files load and a zip bomb gets a message, and the data-quality section counts what it flags."""

import pytest

from analytics.export.safe_text import md_literal
from tests import exports
from tests.apptools import checksums, click, counts, give, widget

PAGE = "pages/data.py"

pytestmark = pytest.mark.usefixtures("show_small_groups")


def frame_with(at, column: str):
    return [d.value for d in at.dataframe if column in d.value.columns]


def test_us_roster_loads_with_no_dropdown_touched_and_is_recorded(app):
    at = app("tiny", page=PAGE)
    before = checksums()
    give(at, ("HRIS_Export.csv", exports.us_roster()))
    assert widget(at, "selectbox", "_target").value == "workers"
    assert widget(at, "selectbox", "_map_hourly_rate").value == "Bill Rate"
    assert widget(at, "selectbox", "_map_weekly_capacity_hours").value == "Std Hours/Week"
    assert any("13 of 14 matched from the headers" in m.value for m in at.markdown)
    assert any("dates **%m/%d/%Y**" in c.value for c in at.caption)
    click(at, "upload_check")
    assert any("No problems found in 4 data rows: ready to load." in s.value for s in at.success)
    assert any("Loading will change: workers: 0 added, 0 changed, 0 removed." in md_literal(i.value) or
               "workers: 0 added, 0 changed, 0 removed" in i.value for i in at.info)
    click(at, "upload_load")
    assert any("Loaded 4 rows into workers (workers: 0 added, 0 changed, 0 removed)" in s.value for s in at.success)
    assert checksums() == before  # the same four people as tiny's own roster
    past = frame_with(at, "when (UTC)")[0]
    assert past[["file", "table", "mode", "added", "changed", "removed"]].values.tolist() == [
        ["HRIS_Export.csv", "workers", "Replace all rows", 0, 0, 0]]


def test_a_value_is_mapped_once_and_the_next_upload_needs_nothing(app):
    at = app("tiny", page=PAGE)
    before = checksums()
    data = exports.us_roster({"E1": "Senior Engineer II"})
    give(at, ("roster.csv", data))
    click(at, "upload_load")
    assert any("1 problems in 4 data rows — nothing has been loaded" in e.value for e in at.error)
    assert checksums() == before
    picks = [s for s in at.selectbox if s.key and s.key.startswith("vm_")]
    assert len(picks) == 1 and picks[0].options[0] == "(leave as it is)"
    picks[0].set_value("senior")
    at.run()
    click(at, "upload_check")
    assert any("No problems found in 4 data rows" in s.value for s in at.success)
    click(at, "upload_load")
    assert any("Loaded 4 rows into workers" in s.value for s in at.success)
    assert checksums() == before
    # next month: the same export again — the saved mapping is applied, nothing to choose
    give(at, ("roster.csv", data))
    assert any("Saved mapping “roster” applied" in i.value for i in at.info), [i.value for i in at.info]
    click(at, "upload_load")
    assert any("Loaded 4 rows into workers" in s.value for s in at.success)
    assert checksums() == before
    saved = frame_with(at, "values mapped")[0]
    assert saved[["name", "table", "values mapped"]].values.tolist() == [
        ["roster", "workers", "seniority: Senior Engineer II → senior"]]


def test_month_refresh_shows_counts_then_undo_restores_exactly(app):
    at = app("tiny", page=PAGE)
    before = checksums()
    data, _ = exports.month_refresh()
    give(at, ("Zeiterfassung_Januar.csv", data))
    assert widget(at, "selectbox", "_target").value == "timesheets"
    mode = widget(at, "radio", "_mode")
    assert mode.options == ["Replace all rows", "Append rows", "Replace the weeks in this file"]
    mode.set_value("replace_weeks")
    at.run()
    click(at, "upload_check")
    assert any("timesheets: 1 added, 1 changed, 1 removed" in i.value for i in at.info)
    click(at, "upload_load")
    assert counts(at)["timesheets"] == 25  # one row gone, one new
    assert checksums()["timesheets"] != before["timesheets"]
    click(at, "undo_last_load")
    assert any(s.value.startswith("Undone: timesheets as it was before Zeiterfassung") for s in at.success)
    assert checksums() == before
    assert not any(b.key == "undo_last_load" for b in at.button)
    past = frame_with(at, "when (UTC)")[0]
    assert past["mode"].tolist() == ["Undo of the load before", "Replace the weeks in this file"] and past["undone"].tolist() == [False, True]


def test_compressed_upload_loads_and_a_zip_bomb_gets_a_message(app):
    at = app("tiny", page=PAGE)
    before = checksums()
    give(at, ("numbers.zip", exports.zip_bomb(300)))
    assert any("numbers.zip unpacks to more than 200 MB, the upload limit" in e.value for e in at.error)
    assert at.button(key="upload_load").disabled
    give(at, ("timesheets.csv.gz", exports.gz(exports.tiny_csv("timesheets"))))
    assert any("unpacked from **.gz**" in c.value for c in at.caption)
    click(at, "upload_load")
    assert any("Loaded 25 rows into timesheets" in s.value for s in at.success)
    assert checksums() == before


def test_data_quality_section_counts_flagged_rows(app):
    at = app("tiny", page=PAGE)
    quality = frame_with(at, "flagged")[0]
    assert quality["flagged"].tolist() == [0, 0, 0, 0]
    extra = b"worker_id,engagement_id,week_start,hours,billable\nC2,,2024-01-08,135,true\n"
    give(at, ("more.csv", extra))
    widget(at, "radio", "_mode").set_value("append")
    at.run()
    click(at, "upload_load")
    assert any("Plausibility: 1 person-week with hours logged above 1.5×" in s.value for s in at.success)
    quality = frame_with(at, "flagged")[0]
    assert quality["flagged"].tolist() == [1, 0, 0, 0]  # C2: 150 h in a 20-hour week


def test_workbook_with_a_cover_sheet_reads_the_table_sheet(app):
    at = app("tiny", page=PAGE)
    before = checksums()
    give(at, ("leave.xlsx", exports.workbook_with_cover()))
    assert widget(at, "selectbox", "_sheet").value == "Time off"
    assert widget(at, "selectbox", "_target").value == "time_off"
    assert any("sheet **Time off**, header on row 3" in c.value for c in at.caption)
    click(at, "upload_load")
    assert any("Loaded 1 row into time" in s.value for s in at.success)
    assert checksums() == before
