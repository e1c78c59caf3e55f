"""The real server SIGKILLed while it loads a large upload sent from a browser: the workspace
reopens with exactly the old data (row count and hash of every table), and a restarted server
serves it."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from analytics.store.db import SAMPLE_DIR, Workspace
from harness.workspaces import contents
from tests.browser.conftest import assert_no_exception, streamlit_server, wait_idle

ROWS = 400_000  # the load lasts a few seconds: long enough to be caught in its write phase


def checksums(db: Path) -> dict:
    ws = Workspace(db, lock_down=True, load_sample=False)
    try:
        return contents(ws)
    finally:
        ws.close()


def server_pid(db: Path) -> int:
    """The streamlit process this test started: the one whose environment names our private DB."""
    needle = f"STAFFING_LENS_DB={db}".encode()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if needle in (proc / "environ").read_bytes().split(b"\0") and b"streamlit" in (proc / "cmdline").read_bytes():
                return int(proc.name)
        except OSError:
            continue
    raise AssertionError("server process not found")


def big_roster(path: Path) -> None:
    """The sample's roster (so every reference stays valid) plus ROWS generated people."""
    with path.open("w") as f:
        f.write((SAMPLE_DIR / "workers.csv").read_text())
        for i in range(ROWS):
            f.write(f"G{i:07d},Generated Person {i},employee,Software Developer,mid,Engineering,Remote,,2021-03-01,,"
                    f"{90000 + i % 5000},,40,USD\n")


def test_server_killed_mid_load_keeps_the_old_data(tmp_path, browser):
    db = tmp_path / "workspace.duckdb"
    ws = Workspace(db, lock_down=False, load_sample=True)  # the sample
    ws.close()
    before = checksums(db)
    csv = tmp_path / "workers.csv"
    big_roster(csv)
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    try:
        with streamlit_server(db) as url:
            pid = server_pid(db)
            page.goto(f"{url}/data")
            wait_idle(page)
            page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(csv))
            page.get_by_text("workers.csv").first.wait_for(timeout=60_000)
            wait_idle(page, 120_000)
            page.locator("button:has-text('Load into workspace'):enabled").wait_for(timeout=60_000)
            page.get_by_role("button", name="Load into workspace").click()
            # poll until the server is inside the load's write phase, then kill it outright
            page.get_by_text("Writing rows").first.wait_for(timeout=120_000)
            time.sleep(0.3)
            os.kill(pid, signal.SIGKILL)
            deadline = time.time() + 10
            while Path(f"/proc/{pid}").exists() and time.time() < deadline:
                time.sleep(0.1)
    finally:
        ctx.close()
    assert checksums(db) == before  # reopened: exactly the old rows, the old data version
    assert before["workers"][0] == 300
    # a restarted server opens it and serves the old figures without a message about damage
    with streamlit_server(db) as url:
        page = browser.new_page()
        page.goto(url)
        wait_idle(page)
        assert_no_exception(page)
        assert page.locator("[data-testid='stAlertContentError']").count() == 0
        page.get_by_text(f"Data version {before['version']}").first.wait_for(timeout=30_000)
        page.close()

