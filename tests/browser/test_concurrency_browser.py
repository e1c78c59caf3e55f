"""Ten real browser sessions at once go through every page while an eleventh replaces the
timesheets by upload through the Data page. Every session finishes with no error shown; every
page run shows exactly one data version and, where it shows contractor spend, the figure of
that version; afterwards every session shows the new figures.

Tiny organisation (tests/tiny.py): contractor spend $17,716 at data version 1; the upload adds
10 billable hours for C2 ($80/h): + 10 × 80 × 1.03 = $824 → $18,540 at data version 2."""

from __future__ import annotations

import asyncio
import os
import re
import time

import pandas as pd

from bench import concurrency
from bench.isolated import in_own_thread
from tests import tiny

LOADED = re.compile(r"^Loaded [\d,]+ rows? into ")  # the success message of a load

SESSIONS = int(os.environ.get("CONCURRENCY_SESSIONS", "10"))
EXPECTED = {"Data version 1": "$17,716", "Data version 2": "$18,540"}




def new_timesheets(path) -> None:
    ts = tiny.frames()["timesheets"]
    extra = pd.DataFrame([["C2", "ENG3", "2024-01-22", 10, True]], columns=ts.columns)
    out = pd.concat([ts, extra], ignore_index=True)
    out["billable"] = out["billable"].map({True: "true", False: "false"})
    out["hours"] = out["hours"].map(lambda h: "" if pd.isna(h) else f"{h:g}")
    out.to_csv(path, index=False)


def test_ten_sessions_while_timesheets_are_replaced(tiny_server, tmp_path):
    csv = tmp_path / "timesheets.csv"
    new_timesheets(csv)
    uploaded: dict = {}

    async def upload(browser) -> None:
        ctx = await browser.new_context(viewport={"width": 1280, "height": 900})
        page = await ctx.new_page()
        await page.goto(f"{tiny_server}/data", timeout=120_000)
        await concurrency._idle(page)
        await asyncio.sleep(2.0)  # let the sessions get going first
        dropzone = page.locator("[data-testid='stFileUploaderDropzoneInput']")
        # generous: ten other sessions share the two cores; the input is hidden, so wait for it attached
        await dropzone.wait_for(state="attached", timeout=180_000)
        await dropzone.set_input_files(str(csv), timeout=120_000)
        await concurrency._idle(page)
        await page.get_by_text(csv.name).first.wait_for(timeout=120_000)
        await concurrency._idle(page)
        await page.locator("button:has-text('Load into workspace'):enabled").wait_for(timeout=120_000)
        uploaded["started"] = time.perf_counter()
        await page.get_by_role("button", name="Load into workspace").click()
        await concurrency._idle(page)
        # the success message itself, not the load history's empty state ("No file has been loaded …")
        done = page.get_by_text(LOADED).first
        await done.wait_for(timeout=120_000)
        uploaded["finished"] = time.perf_counter()
        uploaded["message"] = await done.inner_text()
        await ctx.close()

    t0 = time.perf_counter()
    visits = in_own_thread(asyncio.run, concurrency.drive_sessions(tiny_server, SESSIONS, rounds=1, during=upload, final=""))
    elapsed = time.perf_counter() - t0
    assert "timesheets" in uploaded.get("message", ""), uploaded
    assert len(visits) == SESSIONS * (len(concurrency.PAGES) + 1)
    errors = [(v.session, v.page, v.error) for v in visits if v.error]
    assert errors == []
    for v in visits:
        assert len(v.versions) == 1, (v.session, v.page, v.versions)  # one run, one snapshot
        version = v.versions[0].split(" · ")[0]
        assert version in EXPECTED, v.versions
        if v.figure is not None:
            assert v.figure == EXPECTED[version], (v.session, v.page, version, v.figure)
    seen = {v.versions[0].split(" · ")[0] for v in visits if not v.final}
    assert "Data version 1" in seen  # the upload really happened while sessions were running
    finals = [v for v in visits if v.final]
    assert len(finals) == SESSIONS
    for v in finals:
        assert v.versions[0].startswith("Data version 2") and v.figure == "$18,540", (v.session, v.versions, v.figure)
    times = [v.seconds for v in visits]
    print(f"{len(visits)} page loads in {elapsed:.1f} s; p50 {concurrency.percentile(times, 50):.2f} s, "
          f"p95 {concurrency.percentile(times, 95):.2f} s; upload took {uploaded['finished'] - uploaded['started']:.1f} s")
    # no wall-clock bound: a hang is caught by pytest-timeout, slowness is the benchmark's to report
