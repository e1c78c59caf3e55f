"""Real-browser fixtures: a real `streamlit run` server and Debian's Chromium via Playwright."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.servers import (  # noqa: F401 (re-exported)
    CHROMIUM,
    CHROMIUM_ARGS,
    IDLE,
    SHOW_SMALL_GROUPS,
    free_port,
    streamlit_server,
)
from harness.workspaces import workspace_file
from tests import tiny

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """A server on a fresh workspace that seeds itself from data/sample on first start."""
    db = tmp_path_factory.mktemp("browser") / "workspace.duckdb"
    with streamlit_server(db) as url:
        yield url


@pytest.fixture
def tiny_server(tmp_path):
    """A server on tests/tiny.py's organisation, with the pay of its small groups shown."""
    db = workspace_file(tmp_path / "workspace.duckdb", tiny.write_csvs(tmp_path / "csv"))
    with streamlit_server(db, SHOW_SMALL_GROUPS) as url:
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


def open_page(page, server: str, path: str) -> None:
    """Load the app's root first, then the page: on a freshly started server a deep link as the very
    first request runs the page without app.py (Streamlit treats pages/ as an old-style multipage
    folder until st.navigation has run once)."""
    page.goto(server)
    wait_idle(page)
    if path:
        page.goto(f"{server}/{path}")
        wait_idle(page)


def metric(page, label: str) -> str:
    box = page.locator("[data-testid='stMetric']").filter(has_text=label).first
    box.wait_for(timeout=60_000)  # a shared 2-core machine can be slow to draw the first page
    return box.locator("[data-testid='stMetricValue']").inner_text().strip()


def choose_file(page, path) -> None:
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(path))
    wait_idle(page)
    page.get_by_text(path.name).first.wait_for(timeout=20_000)
    wait_idle(page)
