"""The one front door for uploads: read each file (analytics.ingest.read: unpack, sheet, sniff),
map headers and values (analytics.ingest.headers, .values), validate against schema.py in DuckDB
temp tables (analytics.ingest.validation), count what each mode would add, change and remove, and load
in one transaction with its history and undo copy (analytics.ingest.refresh, .history), saving the
choices for the next file with the same header (analytics.ingest.mappings). Nothing is written to
the workspace unless every file passes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from analytics.ingest import headers, history, mappings, quality, refresh, validation
from analytics.ingest import values as value_mapping
from analytics.ingest.read import (  # noqa: F401 — the front door names them
    DATE_SAMPLE_ROWS,
    DELIMITERS,
    ENCODINGS,
    PREVIEW_ROWS,
    CsvOptions,
    Detected,
    UploadError,
    _friendly_read_error,
    _header_delimiter,
    _staging_error,
    as_csv,
    check_size,
    check_text,
    detect,
    detect_encoding,
    excel_to_csv,
    is_excel,
    normalise_header,
    staged,
    unpacked,
)
from analytics.ingest.stage import RESERVED_COLUMNS, file_columns, stage_file  # noqa: F401 — named here too
from analytics.store import schema, synonyms
from analytics.store.db import ADHOC_SCHEMA, Workspace
from analytics.store.derived import NO_WEEKS, mark_weeks_changed, rebuild_derived

MODES = refresh.MODES
ADHOC_PREFIX = "adhoc:"
REPORT_ROWS = 1_000  # problems shown on the page
DOWNLOAD_ROWS = 100_000  # problems in the downloadable report (all are counted)
ADHOC_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True)
class FileSpec:
    """One uploaded file and what to do with it: `table` is a workspace table or 'adhoc:<name>'."""

    name: str
    data: bytes
    table: str
    mode: str = "replace"
    mapping: tuple[tuple[str, str], ...] = ()  # (schema column, file column)
    options: CsvOptions = field(default_factory=CsvOptions)
    value_maps: tuple[tuple[str, str, str], ...] = ()  # (schema column, file value, schema value)
    save_as: str | None = None  # save the choices under this name when the load succeeds

    def value_map(self, column: str) -> dict[str, str]:
        return {raw: v for c, raw, v in self.value_maps if c == column}

    @property
    def is_adhoc(self) -> bool:
        return self.table.startswith(ADHOC_PREFIX)

    @property
    def adhoc_name(self) -> str:
        return self.table[len(ADHOC_PREFIX):]


@dataclass
class Report:
    """Validation outcome for a batch of files."""

    total: int
    counts: pd.DataFrame  # file, column, problem, rows
    rows: pd.DataFrame  # first REPORT_ROWS problems: file, line, column, value, problem
    download: pd.DataFrame  # first DOWNLOAD_ROWS problems
    rows_read: dict[str, int]
    ignored_columns: dict[str, list[str]]
    warnings: list[str] = field(default_factory=list)  # not blocking
    unmatched: pd.DataFrame = field(default_factory=pd.DataFrame)  # file, column, value, rows
    changes: dict[str, refresh.Changes] = field(default_factory=dict)  # table → rows added/changed/removed

    @property
    def ok(self) -> bool:
        return self.total == 0


class ValidationFailed(Exception):
    def __init__(self, report: Report):
        super().__init__(f"{report.total:,} problems found; nothing was loaded")
        self.report = report


# -- whole-file checks --------------------------------------------------------------------
suggest_table = headers.suggest_table
suggest_mapping = headers.suggest_mapping


# -- staging and validation (analytics.ingest.stage reads each file) ------------------------
def _check_specs(specs: list[FileSpec]) -> None:
    if not specs:
        raise UploadError("Choose at least one file to load.")
    seen: set[str] = set()
    for s in specs:
        if s.mode not in (refresh.modes_for(s.table) if not s.is_adhoc else ("replace", "append")):
            raise UploadError(f"{s.name}: the mode {s.mode!r} is not available for {s.table}.")
        if s.is_adhoc:
            if not ADHOC_NAME.match(s.adhoc_name):
                raise UploadError(
                    "An ad-hoc table name must start with a letter and use only lowercase letters, digits "
                    "and underscores (at most 40 characters)."
                )
        elif s.table not in schema.TABLES:
            raise UploadError(f"Unknown table {s.table!r}.")
        if s.table in seen:
            raise UploadError(f"Two files target {s.table}: load them one after the other, or combine them.")
        seen.add(s.table)


def _stage_and_check(ws: Workspace, cur: duckdb.DuckDBPyConnection, specs: list[FileSpec], progress=None) -> tuple[Report, dict]:
    validation.create_problems_table(cur)
    batch: dict[str, validation.Staged] = {}
    adhoc: dict[int, str] = {}
    rows_read: dict[str, int] = {}
    ignored: dict[str, list[str]] = {}
    maps: dict[str, dict[str, str]] = {}
    columns: dict[int, list[str]] = {}
    notes: list[str] = []  # columns renamed because their names are reserved
    for i, spec in enumerate(specs):
        if progress:
            progress(f"Reading {spec.name}…", i / (len(specs) + 1))
        src, n, file_notes = stage_file(cur, spec, i)
        notes += file_notes
        rows_read[spec.name] = n
        columns[i] = file_columns(cur, src)
        if spec.is_adhoc:
            adhoc[i] = src
            continue
        cols = columns[i]
        table = schema.TABLES[spec.table]
        mapping = dict(spec.mapping) if spec.mapping else suggest_mapping(spec.table, cols)
        mapping = {k: v for k, v in mapping.items() if v in cols and k in table.column_names}
        maps[spec.table] = mapping
        ignored[spec.name] = [c for c in cols if c not in mapping.values()]
        st = validation.Staged(spec.name, src, f"_typed_{i}", table, spec.mode)
        scales = {c: synonyms.STANDARD_WEEK_HOURS for c, f in mapping.items()
                  if c == synonyms.FTE_COLUMN and headers.is_fte_header(f)}
        validation.build_typed(cur, st, mapping, spec.options.date_format, spec.options.decimal_comma,
                               {c.name: spec.value_map(c.name) for c in table.columns}, scales)
        batch[spec.table] = st
    if progress:
        progress("Checking values, keys and references…", len(specs) / (len(specs) + 1))
    repeats: list[str] = []  # rows repeating a key of a table that allows it (invoices)
    for st in batch.values():
        validation.check_values(cur, st)
        repeats += validation.check_keys(cur, st)
        validation.check_references(cur, st, batch)
    for i in adhoc:
        spec = specs[i]
        if spec.mode == "append" and spec.adhoc_name not in ws.adhoc_tables():
            validation.add_problem(cur, spec.name, None, "", spec.adhoc_name, "there is no ad-hoc table of that name to append to")
    report = _report(cur, rows_read, ignored)
    report.warnings = notes + repeats + validation.orphan_warnings(cur, batch)
    found = [value_mapping.unmatched_values(cur, st.file, st.src, st.typed, st.table, maps[name]) for name, st in batch.items()]
    found = [f for f in found if len(f)]
    report.unmatched = pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=["file", "column", "value", "rows"])
    return report, {"batch": batch, "adhoc": adhoc, "mappings": maps, "columns": columns}


def _report(cur: duckdb.DuckDBPyConnection, rows_read: dict[str, int], ignored: dict[str, list[str]]) -> Report:
    p = validation.PROBLEMS
    total = cur.execute(f"SELECT count(*) FROM {p}").fetchall()[0][0]
    # Grouped by rule, not by message: "duplicate key: first seen on line 7" and "… line 9" are one
    # kind (a message whose detail after the colon holds numbers is named by the text before it);
    # an example message is kept.
    counts = cur.execute(
        f"SELECT file, \"column\", CASE WHEN regexp_matches(problem, ':.*[0-9]') "
        f"THEN regexp_replace(problem, ':.*$', '') ELSE problem END AS problem, count(*) AS rows, "
        f"min(problem) AS example FROM {p} GROUP BY ALL ORDER BY rows DESC, file, \"column\""
    ).df()
    ordered = f'SELECT file, line, "column", value, problem FROM {p} ORDER BY file, line NULLS FIRST, "column" LIMIT $n'
    download = cur.execute(ordered, {"n": DOWNLOAD_ROWS}).df()
    return Report(
        total=int(total),
        counts=counts,
        rows=download.head(REPORT_ROWS),
        download=download,
        rows_read=rows_read,
        ignored_columns=ignored,
    )


def _write(cur: duckdb.DuckDBPyConnection, specs: list[FileSpec], staged_: dict,
           record: tuple[int, int, str | None] | None = None) -> tuple[dict[str, refresh.Changes], dict[str, int]]:
    """Write every staged file by its mode (in the caller's transaction): table → changes, rows
    written. With `record` (load id, data version before, user) the load goes into the history and
    what undo needs is kept."""
    changes: dict[str, refresh.Changes] = {}
    loaded: dict[str, int] = {}
    batch: dict[str, validation.Staged] = staged_["batch"]
    for name in schema.LOAD_ORDER:
        if name not in batch:
            continue
        st = batch[name]
        if record:
            ch = refresh.stage_scope(cur, st.table, st.mode, st.typed, history.removed_copy(name), temp=False)
            history.keep_added_keys(cur, st.table, st.typed, st.mode)
            history.record(cur, record[0], record[1], st.file, name, st.mode, ch, record[2])
        else:
            ch = refresh.stage_scope(cur, st.table, st.mode, st.typed, f"_scope_{name}")
        loaded[name] = refresh.write(cur, st.table, st.mode, st.typed)
        changes[name] = ch
        mark_weeks_changed(cur, refresh.weeks_changed(st.table, st.mode, st.typed))
    if not batch:
        mark_weeks_changed(cur, NO_WEEKS)  # ad-hoc tables only: no derived table reads them
    for i, src in staged_["adhoc"].items():
        spec = specs[i]
        target = f"{ADHOC_SCHEMA}.{validation.quote_ident(spec.adhoc_name)}"
        had = history.keep_adhoc(cur, spec.adhoc_name) if record else False
        before = cur.execute(f"SELECT count(*) FROM {target}").fetchall()[0][0] if had else 0
        if spec.mode == "replace":
            cur.execute(f"CREATE OR REPLACE TABLE {target} AS SELECT * EXCLUDE (_line) FROM {src} ORDER BY _line")
        else:
            cur.execute(f"INSERT INTO {target} BY NAME SELECT * EXCLUDE (_line) FROM {src} ORDER BY _line")
        loaded[spec.table] = cur.execute(f"SELECT count(*) FROM {src}").fetchall()[0][0]
        ch = refresh.Changes(loaded[spec.table], 0, before if spec.mode == "replace" else 0)
        changes[spec.table] = ch
        if record:
            history.record(cur, record[0], record[1], spec.name, spec.table, spec.mode, ch, record[2], had_table=had)
    return changes, loaded


def validate(ws: Workspace, specs: list[FileSpec], progress=None) -> Report:
    """Check the files against the schema (and, for references and append, the workspace)
    without writing anything: the rows are written in a transaction that is rolled back, to count
    what the load would add, change and remove and to run the plausibility checks."""
    _check_specs(specs)
    cur = ws.con.cursor()
    try:
        cur.execute("BEGIN TRANSACTION")
        report, staged_ = _stage_and_check(ws, cur, specs, progress)
        if report.ok and not ws.read_only:
            if progress:
                progress("Counting what the load would change…", 0.9)
            report.changes, _ = _write(cur, specs, staged_)
            rebuild_derived(cur)  # rolled back with the rest
            report.warnings += quality.batch_warnings(cur, staged_["batch"])
        return report
    finally:
        try:
            cur.execute("ROLLBACK")
        finally:
            cur.close()


@dataclass
class LoadResult:
    rows_loaded: dict[str, int]
    row_counts: dict[str, int]
    data_version: int
    warnings: list[str] = field(default_factory=list)
    changes: dict[str, refresh.Changes] = field(default_factory=dict)


def load(ws: Workspace, specs: list[FileSpec], progress=None, user: str | None = None) -> LoadResult:
    """Validate and load every file in one transaction: all rows land, or nothing changes
    (raises ValidationFailed with the report, or UploadError). The load is recorded in the
    history (`user`: who, once sign-in exists) and can be undone (analytics.ingest.history);
    files with `save_as` have their choices saved for the next file with the same header."""
    _check_specs(specs)
    if ws.read_only:
        raise UploadError("The workspace is read-only, so uploads are disabled.")
    try:
        with ws.transaction() as cur:
            report, staged_ = _stage_and_check(ws, cur, specs, progress)
            if not report.ok:
                raise ValidationFailed(report)
            if progress:
                progress("Writing rows (and what undo needs)…", 0.85)
            load_id, version = history.begin(cur)
            changes, loaded = _write(cur, specs, staged_, (load_id, version, user))
            if progress:
                progress("Rebuilding the weekly and monthly facts and the data-quality checks…", 0.92)
            ws.rebuild_now(cur)  # the warnings read the rebuilt quality tables
            if progress:
                progress("Checking plausibility and saving…", 0.97)
            warnings = report.warnings + quality.batch_warnings(cur, staged_["batch"])
            for i, spec in enumerate(specs):
                if spec.save_as:
                    mappings.save(cur, spec.save_as, staged_["columns"][i], spec.table, spec.mode,
                                  staged_["mappings"].get(spec.table, {}),
                                  {c: m for c in {c for c, _, _ in spec.value_maps} if (m := spec.value_map(c))},
                                  spec.options.saved())
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UploadError(f"Nothing was loaded: {first}") from exc
    return LoadResult(
        rows_loaded=loaded, row_counts=ws.committed_row_counts(), data_version=ws.committed_data_version(),
        warnings=warnings, changes=changes,
    )


def table_checksum(ws: Workspace, table: str) -> tuple[int, int]:
    """(row count, order-independent hash of all rows): equal before and after means unchanged."""
    if table not in schema.TABLES:
        raise KeyError(table)
    r = ws.sql(f"SELECT count(*) AS n, coalesce(sum(hash(t)), 0) AS h FROM main.{table} AS t")
    return int(r["n"].iloc[0]), int(r["h"].iloc[0])

