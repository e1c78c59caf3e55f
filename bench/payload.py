"""What a real server sends: bytes on the websocket per page load (Playwright + Chromium against
`streamlit run`), at sample size and at scale, and the server's peak resident memory while the
pages load."""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from bench.pages import PAGES
from bench.timing import PeakRss


@dataclass
class PayloadResult:
    label: str  # "sample" or "scale"
    bytes: dict[str, int] = field(default_factory=dict)  # page → websocket bytes received
    seconds: dict[str, float] = field(default_factory=dict)  # page → load until idle
    errors: dict[str, str] = field(default_factory=dict)  # page → exception shown, if any
    peak_rss_mb: float = 0.0  # the server process (and children) while loading the pages


def _server_process(url: str) -> psutil.Process:
    port = url.rsplit(":", 1)[1]
    for p in psutil.Process().children(recursive=True):
        try:
            if "streamlit" in " ".join(p.cmdline()) and port in p.cmdline():
                return p
        except psutil.Error:
            continue
    raise RuntimeError(f"no streamlit server process on port {port}")


def measure_payload(label: str, db_source: Path | None, log=print, pages: tuple[str, ...] = tuple(PAGES)) -> PayloadResult:
    """See `_measure_payload`; runs on its own thread so it also works beside the browser tests' Playwright."""
    from bench.isolated import in_own_thread

    return in_own_thread(_measure_payload, label, db_source, log, pages)


def _measure_payload(label: str, db_source: Path | None, log, pages: tuple[str, ...]) -> PayloadResult:
    """Start a server on a copy of `db_source` (None: a fresh workspace seeded from the sample),
    load each page once in a fresh browser session and count what arrives on the websocket."""
    from playwright.sync_api import sync_playwright

    from harness.servers import CHROMIUM, CHROMIUM_ARGS, IDLE, streamlit_server

    r = PayloadResult(label)
    with tempfile.TemporaryDirectory(prefix="bench_server_") as tmp:
        db = Path(tmp) / "workspace.duckdb"
        if db_source is not None:
            shutil.copyfile(db_source, db)
        with streamlit_server(db) as url, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            with PeakRss(_server_process(url).pid) as rss:
                for key in pages:
                    ctx = browser.new_context(viewport={"width": 1440, "height": 1000})
                    page = ctx.new_page()
                    received = [0]

                    def on_ws(ws, received=received):
                        ws.on("framereceived", lambda payload: received.__setitem__(0, received[0] + len(payload)))

                    page.on("websocket", on_ws)
                    t0 = time.perf_counter()
                    page.goto(f"{url}/{'' if key == 'overview' else key}")
                    page.wait_for_timeout(300)
                    page.wait_for_selector(IDLE, timeout=600_000)
                    page.wait_for_timeout(500)  # let trailing frames arrive
                    page.wait_for_selector(IDLE, timeout=600_000)
                    r.seconds[key] = time.perf_counter() - t0 - 0.8
                    r.bytes[key] = received[0]
                    exc = page.locator("[data-testid='stException']")
                    if exc.count():
                        r.errors[key] = exc.first.inner_text()[:300]
                    ctx.close()
                    log(f"  {label:<6} {key:<12} {received[0] / 1e3:8.1f} kB  {r.seconds[key]:5.2f} s")
            r.peak_rss_mb = rss.peak / 2**20
            browser.close()
    log(f"  {label} server peak RSS {r.peak_rss_mb:.0f} MB")
    return r
