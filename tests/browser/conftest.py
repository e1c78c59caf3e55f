"""Real-browser fixtures: a real `streamlit run` server and Debian's Chromium via Playwright."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(db_path: Path, extra_env: dict | None = None):
    """Start `streamlit run app.py` on a free port against `db_path`; yield its base URL."""
    port = free_port()
    env = {**os.environ, "STAFFING_LENS_DB": str(db_path), **(extra_env or {})}
    log = open(db_path.parent / f"server_{port}.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"streamlit did not start: see {log.name}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """A server on a fresh workspace that seeds itself from data/sample on first start."""
    db = tmp_path_factory.mktemp("browser") / "workspace.duckdb"
    with streamlit_server(db) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run .ci/run (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1440, "height": 1000})
    pg = ctx.new_page()
    yield pg
    ctx.close()


def wait_idle(page, timeout: float = 60_000) -> None:
    """Wait until Streamlit has finished the current script run (as Streamlit's e2e suite does)."""
    page.wait_for_timeout(300)
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_timeout(200)
    page.wait_for_selector(IDLE, timeout=timeout)


def wait_for_charts(page, n: int, timeout: float = 30_000) -> int:
    """Wait until at least `n` plotly charts are drawn (Streamlit loads the plotly element lazily,
    so they can appear after the script run has finished); return how many there are."""
    page.wait_for_function(f"() => document.querySelectorAll('.js-plotly-plot').length >= {n}", timeout=timeout)
    return page.locator(".js-plotly-plot").count()


def assert_no_exception(page) -> None:
    exc = page.locator("[data-testid='stException']")
    assert exc.count() == 0, exc.first.inner_text()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    # lazily loaded elements (plotly) fetch their code after the script run: let that finish
    page.wait_for_load_state("networkidle", timeout=15_000)
    # Streamlit scrolls inside its main container, so full_page alone stops at the viewport:
    # grow the viewport to the content's height for the shot, then restore it.
    size = page.viewport_size
    height = page.evaluate(
        "() => Math.max(...['stMain', 'stAppScrollToBottomContainer', 'stAppViewContainer']"
        ".map(id => document.querySelector(`[data-testid='${id}']`)?.scrollHeight || 0))"
    )
    page.set_viewport_size({"width": size["width"], "height": min(max(height, size["height"]), 6000)})
    page.wait_for_timeout(400)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
    print(f"screenshot: {path}")
    return path
