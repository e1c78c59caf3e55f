"""A file with a `rowid` column (issue 18, item 7): before, the column hid DuckDB's row-id and
the line numbering joined rows away (preview 3 rows, "Loaded 1 row"); for a workspace table it
was a raw binder error. Now the column loads as rowid_in_file with a note, and every row lands."""

from __future__ import annotations

import pytest

from analytics.ingest import upload
from tests import tiny


@pytest.fixture
def ws(locked_tiny_ws):
    return locked_tiny_ws


def test_an_adhoc_file_with_a_rowid_column_keeps_every_row(ws):
    # ids as an export might carry them: before, rowid - min(rowid) = 0, 100, 200 matched only line 0
    data = b"rowid,region,revenue\n100,North,10\n200,South,5\n300,East,1\n"
    r = upload.load(ws, [upload.FileSpec("sales.csv", data, "adhoc:sales", "replace")])
    assert r.rows_loaded == {"adhoc:sales": 3}
    got = ws.sql("SELECT rowid_in_file, region, revenue FROM adhoc.sales ORDER BY region")
    assert got.values.tolist() == [[300, "East", 1], [100, "North", 10], [200, "South", 5]]
    assert r.warnings == ["sales.csv: the column rowid was loaded as rowid_in_file (rowid is a name the database reserves)."]


def test_our_own_working_column_names_in_a_file_are_renamed_too(ws):
    data = b"_line,_k,ROWID,rowid_in_file\na,b,c,d\ne,f,g,h\n"
    r = upload.load(ws, [upload.FileSpec("odd.csv", data, "adhoc:odd", "replace")])
    assert r.rows_loaded == {"adhoc:odd": 2}
    got = ws.sql("SELECT * FROM adhoc.odd ORDER BY 1")
    assert list(got.columns) == ["_line_in_file", "_k_in_file", "ROWID_in_file_2", "rowid_in_file"]
    assert got.values.tolist() == [["a", "b", "c", "d"], ["e", "f", "g", "h"]]


def test_a_workspace_table_file_with_a_rowid_column_loads_with_the_column_ignored(ws):
    header = "rowid," + ",".join(tiny.TIMESHEET_COLUMNS)
    rows = ["1,E1,ENG1,2024-03-04,5,true", "2,E1,ENG1,2024-03-11,6,true"]
    data = ("\n".join([header, *rows]) + "\n").encode()
    before = ws.row_counts()["timesheets"]
    r = upload.load(ws, [upload.FileSpec("timesheets.csv", data, "timesheets", "append")])
    assert r.rows_loaded == {"timesheets": 2}
    assert ws.row_counts()["timesheets"] == before + 2
    report = upload.validate(ws, [upload.FileSpec("timesheets.csv", data, "timesheets", "replace")])
    assert report.ignored_columns == {"timesheets.csv": ["rowid_in_file"]}
