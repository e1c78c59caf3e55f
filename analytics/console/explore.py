"""Free exploration of any workspace or ad-hoc table: data dictionary with a profile, a chart
builder and a pivot table, all aggregated in DuckDB so they stay fast on millions of rows.

Table and column names a user picks are checked against the real catalog before they are
quoted into SQL; filter values are always bound parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.store import schema
from analytics.store.db import ADHOC_SCHEMA, Workspace
from analytics.store.sql_files import quote_ident

DERIVED_TABLES = ("worker_weeks", "worker_months", "engagement_hours")
AGGREGATIONS = {
    "count": "Count of rows",
    "sum": "Sum",
    "avg": "Average",
    "median": "Median",
    "min": "Minimum",
    "max": "Maximum",
    "count_distinct": "Distinct values",
}
CHART_KINDS = ("bar", "line", "area", "scatter")
TIME_GRAINS = ("day", "week", "month", "quarter", "year")
FILTER_OPS = ("=", "≠", ">", "≥", "<", "≤", "contains", "is empty", "is not empty")
MAX_CATEGORIES = 50  # bars/lines along x
MAX_COLOURS = 10  # colour groups; the rest are 'Other'
MAX_POINTS = 5_000  # scatter points (a uniform sample beyond that)
PIVOT_ROWS = 500
PIVOT_COLUMNS = 20
NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
           "UBIGINT", "FLOAT", "DOUBLE", "DECIMAL")


class ExploreError(ValueError):
    """A choice that cannot be charted or pivoted, worded for the user."""


def tables(ws: Workspace) -> list[str]:
    """Every table that can be explored: the workspace tables, the derived facts, then ad-hoc uploads."""
    return [*schema.LOAD_ORDER, *DERIVED_TABLES, *(f"{ADHOC_SCHEMA}.{t}" for t in ws.adhoc_tables())]


def table_overview(ws: Workspace) -> pd.DataFrame:
    """table, rows, what it holds: the workspace tables, then ad-hoc uploads."""
    rows = []
    for t in tables(ws):
        if t in DERIVED_TABLES:
            continue
        n = int(ws.sql(f"SELECT count(*) AS n FROM {_table_sql(ws, t)}")["n"].iloc[0])
        what = schema.TABLES[t].description if t in schema.TABLES else "Ad-hoc upload, for the Explore and SQL tabs only"
        rows.append({"table": t, "rows": n, "what it holds": what})
    return pd.DataFrame(rows)


def _table_sql(ws: Workspace, table: str) -> str:
    if table not in tables(ws):
        raise ExploreError(f"There is no table named {table!r}.")
    if table.startswith(ADHOC_SCHEMA + "."):
        return f"{ADHOC_SCHEMA}.{quote_ident(table.split('.', 1)[1])}"
    return f"main.{table}"


def columns(ws: Workspace, table: str) -> dict[str, str]:
    """column → DuckDB type, in table order."""
    df = ws.sql(f"DESCRIBE {_table_sql(ws, table)}")
    return dict(zip(df["column_name"], df["column_type"], strict=True))


def is_numeric(type_name: str) -> bool:
    return type_name.upper().startswith(NUMERIC)


def is_temporal(type_name: str) -> bool:
    return type_name.upper().startswith(("DATE", "TIMESTAMP"))


def _col(cols: dict[str, str], name: str | None, what: str) -> str:
    if name not in cols:
        raise ExploreError(f"Choose a {what} column that exists in the table (got {name!r}).")
    return quote_ident(name)


def data_dictionary(ws: Workspace, table: str) -> pd.DataFrame:
    """One row per column: a profile of the data — type, empty values, distinct values
    (approximate), min and max — then, for the workspace tables, the declared rules. The table's row
    count is in `attrs["rows"]`."""
    cols = columns(ws, table)
    src = _table_sql(ws, table)
    parts = ["count(*) AS _rows"]
    for i, c in enumerate(cols):
        q = quote_ident(c)
        parts += [
            f"count(*) - count({q}) AS n{i}",
            f"approx_count_distinct({q}) AS d{i}",
            f"CAST(min({q}) AS VARCHAR) AS lo{i}",
            f"CAST(max({q}) AS VARCHAR) AS hi{i}",
        ]
    prof = ws.sql(f"SELECT {', '.join(parts)} FROM {src}").iloc[0]
    rows = []
    for i, (c, t) in enumerate(cols.items()):
        rows.append(
            {
                "column": c,
                "type": t,
                "empty": int(prof[f"n{i}"]),
                "distinct (approx.)": int(prof[f"d{i}"]),
                "min": prof[f"lo{i}"],
                "max": prof[f"hi{i}"],
            }
        )
    out = pd.DataFrame(rows)
    if table in schema.TABLES:
        declared = schema.data_dictionary(table)[["column", "required", "key", "allowed values / range", "description"]]
        out = out.merge(declared, on="column", how="left")
    out.attrs["rows"] = int(prof["_rows"])
    return out


def default_x(dictionary: pd.DataFrame) -> str:
    """A column worth charting first: the first with 2–50 distinct values (a category or a
    date), else the first column."""
    ok = dictionary[(dictionary["distinct (approx.)"] >= 2) & (dictionary["distinct (approx.)"] <= MAX_CATEGORIES)]
    return str(ok["column"].iloc[0] if len(ok) else dictionary["column"].iloc[0])


@dataclass(frozen=True)
class Filter:
    column: str
    op: str
    value: str = ""


def _where(cols: dict[str, str], filters: tuple[Filter, ...]) -> tuple[str, dict]:
    clauses, params = [], {}
    for i, f in enumerate(filters):
        q = _col(cols, f.column, "filter")
        if f.op not in FILTER_OPS:
            raise ExploreError(f"Unknown filter {f.op!r}.")
        if f.op == "is empty":
            clauses.append(f"{q} IS NULL")
            continue
        if f.op == "is not empty":
            clauses.append(f"{q} IS NOT NULL")
            continue
        p = f"v{i}"
        params[p] = f.value
        if f.op == "contains":
            clauses.append(f"contains(lower(CAST({q} AS VARCHAR)), lower(${p}))")
            continue
        sql_op = {"=": "=", "≠": "<>", ">": ">", "≥": ">=", "<": "<", "≤": "<="}[f.op]
        # The type comes from the catalog; the value is bound and converted by DuckDB.
        clauses.append(f"{q} {sql_op} TRY_CAST(${p} AS {cols[f.column]})")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _measure(cols: dict[str, str], y: str | None, agg: str) -> str:
    if agg not in AGGREGATIONS:
        raise ExploreError(f"Unknown aggregation {agg!r}.")
    if agg == "count":
        return "count(*)"
    q = _col(cols, y, "value")
    if agg == "count_distinct":
        return f"count(DISTINCT {q})"
    if agg in ("sum", "avg", "median") and not is_numeric(cols[y]):
        raise ExploreError(f"{AGGREGATIONS[agg]} needs a numeric column; {y} is {cols[y]}.")
    return f"{agg}({q})"


def measure_label(y: str | None, agg: str) -> str:
    return "rows" if agg == "count" else f"{AGGREGATIONS[agg].lower()} of {y}"


def chart_data(
    ws: Workspace,
    table: str,
    kind: str,
    x: str,
    y: str | None = None,
    agg: str = "count",
    colour: str | None = None,
    filters: tuple[Filter, ...] = (),
    grain: str | None = None,
) -> tuple[pd.DataFrame, str]:
    """The small frame a chart needs, aggregated in DuckDB, and a note when it was capped.

    bar/line/area: one row per x (× colour) with the measure in column `value`; dates along x are
    truncated to `grain`. scatter: raw (x, y[, colour]) points, sampled beyond MAX_POINTS."""
    if kind not in CHART_KINDS:
        raise ExploreError(f"Unknown chart type {kind!r}.")
    cols = columns(ws, table)
    src = _table_sql(ws, table)
    qx = _col(cols, x, "x-axis")
    where, params = _where(cols, filters)
    note = ""
    if kind == "scatter":
        qy = _col(cols, y, "y-axis")
        sel = [f"{qx} AS x", f"{qy} AS y"] + ([f"CAST({_col(cols, colour, 'colour')} AS VARCHAR) AS colour"] if colour else [])
        n = int(ws.sql(f"SELECT count(*) AS n FROM {src}{where}", params)["n"].iloc[0])
        sample = f" USING SAMPLE {MAX_POINTS} ROWS (reservoir, 42)" if n > MAX_POINTS else ""
        if sample:
            note = f"Showing a random sample of {MAX_POINTS:,} of {n:,} rows."
        inner = f"SELECT * FROM {src}{where}"
        df = ws.sql(f"SELECT {', '.join(sel)} FROM ({inner}){sample}", params)
        return df, note
    measure = _measure(cols, y, agg)
    xexpr = qx
    if is_temporal(cols[x]) and grain:
        if grain not in TIME_GRAINS:
            raise ExploreError(f"Unknown time grain {grain!r}.")
        xexpr = f"CAST(date_trunc('{grain}', {qx}) AS DATE)"
    if colour:
        qc = _col(cols, colour, "colour")
        top = (
            f"SELECT CAST({qc} AS VARCHAR) AS c FROM {src}{where} GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT {MAX_COLOURS}"
        )
        cexpr = f"CASE WHEN CAST({qc} AS VARCHAR) IN ({top}) THEN coalesce(CAST({qc} AS VARCHAR), '(empty)') ELSE 'Other' END"
        sql = f"SELECT {xexpr} AS x, {cexpr} AS colour, {measure} AS value FROM {src}{where} GROUP BY ALL"
    else:
        sql = f"SELECT {xexpr} AS x, {measure} AS value FROM {src}{where} GROUP BY ALL"
    ordered = is_temporal(cols[x]) or is_numeric(cols[x]) or kind in ("line", "area")
    df = ws.sql(
        f"WITH g AS ({sql}), ranked AS (SELECT x, sum(value) AS t FROM g GROUP BY x "
        f"ORDER BY {'x' if ordered else 't DESC NULLS LAST'} LIMIT {MAX_CATEGORIES if not ordered else 2000}) "
        f"SELECT g.* FROM g JOIN ranked USING (x) ORDER BY {'g.x' if ordered else 'ranked.t DESC NULLS LAST, g.x'}",
        params,
    )
    n_x = int(ws.sql(f"SELECT count(DISTINCT {xexpr}) AS n FROM {src}{where}", params)["n"].iloc[0])
    cap = 2000 if ordered else MAX_CATEGORIES
    if n_x > cap:
        note = f"Showing {cap:,} of {n_x:,} {x} values ({'the first' if ordered else 'the largest'})."
    return df, note


def pivot_table(
    ws: Workspace,
    table: str,
    rows: tuple[str, ...],
    column: str | None,
    value: str | None,
    agg: str = "count",
    filters: tuple[Filter, ...] = (),
) -> tuple[pd.DataFrame, str]:
    """rows × column values of the measure, grouped in DuckDB (at most PIVOT_ROWS rows and the
    PIVOT_COLUMNS most frequent column values), plus a note when it was capped."""
    cols = columns(ws, table)
    src = _table_sql(ws, table)
    if not rows:
        raise ExploreError("Choose at least one row field.")
    qrows = [_col(cols, r, "row") for r in rows]
    measure = _measure(cols, value, agg)
    where, params = _where(cols, filters)
    note = ""
    keys = ", ".join(f"{q} AS {quote_ident('r' + str(i))}" for i, q in enumerate(qrows))
    # Only the first PIVOT_ROWS + 1 row keys leave DuckDB, however many there are.
    order = ", ".join(f"r{i}" for i in range(len(qrows)))
    qualify = f"QUALIFY dense_rank() OVER (ORDER BY {order}) <= {PIVOT_ROWS + 1}"
    if column:
        qc = _col(cols, column, "column")
        top = f"SELECT {qc} FROM {src}{where} GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT {PIVOT_COLUMNS}"
        n_cols = int(ws.sql(f"SELECT count(DISTINCT {qc}) AS n FROM {src}{where}", params)["n"].iloc[0])
        if n_cols > PIVOT_COLUMNS:
            note = f"Showing the {PIVOT_COLUMNS} most frequent {column} values of {n_cols:,}. "
        long = ws.sql(
            f"SELECT * FROM (SELECT {keys}, CAST({qc} AS VARCHAR) AS c, {measure} AS value FROM {src}{where} "
            f"{'AND' if where else 'WHERE'} {qc} IN ({top}) GROUP BY ALL) {qualify}",
            params,
        )
    else:
        long = ws.sql(f"SELECT * FROM (SELECT {keys}, {measure} AS value FROM {src}{where} GROUP BY ALL) {qualify}", params)
    rnames = [f"r{i}" for i in range(len(rows))]
    if column:
        wide = long.pivot_table(index=rnames, columns="c", values="value", aggfunc="first", dropna=False)
        wide.columns = [str(c) for c in wide.columns]
        wide = wide.reset_index()
    else:
        wide = long
    wide = wide.rename(columns=dict(zip(rnames, rows, strict=True))).sort_values(list(rows)).reset_index(drop=True)
    if len(wide) > PIVOT_ROWS:
        note += f"Showing the first {PIVOT_ROWS} rows."
        wide = wide.head(PIVOT_ROWS)
    if not column:
        wide = wide.rename(columns={"value": measure_label(value, agg)})
    return wide, note.strip()
