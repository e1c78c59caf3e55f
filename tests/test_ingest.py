"""Real exports load without editing (issue 12): header and value synonyms, money and booleans,
values left to map, root causes reported once, Excel sheets and title rows, compressed uploads and
zip bombs, refresh modes with their counts, undo (also across a restart), saved mappings and
plausibility warnings — each against the tiny organisation's own tables (tests/tiny.py)."""

from __future__ import annotations

import duckdb
import pytest

from analytics.ingest import history, mappings, quality, upload
from analytics.ingest import values as value_mapping
from analytics.store.db import Workspace
from tests import exports, tiny

TABLES = ("workers", "engagements", "timesheets", "time_off", "reviews")


@pytest.fixture
def ws(tiny_ws):
    return tiny_ws


def sums(ws) -> dict:
    return {t: upload.table_checksum(ws, t) for t in TABLES}


def as_detected(ws, name: str, data: bytes, **spec) -> upload.FileSpec:
    """The spec the Data page builds when no dropdown is touched."""
    f = upload.detect(ws, name, data)
    opts = upload.CsvOptions(f.delimiter, f.encoding, f.date_format, f.decimal_comma, f.sheet)
    return upload.FileSpec(name, data, spec.pop("table", f.suggested_table), spec.pop("mode", "replace"), (), opts, **spec)


def test_us_hris_roster_matches_every_header_and_loads_as_tiny_workers(ws):
    before = sums(ws)
    data = exports.us_roster()
    f = upload.detect(ws, "HRIS_export_2024-01.csv", data)
    assert f.suggested_table == "workers" and f.date_format == "%m/%d/%Y"
    assert upload.suggest_mapping("workers", f.columns) == {
        "worker_id": "Employee ID", "full_name": "Name", "worker_type": "Type", "role": "Job Title",
        "seniority": "Level", "department": "Department", "location": "Location", "vendor": "Agency",
        "start_date": "Start Date", "end_date": "Termination Date", "annual_salary": "Annual Salary",
        "hourly_rate": "Bill Rate", "weekly_capacity_hours": "Std Hours/Week",
    }
    spec = as_detected(ws, "HRIS_export_2024-01.csv", data)
    report = upload.validate(ws, [spec])
    assert report.ok, report.rows
    result = upload.load(ws, [spec])
    # $104,000.00 → 104000, Employee → employee, Senior → senior, 01/19/2024 → 19 Jan: the very rows tiny holds
    assert sums(ws) == before
    assert result.changes["workers"] == (0, 0, 0)


def test_german_time_export_loads_as_tiny_timesheets(ws):
    before = sums(ws)
    data = exports.german_timesheets()
    f = upload.detect(ws, "Zeiterfassung.csv", data)
    assert (f.encoding, f.delimiter, f.date_format, f.decimal_comma, f.suggested_table) == (
        "latin-1", ";", "%d.%m.%Y", True, "timesheets")
    upload.load(ws, [as_detected(ws, "Zeiterfassung.csv", data)])
    assert sums(ws) == before  # Ja/Nein read as true/false, 30,00 as 30


def cell(sql: str):
    return duckdb.sql(f"SELECT {sql}").fetchall()[0][0]


@pytest.mark.parametrize("text, comma, expected", [
    ("$151,500.00", False, 151500.0), ("151500", False, 151500.0), ("(1,200.00)", False, -1200.0),
    ("-$1,200", False, -1200.0), ("€1.234,56", False, 1234.56), ("1.234,56 €", True, 1234.56),
    ("11,50", True, 11.5), ("CHF 2'500.50", False, 2500.5), ("12abc", False, None), ("1,2,3", False, None),
])
def test_money_with_symbols_separators_and_accounting_negatives(text, comma, expected):
    literal = "'" + text.replace("'", "''") + "'"
    assert cell(value_mapping.number(literal, "DOUBLE", comma)) == expected


@pytest.mark.parametrize("word, expected", [
    ("Ja", True), ("nein", False), ("Y", True), ("n", False), ("TRUE", True), ("0", False), ("oui", True),
    ("Non", False), ("Sí", True), ("no", False), ("Billable", True), ("Non-billable", False), ("vielleicht", None),
])
def test_booleans_in_common_forms_and_languages(word, expected):
    from analytics.store import schema

    assert cell(value_mapping.boolean(schema.TIMESHEETS.column("billable"), f"'{word}'")) == expected


def test_unmatched_values_are_listed_and_mapped_by_hand(ws):
    data = exports.us_roster({"E1": "Senior Engineer II", "C1": "Senior Engineer II", "E2": "Grade 7"})
    spec = as_detected(ws, "roster.csv", data)
    report = upload.validate(ws, [spec])
    assert report.unmatched[["column", "value", "rows"]].values.tolist() == [
        ["seniority", "Senior Engineer II", 2], ["seniority", "Grade 7", 1]]
    assert report.total == 3
    mapped = upload.FileSpec(spec.name, data, "workers", "replace", (), spec.options,
                             (("seniority", "Senior Engineer II", "senior"), ("seniority", "grade 7", "mid")))
    before = sums(ws)
    assert upload.validate(ws, [mapped]).ok
    upload.load(ws, [mapped])
    assert sums(ws) == before  # E1 and C1 are senior, E2 mid in tiny


def test_one_root_cause_is_reported_once_and_kinds_are_rules(ws):
    # two rows differing only in an unreadable billable value: before, both read as empty and made a
    # bogus "duplicate key"; now only the two unreadable values are reported, as one kind
    rows = [("E1", "ENG1", "2024-01-01", 3.0, True)]
    data = exports.german_timesheets(rows).replace(b";Ja;", b";vielleicht;") + exports.german_timesheets(rows).split(b"\r\n", 1)[1].replace(b";Ja;", b";kaum;")
    report = upload.validate(ws, [as_detected(ws, "zeit.csv", data, table="timesheets")])
    assert report.rows[["line", "column", "problem"]].values.tolist() == [
        [2, "billable", "not true/false"], [3, "billable", "not true/false"]]
    assert report.counts[["column", "problem", "rows"]].values.tolist() == [["billable", "not true/false", 2]]
    assert report.unmatched["value"].tolist() == ["kaum", "vielleicht"]


def test_excel_cover_sheet_skipped_header_found_below_title_rows(ws):
    before = sums(ws)
    data = exports.workbook_with_cover()
    f = upload.detect(ws, "leave.xlsx", data)
    assert (f.sheets, f.sheet, f.header_row, f.suggested_table) == (["Cover", "Time off"], "Time off", 3, "time_off")
    assert f.columns == ["Employee ID", "Week Starting", "Hours"]
    upload.load(ws, [as_detected(ws, "leave.xlsx", data)])
    assert sums(ws) == before
    # the cover sheet can still be picked: one column, three rows, nothing like a table
    cover = upload.detect(ws, "leave.xlsx", data, upload.CsvOptions(sheet="Cover"))
    assert cover.sheet == "Cover" and cover.suggested_table is None


@pytest.mark.parametrize("name, pack, table", [
    ("timesheets.csv.gz", exports.gz, "timesheets"), ("engagements.csv.zst", exports.zst, "engagements"),
    ("reviews.zip", lambda d: exports.zipped({"export/reviews.csv": d}), "reviews"),
])
def test_compressed_uploads_load_like_the_csv_inside(ws, name, pack, table):
    before = sums(ws)
    data = pack(exports.tiny_csv(table))
    f = upload.detect(ws, name, data)
    assert f.suggested_table == table and f.unpacked_from == name.rsplit(".", 1)[-1]
    upload.load(ws, [as_detected(ws, name, data)])
    assert sums(ws) == before


def test_zip_bomb_and_many_file_zip_are_refused_with_a_message(ws):
    before, version = sums(ws), ws.data_version()
    bomb = exports.zip_bomb(300)
    assert len(bomb) < 1024 * 1024
    with pytest.raises(upload.UploadError, match=r"^numbers.zip unpacks to more than 200 MB, the upload limit"):
        upload.detect(ws, "numbers.zip", bomb, upload.CsvOptions(limit_mb=200))
    two = exports.zipped({"a.csv": b"x\n1\n", "b.csv": b"y\n2\n"})
    with pytest.raises(upload.UploadError, match=r"holds 2 files \(a.csv, b.csv\); a .zip upload must hold exactly one"):
        upload.load(ws, [upload.FileSpec("two.zip", two, "adhoc:two")])
    assert sums(ws) == before and ws.data_version() == version


def test_month_refresh_replaces_only_its_weeks_with_counts_then_undo_restores_exactly(ws, tmp_path):
    before = sums(ws)
    data, expected = exports.month_refresh()
    spec = as_detected(ws, "november_fix.csv", data, table="timesheets", mode="replace_weeks")
    report = upload.validate(ws, [spec])
    assert report.ok
    assert report.changes["timesheets"] == (expected["added"], expected["changed"], expected["removed"])
    result = upload.load(ws, [spec])
    # tiny has 25 rows; the two weeks held 7 + 6 = 13 (E1×2, E2×2, C1, C2×2 on the 15th; no C1 on the 22nd)
    assert ws.row_counts()["timesheets"] == 25 - 1 + 1
    assert ws.sql("SELECT hours FROM timesheets WHERE worker_id = 'E1' AND week_start = '2024-01-15' AND billable").iloc[0, 0] == 35
    assert ws.sql("SELECT count(*) FROM timesheets WHERE week_start < '2024-01-15'").iloc[0, 0] == 12  # untouched
    assert result.changes["timesheets"] == (1, 1, 1)
    past = history.history(ws)
    assert past[["file", "table", "mode", "added", "changed", "removed", "undone"]].values.tolist() == [
        ["november_fix.csv", "timesheets", "Replace the weeks in this file", 1, 1, 1, False]]
    assert past["user"].isna().all()  # no sign-in yet: recorded as nobody
    path = ws.path
    ws.close()  # a server restart between the load and its undo
    again = Workspace(path, lock_down=False, load_sample=False)
    try:
        assert history.last_undoable(again) is not None
        history.undo_last(again)
        assert sums(again) == before
        assert history.last_undoable(again) is None
        assert history.history(again)["mode"].tolist() == ["Undo of the load before", "Replace the weeks in this file"]
    finally:
        again.close()


def test_update_or_add_by_key_counts_and_undo(ws):
    before = sums(ws)
    roster = exports.us_roster().decode().replace("$104,000.00", "$110,000.00")
    roster += "N1,Nia New,Employee,Software Developer,Junior,Engineering,Austin,,02/01/2024,,\"$90,000.00\",,40\r\n"
    rows = roster.split("\r\n")
    only_e1_and_new = "\r\n".join([rows[0], rows[1], rows[5]]) + "\r\n"
    spec = as_detected(ws, "roster_delta.csv", only_e1_and_new.encode(), table="workers", mode="upsert")
    result = upload.load(ws, [spec])
    assert result.changes["workers"] == (1, 1, 0)
    assert ws.sql("SELECT worker_id, coalesce(annual_salary, 0) FROM workers ORDER BY 1").values.tolist() == [
        ["C1", 0], ["C2", 0], ["E1", 110000.0], ["E2", 78000.0], ["N1", 90000.0]]
    history.undo_last(ws)
    assert sums(ws) == before


def test_undo_of_a_replace_and_of_an_adhoc_load(ws):
    before = sums(ws)
    upload.load(ws, [upload.FileSpec("t.csv", b"worker_id,week_start,hours\nE2,2024-01-22,8\n", "time_off", "replace")])
    assert ws.row_counts()["time_off"] == 1 and sums(ws) != before
    history.undo_last(ws)
    assert sums(ws) == before
    upload.load(ws, [upload.FileSpec("s.csv", b"a\n1\n", "adhoc:sales")])
    assert "sales" in ws.adhoc_tables()
    history.undo_last(ws)
    assert "sales" not in ws.adhoc_tables()
    with pytest.raises(ValueError, match="no load to undo"):
        history.undo_last(ws)


def test_undo_is_refused_once_the_data_changed_since(ws):
    upload.load(ws, [upload.FileSpec("t.csv", b"worker_id,week_start,hours\nE2,2024-01-22,8\n", "time_off", "append")])
    ws.load_csv_dir(tiny.write_csvs(ws.path.parent / "again"))  # a reset in between
    assert history.last_undoable(ws) is None


def test_saved_mapping_is_found_for_the_same_header_and_reapplied(ws):
    data = exports.us_roster({"E1": "Senior Engineer II"})
    spec = as_detected(ws, "roster.csv", data, save_as="Workday roster",
                       value_maps=(("seniority", "Senior Engineer II", "senior"),))
    upload.load(ws, [spec])
    # next month's export: same header (other case and spacing), same odd level name
    nxt = data.replace(b"Employee ID,Name", b"EMPLOYEE ID ,name")
    saved = upload.detect(ws, "roster_feb.csv", nxt).saved
    assert saved["name"] == "Workday roster" and saved["table"] == "workers" and saved["mode"] == "replace"
    assert saved["value_maps"] == {"seniority": {"Senior Engineer II": "senior"}}
    assert mappings.overview(ws)["name"].tolist() == ["Workday roster"]
    mappings.update(ws, "Workday roster", "HR roster")
    mappings.delete(ws, "HR roster")
    assert mappings.overview(ws).empty and upload.detect(ws, "roster_feb.csv", nxt).saved is None


def test_plausibility_warnings_do_not_block_and_the_standing_checks_count(ws):
    # C2 (20 h/week) logs 150 h in the week of 8 Jan; E2 (starts 10 Jan) logs time the week before (1 Jan)
    extra = b"worker_id,engagement_id,week_start,hours,billable\nC2,ENG4,2024-01-08,135,true\nE2,,2024-01-01,4,false\n"
    report = upload.validate(ws, [upload.FileSpec("ts.csv", extra, "timesheets", "append")])
    assert report.ok
    assert any(w.startswith("Plausibility: 1 person-week with hours logged above 1.5× the person's weekly capacity "
                            "(first: C2, week of 2024-01-08)") for w in report.warnings), report.warnings
    assert any("1 timesheet row with engagement work outside" in w for w in report.warnings)  # ENG4 starts in March
    upload.load(ws, [upload.FileSpec("ts.csv", extra, "timesheets", "append")])
    summary = quality.summary(quality.standing(ws)).set_index("key")["flagged"].to_dict()
    # over capacity: C2 150 h > 30 h, and tiny's own C1 44 h ≤ 60; before start: E2's 1 Jan row;
    # outside engagement: C2's ENG4 row, and tiny's E2 ENG1? no (ENG1 runs Oct–Mar); C1's ENG2 ends 19 Jan (in week 15th)
    assert summary == {"over_capacity": 1, "outside_employment": 1, "outside_engagement": 1, "orphans": 0}


def test_an_fte_column_is_read_as_weekly_hours_of_a_standard_week(ws):
    roster = exports.us_roster().decode().replace("Std Hours/Week", "FTE")
    roster = roster.replace(",40\r\n", ",1.0\r\n").replace(",20\r\n", ",0.5\r\n")  # tiny: 40 h, and C2's 20 h
    spec = as_detected(ws, "roster.csv", roster.encode())
    assert upload.suggest_mapping("workers", upload.detect(ws, "roster.csv", roster.encode()).columns)["weekly_capacity_hours"] == "FTE"
    before = sums(ws)
    upload.load(ws, [spec])
    assert sums(ws) == before  # 1.0 × 40 = 40 h, 0.5 × 40 = 20 h
