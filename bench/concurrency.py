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
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from analytics.console import query as sql_console
from analytics.metrics import costs, utilization
from analytics.metrics.filters import Filters
from analytics.store.db import ROOT, Workspace
from bench.timing import PeakRss

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
# Issue 18, item 1: one short query building one huge value, which neither DuckDB's memory_limit
# nor a time limit acting between vectors stops (10–16 GB in the server before the console's process).
VALUE_ATTACKS = {
    "len(range(10^9))": "SELECT len(range(1000000000))",
    "repeat('x', 4294967295)": "SELECT length(repeat('x', 4294967295))",
    "lpad('x', 2·10^9, 'y')": "SELECT length(lpad('x', 2000000000, 'y'))",
    "list_resize([1], 10^9)": "SELECT len(list_resize([1], 1000000000))",
}
ALL_ATTACKS = {**ATTACKS, **VALUE_ATTACKS}

# Issue 18's figures: stopped within the time limit + 2 s, the server's RSS growing by < 200 MB,
# other sessions keeping their p95 (taken as: at most P95_KEPT × the idle p95).
STOP_GRACE_S = 2.0
MAX_RSS_GROWTH_MB = 200.0
P95_KEPT = 1.5
MB = 1024 * 1024


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0–100) of a non-empty list."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100 * len(s) + 0.5)) - 1))
    return s[k]


def message_kind(message: str) -> str:
    """Which limit a console (or upload) message names, in a word or two."""
    m = message.lower()
    if message == "ran to completion":
        return "ran"
    if "time limit" in m and "cpu" not in m:
        return "time limit"
    if "cpu time" in m:
        return "CPU limit"
    if "stopped unexpectedly" in m:  # before memory: its message names memory as the usual cause
        return "process died"
    if "too much memory" in m or "memory to read" in m:
        return "memory limit"
    if "declares" in m and "cells" in m:
        return "declared size"
    if "zip bomb" in m or "unpacks to" in m or "of text (shared strings)" in m:
        return "zip directory"
    if "longer than" in m:
        return "time limit"
    return "error"


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
    rss_growth_mb: float = 0.0  # the server process's own peak RSS above its RSS at the start
    limit_s: float = 0.0  # the attack must be stopped within this (time limit + grace, or 5 s)

    @property
    def kind(self) -> str:
        return message_kind(self.message)

    @property
    def stopped_in_time(self) -> bool:
        return self.kind != "ran" and self.attack_seconds <= self.limit_s

    @property
    def memory_held(self) -> bool:
        return self.rss_growth_mb < MAX_RSS_GROWTH_MB

    @property
    def p95_kept(self) -> bool:
        """No page query failed and their p95 stayed within P95_KEPT × idle (vacuously so when the
        attack was over before one page query had finished)."""
        return not self.failures and (self.queries == 0 or self.during_p95 <= P95_KEPT * self.baseline_p95)

    @property
    def met(self) -> bool:
        return self.stopped_in_time and self.memory_held and self.p95_kept


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


def attack_latency(
    ws: Workspace, name: str, attack: Callable[[], str], limit_s: float, baseline_runs: int = 20
) -> AttackResult:
    """Run `attack` (returning the message the user sees) on a thread, as one session would,
    while this thread keeps running another session's page queries; compare their latency with
    an idle baseline, and sample this process's own RSS (the server's; the console's and the
    workbook parser's child processes are not counted) from just before the attack to its end."""
    filters = whole_period_filters(ws)
    _timed(ws, filters, 2)  # warm
    base = _timed(ws, filters, baseline_runs)
    box: dict = {}

    def attacker() -> None:
        t = time.perf_counter()
        box["message"] = attack()
        box["seconds"] = time.perf_counter() - t

    during: list[float] = []
    failures: list[str] = []
    with PeakRss(children=False, every=0.02) as rss:
        th = threading.Thread(target=attacker)
        th.start()
        time.sleep(0.05)
        while th.is_alive():
            t = time.perf_counter()
            try:
                _other_session_query(ws, filters)
            except Exception as exc:  # a page query that fails under attack is the finding
                failures.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}")
            during.append(time.perf_counter() - t)
        th.join()
    queries = len(during)
    during = during or [0.0]  # over before one page query finished: nothing was slowed
    return AttackResult(
        attack=name,
        message=box.get("message", ""),
        attack_seconds=box.get("seconds", 0.0),
        baseline_p50=statistics.median(base),
        baseline_p95=percentile(base, 95),
        during_p50=statistics.median(during),
        during_p95=percentile(during, 95),
        during_max=max(during),
        queries=queries,
        failures=failures,
        rss_growth_mb=rss.growth / MB,
        limit_s=limit_s,
    )


def console_attack(ws: Workspace, sql: str, timeout_s: float) -> Callable[[], str]:
    """The console's own entry point, as the Data page's SQL tab calls it: the user's message."""

    def run() -> str:
        try:
            sql_console.run_query(ws, sql, timeout_s=timeout_s)
            return "ran to completion"
        except sql_console.SqlRefused as exc:
            return str(exc)

    return run


def sql_attack_latency(ws: Workspace, attack: str, timeout_s: float = 5.0, baseline_runs: int = 20) -> AttackResult:
    """One console attack (a name of ALL_ATTACKS) against another session's page queries."""
    sql_console.console_snapshot(ws)  # built once per data version, not per query
    return attack_latency(ws, attack, console_attack(ws, ALL_ATTACKS[attack], timeout_s),
                          timeout_s + STOP_GRACE_S, baseline_runs)


def write_section(lines: list[str], path: Path = RESULTS, begin: str = CONCURRENCY_BEGIN, end: str = CONCURRENCY_END) -> None:
    """Replace the text between the markers (the concurrency ones unless told; appended if absent)."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    body = "\n".join([begin, *lines, end])
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        tail = rest.split(end, 1)[1]
        text = head + body + tail
    else:
        text = text.rstrip("\n") + "\n\n" + body + "\n"
    path.write_text(text, encoding="utf-8")


def _ms(x: float) -> str:
    return f"{x * 1e3:.0f}"


def attack_rows(results: list[AttackResult]) -> list[str]:
    """One table row per attack: the answer and its kind, time to stop, the server's RSS growth,
    the other session's latency, and whether each of issue 18's bounds held."""
    out = [
        f"| attack | answer (kind) | stopped after (≤ limit) | server RSS growth (< {MAX_RSS_GROWTH_MB:.0f} MB) | "
        f"other session idle p50 / p95 | during p50 / p95 / max | p95 kept (≤ {P95_KEPT:g}× idle) | failures | |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        if r.queries:
            during = f"{_ms(r.during_p50)} / {_ms(r.during_p95)} / {_ms(r.during_max)} ms ({r.queries} runs)"
            ratio = f"{r.during_p95 / r.baseline_p95 if r.baseline_p95 else 0:.2f}×"
        else:
            during, ratio = "— (over before one page query finished)", "—"
        out.append(
            f"| {r.attack} | {r.message.split('. ')[0]} ({r.kind}) | {r.attack_seconds:.2f} s (≤ {r.limit_s:g} s) "
            f"{report_ok(r.stopped_in_time)} | {r.rss_growth_mb:,.0f} MB {report_ok(r.memory_held)} | "
            f"{_ms(r.baseline_p50)} / {_ms(r.baseline_p95)} ms | {during} | "
            f"{ratio} {report_ok(r.p95_kept)} | {len(r.failures)} | {report_ok(r.met)} |"
        )
    return out


def report_ok(passed: bool) -> str:
    return "✅" if passed else "❌"


def attack_lines(results: list[AttackResult], rows: dict[str, int], timeout_s: float, load: tuple[float, float] | None = None) -> list[str]:
    lines = [
        "### SQL console under attack",
        "",
        f"Workspace: the bundled sample ({rows['timesheets']:,} timesheet rows); console time limit "
        f"{timeout_s:g} s; each query runs in its own child process whose memory is capped at "
        f"{sql_console.MAX_QUERY_MEMORY_BYTES / 1024**3:.1f} GB over its start (RLIMIT_AS), 1 thread. The last four rows are "
        "issue 18's item-1 queries (one huge value each). Stopped after: from the call to `sql_console.run_query` "
        "to the message (the snapshot the child opens is built beforehand, once per data version). Server RSS "
        "growth: this process's own resident memory (psutil, sampled every 20 ms; the child's is not counted) at "
        "its highest during the attack, above its value just before. \"Other session\" = one Costs + "
        "Utilization page's uncached queries (period facts and weekly utilization facts), run back to back on "
        "another thread while the attack runs; idle = 20 runs just before. Targets (issue 18): stopped within the "
        f"time limit + {STOP_GRACE_S:g} s, RSS growth < {MAX_RSS_GROWTH_MB:.0f} MB, the other session's p95 kept "
        f"(taken as ≤ {P95_KEPT:g}× its idle p95, no failures).",
    ]
    if load:
        lines.append(f"1-minute load average {load[0]:.1f} at the start, {load[1]:.1f} at the end (the machine is shared).")
    return lines + ["", *attack_rows(results)]


def run_attacks(timeout_s: float = 5.0, attacks: dict[str, str] | None = None) -> tuple[list[AttackResult], dict[str, int]]:
    with tempfile.TemporaryDirectory() as d:
        ws = Workspace(Path(d) / "attack.duckdb", lock_down=True, load_sample=True)
        try:
            return [sql_attack_latency(ws, a, timeout_s) for a in (attacks or ALL_ATTACKS)], ws.row_counts()
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


READ_JS = """() => {
    const exc = document.querySelector("[data-testid='stException'], [data-testid='stAlertContentError']");
    const box = [...document.querySelectorAll("[data-testid='stMetric']")].find(e => e.innerText.includes("Contractor spend"));
    const value = box ? box.querySelector("[data-testid='stMetricValue']") : null;
    return [exc ? exc.innerText : null, value ? value.innerText.trim() : null];
}"""  # the first error shown, and the Contractor spend metric's value (None where the page has none)


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
    # read in one evaluation: a rerun can replace an element between a count and a read of its text
    error, figure = await page.evaluate(READ_JS)
    return PageVisit(session, path or "overview", seconds, versions, figure, error)


async def drive_sessions(url: str, sessions: int, rounds: int = 1, during=None, final: str | None = None) -> list[PageVisit]:
    """`sessions` browser contexts at once, each visiting every page `rounds` times; `during`
    (an async function of the browser) runs alongside them, e.g. an upload; then, once it has
    finished, each session opens `final` again in the same tab."""
    import asyncio

    from playwright.async_api import async_playwright

    from harness.servers import CHROMIUM, CHROMIUM_ARGS

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
    from harness.servers import streamlit_server

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


PAGE_TIMES = "### Page times with concurrent browser sessions"


def kept_page_times(path: Path = RESULTS) -> list[str]:
    """The page-times block already in RESULTS.md (kept when only the attacks are rerun)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if PAGE_TIMES not in text or CONCURRENCY_END not in text:
        return []
    block = text.split(PAGE_TIMES, 1)[1].split(CONCURRENCY_END, 1)[0]
    block = block.split("### SQL console under attack", 1)[0].removeprefix("\n").rstrip("\n")
    return [PAGE_TIMES, *block.split("\n"), ""]


def main() -> None:
    import os

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--skip-browser", action="store_true", help="keep the page times already in RESULTS.md")
    p.add_argument("--out", type=Path, default=RESULTS)
    a = p.parse_args()
    lines = ["## Concurrency and the SQL console under attack (`python -m bench.concurrency`)", ""]
    lines += kept_page_times(a.out) if a.skip_browser else page_time_lines() + [""]
    start = os.getloadavg()[0]
    results, rows = run_attacks(5.0)
    lines += attack_lines(results, rows, 5.0, (start, os.getloadavg()[0]))
    write_section(lines, a.out)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
