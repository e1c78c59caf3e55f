"""The board pack and page reports (analytics/report) hold the figures the pages show.

For the sample with the default filters and for Engineering over Jun–Nov 2026, the app is run
(AppTest) and every page's tiles read off the screen; the report for the same filters must hold
the same tiles (label and value, in the page's order), and its HTML and its PDF text must
contain each value, formatted the same, in that page's section. The CLI writes the same; bad
arguments exit 2 with one line; without Chromium the report still builds and says why charts
are missing."""

from __future__ import annotations

import gc
import html
import io
import subprocess
import sys
from functools import cache
from pathlib import Path

import pdfplumber
import pytest

from analytics.metrics import registry
from analytics.report import PAGES, ReportRequest, build, default_filters, gather, to_html, to_pdf
from analytics.report import model as report_model
from analytics.report.render import CSP
from analytics.store.db import Workspace
from harness.workspaces import workspace_file

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
PAGE_FILES = {p: f"pages/{p}.py" for p in PAGES}
VIEWS = {"sample-default": (None, ()), "engineering-6-months": (("2026-06", "2026-11"), ("Engineering",))}


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "ws.duckdb"
    return workspace_file(path, SAMPLE)


@pytest.fixture(scope="module")
def cli_db(tmp_path_factory) -> Path:
    """A workspace this test process never opens: the CLI (another process) opens it read-only,
    and DuckDB lets no other process in while one holds a file open for writing."""
    path = tmp_path_factory.mktemp("report_cli") / "ws.duckdb"
    ws = Workspace(path, lock_down=False, load_sample=False)
    ws.load_csv_dir(SAMPLE)
    ws.close()
    return path


@cache
def _screen(db: Path, view: str) -> dict[str, list[tuple[str, str]]]:
    """Every page's tiles as AppTest reads them: [(label, value)] in the page's order."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    months, departments = VIEWS[view]
    mp = pytest.MonkeyPatch()
    mp.setenv("STAFFING_LENS_DB", str(db))
    try:
        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.run()
        if months:
            at.sidebar.select_slider(key="period").set_value(months).run()
        if departments:
            at.sidebar.multiselect(key="department").set_value(list(departments)).run()
        shown = {}
        for page, file in PAGE_FILES.items():
            at.switch_page(file).run()
            assert not at.exception, [e.value for e in at.exception]
            shown[page] = [(m.label, m.value) for m in at.metric]
        return shown
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()
        gc.collect()  # the app's DuckDB connection goes: the tests open the file their own way
        mp.undo()


def _request(ws: Workspace, view: str) -> ReportRequest:
    months, departments = VIEWS[view]
    first, last = months or (None, None)
    return ReportRequest(default_filters(ws, first, last, departments))


def _html_sections(text: str) -> dict[str, str]:
    out = {}
    for page in PAGES:
        start = text.index(f'<section id="{page}">')
        out[page] = text[start:text.index("</section>", start)]
    return out


def _pdf_sections(pdf: bytes) -> dict[str, str]:
    """The PDF's text per dashboard page: a section starts on the page whose first line is its title."""
    titles = {t: p for p, t in PAGES.items()}
    out: dict[str, str] = {p: "" for p in PAGES}
    current = None
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            text = page.extract_text(x_tolerance=1.5) or ""
            first = text.split("\n", 1)[0].strip()
            if first in titles:
                current = titles[first]
            elif first.startswith("Appendix"):
                current = None
            if current:
                out[current] += text + "\n"
    return out


@pytest.mark.parametrize("view", list(VIEWS))
def test_report_holds_every_tile_the_pages_show(db, view):
    shown = _screen(db, view)
    ws = Workspace(db, lock_down=False, load_sample=False)
    try:
        report = gather(ws, _request(ws, view))
    finally:
        ws.close()
    report.charts_missing = "not drawn in this test"
    text = to_html(report)
    html_by_page = _html_sections(text)
    pdf_by_page = _pdf_sections(to_pdf(text))
    for section in report.sections:
        on_screen = shown[section.page]
        assert on_screen, f"{section.page}: the page showed no tiles"
        # the same tiles, labels and values, in the page's order
        assert [(t.label, t.text) for t in section.tiles()] == on_screen, section.page
        for label, value in on_screen:
            # each value on its own (the PDF may break a tile's label over two lines)
            assert html.escape(value) in html_by_page[section.page], (section.page, label, value)
            assert value in pdf_by_page[section.page], (section.page, label, value)
            assert html.escape(label) in html_by_page[section.page], (section.page, label)


def test_cli_writes_the_apps_figures_for_the_same_filters(db, cli_db, tmp_path):
    view = "engineering-6-months"
    shown = _screen(db, view)
    out = tmp_path / "pack.html"
    r = subprocess.run(
        [sys.executable, "-m", "analytics.report", "--db", str(cli_db), "--out", str(out), "--from", "2026-06",
         "--to", "2026-11", "--department", "Engineering", "--no-charts"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert r.returncode == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    assert "01 Jun 2026 – 30 Nov 2026" in text and "<td>Engineering</td>" in text
    for page, section in _html_sections(text).items():
        for label, value in shown[page]:
            assert html.escape(value) in section, (page, label, value)


def test_cli_one_page_pdf(cli_db, tmp_path):
    out = tmp_path / "costs.pdf"
    r = subprocess.run([sys.executable, "-m", "analytics.report", "--db", str(cli_db), "--out", str(out),
                        "--page", "costs", "--no-charts"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    with pdfplumber.open(out) as doc:
        text = "\n".join(p.extract_text(x_tolerance=1.5) or "" for p in doc.pages)
    assert "Staffing Lens — Costs" in text and "Total spend" in text
    assert "Contents" not in text  # a page report has no contents list; the board pack has
    assert "Page 2 of" in text


@pytest.mark.parametrize("args, says", [
    (["--out", "x.pdf"], "--db"),
    (["--db", "{db}", "--out", "{tmp}/x.txt"], ".pdf or .html"),
    (["--db", "{db}", "--out", "{tmp}/x.pdf", "--from", "2026-13"], "YYYY-MM"),
    (["--db", "{db}", "--out", "{tmp}/x.pdf", "--from", "2026-11", "--to", "2026-06"], "after"),
    (["--db", "{db}", "--out", "{tmp}/x.pdf", "--department", "Nowhere"], "unknown --department Nowhere"),
    (["--db", "{db}", "--out", "{tmp}/x.pdf", "--page", "data"], "--page"),
    (["--db", "{tmp}/missing.duckdb", "--out", "{tmp}/x.pdf"], "not a file"),
    (["--db", "{db}", "--out", "{tmp}/no/such/folder/x.pdf"], "does not exist"),
])
def test_cli_bad_arguments_exit_2_with_one_line(cli_db, tmp_path, args, says):
    argv = [a.format(db=cli_db, tmp=tmp_path) for a in args]
    r = subprocess.run([sys.executable, "-m", "analytics.report", *argv], cwd=ROOT, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], r.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_without_chromium_the_report_builds_and_says_charts_are_missing(db, monkeypatch):
    monkeypatch.setenv("STAFFING_LENS_CHROMIUM", "/nonexistent/chromium")
    ws = Workspace(db, lock_down=False, load_sample=False)
    try:
        request = ReportRequest(default_filters(ws), pages=("overview",))
        text = build(ws, request, "html").decode("utf-8")
        pdf = build(ws, request, "pdf")
        tiles = gather(ws, request).sections[0].tiles()
    finally:
        ws.close()
    assert "Charts are missing from this report: Chromium was not found (looked for /nonexistent/chromium)." in text
    assert "Chart missing:" in text and "<svg" not in text
    for t in tiles:  # the figures are all there
        assert html.escape(t.text) in text
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert "Chromium was not found" in "\n".join(p.extract_text(x_tolerance=1.5) or "" for p in doc.pages)


def test_with_chromium_every_chart_is_an_inline_svg_and_nothing_is_external(db):
    ws = Workspace(db, lock_down=False, load_sample=False)
    try:
        text = build(ws, ReportRequest(default_filters(ws), pages=("costs",)), "html").decode("utf-8")
    finally:
        ws.close()
    # the Costs page draws five charts: spend by month, by department, by vendor, cost per hour by role, budget burn
    assert text.count("<svg") == 5 and "Budget burn" in text and "Chart missing" not in text and "Charts are missing" not in text
    assert "<script" not in text.lower() and "src=" not in text.lower()
    assert f'http-equiv="Content-Security-Policy" content="{html.escape(CSP)}"' in text


def test_tile_formats_are_the_pages(monkeypatch):
    """The report's formatter for each registry format equals the tiles' (ui/metrics.py)."""
    from ui import metrics as ui_metrics

    for m in registry._METRICS:
        for value in (None, 0, 0.4567, 12.5, 1234.5, 2_345_678.9, -1500.0):
            if m.format == "text" and value is not None:
                continue
            assert report_model.formatted(m.name, value) == ui_metrics.formatted(m.name, value), (m.name, value)
    assert report_model.NO_ONE == ui_metrics.NO_ONE


def test_pay_tiles_follow_the_screens_suppression(min_group):
    min_group(5)
    assert report_model.pay_tile("employee_spend", 1000.0, 0).text == "no one"
    assert report_model.pay_tile("employee_spend", 1000.0, 4).text == "suppressed (< 5 people)"
    assert report_model.pay_tile("employee_spend", 1000.0, 5).text == "$1,000"


def test_the_overview_offers_the_board_pack_with_every_page_in_navigation_order(app, files, monkeypatch, min_group):
    min_group(1)
    monkeypatch.setenv("STAFFING_LENS_CHROMIUM", "/nonexistent/chromium")  # figures only: quicker
    at = app("tiny")
    assert not at.exception
    assert {b.key for b in at.get("download_button")} >= {"report_board_pack_pdf", "report_board_pack_html"}
    [pdf_name] = [n for n in files if n.startswith("staffing_lens_board_pack_") and n.endswith(".pdf")]
    assert pdf_name == "staffing_lens_board_pack_2024-01_2024-01.pdf"  # the tiny data's one month
    with pdfplumber.open(io.BytesIO(files[pdf_name]())) as doc:
        pages = [p.extract_text(x_tolerance=1.5) or "" for p in doc.pages]
    text = "\n".join(pages)
    assert "Contents" in pages[1]
    titles = list(PAGES.values())
    assert [text.index(t, text.index("Contents") + 8) for t in titles] == sorted(
        text.index(t, text.index("Contents") + 8) for t in titles
    )  # in the order of the navigation
    assert "Appendix" in text and "$17,955" in text  # the Overview's employee spend, as on screen
    assert f"of {len(pages)}" in pages[-1]  # page numbers
