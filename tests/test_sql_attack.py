"""The SQL console under attack: queries built to run for ever or to fill memory are stopped
by the time and memory limits with a plain message, and another session's page queries keep
answering meanwhile (measured by bench/concurrency.py, the same code that writes RESULTS.md)."""

from __future__ import annotations

import time

import pytest

from analytics.console import query as sc
from analytics.store.db import Workspace
from bench import concurrency

TIME_LIMIT = 3.0


@pytest.fixture(scope="module")
def sample_ws(tmp_path_factory):
    """The bundled sample, locked down exactly as the server's connection is."""
    ws = Workspace(tmp_path_factory.mktemp("attack") / "ws.duckdb", lock_down=True, load_sample=True)
    yield ws
    ws.close()


def _refused(ws, sql: str, timeout_s: float = TIME_LIMIT) -> tuple[str, float]:
    t = time.perf_counter()
    with pytest.raises(sc.SqlRefused) as info:
        sc.run_query(ws, sql, timeout_s=timeout_s)
    return str(info.value), time.perf_counter() - t


def _plain(message: str) -> None:
    assert "Traceback" not in message and "Error:" not in message and "\n" not in message


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT count(*) FROM range(1000000000000)",
        "SELECT count(*) FROM timesheets a, timesheets b, timesheets c",
        "SELECT count(*) FROM timesheets a CROSS JOIN workers b CROSS JOIN timesheets c",
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r",
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r, range(2)) SELECT max(n) FROM r",
    ],
)
def test_runaway_queries_are_stopped_by_the_time_or_memory_limit(sample_ws, sql):
    """Whichever limit comes first (the doubling recursive CTE usually runs out of memory first)."""
    message, _ = _refused(sample_ws, sql)
    assert message.startswith((
        f"The query was stopped after the {TIME_LIMIT:g}-second time limit",
        "The query was stopped because it needed too much memory",
    )), message
    _plain(message)


def test_range_of_a_float_is_refused_plainly(sample_ws):
    """The literal `range(1e12)` does not even bind (1e12 is a DOUBLE): a one-line message."""
    message, _ = _refused(sample_ws, "SELECT count(*) FROM range(1e12)")
    assert message.startswith("The query failed:") and "range" in message
    assert "\n" not in message and "Traceback" not in message


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT max(t) FROM (SELECT list(range) AS t FROM range(300000000))",
        "SELECT length(string_agg(repeat('x', 100000), '')) FROM range(40000)",
        # 2·10^9 sorted pairs: memory runs out before time does
        "SELECT a.worker_id, b.worker_id FROM timesheets a, timesheets b ORDER BY random()",
    ],
)
def test_memory_hungry_queries_are_stopped_by_the_memory_guard(sample_ws, sql):
    message, _ = _refused(sample_ws, sql, timeout_s=30.0)
    assert message.startswith("The query was stopped because it needed too much memory"), message
    _plain(message)


def test_a_wide_result_stops_at_the_memory_budget_not_at_the_server_memory(sample_ws):
    """1M rows × 2 KB would be ~2 GB in pandas: reading stops past MAX_RESULT_BYTES (200 MB)."""
    r = sc.run_query(sample_ws, "SELECT repeat('x', 2000) AS s FROM range(1000000)", timeout_s=30.0)
    assert r.truncated and r.too_large
    size = int(r.frame.memory_usage(deep=True).sum())
    # each chunk of 10,000 rows is ~20 MB, so the budget is overshot by at most one chunk
    assert sc.MAX_RESULT_BYTES < size <= sc.MAX_RESULT_BYTES + 10_000 * 2_100
    assert len(r.frame) < 1_000_000


def test_the_console_still_answers_after_the_attacks(sample_ws):
    assert sc.run_query(sample_ws, "SELECT count(*) AS n FROM workers").frame["n"].tolist() == [300]


@pytest.mark.parametrize("attack", list(concurrency.ATTACKS))
def test_other_sessions_stay_responsive_during_an_attack(sample_ws, attack):
    r = concurrency.sql_attack_latency(sample_ws, attack, timeout_s=TIME_LIMIT, baseline_runs=3)
    assert r.message.startswith("The query was stopped"), r.message
    assert r.failures == []  # no other session's page query failed (Out of Memory before the guard)
    assert r.queries >= 3
    # Two DuckDB threads are shared: a page query may wait, but it still answers in well under
    # the time it would take a user to give up.
    assert r.during_p95 < 2.0, (r.during_p50, r.during_p95)


def test_the_data_page_says_when_a_result_stopped_at_the_memory_budget(app, min_group):
    min_group(1)
    at = app("tiny", page="pages/data.py")
    at.text_area(key="sql_query").set_value("SELECT repeat('x', 2000) AS s FROM range(1000000)")
    at.number_input(key="sql_timeout").set_value(30)
    at.button(key="sql_run").click()
    at.run(timeout=120)
    assert not at.exception and not at.error
    caption = next(c.value for c in at.caption if "rows+" in c.value)
    assert "results stop at 200 MB" in caption and "the download holds the first 1" in caption
    assert "1,000,000" not in caption
