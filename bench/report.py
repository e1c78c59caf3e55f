"""Writing the figures: bench/RESULTS.md (every figure against its target) and the headline
table between the README's bench markers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from bench.metrics import MetricResult
from bench.pages import PageResult
from bench.payload import PayloadResult
from bench.upload import UploadResult

BEGIN = "<!-- bench:begin -->"
END = "<!-- bench:end -->"

# Targets for this 2-core machine at ~10M timesheet rows (issue 6).
PAGE_ANALYTICS_S = 0.5
PAGE_WARM_S = 0.6
MIN_SPEEDUP = 3.0
UPLOAD_S = 5.0
PAYLOAD_BYTES = 1_000_000
PAYLOAD_GROWTH = 1.5  # "about the same": at scale at most 1.5 × the sample-size payload
SERVER_RSS_MB = 3 * 1024


def ok(passed: bool) -> str:
    return "✅" if passed else "❌"


@dataclass
class Results:
    machine: dict[str, str]
    dataset: dict[str, int]
    dataset_label: str
    load_avg: tuple[float, float]  # 1-minute load average at the start and the end
    derived_rebuild_s: float | None = None
    pages: list[PageResult] = field(default_factory=list)
    pandas_load_s: float | None = None
    metrics: list[MetricResult] = field(default_factory=list)
    upload: list[UploadResult] = field(default_factory=list)
    payload_sample: PayloadResult | None = None
    payload_scale: PayloadResult | None = None
    runs: int = 5
    # what-if: the same measurements with bench/proposed/*.sql swapped in for the current queries
    proposed: list = field(default_factory=list)  # bench.proposed.ProposedResult
    pages_proposed: list[PageResult] = field(default_factory=list)
    metrics_proposed: list[MetricResult] = field(default_factory=list)


def _s(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f} s"


def headline(r: Results, proposed: bool = False) -> list[tuple[str, str, str, bool]]:
    """(figure, target, result, met) rows: the worst case of each target — for the app as it is,
    or (proposed=True) with the proposed queries swapped in (page and metric rows only)."""
    rows = []
    pages = r.pages_proposed if proposed else r.pages
    metrics = r.metrics_proposed if proposed else r.metrics
    if proposed:
        return _page_metric_rows(pages, metrics)
    rows += _page_metric_rows(pages, metrics)
    rows += _other_rows(r)
    return rows


def _page_metric_rows(pages: list[PageResult], metrics: list[MetricResult]) -> list[tuple[str, str, str, bool]]:
    rows = []
    if pages:
        worst = max(pages, key=lambda p: p.analytics_cold)
        rows.append(("Page analytics, cold cache (slowest page)", f"≤ {PAGE_ANALYTICS_S} s",
                     f"{worst.analytics_cold:.2f} s ({worst.page})", worst.analytics_cold <= PAGE_ANALYTICS_S))
        worst = max(pages, key=lambda p: p.run_warm)
        rows.append(("Full page run, warm cache (slowest page)", f"≤ {PAGE_WARM_S} s",
                     f"{worst.run_warm:.2f} s ({worst.page})", worst.run_warm <= PAGE_WARM_S))
    if metrics:
        worst = min(metrics, key=lambda m: m.ratio)
        rows.append((f"DuckDB vs pandas (least gain of {len(metrics)} metrics)", f"≥ {MIN_SPEEDUP:.0f}× faster",
                     f"{worst.ratio:.1f}× ({worst.name.split(' (')[0].lower()})", worst.ratio >= MIN_SPEEDUP))
    return rows


def _other_rows(r: Results) -> list[tuple[str, str, str, bool]]:
    rows = []
    duck = next((u for u in r.upload if u.side == "duckdb"), None)
    if duck:
        rows.append((f"Upload {duck.rows:,}-row timesheet CSV (validate + load)", f"≤ {UPLOAD_S:.0f} s",
                     f"{duck.seconds:.2f} s, peak {duck.peak_rss_mb:,.0f} MB", duck.seconds <= UPLOAD_S))
    if r.payload_scale and r.payload_scale.bytes:
        page, b = max(r.payload_scale.bytes.items(), key=lambda kv: kv[1])
        growth = _growth(r)
        rows.append(("Bytes to the browser per page load (largest)", "≤ 1 MB, ~same as sample",
                     f"{b / 1e3:,.0f} kB ({page}); ≤ {growth:.2f}× sample" if growth else f"{b / 1e3:,.0f} kB ({page})",
                     b <= PAYLOAD_BYTES and (growth is None or growth <= PAYLOAD_GROWTH)))
        rows.append(("Server peak RSS while loading every page", "≤ 3 GB",
                     f"{r.payload_scale.peak_rss_mb:,.0f} MB", r.payload_scale.peak_rss_mb <= SERVER_RSS_MB))
    return rows


def _growth(r: Results) -> float | None:
    if not (r.payload_sample and r.payload_scale):
        return None
    g = [r.payload_scale.bytes[k] / v for k, v in r.payload_sample.bytes.items() if v and k in r.payload_scale.bytes]
    return max(g) if g else None


def _machine_line(r: Results) -> str:
    m = r.machine
    return (
        f"{m['cores']} cores ({m['cpu']}), {m['memory']} RAM, {m['os']}; Python {m['python']}, {m['versions']}; "
        f"measured {m['date']}; 1-minute load average {r.load_avg[0]:.1f} at the start, {r.load_avg[1]:.1f} at the end "
        "(the machine is shared)"
    )


def results_md(r: Results, notes: str = "") -> str:
    n = r.runs
    out = [
        "# Benchmark results",
        "",
        "Generated by `make bench` (`python -m bench.run`); do not edit by hand — the analysis is in",
        "bench/NOTES.md and is copied below.",
        "",
        f"**Machine:** {_machine_line(r)}.",
        "",
        f"**Dataset:** {r.dataset_label}: " + ", ".join(f"{k} {v:,}" for k, v in r.dataset.items()) + ".",
    ]
    if r.derived_rebuild_s is not None:
        out.append(f"Rebuilding the derived tables (worker_weeks, worker_months, …) takes {r.derived_rebuild_s:.2f} s at this size (part of every load).")
    out += ["", "## Headline", "", "| figure | target | result | |", "|---|---|---|---|"]
    out += [f"| {a} | {b} | {c} | {ok(d)} |" for a, b, c, d in headline(r)]
    if r.pages:
        out += [
            "", "## Pages (the app as it is)",
            "",
            f"Each page's analytics: every `analytics.cache.call` the page made while AppTest ran it, replayed "
            f"directly on the workspace with no cache (Σ over the page, median of {n}). Full run: AppTest rerunning "
            f"the page in a session already on it, after clearing `st.cache_data` (cold) or not (warm), median of {n}. "
            "Default filters (the last 12 months, everyone).",
            "",
        ]
        out += _pages_header() + _pages_rows(r.pages)
    if r.metrics:
        out += [
            "", "## DuckDB vs pandas (the app as it is)",
            "",
            "The app's own analytics functions (DuckDB) against straightforward pandas (bench/baseline.py) on the "
            "per-person tables the current queries read (workers, worker_weeks, worker_months, timesheets, "
            "engagements, engagement_hours), in the same run; both results are checked equal (largest relative "
            f"difference shown). Reading those tables into pandas took {r.pandas_load_s:.2f} s and is not counted. "
            f"Medians of {n}. Whole period, everyone (the bench list: the last 4 weeks of the default period).",
            "",
        ]
        out += _metric_rows(r.metrics)
    if r.proposed:
        out += [
            "", "## Proposed query changes (files other engineers own)",
            "",
            "cost_period_facts, spend_facts and utilization_facts: bench/proposed/<name>.sql is a drop-in "
            "replacement for analytics/sql/<name>.sql reading the group tables built at load "
            "(analytics/sql/build_group_*.sql). "
            "duration_by_delivery_model: a new query computing in one pass what "
            "`duration.by_delivery_model(duration.engagements(ws, filters))` forms in pandas. Each is checked to "
            f"return the same rows and numbers as the current code; medians of {n}.",
            "",
            "| query | period | rows | current | proposed | faster by | same numbers |",
            "|---|---|---|---|---|---|---|",
        ]
        for q in r.proposed:
            out.append(
                f"| {q.name} | {q.period} | {q.rows:,} | {q.current:.3f} s | {q.proposed:.3f} s | "
                f"{q.current / q.proposed:.0f}× | ✅ (max diff {q.max_rel_diff:.0e}) |"
            )
    if r.pages_proposed or r.metrics_proposed:
        out += [
            "", "## What-if: the same measurements with the proposed queries swapped in",
            "",
            "| figure | target | result | |", "|---|---|---|---|",
            *[f"| {a} | {b} | {c} | {ok(d)} |" for a, b, c, d in headline(r, proposed=True)],
            "",
        ]
        if r.pages_proposed:
            out += _pages_header() + _pages_rows(r.pages_proposed)
        if r.metrics_proposed:
            out += [""] + _metric_rows(r.metrics_proposed)
    out += _rest(r, n)
    if notes.strip():
        out += ["", notes.strip()]
    return "\n".join(out) + "\n"


def _pages_header() -> list[str]:
    return [
        f"| page | analytics, cold (≤ {PAGE_ANALYTICS_S} s) | | full run, cold | full run, warm (≤ {PAGE_WARM_S} s) | | slowest calls | slowest queries (s per page run) |",
        "|---|---|---|---|---|---|---|---|",
    ]


def _pages_rows(pages: list[PageResult]) -> list[str]:
    out = []
    for p in pages:
        calls = "; ".join(f"{c} {t:.2f}" for c, t in p.calls[:3])
        queries = "; ".join(f"{q} {t:.2f}" for q, t in p.queries[:3])
        err = f" ⚠ exception: {p.exception}" if p.exception else ""
        out.append(
            f"| {p.page} | {p.analytics_cold:.3f} s | {ok(p.analytics_cold <= PAGE_ANALYTICS_S)} | {p.run_cold:.3f} s | "
            f"{p.run_warm:.3f} s | {ok(p.run_warm <= PAGE_WARM_S and not p.exception)} | {calls} | {queries}{err} |"
        )
    return out


def _metric_rows(metrics: list[MetricResult]) -> list[str]:
    out = [
        f"| metric | rows | DuckDB | pandas | DuckDB faster by (≥ {MIN_SPEEDUP:.0f}×) | | same numbers |",
        "|---|---|---|---|---|---|---|",
    ]
    for m in metrics:
        out.append(
            f"| {m.name} | {m.rows:,} | {_s(m.duckdb)} | {_s(m.pandas)} | {m.ratio:.1f}× | {ok(m.ratio >= MIN_SPEEDUP)} | "
            f"✅ (max diff {m.max_rel_diff:.0e}) |"
        )
    return out


def _rest(r: Results, n: int) -> list[str]:
    out: list[str] = []
    if r.upload:
        out += [
            "", "## Upload",
            "",
            "A timesheet CSV uploaded into a workspace holding the workers it references and every engagement. "
            "DuckDB: the Data page's path, `analytics.upload.load` (read, validate every schema rule, write, rebuild "
            "the derived tables, one transaction). pandas: `read_csv` plus the same checks, writing nothing. "
            "Each upload in a fresh process; time: median; peak RSS (VmHWM) and its increase over the RSS before "
            "the upload: the highest of the runs.",
            "",
            f"| side | rows | file | validate + load (≤ {UPLOAD_S:.0f} s) | | validate only | peak RSS | RSS increase | problems found |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for u in r.upload:
            target = f"{ok(u.seconds <= UPLOAD_S)}" if u.side == "duckdb" else "(reference)"
            out.append(
                f"| {'analytics.upload' if u.side == 'duckdb' else 'pandas read_csv + checks'} | {u.rows:,} | {u.mb:.1f} MB | "
                f"{u.seconds:.2f} s | {target} | {_s(u.validate_seconds)} | {u.peak_rss_mb:,.0f} MB | {u.rss_increase_mb:,.0f} MB | {u.problems} |"
            )
    if r.payload_scale or r.payload_sample:
        s, b = r.payload_sample, r.payload_scale
        out += [
            "", "## Bytes to the browser and server memory",
            "",
            "Each page loaded once in a fresh Chromium session (Playwright) from a real `streamlit run` server; bytes "
            "are the websocket frames received until the app is idle. Sample: the bundled 300-person sample; scale: "
            "a copy of the benchmark workspace. Load time is until Streamlit reports the run finished (informational).",
            "",
            "| page | sample | scale (≤ 1 MB) | scale ÷ sample (≤ 1.5) | | load, sample | load, scale |",
            "|---|---|---|---|---|---|---|",
        ]
        for k in PAGES_ORDER:
            sb = s.bytes.get(k) if s else None
            bb = b.bytes.get(k) if b else None
            g = bb / sb if sb and bb else None
            passed = bb is not None and bb <= PAYLOAD_BYTES and (g is None or g <= PAYLOAD_GROWTH)
            err = "".join(f" ⚠ {x.label}: {x.errors[k]}" for x in (s, b) if x and k in x.errors)
            out.append(
                f"| {k} | {_kb(sb)} | {_kb(bb)} | {'—' if g is None else f'{g:.2f}×'} | {ok(passed)} | "
                f"{_sec(s, k)} | {_sec(b, k)}{err} |"
            )
        if b:
            out += ["", f"Server peak RSS (process and children, sampled every 50 ms while the pages loaded): "
                    f"{b.peak_rss_mb:,.0f} MB at scale {ok(b.peak_rss_mb <= SERVER_RSS_MB)} (target ≤ 3 GB)"
                    + (f", {s.peak_rss_mb:,.0f} MB at sample size." if s else ".")]
    return out


PAGES_ORDER = ("overview", "costs", "break_even", "utilization", "duration", "data")


def _kb(b: int | None) -> str:
    return "—" if b is None else f"{b / 1e3:,.1f} kB"


def _sec(p: PayloadResult | None, k: str) -> str:
    return "—" if not p or k not in p.seconds else f"{p.seconds[k]:.1f} s"


def readme_section(r: Results) -> str:
    lines = [
        BEGIN,
        "## Performance",
        "",
        f"`make bench` measures the app at scale — {r.dataset_label}, "
        f"{r.dataset.get('timesheets', 0):,} timesheet rows — and writes every figure to "
        "[bench/RESULTS.md](bench/RESULTS.md). Headline (medians):",
        "",
        "| figure | target | result | |",
        "|---|---|---|---|",
        *[f"| {a} | {b} | {c} | {ok(d)} |" for a, b, c, d in headline(r)],
    ]
    if r.pages_proposed or r.metrics_proposed:
        lines += [
            "",
            "With the query changes proposed in [bench/proposed/](bench/proposed/) adopted (measured in the same "
            "run, same numbers checked):",
            "",
            "| figure | target | result | |",
            "|---|---|---|---|",
            *[f"| {a} | {b} | {c} | {ok(d)} |" for a, b, c, d in headline(r, proposed=True)],
        ]
    lines += [
        "",
        f"Machine: {_machine_line(r)}.",
        END,
    ]
    return "\n".join(lines)


def write_readme(readme: Path, r: Results) -> None:
    """Replace the block between the bench markers, or append it at the end."""
    text = readme.read_text(encoding="utf-8")
    block = readme_section(r)
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        text = head + block + tail
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    readme.write_text(text, encoding="utf-8")


_BLOCK = re.compile(r"<!-- (\w[\w-]*):begin[^>]*-->.*?<!-- \1:end -->", re.DOTALL)


def write_results(path: Path, text: str) -> None:
    """Write RESULTS.md, keeping any marked section other tools write into it (e.g. the
    concurrency figures between <!-- concurrency:begin --> and <!-- concurrency:end -->)."""
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    kept = [m.group(0) for m in _BLOCK.finditer(old)]
    if kept:
        text = text.rstrip("\n") + "\n\n" + "\n\n".join(kept) + "\n"
    path.write_text(text, encoding="utf-8")
