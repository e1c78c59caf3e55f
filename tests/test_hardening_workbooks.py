"""Workbook bombs (issue 18, item 2): refused before parsing from the zip directory and the
sheet's declared dimension, or stopped in the bounded parser's process; either way a plain
message, and the memory of this process (the server) grows by less than 200 MB (psutil RSS).
A real workbook still reads as before, once per upload."""

from __future__ import annotations

import io
import os
import re
import zipfile

import openpyxl
import psutil
import pytest

from analytics.ingest import upload, workbook
from harness.workbooks import rewrite_part

MB = 1024 * 1024


def _rss() -> int:
    return psutil.Process(os.getpid()).memory_info().rss


def _xlsx(cells: dict[str, object]) -> bytes:
    wb = openpyxl.Workbook()
    sheet = wb.active
    for ref, value in cells.items():
        sheet[ref] = value
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture
def ws(locked_tiny_ws):
    return locked_tiny_ws


def test_cells_at_a1_and_xfd1048576_are_refused_from_the_declared_dimension(ws):
    bomb = _xlsx({"A1": "worker_id", "XFD1048576": "x"})
    assert len(bomb) < 10_000  # a few KB that declare 17 billion cells
    before = _rss()
    with pytest.raises(upload.UploadError, match=r"declares 1,048,576 rows × 16,384 columns") as info:
        upload.detect(ws, "bomb.xlsx", bomb)
    assert "\n" not in str(info.value)
    assert _rss() - before < 200 * MB


def test_the_same_bomb_without_its_dimension_is_stopped_in_the_parser_process(ws):
    """The check reads what the file declares; a file that declares nothing reaches the parser,
    whose process runs out of its own address space, not the server's."""
    bomb = rewrite_part(_xlsx({"A1": "worker_id", "XFD1048576": "x"}), "xl/worksheets/sheet1.xml",
                    lambda b: re.sub(rb"<dimension[^>]*/>", b"", b))
    workbook.check_workbook("bomb.xlsx", bomb)  # passes the checks: nothing declared
    before = _rss()
    with pytest.raises(upload.UploadError) as info:
        upload.detect(ws, "bomb.xlsx", bomb)
    grown = _rss() - before
    assert str(info.value).startswith("bomb.xlsx needed more than 3 GB of memory to read and was stopped"), str(info.value)
    assert grown < 200 * MB, f"{grown / MB:.0f} MB"


def _add_part(data: bytes, part: str, body: bytes) -> bytes:
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr(part, body)
    return out.getvalue()


@pytest.mark.parametrize("where", ["shared strings", "inline string in the sheet"])
def test_a_huge_string_is_refused_from_the_zip_directory(ws, where):
    """300 MB of one repeated letter deflates to ~300 KB: refused by its declared size and
    ratio, before any parser reads it."""
    wb = _xlsx({"A1": "note", "A2": "short"})
    text = b"<sst><si><t>" + b"x" * (300 * MB) + b"</t></si></sst>"
    if where == "shared strings":
        bomb = _add_part(wb, "xl/sharedStrings.xml", text)
    else:  # openpyxl writes text cells inline: grow the cell's own text
        bomb = rewrite_part(wb, "xl/worksheets/sheet1.xml", lambda b: b.replace(b"short", b"x" * (300 * MB)))
    assert len(bomb) < 2 * MB
    before = _rss()
    with pytest.raises(upload.UploadError, match=r"unpacks to 300 MB from \d+ KB, which no real spreadsheet does") as info:
        upload.load(ws, [upload.FileSpec("notes.xlsx", bomb, "adhoc:notes", "replace")])
    assert "\n" not in str(info.value)
    assert _rss() - before < 200 * MB
    assert "notes" not in ws.adhoc_tables()


def test_a_real_workbook_reads_as_before_and_is_parsed_once(ws):
    data = _xlsx({"A1": "worker_id", "B1": "week_start", "C1": "hours", "A2": "E1", "B2": "2024-02-05", "C2": 8})
    csv = workbook.first_sheet_as_csv("leave.xlsx", data)
    assert csv == b"worker_id,week_start,hours\nE1,2024-02-05,8\n"
    assert workbook.first_sheet_as_csv("leave.xlsx", data) is csv  # the second call reuses the parse
    r = upload.load(ws, [upload.FileSpec("leave.xlsx", data, "time_off", "replace")])
    assert r.rows_loaded == {"time_off": 1}
    assert ws.sql("SELECT worker_id, week_start::VARCHAR AS w, hours FROM time_off").values.tolist() == [["E1", "2024-02-05", 8.0]]


def test_a_damaged_workbook_is_a_plain_message(ws):
    data = _xlsx({"A1": "a"})
    with pytest.raises(upload.UploadError, match=r"^broken.xlsx could not be read as an Excel workbook"):
        upload.detect(ws, "broken.xlsx", data[: len(data) // 2])
