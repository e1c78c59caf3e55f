"""Concurrency figures: page times with 1, 5 and 10 browser sessions at once against a real
`streamlit run` server, and another session's query latency while the SQL console is attacked.

    python -m bench.concurrency              # both, written to bench/RESULTS.md
    python -m bench.concurrency --skip-browser

Only the section between CONCURRENCY_BEGIN and CONCURRENCY_END of bench/RESULTS.md is written
(bench/run.py owns the rest of that file).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from analytics import costs, sql_console, utilization
from analytics.db import ROOT, Workspace
from analytics.filters import Filters

RESULTS = ROOT / "bench" / "RESULTS.md"
CONCURRENCY_BEGIN = "<!-- concurrency:begin -->"
CONCURRENCY_END = "<!-- concurrency:end -->"

# Console queries that would run for ever or fill memory without the limits.
ATTACKS = {
    "count over range(10^12)": "SELECT count(*) FROM range(1000000000000)",
    "3-way cross join of timesheets": "SELECT count(*) FROM timesheets a, timesheets b, timesheets c",
    "unbounded recursive CTE": "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r",
    "list of 3×10^8 integers (memory)": "SELECT max(t) FROM (SELECT list(range) AS t FROM range(300000000))",
}


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0–100) of a non-empty list."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100 * len(s) + 0.5)) - 1))
    return s[k]


def _other_session_query(ws: Workspace, filters: Filters) -> None:
    """What a Costs/Utilization page asks DuckDB for (uncached)."""
    costs.period_facts(ws, filters)
    utilization.utilization_facts(ws, filters)


@dataclass
class AttackResult:
    attack: str
    message: str  # what the console said
    attack_seconds: float
    baseline_p50: float
    baseline_p95: float
    during_p50: float
    during_p95: float
    during_max: float
    queries: int
    failures: list[str] = field(default_factory=list)


def whole_period_filters(ws: Workspace) -> Filters:
    r = ws.sql("SELECT min(week_start) AS a, max(week_start) AS b FROM worker_weeks")
    a, b = r["a"].iloc[0], r["b"].iloc[0]
    return Filters(date(a.year, a.month, 1), date(b.year, 12, 31))


def _timed(ws: Workspace, filters: Filters, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        _other_session_query(ws, filters)
        out.append(time.perf_counter() - t)
    return out


def sql_attack_latency(ws: Workspace, attack: str, timeout_s: float = 5.0, baseline_runs: int = 5) -> AttackResult:
    """Run one console attack on a thread (as one session would) while this thread keeps
    running another session's page queries; compare their latency with an idle baseline."""
    filters = whole_period_filters(ws)
    _timed(ws, filters, 1)  # warm
    base = _timed(ws, filters, baseline_runs)
    box: dict = {}

    def attacker() -> None:
        t = time.perf_counter()
        try:
            sql_console.run_query(ws, ATTACKS[attack], timeout_s=timeout_s)
            box["message"] = "ran to completion"
        except sql_console.SqlRefused as exc:
            box["message"] = str(exc)
        box["seconds"] = time.perf_counter() - t

    th = threading.Thread(target=attacker)
    th.start()
    time.sleep(0.2)
    during: list[float] = []
    failures: list[str] = []
    while th.is_alive():
        t = time.perf_counter()
        try:
            _other_session_query(ws, filters)
        except Exception as exc:  # a page query that fails under attack is the finding
            failures.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}")
        during.append(time.perf_counter() - t)
    th.join()
    during = during or [0.0]
    return AttackResult(
        attack=attack,
        message=box.get("message", ""),
        attack_seconds=box.get("seconds", 0.0),
        baseline_p50=statistics.median(base),
        baseline_p95=percentile(base, 95),
        during_p50=statistics.median(during),
        during_p95=percentile(during, 95),
        during_max=max(during),
        queries=len(during),
        failures=failures,
    )


def write_section(lines: list[str], path: Path = RESULTS) -> None:
    """Replace the text between the concurrency markers (appending them if absent)."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    body = "\n".join([CONCURRENCY_BEGIN, *lines, CONCURRENCY_END])
    if CONCURRENCY_BEGIN in text and CONCURRENCY_END in text:
        head, rest = text.split(CONCURRENCY_BEGIN, 1)
        tail = rest.split(CONCURRENCY_END, 1)[1]
        text = head + body + tail
    else:
        text = text.rstrip("\n") + "\n\n" + body + "\n"
    path.write_text(text, encoding="utf-8")


def attack_lines(results: list[AttackResult], rows: dict[str, int], timeout_s: float) -> list[str]:
    lines = [
        "### SQL console under attack",
        "",
        f"Workspace: the bundled sample ({rows['timesheets']:,} timesheet rows); console time limit "
        f"{timeout_s:g} s; each query runs in its own child process whose memory is capped at "
        f"{sql_console.MAX_QUERY_MEMORY_BYTES / 1024**3:.1f} GB over its start (RLIMIT_AS), 1 thread. \"Other session\" = one Costs + "
        "Utilization page's uncached queries (period facts and weekly utilization facts), run back to back on "
        "another thread while the attack runs.",
        "",
        "| attack | console answer | stopped after | other session idle p50 / p95 | during attack p50 / p95 / max | failures |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.attack} | {r.message.split('. ')[0]} | {r.attack_seconds:.1f} s | "
            f"{r.baseline_p50 * 1e3:.0f} / {r.baseline_p95 * 1e3:.0f} ms | "
            f"{r.during_p50 * 1e3:.0f} / {r.during_p95 * 1e3:.0f} / {r.during_max * 1e3:.0f} ms ({r.queries} runs) | "
            f"{len(r.failures)} |"
        )
    return lines


def run_attacks(timeout_s: float = 5.0) -> tuple[list[AttackResult], dict[str, int]]:
    with tempfile.TemporaryDirectory() as d:
        ws = Workspace(Path(d) / "attack.duckdb", lock_down=True, load_sample=True)
        try:
            return [sql_attack_latency(ws, a, timeout_s) for a in ATTACKS], ws.row_counts()
        finally:
            ws.close()


# -- browser sessions ---------------------------------------------------------------------
PAGES = ["", "costs", "break_even", "utilization", "duration", "data"]
FIGURE_PAGES = ("", "costs")  # pages showing the "Contractor spend" metric
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
VERSION_JS = (
    "() => [...document.querySelectorAll('[data-testid=\"stCaptionContainer\"]')]"
    ".map(e => e.innerText).filter(t => t.startsWith('Data version'))"
)


@dataclass
class PageVisit:
    session: int
    page: str
    seconds: float
    versions: list[str]  # every "Data version N" caption on the page (exactly one if consistent)
    figure: str | None  # the Contractor spend metric, where the page has one
    error: str | None
    final: bool = False  # the visit made after `during` had finished


async def _idle(page) -> None:
    await page.wait_for_timeout(300)
    await page.wait_for_selector(IDLE, timeout=90_000)
    await page.wait_for_timeout(150)
    await page.wait_for_selector(IDLE, timeout=90_000)


async def visit(page, url: str, session: int, path: str) -> PageVisit:
    """Open one page and wait until its script run has finished; read what it shows."""
    t = time.perf_counter()
    await page.goto(f"{url}/{path}", timeout=120_000)  # ten sessions share two cores: generous
    # every page run ends by drawing the footer; before the first run the app can look idle
    await page.locator("[data-testid='stCaptionContainer']", has_text="Data version").first.wait_for(timeout=90_000)
    await _idle(page)
    box = page.locator("[data-testid='stMetric']").filter(has_text="Contractor spend")
    if path in FIGURE_PAGES:
        # a fresh session can rerun once right after its first run; wait for the figure itself
        await box.first.wait_for(timeout=90_000)
        await _idle(page)
    seconds = time.perf_counter() - t
    versions = await page.evaluate(VERSION_JS)
    exc = page.locator("[data-testid='stException'], [data-testid='stAlertContentError']")
    error = (await exc.first.inner_text()) if await exc.count() else None
    figure = None
    if await box.count():
        figure = (await box.first.locator("[data-testid='stMetricValue']").inner_text()).strip()
    return PageVisit(session, path or "overview", seconds, versions, figure, error)


async def drive_sessions(url: str, sessions: int, rounds: int = 1, during=None, final: str | None = None) -> list[PageVisit]:
    """`sessions` browser contexts at once, each visiting every page `rounds` times; `during`
    (an async function of the browser) runs alongside them, e.g. an upload; then, once it has
    finished, each session opens `final` again in the same tab."""
    import asyncio

    from playwright.async_api import async_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    visits: list[PageVisit] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)

        done = asyncio.Event()

        async def one(i: int) -> None:
            ctx = await browser.new_context(viewport={"width": 1280, "height": 900})
            page = await ctx.new_page()
            for _ in range(rounds):
                for path in PAGES:
                    visits.append(await visit(page, url, i, path))
            if final is not None:
                await done.wait()
                v = await visit(page, url, i, final)
                v.final = True
                visits.append(v)
            await ctx.close()

        async def side() -> None:
            try:
                if during is not None:
                    await during(browser)
            finally:
                done.set()

        jobs = [one(i) for i in range(sessions)] + [side()]
        await asyncio.gather(*jobs)
        await browser.close()
    return visits


def page_time_lines(counts: tuple[int, ...] = (1, 5, 10), rounds: int = 2) -> list[str]:
    """p50/p95 of a page load (navigation to the end of the script run) for 1, 5 and 10
    sessions at once on a private server over the bundled sample."""
    import asyncio
    import os

    from bench.isolated import in_own_thread
    from tests.browser.conftest import streamlit_server

    rows = []
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as d:
        with streamlit_server(Path(d) / "workspace.duckdb") as url:
            in_own_thread(asyncio.run, drive_sessions(url, 1, 1))  # warm the server and its caches
            for n in counts:
                visits = in_own_thread(asyncio.run, drive_sessions(url, n, rounds))
                times = [v.seconds for v in visits]
                errors = sum(1 for v in visits if v.error)
                rows.append(f"| {n} | {len(visits)} | {statistics.median(times):.2f} s | {percentile(times, 95):.2f} s | "
                            f"{max(times):.2f} s | {errors} |")
    return [
        "### Page times with concurrent browser sessions",
        "",
        f"Private `streamlit run` server on the bundled sample; each session (its own Chromium context) opens "
        f"{', '.join(p or 'overview' for p in PAGES)} {rounds}× in turn; time = navigation until the script run "
        "has finished (warm caches after the first session). One headless Chromium on the same 2-core machine "
        "as the server, so the figures include the browsers' own CPU (rendering the charts dominates: "
        f"this is a CPU-bound 2-core box). 1-minute load average {load_before:.1f} at the start, "
        f"{os.getloadavg()[0]:.1f} at the end (the sessions' own Chromium processes count towards it, as may other work on the machine).",
        "",
        "| sessions | page loads | p50 | p95 | max | errors |",
        "|---|---|---|---|---|---|",
        *rows,
    ]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--skip-browser", action="store_true")
    p.add_argument("--out", type=Path, default=RESULTS)
    a = p.parse_args()
    lines = ["## Concurrency and the SQL console under attack (`python -m bench.concurrency`)", ""]
    if not a.skip_browser:
        lines += page_time_lines() + [""]
    results, rows = run_attacks(5.0)
    lines += attack_lines(results, rows, 5.0)
    write_section(lines, a.out)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
