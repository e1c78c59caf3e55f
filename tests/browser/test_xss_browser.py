"""Real Chromium: a roster whose names and department hold <script> and <img onerror> is
uploaded through the Data page, then every page that shows people or departments is visited.
No script runs (window.__xss stays undefined, no <img src=x> appears) and the text is shown
literally."""

from __future__ import annotations

import re

from tests import tiny
from tests.browser.conftest import assert_no_exception, screenshot, wait_idle
from tests.hostile.corpus import IMG, SCRIPT

W_HEADER = "worker_id,full_name,worker_type,role,seniority,department,location,vendor,start_date,end_date,annual_salary,hourly_rate,weekly_capacity_hours\n"
TS_HEADER = "worker_id,engagement_id,week_start,hours,billable\n"
PAGES = ["", "costs", "break_even", "utilization", "duration", "data"]




def _csv_cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def no_script_ran(page) -> None:
    assert page.evaluate("() => typeof window.__xss") == "undefined"
    assert page.evaluate("() => [...document.querySelectorAll('script')].every(s => !s.textContent.includes('__xss'))")
    assert page.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0


def test_script_and_img_cells_never_run(tiny_server, page, tmp_path):
    workers = tmp_path / "workers.csv"
    workers.write_text(
        W_HEADER
        + f"X1,{_csv_cell(SCRIPT)},contractor,Software Developer,senior,{_csv_cell(IMG)},Remote,{_csv_cell(SCRIPT)},2023-01-02,,,95,40\n"
        + f"X2,{_csv_cell(IMG)},contractor,Software Developer,senior,{_csv_cell(IMG)},Remote,Independent,2021-01-04,,,90,40\n"
    )
    ts = tmp_path / "timesheets.csv"
    ts.write_text(TS_HEADER + "".join(f"{w},ENG1,{wk},30,true\n" for w in ("X1", "X2") for wk in tiny.WEEKS))
    page.goto(f"{tiny_server}/data")
    wait_idle(page)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files([str(workers), str(ts)])
    wait_idle(page)
    page.get_by_text("timesheets.csv").first.wait_for(timeout=60_000)
    wait_idle(page)
    for i in range(page.get_by_text("Append rows").count()):
        page.get_by_text("Append rows").nth(i).click()
        wait_idle(page)
    page.get_by_role("button", name="Load into workspace").click()
    wait_idle(page)
    assert_no_exception(page)
    page.get_by_text(re.compile(r"^Loaded [\d,]+ rows? into ")).first.wait_for(timeout=120_000)
    no_script_ran(page)

    for path in PAGES:
        page.goto(f"{tiny_server}/{path}?department={IMG}" if path in ("costs", "utilization") else f"{tiny_server}/{path}")
        wait_idle(page)
        assert_no_exception(page)
        no_script_ran(page)
        screenshot(page, f"xss_{path or 'overview'}")
    # the department filter lists the hostile department as plain text
    page.goto(f"{tiny_server}/utilization")
    wait_idle(page)
    page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first.click()
    option = page.get_by_role("option", name=IMG)
    option.wait_for(timeout=60_000)
    assert option.inner_text().strip() == IMG
    option.click()
    wait_idle(page)
    no_script_ran(page)
    # chart labels (SVG text) show the department literally
    assert IMG in page.locator("[data-testid='stSidebar']").inner_text()
    page.goto(f"{tiny_server}/costs")
    wait_idle(page)
    no_script_ran(page)
    svg_js = "() => [...document.querySelectorAll('svg text')].map(t => t.textContent).join('\\n')"
    # plotly draws after the script run (its code loads lazily): wait for the charts' labels, then read them
    page.wait_for_function(f"() => ({svg_js})().includes('__xss')", timeout=90_000)
    svg_text = page.evaluate(svg_js)
    screenshot(page, "xss_costs_all")
    assert IMG in svg_text or SCRIPT in svg_text, svg_text[:2000]
