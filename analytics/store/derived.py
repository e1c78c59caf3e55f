"""The derived tables: weekly and monthly facts built from the loaded tables by analytics/sql/build_<name>.sql,
rebuilt in the load's own transaction — in full, or only the weeks (months) a load changed where a table
declares it can be (PARTIAL_REBUILD) — and the fingerprint of the rules that built them."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import NamedTuple

import duckdb

from analytics.store.sql_files import load_sql

META_TABLE = "_meta"  # key/value facts of the workspace: data version, derived rules, …


# built from the loaded tables, in this order, by analytics/sql/build_<name>.sql
DERIVED_TABLES = (
    "horizon", "reporting", "fx_spans", "pay_spans", "worker_weeks", "contractor_weeks", "worker_months", "engagement_hours", "engagement_facts", "group_weeks", "group_months",
    "invoice_months", "engagement_spend",  # fixed-fee and milestone spend (invoices); budget burn
    # the facts the pages read instead of timesheets and person-weeks at ~100M rows (bench/RESULTS.md)
    "people_months", "booked_weeks", "worker_month_runs", "logged_week_runs", "engagement_week_runs",
    "engagement_recent_hours", "allocation_months",
    # the standing data-quality checks (analytics.ingest.quality), worked out at load, not per page view
    "quality_over_capacity", "quality_outside_employment", "quality_outside_engagement", "quality_orphans",
)
# How a derived table can be rebuilt when a load changed only some weeks of the weekly tables
# (timesheets, time_off): the column holding each row's week ("week") or month ("month"). Such a
# table promises that its rows of week (month) p depend only on the weekly tables' rows of the weeks
# in p, on the other core tables and on whether p lies inside the horizon; its rows of the affected
# weeks (months) are then deleted and re-inserted from its own build_<name>.sql, filtered to them.
# A table not named here (the default) is rebuilt in full on every load.
PARTIAL_REBUILD: dict[str, tuple[str, str]] = {
    "worker_weeks": ("week_start", "week"),
    "contractor_weeks": ("week_start", "week"),  # worker_weeks' rows (rebuilt just before) of the roster's contractors
    "worker_months": ("month", "month"),
    "group_weeks": ("week_start", "week"),
    "group_months": ("month", "month"),
    "people_months": ("month", "month"),
    "engagement_spend": ("month", "month"),
    "booked_weeks": ("week_start", "week"),
    "allocation_months": ("month", "month"),
    "quality_over_capacity": ("week_start", "week"),
    "quality_outside_employment": ("week_start", "week"),
    "quality_outside_engagement": ("week_start", "week"),
    "quality_orphans": ("week_start", "week"),  # its reviews' rows have no week: no weekly table feeds them
}

# Weekly tables a PARTIAL_REBUILD table reads only through aggregates the period filter cannot reach
# (so DuckDB would aggregate every row): narrowed, while its periods are rebuilt, to the weeks that
# start or end in them. Only for a table that reads nothing else of them (no min/max over all weeks).
NARROWED: dict[str, tuple[str, ...]] = {"worker_months": ("timesheets",), "engagement_spend": ("timesheets",)}


class Runs(NamedTuple):
    """A derived table of runs: per `key`, the maximal runs `first` … `last` of consecutive weeks
    (months, by `grain`) in which a condition holds that depends only on that week's (month's) rows
    of `source` (a weekly table, or a derived table rebuilt before it) and on unchanged tables."""

    key: tuple[str, ...]
    first: str
    last: str
    grain: str
    source: str
    column: str  # the source's week (month) column


# Tables of runs rebuilt partially: only the runs touching the changed weeks (months) are replaced,
# by their parts outside those weeks merged with the runs the build file finds in those weeks alone
# (its source narrowed to them), so a refresh reads a month of timesheets, not every one.
RUNS_REBUILD: dict[str, Runs] = {
    "logged_week_runs": Runs(("worker_id",), "first_week", "last_week", "week", "timesheets", "week_start"),
    "engagement_week_runs": Runs(("worker_id", "engagement_id"), "first_week", "last_week", "week", "timesheets", "week_start"),
    "worker_month_runs": Runs(("worker_id",), "first_month", "last_month", "month", "worker_months", "month"),
}
WEEKLY_TABLES = ("timesheets", "time_off")
# Where a transaction notes the weeks it changed (mark_weeks_changed); a NULL week means everything.
CHANGED_WEEKS = "_changed_weeks"
NO_WEEKS = "SELECT CAST(NULL AS DATE) LIMIT 0"  # for mark_weeks_changed: no core row changed
MAX_RANGES = 8  # more separate runs of weeks than this are rebuilt as one range


def derived_select(table: str) -> str:
    """The SELECT that builds a derived table: its build_<table>.sql without comment lines and without
    the `CREATE OR REPLACE TABLE … AS` (also what analytics.store.snapshot transpiles to Spark)."""
    text = "\n".join(line for line in load_sql(f"build_{table}").splitlines() if not line.strip().startswith("--"))
    return re.sub(r"^\s*CREATE\s+OR\s+REPLACE\s+TABLE\s+\w+\s+AS\s*", "", text, count=1, flags=re.I)


def mark_weeks_changed(cur: duckdb.DuckDBPyConnection, weeks_sql: str | None) -> None:
    """Note, in the caller's transaction, that the only core rows it changes are those of the weeks
    `weeks_sql` yields (one DATE column) in WEEKLY_TABLES; None: anything may have changed. The
    rebuild at commit then touches only those weeks' derived rows (PARTIAL_REBUILD, RUNS_REBUILD).
    A transaction that marks nothing rebuilds everything."""
    cur.execute(f"CREATE TEMP TABLE IF NOT EXISTS {CHANGED_WEEKS} (week_start DATE)")
    if weeks_sql is None:
        cur.execute(f"INSERT INTO {CHANGED_WEEKS} VALUES (NULL)")
    else:
        cur.execute(f"INSERT INTO {CHANGED_WEEKS} SELECT DISTINCT * FROM ({weeks_sql})")


def _marked_weeks(cur: duckdb.DuckDBPyConnection) -> list | None:
    """The weeks the transaction marked, sorted; None when it marked nothing or everything."""
    marked = cur.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = $t", {"t": CHANGED_WEEKS}
    ).fetchall()[0][0]
    if not marked:
        return None
    rows = [r[0] for r in cur.execute(f"SELECT DISTINCT week_start FROM {CHANGED_WEEKS} ORDER BY 1 NULLS FIRST").fetchall()]
    cur.execute(f"DROP TABLE {CHANGED_WEEKS}")
    return None if rows and rows[0] is None else rows


def _index(d: dt.date, grain: str) -> int:
    """Weeks and months numbered consecutively (a week by its Monday: day 1 of the calendar was one)."""
    return (d.toordinal() - 1) // 7 if grain == "week" else d.year * 12 + d.month - 1


def _period(i: int, grain: str) -> dt.date:
    return dt.date.fromordinal(i * 7 + 1) if grain == "week" else dt.date(i // 12, i % 12 + 1, 1)


def _ranges(spans: list[tuple[dt.date, dt.date]], grain: str) -> list[tuple[dt.date, dt.date]]:
    """Spans of weeks (months), first and last included, merged where they overlap or touch; at most
    MAX_RANGES runs (else one run covering them all)."""
    runs: list[list[int]] = []
    for lo, hi in sorted((_index(a, grain), _index(b, grain)) for a, b in spans):
        if runs and lo <= runs[-1][1] + 1:
            runs[-1][1] = max(runs[-1][1], hi)
        else:
            runs.append([lo, hi])
    if len(runs) > MAX_RANGES:
        runs = [[runs[0][0], runs[-1][1]]]
    return [(_period(lo, grain), _period(hi, grain)) for lo, hi in runs]


def _affected(cur: duckdb.DuckDBPyConnection, weeks: list, before: tuple) -> dict[str, list] | None:
    """The runs of weeks and of months to rebuild, from the weeks changed and the horizon before the
    load (the horizon table already rebuilt): the periods between an old and a new bound of the
    horizon are affected too. None when the data was or becomes empty, or holds dates Python cannot
    (everything is rebuilt)."""
    after = cur.execute("SELECT first_day, last_day, first_week, last_week FROM horizon").fetchall()[0]
    if not all(isinstance(d, dt.date) for d in (*before, *after, *weeks)):
        return None
    week_spans = [(w, w) for w in weeks]
    # a week counts in the months of its first and of its last day
    month_spans = [(w, w + dt.timedelta(days=6)) for w in weeks]
    for i, spans in ((2, week_spans), (3, week_spans), (0, month_spans), (1, month_spans)):
        if before[i] != after[i]:
            spans.append((min(before[i], after[i]), max(before[i], after[i])))
    return {"week": _ranges(week_spans, "week"), "month": _ranges(month_spans, "month")}


def _narrowed(select: str, source: str, column: str, lo: str, hi: str) -> str:
    """`select` with table `source` replaced by its rows whose `column` lies in lo … hi (a CTE of
    that name shadows the table)."""
    narrowed = f"{source} AS (SELECT * FROM main.{source} WHERE {column} BETWEEN {lo} AND {hi})"
    select = select.strip()
    if re.match(r"WITH\s", select, re.I):
        return re.sub(r"^WITH\s", f"WITH {narrowed},\n", select, count=1, flags=re.I)
    return f"WITH {narrowed}\n{select}"


def _step(d: dt.date, grain: str, n: int) -> dt.date:
    return d + dt.timedelta(days=7 * n) if grain == "week" else _period(_index(d, grain) + n, grain)


def _rebuild_runs(cur: duckdb.DuckDBPyConnection, table: str, r: Runs, lo: dt.date, hi: dt.date) -> None:
    """Replace the runs of `table` touching lo … hi (a changed span of weeks or months): their parts
    before and after the span still hold; inside it the runs are what the build file finds when its
    source holds only the span's rows; touching pieces are merged into runs again."""
    key = ", ".join(r.key)
    args = {"lo": lo, "hi": hi, "before": _step(lo, r.grain, -1), "after": _step(hi, r.grain, 1)}
    touching = f"{r.last} >= $before AND {r.first} <= $after"
    edges = {"before": args["before"], "after": args["after"]}
    cur.execute(f"CREATE OR REPLACE TEMP TABLE _old_runs AS SELECT * FROM {table} WHERE {touching}", edges)
    cur.execute(f"DELETE FROM {table} WHERE {touching}", edges)
    inside = _narrowed(derived_select(table), r.source, r.column, "$lo", "$hi")
    nxt = "+ 7" if r.grain == "week" else "+ INTERVAL 1 MONTH"
    cur.execute(
        f"INSERT INTO {table} BY NAME WITH pieces AS ("
        f"SELECT {key}, {r.first}, least({r.last}, $before) AS {r.last} FROM _old_runs WHERE {r.first} <= $before "
        f"UNION ALL SELECT {key}, greatest({r.first}, $after) AS {r.first}, {r.last} FROM _old_runs WHERE {r.last} >= $after "
        f"UNION ALL SELECT {key}, {r.first}, {r.last} FROM (\n{inside}\n) AS b), "
        f"flagged AS (SELECT *, CASE WHEN {r.first} <= max({r.last}) OVER (PARTITION BY {key} ORDER BY {r.first}, {r.last} "
        f"ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) {nxt} THEN 0 ELSE 1 END AS _starts FROM pieces), "
        f"numbered AS (SELECT *, sum(_starts) OVER (PARTITION BY {key} ORDER BY {r.first}, {r.last} "
        f"ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS _run FROM flagged) "
        f"SELECT {key}, min({r.first}) AS {r.first}, max({r.last}) AS {r.last} FROM numbered GROUP BY {key}, _run",
        args,
    )
    cur.execute("DROP TABLE _old_runs")


def rebuild_derived(cur: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Pre-aggregate weekly and monthly facts per person (see the .sql files for the rules), and
    those facts per group of the global filters (week or month × type × department × role …), so
    group figures at ~10M timesheet rows read thousands of rows, not millions (bench/RESULTS.md).

    When the transaction marked the weeks it changed (mark_weeks_changed) and the derived tables were
    built by today's rules, the tables of PARTIAL_REBUILD get only those weeks' (months') rows
    deleted and re-inserted, those of RUNS_REBUILD only the runs touching them; the others are
    rebuilt in full. Returns table → what was rebuilt."""
    weeks = _marked_weeks(cur)
    before = None
    if weeks is not None and DERIVED_TABLES[0] == "horizon" and not derived_missing(cur):
        before = cur.execute("SELECT first_day, last_day, first_week, last_week FROM horizon").fetchall()[0]
    runs = None
    done: dict[str, str] = {}
    for table in DERIVED_TABLES:
        if table in PARTIAL_REBUILD and runs is not None:
            column, grain = PARTIAL_REBUILD[table]
            for lo, hi in runs[grain]:
                cur.execute(f"DELETE FROM {table} WHERE {column} BETWEEN $lo AND $hi", {"lo": lo, "hi": hi})
                # the file's SELECT filtered by constants: DuckDB pushes them into its scans, and the
                # weekly tables it aggregates before the filter can apply are narrowed to those weeks
                select, args = derived_select(table), {"lo": lo, "hi": hi}
                if NARROWED.get(table):
                    last = hi + dt.timedelta(days=6) if grain == "week" else _step(hi, "month", 1) - dt.timedelta(days=1)
                    args |= {"from_week": lo - dt.timedelta(days=6), "to_week": last}
                    for source in NARROWED[table]:
                        select = _narrowed(select, source, "week_start", "$from_week", "$to_week")
                cur.execute(f"INSERT INTO {table} BY NAME SELECT * FROM (\n{select}\n) AS b "
                            f"WHERE {column} BETWEEN $lo AND $hi", args)
            done[table] = ", ".join(f"{lo}…{hi}" for lo, hi in runs[grain]) or "none"
        elif table in RUNS_REBUILD and runs is not None:
            spans = runs[RUNS_REBUILD[table].grain]
            for lo, hi in spans:
                _rebuild_runs(cur, table, RUNS_REBUILD[table], lo, hi)
            done[table] = ", ".join(f"{lo}…{hi}" for lo, hi in spans) or "none"
        else:
            cur.execute(load_sql(f"build_{table}"))
            done[table] = "all"
        if table == "horizon" and before is not None:
            runs = _affected(cur, weeks, before)
    cur.execute(
        f"INSERT OR REPLACE INTO {META_TABLE} VALUES ('derived_rules', $v)", {"v": derived_rules_version()}
    )
    return done


def derived_rules_version() -> str:
    """A fingerprint of the build_*.sql files: a workspace whose derived tables were built by other
    rules (an older version of the app) is rebuilt on open, so no page shows figures by old rules."""
    h = hashlib.sha256()
    for table in DERIVED_TABLES:
        h.update(load_sql(f"build_{table}").encode())
    return h.hexdigest()[:16]


def derived_missing(con: duckdb.DuckDBPyConnection) -> bool:
    """True when a workspace written by an older version lacks one of today's derived tables, or
    built them by other rules."""
    have = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()}
    if not set(DERIVED_TABLES) <= have:
        return True
    row = con.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'derived_rules'").fetchall()
    return not row or row[0][0] != derived_rules_version()
