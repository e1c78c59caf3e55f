"""A load that replaces only some weeks rebuilds only those weeks' (months') derived rows
(analytics.store.derived.PARTIAL_REBUILD); every derived table must then hold exactly what a full rebuild of
the same data holds, row by row — after a month's refresh, a refresh of two tables' weeks in one
batch, an append that moves the horizon past a week with no timesheets, and after each one's undo.
Run on the bundled sample (45,582 timesheet rows, 300 people, three years)."""

from __future__ import annotations

import math

import pytest

from analytics.ingest import history, quality, upload
from analytics.store.db import SAMPLE_DIR, Workspace
from analytics.store.derived import DERIVED_TABLES, PARTIAL_REBUILD, RUNS_REBUILD, rebuild_derived

CORE = ("workers", "engagements", "timesheets", "time_off", "reviews")


@pytest.fixture
def ws(tmp_path):
    w = Workspace(tmp_path / "ws.duckdb", lock_down=False, load_sample=False)
    w.load_csv_dir(SAMPLE_DIR)
    yield w
    w.close()


def derived(ws: Workspace) -> dict[str, list[tuple]]:
    # ORDER BY ALL sorts by each table's key: its first columns
    return {t: [tuple(r) for r in ws.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()] for t in DERIVED_TABLES}


def fully_rebuilt(ws: Workspace) -> dict[str, list[tuple]]:
    """The derived tables as a full rebuild of the same data makes them (rolled back after)."""
    cur = ws.con.cursor()
    try:
        cur.execute("BEGIN TRANSACTION")
        assert set(rebuild_derived(cur).values()) == {"all"}  # nothing marked: every table in full
        return {t: [tuple(r) for r in cur.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()] for t in DERIVED_TABLES}
    finally:
        cur.execute("ROLLBACK")
        cur.close()


def same_value(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):  # sums added up in another order by other threads
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9)
    return a == b


def assert_as_full_rebuild(ws: Workspace) -> None:
    have, full = derived(ws), fully_rebuilt(ws)
    for table in DERIVED_TABLES:
        assert len(have[table]) == len(full[table]), table
        for i, (h, f) in enumerate(zip(have[table], full[table], strict=True)):
            assert len(h) == len(f) and all(same_value(a, b) for a, b in zip(h, f, strict=True)), (table, i, h, f)


def sums(ws: Workspace) -> dict:
    return {t: upload.table_checksum(ws, t) for t in CORE}


def csv_of(ws: Workspace, sql: str) -> bytes:
    df = ws.sql(sql)
    return df.to_csv(index=False, date_format="%Y-%m-%d").encode()


def partial_tables(ws: Workspace) -> set[str]:
    return {t for t, what in ws.last_rebuild.items() if what != "all"}


def test_a_month_and_other_weeks_of_time_off_refreshed_then_undone_match_a_full_rebuild(ws):
    before = sums(ws)
    # June 2025 re-exported with corrections: every 10th row 1.5 h more, every 7th row gone, one
    # person's internal 70 hours added (over capacity; the last week, the 30th, ends in July: July's
    # rows change too)
    june = csv_of(ws, """
        WITH t AS (SELECT *, row_number() OVER (ORDER BY worker_id, week_start, engagement_id, billable) AS n
                   FROM timesheets WHERE week_start BETWEEN DATE '2025-06-02' AND DATE '2025-06-30')
        SELECT worker_id, engagement_id, week_start, hours + CASE WHEN n % 10 = 0 THEN 1.5 ELSE 0 END AS hours, billable
        FROM t WHERE n % 7 <> 0
        UNION ALL SELECT (SELECT min(worker_id) FROM workers AS w WHERE end_date IS NULL AND start_date < DATE '2025-01-01'
                          AND NOT EXISTS (SELECT 1 FROM timesheets AS t WHERE t.worker_id = w.worker_id
                                          AND t.week_start = DATE '2025-06-16')),
                         NULL, DATE '2025-06-16', 70.0, FALSE
        -- someone who starts in 2026 logging a week of June 2025: time outside their employment
        UNION ALL SELECT (SELECT min(worker_id) FROM workers WHERE start_date > DATE '2025-07-07'), NULL, DATE '2025-06-16', 8, FALSE
        ORDER BY 1, 3""")
    # time off of two weeks in February 2024 (another run of weeks), every row one hour more
    leave = csv_of(ws, "SELECT worker_id, week_start, hours + 1 AS hours FROM time_off "
                       "WHERE week_start IN (DATE '2024-02-05', DATE '2024-02-12') ORDER BY ALL")
    result = upload.load(ws, [upload.FileSpec("june.csv", june, "timesheets", "replace_weeks"),
                              upload.FileSpec("leave.csv", leave, "time_off", "replace_weeks")])
    added, changed, removed = result.changes["timesheets"]
    assert added == 2 and changed > 0 and removed > 0
    assert any("Plausibility: 1 person-week with hours logged above 1.5×" in w for w in result.warnings)
    flagged = quality.summary(quality.standing(ws)).set_index("key")["flagged"].to_dict()
    assert flagged == {"over_capacity": 1, "outside_employment": 1, "outside_engagement": 0, "orphans": 0}
    assert partial_tables(ws) == set(PARTIAL_REBUILD) | set(RUNS_REBUILD)
    assert ws.last_rebuild["worker_weeks"] == "2024-02-05…2024-02-12, 2025-06-02…2025-06-30"
    assert ws.last_rebuild["worker_months"] == "2024-02-01…2024-02-01, 2025-06-01…2025-07-01"
    assert_as_full_rebuild(ws)

    history.undo_last(ws)
    assert sums(ws) == before
    assert partial_tables(ws) == set(PARTIAL_REBUILD) | set(RUNS_REBUILD)  # the undo touches the same weeks only
    assert_as_full_rebuild(ws)
    assert set(quality.summary(quality.standing(ws))["flagged"]) == {0}  # the sample is clean


def test_an_append_past_a_gap_week_moves_the_horizon_and_its_undo_moves_it_back(ws):
    before = sums(ws)
    last = ws.sql("SELECT max(week_start) AS w FROM timesheets")["w"].iloc[0]
    assert str(last)[:10] == "2026-11-23"
    # two weeks of December, none of the week of 30 November: every active person gets that week
    # (and December) in the weekly and monthly facts, with no hours
    new = csv_of(ws, """
        SELECT worker_id, NULL AS engagement_id, w AS week_start, 20.0 AS hours, FALSE AS billable
        FROM (SELECT worker_id FROM workers WHERE end_date IS NULL ORDER BY worker_id LIMIT 3),
             (SELECT unnest([DATE '2026-12-07', DATE '2026-12-14']) AS w)
        ORDER BY 1, 3""")
    result = upload.load(ws, [upload.FileSpec("december.csv", new, "timesheets", "append")])
    assert result.changes["timesheets"] == (6, 0, 0)
    assert ws.last_rebuild["worker_weeks"] == "2026-11-23…2026-12-14"
    assert ws.last_rebuild["worker_months"] == "2026-11-01…2026-12-01"
    gap = ws.sql("SELECT count(*) AS n, sum(total_hours) AS h FROM worker_weeks WHERE week_start = DATE '2026-11-30'")
    assert gap["n"].iloc[0] > 100 and gap["h"].iloc[0] == 0
    assert_as_full_rebuild(ws)

    history.undo_last(ws)
    assert sums(ws) == before
    assert ws.sql("SELECT max(week_start) AS w FROM worker_weeks")["w"].iloc[0] == last
    assert partial_tables(ws) == set(PARTIAL_REBUILD) | set(RUNS_REBUILD)
    assert_as_full_rebuild(ws)


def test_loads_that_change_more_than_some_weeks_rebuild_everything(ws):
    roster = csv_of(ws, "SELECT * REPLACE (weekly_capacity_hours + 1 AS weekly_capacity_hours) FROM workers ORDER BY worker_id")
    upload.load(ws, [upload.FileSpec("roster.csv", roster, "workers", "upsert")])
    assert set(ws.last_rebuild.values()) == {"all"}  # capacity of every week changed
    assert_as_full_rebuild(ws)
    upload.load(ws, [upload.FileSpec("notes.csv", b"a\n1\n", "adhoc:notes")])
    # an ad-hoc table feeds no derived table: no weekly or monthly row is rebuilt
    assert {ws.last_rebuild[t] for t in PARTIAL_REBUILD} == {"none"}
    assert_as_full_rebuild(ws)


def test_a_whole_re_export_rebuilds_only_the_weeks_whose_rows_differ(ws):
    before = sums(ws)
    # every timesheet row again (replace all rows), one week's hours corrected and one row of
    # another week gone: only those two weeks differ
    again = csv_of(ws, """
        SELECT worker_id, engagement_id, week_start,
               hours + CASE WHEN week_start = DATE '2025-03-10' THEN 0.5 ELSE 0 END AS hours, billable
        FROM timesheets
        WHERE NOT (week_start = DATE '2024-05-06' AND worker_id = (SELECT min(worker_id) FROM timesheets
                                                                   WHERE week_start = DATE '2024-05-06'))
        ORDER BY worker_id, week_start, engagement_id, billable""")
    result = upload.load(ws, [upload.FileSpec("everything.csv", again, "timesheets", "replace")])
    added, changed, removed = result.changes["timesheets"]
    assert added == 0 and changed > 0 and removed >= 1
    assert ws.last_rebuild["worker_weeks"] == "2024-05-06…2024-05-06, 2025-03-10…2025-03-10"
    assert_as_full_rebuild(ws)
    history.undo_last(ws)
    assert sums(ws) == before
    assert set(ws.last_rebuild.values()) == {"all"}  # a replace's undo keeps no added keys: all rebuilt
    assert_as_full_rebuild(ws)
