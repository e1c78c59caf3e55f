"""Uploading files: detection, bad input, all-or-nothing loads, persistence, the sample round trip."""

import dataclasses
import io
from pathlib import Path

import pandas as pd
import pytest

from analytics.ingest import upload
from analytics.metrics import costs, headlines, utilization
from analytics.metrics.assumptions import DEFAULTS
from analytics.metrics.filters import Filters
from analytics.store.db import SAMPLE_DIR, Workspace
from analytics.store.staging import UPLOAD_DIR
from harness.workspaces import locked_workspace
from tests import tiny

TS_HEADER = b"worker_id,engagement_id,week_start,hours,billable\n"


def locked(tmp_path: Path, folder: Path, name: str = "u.duckdb") -> Workspace:
    return locked_workspace(tmp_path / name, folder)


@pytest.fixture
def ws(tmp_path):
    w = locked(tmp_path, tiny.write_csvs(tmp_path / "csv"))
    yield w
    w.close()


def spec(data: bytes, table: str = "timesheets", mode: str = "append", name: str = "f.csv", **opts) -> upload.FileSpec:
    return upload.FileSpec(name, data, table, mode, (), upload.CsvOptions(**opts))


# -- detection ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("a,b\nhé,1\n".encode(), "utf-8"),
        (b"\xef\xbb\xbf" + "a,b\nhé,1\n".encode(), "utf-8"),
        ("a,b\nhé,1\n".encode("utf-16"), "utf-16"),
        ("a,b\nhé,1\n".encode("latin-1"), "latin-1"),
    ],
)
def test_encoding_detected(data, encoding):
    assert upload.detect_encoding(data) == encoding


@pytest.mark.parametrize("delim", [",", ";", "\t", "|"])
def test_delimiter_detected_and_table_suggested(ws, delim):
    text = delim.join(["worker_id", "engagement_id", "week_start", "hours", "billable"]) + "\n"
    text += delim.join(["E1", "ENG1", "2024-02-05", "5", "true"]) + "\n"
    found = upload.detect(ws, "export.csv", text.encode())
    assert found.delimiter == delim
    assert found.columns == ["worker_id", "engagement_id", "week_start", "hours", "billable"]
    assert found.suggested_table == "timesheets"
    assert found.preview.iloc[0].tolist() == ["E1", "ENG1", "2024-02-05", "5", "true"]


def test_suggestion_from_renamed_headers_and_none_for_unrelated():
    assert upload.suggest_table("roster.csv", ["Worker ID", "Full Name", "Worker Type", "Role", "Seniority",
                                               "Department", "Start Date", "Weekly Capacity Hours"]) == "workers"
    assert upload.suggest_table("sales.csv", ["region", "revenue"]) is None
    assert upload.suggest_mapping("time_off", ["Worker ID", "week start", "HOURS", "note"]) == {
        "worker_id": "Worker ID", "week_start": "week start", "hours": "HOURS"}


def test_european_file_semicolon_decimal_comma_day_first_dates_latin1(ws):
    text = "worker_id;week_start;hours\nE1;05/02/2024;7,5\nE2;12/02/2024;1.234,5\n"
    data = text.encode("latin-1")
    found = upload.detect(ws, "time_off.csv", data)
    assert (found.delimiter, found.decimal_comma, found.suggested_table) == (";", True, "time_off")
    report = upload.validate(ws, [spec(data, "time_off", delimiter=";", decimal_comma=True, date_format="%d/%m/%Y")])
    # 1.234,5 hours is read as 1234.5, which is over the 168-hour week: proof of the conversion.
    assert [(r.line, r.value, r.problem) for r in report.rows.itertuples()] == [(3, "1.234,5", "above the maximum of 168")]
    good = text.replace("1.234,5", "4,5").encode("latin-1")
    upload.load(ws, [spec(good, "time_off", delimiter=";", decimal_comma=True, date_format="%d/%m/%Y")])
    got = ws.sql("SELECT worker_id, week_start::VARCHAR AS w, hours FROM time_off WHERE week_start >= '2024-02-01' ORDER BY 1")
    assert got.values.tolist() == [["E1", "2024-02-05", 7.5], ["E2", "2024-02-12", 4.5]]


def test_utf16_and_latin1_names_load_intact(ws):
    header = ("worker_id,full_name,worker_type,role,seniority,department,location,vendor,start_date,end_date,"
              "annual_salary,hourly_rate,weekly_capacity_hours\n")
    row = "N1,Zoë Ångström,employee,Software Developer,mid,Engineering,Malmö,,2024-02-01,,90000,,40\n"
    upload.load(ws, [spec((header + row).encode("utf-16"), "workers")])
    row2 = row.replace("N1", "N2").replace("Zoë", "Zoé")
    upload.load(ws, [spec((header + row2).encode("latin-1"), "workers")])
    names = ws.sql("SELECT full_name FROM workers WHERE worker_id IN ('N1', 'N2') ORDER BY worker_id")["full_name"]
    assert names.tolist() == ["Zoë Ångström", "Zoé Ångström"]


def test_excel_workbook(ws):
    buf = io.BytesIO()
    pd.DataFrame({"worker_id": ["E1"], "week_start": ["2024-02-05"], "hours": [8]}).to_excel(buf, index=False)
    found = upload.detect(ws, "leave.xlsx", buf.getvalue())
    assert found.suggested_table == "time_off"
    upload.load(ws, [spec(buf.getvalue(), "time_off", name="leave.xlsx")])
    assert ws.sql("SELECT hours FROM time_off WHERE week_start = '2024-02-05'")["hours"].tolist() == [8.0]


# -- bad input: a clear message, and the workspace left exactly as it was ---------------------
BAD_FILES = {
    "empty": (b"", "is empty"),
    "blank lines": (b"\n\n  \n", "is empty"),
    "binary": (bytes(range(256)) * 40, "does not look like a text file"),
    "zip": (b"PK\x03\x04" + bytes(100), "is a zip or Office file"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_whole_files_are_refused_and_nothing_changes(ws, case):
    data, message = BAD_FILES[case]
    before = upload.table_checksum(ws, "timesheets")
    version = ws.data_version()
    staged_before = set(UPLOAD_DIR.rglob("*.csv"))  # staging folders are per process
    with pytest.raises(upload.UploadError, match=message):
        upload.load(ws, [spec(data, mode="replace")])
    with pytest.raises(upload.UploadError, match=message):
        upload.detect(ws, "f.csv", data)
    assert upload.table_checksum(ws, "timesheets") == before
    assert ws.data_version() == version
    assert set(UPLOAD_DIR.rglob("*.csv")) <= staged_before  # nothing of ours left behind


def test_wrong_encoding_is_reported_on_its_line(ws):
    data = TS_HEADER + "E1,ENG1,2024-02-05,5,true\nÉ1,ENG1,2024-02-12,5,true\n".encode("latin-1")
    before = upload.table_checksum(ws, "timesheets")
    with pytest.raises(upload.ValidationFailed) as failed:
        upload.load(ws, [spec(data, mode="replace", encoding="utf-8")])
    assert [(r.line, r.problem) for r in failed.value.report.rows.itertuples()] == [
        (3, "not valid UTF-8 text: choose the file's encoding (Latin-1 for most files from older Excel) in its options")
    ]
    assert upload.table_checksum(ws, "timesheets") == before
    # Detection alone picks Latin-1 for the same bytes, and then it loads.
    assert upload.detect(ws, "f.csv", data).encoding == "latin-1"


def test_ragged_rows_are_reported_by_line_and_nothing_loads(ws):
    data = TS_HEADER + b"E1,ENG1,2024-02-05,5,true\nE1,ENG1,2024-02-12,5\nE1,ENG1,2024-02-19,5,true,extra\nE2,,2024-02-19,1,false\n"
    before = upload.table_checksum(ws, "timesheets")
    with pytest.raises(upload.ValidationFailed) as failed:
        upload.load(ws, [spec(data, mode="replace")])
    got = [(r.line, r.problem.split(":")[0]) for r in failed.value.report.rows.itertuples()]
    assert got == [(3, "too few columns on this line"), (4, "too many columns on this line")]
    assert upload.table_checksum(ws, "timesheets") == before


def test_a_failing_file_in_a_batch_rolls_back_the_good_one(ws):
    workers_before = upload.table_checksum(ws, "workers")
    ts_before = upload.table_checksum(ws, "timesheets")
    good_workers = (tiny.write_csvs(Path(ws.path).parent / "again") / "workers.csv").read_bytes()
    bad_ts = TS_HEADER + b"E1,ENG1,2024-02-05,-1,true\n"
    with pytest.raises(upload.ValidationFailed):
        upload.load(ws, [spec(good_workers, "workers", "replace"), spec(bad_ts, "timesheets", "replace")])
    assert upload.table_checksum(ws, "workers") == workers_before
    assert upload.table_checksum(ws, "timesheets") == ts_before


def test_size_limit():
    limit_mb = 200  # .streamlit/config.toml server.maxUploadSize
    upload.check_size(limit_mb * 1024 * 1024, limit_mb)  # exactly at the limit: accepted
    with pytest.raises(upload.UploadError, match="over the 200 MB upload limit"):
        upload.check_size(limit_mb * 1024 * 1024 + 1, limit_mb)


def test_one_million_rows_validate_and_load_in_one_go(ws, tmp_path):
    # 1,000,000 internal-time rows for E1: 1 hour a week on distinct Mondays from 2024-02-05.
    n = 1_000_000
    path = tmp_path / "big.csv"
    weeks = pd.date_range("2024-02-05", periods=n, freq="7D").strftime("%Y-%m-%d")
    pd.DataFrame({"worker_id": "E1", "engagement_id": "", "week_start": weeks, "hours": 1, "billable": "false"}).to_csv(path, index=False)
    data = path.read_bytes()
    result = upload.load(ws, [spec(data, mode="append", name="big.csv")])  # timed in bench/upload.py, not here
    assert result.rows_loaded == {"timesheets": n}
    assert result.row_counts["timesheets"] == 25 + n  # tiny has 25 rows
    # One bad row among a million: nothing lands, and the report names its line.
    bad = data.replace(b"\nE1,,2024-02-05,1,false\n", b"\nE1,,2024-02-05,-1,false\n", 1)
    with pytest.raises(upload.ValidationFailed) as failed:
        upload.load(ws, [spec(bad, mode="replace", name="big.csv")])
    assert failed.value.report.rows.iloc[0][["line", "problem"]].tolist() == [2, "below the minimum of 0"]
    assert ws.row_counts()["timesheets"] == 25 + n


# -- loading ---------------------------------------------------------------------------------
def test_append_then_replace_and_the_data_version(ws):
    v = ws.data_version()
    upload.load(ws, [spec(TS_HEADER + b"E1,,2024-02-05,8,false\n", mode="append")])
    assert ws.row_counts()["timesheets"] == 26 and ws.data_version() == v + 1
    # The derived weekly facts were rebuilt in the same transaction.
    week = ws.sql("SELECT total_hours FROM worker_weeks WHERE worker_id = 'E1' AND week_start = '2024-02-05'")
    assert week["total_hours"].tolist() == [8.0]
    upload.load(ws, [spec(TS_HEADER + b"E1,,2024-02-05,8,false\nE2,ENG1,2024-02-05,30,true\n", mode="replace")])
    assert ws.row_counts()["timesheets"] == 2 and ws.data_version() == v + 2


def test_loaded_data_persists_after_reopening(ws, tmp_path):
    upload.load(ws, [spec(TS_HEADER + b"E1,,2024-02-05,8,false\n", mode="replace")])
    expected = upload.table_checksum(ws, "timesheets")
    ws.close()
    again = Workspace(tmp_path / "u.duckdb", lock_down=True, load_sample=False)
    try:
        assert upload.table_checksum(again, "timesheets") == expected
        assert again.row_counts()["timesheets"] == 1
    finally:
        again.close()


def test_adhoc_tables_replace_and_append(ws):
    upload.load(ws, [spec(b"region;revenue\nNorth;1,5\nSouth;2,5\n", "adhoc:sales", "replace", delimiter=";", decimal_comma=True)])
    upload.load(ws, [spec(b"region;revenue\nEast;4\n", "adhoc:sales", "append", delimiter=";")])
    assert ws.adhoc_tables() == ["sales"]
    got = ws.sql("SELECT region, revenue FROM adhoc.sales ORDER BY revenue")
    assert got.values.tolist() == [["North", 1.5], ["South", 2.5], ["East", 4.0]]
    with pytest.raises(upload.UploadError, match="ad-hoc table name must start with a letter"):
        upload.load(ws, [spec(b"a\n1\n", "adhoc:Bad Name!", "replace")])
    with pytest.raises(upload.ValidationFailed):
        upload.load(ws, [spec(b"a\n1\n", "adhoc:nothing_yet", "append")])


def _numbers(ws: Workspace) -> dict:
    """Headline figures from the Overview, Costs and Utilization code over the whole horizon."""
    h = headlines.data_horizon(ws)
    f = Filters(start=h.first_day.replace(day=1), end=h.last_day)
    k = headlines.kpis(ws, f, DEFAULTS)
    return {
        "kpis": k,
        "spend": costs.spend_by_month(ws, f, DEFAULTS).to_dict("records"),
        "utilization": utilization.period_totals(utilization.utilization_facts(ws, f)),
    }


def _same(a, b, path="") -> None:
    """a and b hold the same figures: numbers within 1e-9 relative (sums of invoice shares in another
    order differ in the last digits), everything else equal."""
    if dataclasses.is_dataclass(a):
        a, b = dataclasses.asdict(a), dataclasses.asdict(b)
    if isinstance(a, dict):
        assert a.keys() == b.keys(), path
        for k in a:
            _same(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list | tuple):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{path}[{i}]")
    elif isinstance(a, float) and isinstance(b, float):
        assert b == pytest.approx(a, rel=1e-9, nan_ok=True), path
    else:
        assert a == b, path


def test_uploading_the_sample_files_round_trips_to_the_same_numbers(tmp_path):
    ws = locked(tmp_path, SAMPLE_DIR, "sample.duckdb")
    try:
        tables = ["workers", "engagements", "timesheets", "time_off", "reviews"]
        before = {t: upload.table_checksum(ws, t) for t in tables}
        numbers = _numbers(ws)
        specs = [upload.FileSpec(f"{t}.csv", (SAMPLE_DIR / f"{t}.csv").read_bytes(), t, "replace") for t in tables]
        assert [upload.detect(ws, s.name, s.data).suggested_table for s in specs] == tables
        result = upload.load(ws, specs)
        assert result.rows_loaded == {t: before[t][0] for t in tables}
        assert {t: upload.table_checksum(ws, t) for t in tables} == before
        _same(_numbers(ws), numbers)
    finally:
        ws.close()
