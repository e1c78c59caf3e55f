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
TABS = int(os.environ.get("STAFFING_LENS_CHART_TABS", "2"))  # kaleido tabs drawing at once


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


class ChartRenderer:
    """One Chromium (through kaleido) in a thread of its own with its own event loop, started as
    soon as the renderer is made, so the browser starts while the report's figures are gathered.
    `render(figures)` returns SVGs (or Nones) and the reason charts are missing, if they are;
    `close()` ends the browser. Never raises for a missing or broken browser."""

    def __init__(self, *, chromium: str | None = None, width: int = WIDTH, height: int = HEIGHT, tabs: int = TABS):
        self.width, self.height, self.tabs = width, height, tabs
        self.path = chromium or find_chromium()
        self.error: str | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido = None
        self._ready = threading.Event()
        if not self.path:
            where = os.environ.get(CHROMIUM_ENV) if CHROMIUM_ENV in os.environ else CHROMIUM_CANDIDATES[0]
            self.error = f"Chromium was not found (looked for {where or 'none: charts turned off'})."
            return
        self._thread = threading.Thread(target=self._run, daemon=True, name="report-charts")
        self._thread.start()

    def _run(self) -> None:
        loop = self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            import kaleido

            # mathjax=False: kaleido would otherwise fetch MathJax from a CDN.
            k = kaleido.Kaleido(path=self.path, mathjax=False, n=self.tabs, timeout=TIMEOUT_S)
            loop.run_until_complete(k.__aenter__())
            self._kaleido = k
        except (ImportError, RuntimeError, TimeoutError, OSError) as exc:
            # ChromeNotFoundError, BrowserFailedError, JavascriptError are RuntimeErrors.
            self.error = _why(exc)
        finally:
            self._ready.set()
        if self._kaleido is not None:
            loop.run_forever()
        loop.close()

    def render(self, figures: Sequence[go.Figure]) -> tuple[list[str | None], str | None]:
        if not figures:
            return [], self.error
        if self.path:
            self._ready.wait()
        if self._kaleido is None or self._loop is None:
            return [None] * len(figures), self.error
        opts = {"format": "svg", "width": self.width, "height": self.height}

        async def draw() -> list:
            return list(await asyncio.gather(*(self._kaleido.calc_fig(f, opts=opts) for f in figures)))

        try:
            svgs = asyncio.run_coroutine_threadsafe(draw(), self._loop).result(timeout=TIMEOUT_S * 2)
        except (RuntimeError, TimeoutError, OSError) as exc:
            self.error = _why(exc)
            return [None] * len(figures), self.error
        return [_svg_only(s) for s in svgs], None

    def close(self) -> None:
        if self._kaleido is None or self._loop is None:
            return
        k, self._kaleido = self._kaleido, None
        try:
            asyncio.run_coroutine_threadsafe(k.__aexit__(None, None, None), self._loop).result(timeout=TIMEOUT_S)
        except (RuntimeError, TimeoutError, OSError):
            pass  # the browser is going away either way
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=TIMEOUT_S)

    def __enter__(self) -> ChartRenderer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _why(exc: BaseException) -> str:
    first = str(exc).splitlines()[0][:200] if str(exc) else ""
    return f"the chart renderer failed ({type(exc).__name__}: {first})."


def render_svgs(
    figures: Sequence[go.Figure], *, width: int = WIDTH, height: int = HEIGHT, chromium: str | None = None
) -> tuple[list[str | None], str | None]:
    """Each figure as an SVG string, and None; or a list of None and why charts are missing."""
    with ChartRenderer(chromium=chromium, width=width, height=height) as r:
        return r.render(figures)
