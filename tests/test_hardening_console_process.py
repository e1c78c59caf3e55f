"""The SQL console runs each query in a child process of its own (issue 18, item 1): a query that
builds one huge value inside a single row (which neither DuckDB's memory_limit nor a timer
between vectors can see) is stopped with a plain message naming the limit, and the memory of
this process, the one that would be the server, does not move. Measured as RSS with psutil."""

from __future__ import annotations

import os

import psutil
import pytest

from analytics.console import query as sc
from analytics.store.staging import UPLOAD_DIR

MB = 1024 * 1024


@pytest.fixture(scope="module")
def ws(locked_tiny_ws_module):
    return locked_tiny_ws_module


def _rss() -> int:
    return psutil.Process(os.getpid()).memory_info().rss


MEMORY = "The query was stopped because it needed too much memory (more than 1.5 GB)"
TIME = "The query was stopped after the 5-second time limit"


@pytest.mark.parametrize(
    ("sql", "limits"),
    [
        # one list of 10^9 BIGINTs: 8 GB in a single value (10 GB of server memory before)
        ("SELECT len(range(1000000000))", (MEMORY,)),
        # one 4 GB string (8 GB and 93 s in the server before)
        ("SELECT length(repeat('x', 4294967295))", (MEMORY,)),
        # these grow their value step by step: whichever limit they reach first
        ("SELECT length(lpad('x', 2000000000, 'y'))", (MEMORY, TIME)),
        ("SELECT len(list_resize([1], 1000000000))", (MEMORY, TIME)),
    ],
)
def test_a_huge_single_value_is_stopped_without_the_server_growing(ws, sql, limits):
    sc.run_query(ws, "SELECT 1 AS warm")  # the console's snapshot exists before measuring
    before = _rss()
    with pytest.raises(sc.SqlRefused) as info:
        sc.run_query(ws, sql, timeout_s=5)
    grown = _rss() - before
    message = str(info.value)
    assert message.startswith(limits), message
    assert "\n" not in message and "Error:" not in message
    assert grown < 200 * MB, f"this process grew by {grown / MB:.0f} MB"


def test_the_console_process_sees_no_file_and_no_setting_it_could_change(ws):
    """The child opens a snapshot read-only with no allowed directory at all: even a query that
    slipped past the checks could not read the staging folder (tested directly on the child's
    configuration, since the checks refuse such queries before they reach it)."""
    r = sc.run_query(ws, "SELECT 42 AS answer, count(*) AS people FROM workers")
    # tests/tiny.py: E1, E2, C1, C2
    assert r.frame.values.tolist() == [[42, 4]]
    assert sc.console_snapshot(ws).parent.parent != UPLOAD_DIR
    assert not str(sc.console_snapshot(ws)).startswith(str(UPLOAD_DIR))
    assert oct(sc.console_snapshot(ws).stat().st_mode & 0o777) == "0o600"


def test_an_upload_is_visible_to_the_next_console_query(ws):
    """The snapshot follows the data version: a table loaded after a first query is queryable."""
    from analytics.ingest import upload

    sc.run_query(ws, "SELECT 1 AS x")
    upload.load(ws, [upload.FileSpec("r.csv", b"region,revenue\nNorth,10\nSouth,5\n", "adhoc:revenue", "replace")])
    # 10 + 5
    assert sc.run_query(ws, "SELECT sum(revenue) AS total FROM adhoc.revenue").frame["total"].tolist() == [15]


def test_a_failing_query_gives_a_one_line_message(ws):
    with pytest.raises(sc.SqlRefused, match=r"^The query failed: Conversion Error") as info:
        sc.run_query(ws, "SELECT CAST(full_name AS INTEGER) FROM workers")
    assert "\n" not in str(info.value)
