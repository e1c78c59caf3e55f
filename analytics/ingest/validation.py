"""Upload validation derived from analytics/store/schema.py, run entirely in DuckDB temp tables.

Every check — types, required columns and values, allowed values, ranges, row rules, duplicate
keys, references — is generated from the table declarations, so the rules users see in the data
dictionary are exactly the rules their files are held to. Problems are collected in one temp
table `_problems(file, line, column, value, problem)`; `line` is the line in the file as the user
sees it in a text editor (the header is line 1).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from analytics.ingest import repeats, values
from analytics.store import schema
from analytics.store.derived import META_TABLE
from analytics.store.sql_files import quote_ident

PROBLEMS = "_problems"
# Values shown in the report are cut to this many characters.
VALUE_CHARS = 120

# Date formats a user may pick (a fixed list: the chosen one is written into SQL as a literal).
DATE_FORMATS: dict[str, str | None] = {
    "ISO (2024-01-31) or auto": None,
    "%d/%m/%Y (31/01/2024)": "%d/%m/%Y",
    "%m/%d/%Y (01/31/2024)": "%m/%d/%Y",
    "%d.%m.%Y (31.01.2024)": "%d.%m.%Y",
    "%d-%m-%Y (31-01-2024)": "%d-%m-%Y",
    "%Y/%m/%d (2024/01/31)": "%Y/%m/%d",
}
ALLOWED_DATE_FORMATS = {v for v in DATE_FORMATS.values() if v}

TYPE_WORDS = {
    "DATE": "not a valid date",
    "DOUBLE": "not a number",
    "INTEGER": "not a whole number",
    "BOOLEAN": "not true/false",
}




MONTH_FORMATS = "['%Y-%m', '%Y/%m', '%m/%Y', '%m.%Y', '%b %Y', '%B %Y']"


def load_default(c: schema.Column) -> str:
    """SQL for the value an upload gives a column it leaves empty or lacks: the schema's default, except
    that a currency is the workspace's reporting currency at the time of the load (so pay loaded without a
    currency stays in that currency if the reporting currency changes later)."""
    if c.allowed is schema.CURRENCY_CODES and c.default is not None:
        return f"coalesce((SELECT max(value) FROM main.{META_TABLE} WHERE key = 'reporting_currency'), {c.default_sql})"
    return c.default_sql


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def typed_expr(
    column: schema.Column, raw: str, date_format: str | None, decimal_comma: bool,
    manual: dict[str, str] | None = None, scale: float | None = None,
) -> str:
    """SQL turning the VARCHAR expression `raw` into the column's type; NULL when it does not parse
    (and for empty text). Allowed values and booleans go through their synonyms and the user's
    `manual` mappings (file value → schema value); numbers may carry currency and separators;
    `scale` multiplies a number (an FTE column read as weekly hours)."""
    text = f"NULLIF(trim({raw}), '')"
    if column.type == "DATE":
        if date_format:
            if date_format not in ALLOWED_DATE_FORMATS:
                raise ValueError(f"unsupported date format {date_format!r}")
            expr = f"CAST(try_strptime({text}, {_sql_str(date_format)}) AS DATE)"
        else:
            expr = f"TRY_CAST({text} AS DATE)"
        if column.name == "month":  # a month (fx_rates) is also written 2024-03, 03/2024 or Mar 2024
            return f"coalesce({expr}, CAST(try_strptime({text}, {MONTH_FORMATS}) AS DATE))"
        return expr
    if column.type in ("DOUBLE", "INTEGER"):
        expr = values.number(text, column.type, decimal_comma)
        return f"({expr}) * {float(scale)!r}" if scale else expr
    if column.type == "BOOLEAN":
        return values.boolean(column, text, manual)
    if column.allowed:
        return values.mapped_text(column, text, manual)
    return text


@dataclass(frozen=True)
class Staged:
    """One file read into temp tables on a cursor: `src` holds _line plus the file's columns as
    text; `typed` (after `build_typed`) holds _line plus every schema column in its type."""

    file: str
    src: str
    typed: str
    table: schema.Table
    mode: str  # "replace" | "append"


def create_problems_table(cur: duckdb.DuckDBPyConnection) -> None:
    cur.execute(
        f"CREATE OR REPLACE TEMP TABLE {PROBLEMS} "
        "(file VARCHAR, line BIGINT, \"column\" VARCHAR, value VARCHAR, problem VARCHAR)"
    )


def add_problem(cur: duckdb.DuckDBPyConnection, file: str, line: int | None, column: str, value: str, problem: str) -> None:
    cur.execute(
        f"INSERT INTO {PROBLEMS} VALUES ($f, $l, $c, $v, $p)",
        {"f": file, "l": line, "c": column, "v": value, "p": problem},
    )


def raw_name(column: str) -> str:
    return f"_raw_{column}"


def _insert(cur: duckdb.DuckDBPyConnection, file: str, select: str) -> None:
    """`select` yields (line, column, value, problem)."""
    cur.execute(
        f"INSERT INTO {PROBLEMS} SELECT $f, line, col, left(CAST(val AS VARCHAR), {VALUE_CHARS}), problem "
        f"FROM ({select}) AS p(line, col, val, problem)",
        {"f": file},
    )


def build_typed(
    cur: duckdb.DuckDBPyConnection,
    st: Staged,
    mapping: dict[str, str],
    date_format: str | None,
    decimal_comma: bool,
    value_maps: dict[str, dict[str, str]] | None = None,
    scales: dict[str, float] | None = None,
) -> None:
    """Create `st.typed` from `st.src` and record header, type and required-value problems.

    `mapping` maps schema column → file column (file columns the user did not map are ignored);
    `value_maps` holds the user's value mappings per schema column; `scales` multiplies numbers."""
    value_maps, scales = value_maps or {}, scales or {}
    t = st.table
    for col in t.required_columns:
        if col not in mapping:
            add_problem(cur, st.file, 1, col, "", "required column is missing from the file")
    selects = ["s._line"]
    joins = []
    for j, c in enumerate(t.columns):
        if c.name in mapping:
            raw = quote_ident(mapping[c.name])
            expr = typed_expr(c, f"s.{raw}", date_format, decimal_comma, value_maps.get(c.name), scales.get(c.name))
            if c.type == "BOOLEAN" or c.allowed:
                # Words map through a CASE of dozens of synonyms: run it once per distinct value
                # (a handful), then join, instead of once per row.
                vmap = f"{st.typed}_values_{j}"
                cur.execute(f"CREATE OR REPLACE TEMP TABLE {vmap} AS SELECT raw, {expr.replace(f's.{raw}', 'raw')} AS v "
                            f"FROM (SELECT DISTINCT {raw} AS raw FROM {st.src})")
                joins.append(f"LEFT JOIN {vmap} AS m{j} ON s.{raw} IS NOT DISTINCT FROM m{j}.raw")
                expr = f"m{j}.v"
            if c.default is not None:  # an empty cell takes the default; a value that does not parse stays NULL
                expr = f"CASE WHEN NULLIF(trim(s.{raw}), '') IS NULL THEN {load_default(c)} ELSE {expr} END"
            selects.append(f"{expr} AS {c.name}")
            # The text as the file has it, for the report ('-3', not '-3.0').
            selects.append(f"s.{raw} AS {raw_name(c.name)}")
        else:
            selects.append(f"{load_default(c)} AS {c.name}")
            selects.append(f"CAST(NULL AS VARCHAR) AS {raw_name(c.name)}")
    cur.execute(f"CREATE OR REPLACE TEMP TABLE {st.typed} AS SELECT {', '.join(selects)} FROM {st.src} AS s "
                f"{' '.join(joins)}")
    kept = [c.name for c in t.columns if c.default is not None and c.name not in mapping]
    if kept and st.mode == "upsert":
        # an update by key from a file without the column keeps each existing row's value (an older
        # export does not turn every fixed-fee engagement back into time and materials)
        on = " AND ".join(f"d.{k} IS NOT DISTINCT FROM e.{k}" for k in t.key)
        cur.execute(f"UPDATE {st.typed} AS d SET {', '.join(f'{c} = e.{c}' for c in kept)} "
                    f"FROM main.{t.name} AS e WHERE {on}")
    # Checked on the typed rows: each conversion runs once per row, not again for its check.
    checks = []
    for c in t.columns:
        if c.name not in mapping:
            continue
        raw = raw_name(c.name)
        if c.type != "VARCHAR":
            checks.append(f"SELECT _line, {_sql_str(c.name)}, {raw}, {_sql_str(TYPE_WORDS.get(c.type, 'wrong type'))} "
                          f"FROM {st.typed} WHERE {c.name} IS NULL AND NULLIF(trim({raw}), '') IS NOT NULL")
        if c.required:  # empty text is always NULL typed: the cheap test first
            checks.append(f"SELECT _line, {_sql_str(c.name)}, '', 'required value is empty' "
                          f"FROM {st.typed} WHERE {c.name} IS NULL AND NULLIF(trim({raw}), '') IS NULL")
    if checks:
        _insert(cur, st.file, " UNION ALL ".join(checks))


def check_values(cur: duckdb.DuckDBPyConnection, st: Staged) -> None:
    """Allowed values, ranges and the table's row rules, on the typed rows."""
    t = st.table
    for c in t.columns:
        if c.allowed:
            allowed = ", ".join(_sql_str(a) for a in c.allowed)
            _insert(
                cur,
                st.file,
                f"SELECT _line, {_sql_str(c.name)}, {raw_name(c.name)}, {_sql_str('not ' + schema.allowed_text(c))} "
                f"FROM {st.typed} WHERE {c.name} IS NOT NULL AND {c.name} NOT IN ({allowed})",
            )
        if c.minimum is not None:
            _insert(
                cur,
                st.file,
                f"SELECT _line, {_sql_str(c.name)}, {raw_name(c.name)}, {_sql_str(f'below the minimum of {c.minimum:g}')} "
                f"FROM {st.typed} WHERE {c.name} < {float(c.minimum)!r}",
            )
        if c.maximum is not None:
            _insert(
                cur,
                st.file,
                f"SELECT _line, {_sql_str(c.name)}, {raw_name(c.name)}, {_sql_str(f'above the maximum of {c.maximum:g}')} "
                f"FROM {st.typed} WHERE {c.name} > {float(c.maximum)!r}",
            )
    for chk in t.checks:
        col = chk.columns[0]
        _insert(
            cur,
            st.file,
            f"SELECT _line, {_sql_str(col)}, coalesce({raw_name(col)}, ''), {_sql_str(chk.problem)} "
            f"FROM {st.typed} WHERE NOT ({chk.sql}) AND {not_already_reported(st.file, chk.columns)}",
        )


def not_already_reported(file: str, columns: tuple[str, ...] | list[str], line: str = "_line") -> str:
    """SQL: the row has no problem yet in these columns. One root cause (a value that did not
    parse, so reads as empty) is reported once, not again by every rule that reads the column."""
    cols = ", ".join(_sql_str(c) for c in columns)
    return f"{line} NOT IN (SELECT line FROM {PROBLEMS} WHERE file = {_sql_str(file)} AND \"column\" IN ({cols}) AND line IS NOT NULL)"


def _key_text(key: tuple[str, ...], alias: str) -> str:
    parts = [f"'{k}=' || coalesce(CAST({alias}.{k} AS VARCHAR), '(empty)')" for k in key]
    return " || ', ' || ".join(parts)


def check_keys(cur: duckdb.DuckDBPyConnection, st: Staged) -> list[str]:
    """Duplicate keys within the file, and (when appending) keys already in the table: problems, or for
    a table whose repeats are allowed (Table.duplicates == "warn") warnings, returned."""
    t = st.table
    key = ", ".join(t.key)
    if t.duplicates == "warn":
        return repeats.warnings(cur, st)
    _insert(
        cur,
        st.file,
        f"SELECT _line, {_sql_str(', '.join(t.key))}, {_key_text(t.key, 'd')}, "
        "'duplicate key: first seen on line ' || CAST(first_line AS VARCHAR) "
        f"FROM (SELECT *, min(_line) OVER (PARTITION BY {key}) AS first_line FROM {st.typed} AS x "
        # only keys seen twice are windowed (a hash count first: most files have none)
        # (by hash: NULL parts, an internal timesheet's engagement, hash alike; a collision only windows more rows)
        f"WHERE hash({key}) IN (SELECT hash({key}) FROM {st.typed} GROUP BY 1 HAVING count(*) > 1) "
        f"AND {not_already_reported(st.file, t.key)}) AS d "
        "WHERE _line > first_line",
    )
    if st.mode == "append":
        on = " AND ".join(f"d.{k} IS NOT DISTINCT FROM e.{k}" for k in t.key)
        _insert(
            cur,
            st.file,
            f"SELECT d._line, {_sql_str(', '.join(t.key))}, {_key_text(t.key, 'd')}, "
            f"'key already in the {t.name} table (append adds rows; use replace to overwrite)' "
            f"FROM {st.typed} AS d WHERE EXISTS (SELECT 1 FROM main.{t.name} AS e WHERE {on})",
        )
    return []


def reference_source(target: str, column: str, batch: dict[str, Staged]) -> str:
    """The SQL set a reference must be found in: the file being loaded for that table (replace),
    the table plus that file (append), or the table as it is."""
    if target in batch:
        other = batch[target]
        if other.mode == "replace":
            return f"SELECT {column} FROM {other.typed}"
        return f"SELECT {column} FROM main.{target} UNION ALL SELECT {column} FROM {other.typed}"
    return f"SELECT {column} FROM main.{target}"


def check_references(cur: duckdb.DuckDBPyConnection, st: Staged, batch: dict[str, Staged]) -> None:
    for c in st.table.columns:
        if not c.references:
            continue
        target, column = c.references.split(".")
        source = reference_source(target, column, batch)
        _insert(
            cur,
            st.file,
            f"SELECT d._line, {_sql_str(c.name)}, d.{raw_name(c.name)}, "
            f"{_sql_str(f'not found in {target}.{column}')} "
            f"FROM {st.typed} AS d WHERE d.{c.name} IS NOT NULL "
            f"AND d.{c.name} NOT IN (SELECT {column} FROM ({source}) WHERE {column} IS NOT NULL)",
        )


def orphan_warnings(cur: duckdb.DuckDBPyConnection, batch: dict[str, Staged]) -> list[str]:
    """Rows left in other tables that would refer to keys a replace removes (not blocking: the
    user may be about to replace those tables too)."""
    out = []
    for child in schema.TABLES.values():
        if child.name in batch and batch[child.name].mode == "replace":
            continue  # its rows are being replaced and were checked above
        for c in child.columns:
            if not c.references:
                continue
            target, column = c.references.split(".")
            if target not in batch or batch[target].mode != "replace":
                continue
            n = cur.execute(
                f"SELECT count(*) FROM main.{child.name} WHERE {c.name} IS NOT NULL AND {c.name} NOT IN "
                f"(SELECT {column} FROM {batch[target].typed} WHERE {column} IS NOT NULL)"
            ).fetchall()[0][0]
            if n:
                out.append(
                    f"{n:,} existing {child.name} rows refer to a {c.name} that is not in the new {target} file; "
                    f"they will not count on any page. Upload {child.name} too (in the same batch) to replace them."
                )
    return out
