"""The HTML report in real Chromium: it opens with every network request blocked (it needs none)
and renders without a console or page error; worker, department and vendor names holding
<script> and <img onerror> show as text and never run."""

from __future__ import annotations

import csv

import pytest

from analytics.report import ReportRequest, build, default_filters
from analytics.store.db import Workspace
from tests import tiny
from tests.hostile.corpus import IMG, SCRIPT

NAMES = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")


@pytest.fixture
def hostile_report(tmp_path, min_group):
    """The board pack (HTML, charts drawn if Chromium is there) of the tiny organisation with
    every worker renamed to a script or an img tag, and one department and vendor too."""
    min_group(1)  # show the tiny groups' rows
    folder = tiny.write_csvs(tmp_path / "csv")
    path = folder / "workers.csv"
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for i, r in enumerate(rows):
        r["full_name"] = NAMES[i % 2]
        if r["department"] == "Infrastructure":
            r["department"] = SCRIPT
        if r["vendor"] == "Acme":
            r["vendor"] = IMG
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    ws = Workspace(tmp_path / "ws.duckdb", lock_down=False, load_sample=False)
    try:
        ws.load_csv_dir(folder)
        first, last = default_filters(ws).start, default_filters(ws).end
        filters = default_filters(ws, "2023-01", f"{last:%Y-%m}") if first.year > 2023 else default_filters(ws)
        out = tmp_path / "report.html"
        out.write_bytes(build(ws, ReportRequest(filters), "html"))
    finally:
        ws.close()
    return out


def test_report_html_opens_offline_and_shows_hostile_names_as_text(hostile_report, page):
    requests: list[str] = []
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))

    def block(route) -> None:
        if route.request.url != hostile_report.as_uri():
            requests.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/*", block)
    page.goto(hostile_report.as_uri())
    page.wait_for_load_state("load")
    assert requests == []  # the report asked for nothing beyond itself
    assert errors == []
    assert page.evaluate("() => typeof window.__xss") == "undefined"
    assert page.evaluate("() => document.querySelectorAll('script').length") == 0
    assert page.evaluate("() => document.querySelectorAll('body img').length") == 0
    body = page.inner_text("body")
    assert "Staffing Lens — board pack" in body and "Appendix: metric definitions and assumptions" in body
    tables = page.inner_text("table.data >> nth=0")  # rendered, not empty
    assert tables.strip()
    cells = " ".join(page.locator("td").all_inner_texts())
    assert NAMES[0] in cells and SCRIPT in cells  # a worker's and a department's name in the tables, as text
    assert SCRIPT in page.inner_text("#costs")  # the drill-down's department column
