"""Static chart images for reports: plotly figures to SVG through kaleido and the machine's own
Chromium, one browser for the whole report (kaleido starts Chromium once per `Kaleido` context;
`plotly.io.to_image` would start it once per chart). Never raises for a missing or broken
browser: the report is built without charts and says why."""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
from collections.abc import Sequence
from pathlib import Path

import plotly.graph_objects as go

CHROMIUM_ENV = "STAFFING_LENS_CHROMIUM"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/lib/chromium/chromium")
WIDTH, HEIGHT = 760, 360
TIMEOUT_S = 60


def find_chromium() -> str | None:
    """The Chromium to draw charts with: $STAFFING_LENS_CHROMIUM if set (an empty or missing
    path there means "none": how a test or an operator turns charts off), else Debian's."""
    if CHROMIUM_ENV in os.environ:
        candidates = [os.environ[CHROMIUM_ENV]]
    else:
        candidates = [*CHROMIUM_CANDIDATES, shutil.which("chromium") or ""]
    for p in candidates:
        if p and Path(p).is_file() and os.access(p, os.X_OK):
            return p
    return None


def _svg_only(svg: bytes | str) -> str:
    text = svg.decode("utf-8") if isinstance(svg, bytes) else svg
    return text[text.find("<svg"):]  # drop any XML prolog: the SVG is inlined into HTML


def render_svgs(
    figures: Sequence[go.Figure], *, width: int = WIDTH, height: int = HEIGHT, chromium: str | None = None
) -> tuple[list[str | None], str | None]:
    """Each figure as an SVG string, and None; or a list of None and the reason charts are
    missing ("Chromium not found …", or the browser's error)."""
    if not figures:
        return [], None
    path = chromium or find_chromium()
    if not path:
        where = os.environ.get(CHROMIUM_ENV) if CHROMIUM_ENV in os.environ else CHROMIUM_CANDIDATES[0]
        return [None] * len(figures), f"Chromium was not found (looked for {where or 'none: charts turned off'})."
    try:
        import kaleido
    except ImportError as exc:  # pragma: no cover - kaleido is pinned in requirements.txt
        return [None] * len(figures), f"kaleido is not installed ({exc})."

    async def run() -> list:
        # mathjax=False: kaleido would otherwise fetch MathJax from a CDN.
        async with kaleido.Kaleido(path=path, mathjax=False, n=1, timeout=TIMEOUT_S) as k:
            opts = {"format": "svg", "width": width, "height": height}
            return [await k.calc_fig(f, opts=opts) for f in figures]

    box: dict[str, object] = {}

    def thread() -> None:
        # Its own thread and event loop: works whether or not the caller (Streamlit, a CLI)
        # already runs an event loop.
        try:
            box["out"] = asyncio.run(run())
        except (RuntimeError, TimeoutError, OSError) as exc:
            # ChromeNotFoundError, BrowserFailedError, JavascriptError are RuntimeErrors.
            first = str(exc).splitlines()[0][:200] if str(exc) else ""
            box["err"] = f"the chart renderer failed ({type(exc).__name__}: {first})."

    t = threading.Thread(target=thread, daemon=True, name="report-charts")
    t.start()
    t.join()
    if "err" in box:
        return [None] * len(figures), str(box["err"])
    return [_svg_only(s) for s in box["out"]], None  # type: ignore[union-attr]
