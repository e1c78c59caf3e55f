"""Reading one uploaded file into DuckDB for the checks: unpacked or converted to CSV
(analytics.ingest.read), read as text into a temp table, its lines numbered as an editor shows
them and the lines DuckDB could not parse recorded as problems; file columns named like the
database's own are renamed."""

from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb

from analytics.ingest import validation
from analytics.ingest.read import (
    ENCODINGS,
    CsvOptions,
    UploadError,
    _friendly_read_error,
    as_csv,
    check_text,
    detect_encoding,
    staged,
)

if TYPE_CHECKING:
    from analytics.ingest.upload import FileSpec


def _read_csv_sql(options: CsvOptions, i: int, all_varchar: bool) -> tuple[str, dict]:
    params = {"d": options.delimiter or ","}
    extra = ""
    if not all_varchar:
        extra = ", decimal_separator = $dec"
        params["dec"] = "," if options.decimal_comma else "."
        if options.date_format:
            if options.date_format not in validation.ALLOWED_DATE_FORMATS:
                raise UploadError(f"Unsupported date format {options.date_format!r}.")
            extra += ", dateformat = $df"
            params["df"] = options.date_format
    sql = (
        "read_csv($p, encoding = $e, delim = $d, header = true, "
        f"all_varchar = {'true' if all_varchar else 'false'}{extra}, store_rejects = true, "
        f"rejects_table = '_rejects_{i}', rejects_scan = '_rejects_scan_{i}')"
    )
    return sql, params


def stage_file(cur: duckdb.DuckDBPyConnection, spec: FileSpec, i: int) -> tuple[str, int, list[str]]:
    """Read one file into temp table _src_i (_line + its columns); record parse errors as
    problems. Returns (src table, rows read, notes on renamed columns)."""
    data, _ = as_csv(spec.name, spec.data, spec.options)
    encoding = spec.options.encoding or detect_encoding(data)
    check_text(spec.name, data, encoding)
    with staged(data, encoding) as (path, enc):
        read, params = _read_csv_sql(spec.options, i, all_varchar=not spec.is_adhoc)
        try:
            cur.execute(f"CREATE OR REPLACE TEMP TABLE _raw_{i} AS SELECT * FROM {read}", {"p": str(path), "e": enc, **params})
        except duckdb.Error as exc:
            raise _friendly_read_error(spec.name, exc, encoding) from exc
    notes = _rename_reserved_columns(cur, f"_raw_{i}", spec.name)
    validation._insert(
        cur,
        spec.name,
        "SELECT line, column_name, csv_line, CASE WHEN error_type IN ('INVALID UNICODE', 'INVALID ENCODING') THEN "
        f"{validation._sql_str(f'not valid {ENCODINGS.get(encoding, encoding)} text: choose the file' + chr(39) + 's encoding (Latin-1 for most files from older Excel) in its options')} "
        "WHEN error_type IN ('MISSING COLUMNS', 'TOO MANY COLUMNS') THEN "
        "CASE error_type WHEN 'MISSING COLUMNS' THEN 'too few' ELSE 'too many' END || ' columns on this line: expected ' "
        "|| regexp_extract(error_message, 'Expected Number of Columns: (\\d+)', 1) || ', found ' "
        "|| regexp_extract(error_message, 'Found: (\\d+)', 1) "
        "ELSE lower(error_type) || ': ' || split_part(error_message, chr(10), 1) END "
        f"FROM _rejects_{i}",
    )
    # Line numbers as an editor shows them: rows were stored in file order (rowid; inside a
    # transaction rowids start at a large offset, hence the minimum), and the lines DuckDB
    # rejected are skipped over.
    n_good, first = cur.execute(f"SELECT count(*), coalesce(min(rowid), 0) FROM _raw_{i}").fetchall()[0]
    n_bad = cur.execute(f"SELECT count(DISTINCT line) FROM _rejects_{i}").fetchall()[0][0]
    if n_bad == 0:  # every line read: line = row + 2, no copy of the file
        cur.execute(f"CREATE OR REPLACE TEMP VIEW _src_{i} AS SELECT rowid - {int(first)} + 2 AS _line, * FROM _raw_{i}")
    else:
        cur.execute(
            f"CREATE OR REPLACE TEMP TABLE _src_{i} AS "
            f"WITH good AS (SELECT rowid - {int(first)} AS _k, * FROM _raw_{i}), "
            f"lines AS (SELECT range AS _line, row_number() OVER (ORDER BY range) - 1 AS _k "
            f"  FROM range(2, $last) WHERE range NOT IN (SELECT line FROM _rejects_{i})) "
            "SELECT lines._line, good.* EXCLUDE (_k) FROM good JOIN lines USING (_k)",
            {"last": 2 + n_good + n_bad},
        )
        cur.execute(f"DROP TABLE _raw_{i}")
    if n_good == 0 and n_bad == 0:
        validation.add_problem(cur, spec.name, 1, "", "", "the file has a header but no data rows")
    return f"_src_{i}", n_good + n_bad, notes


# Column names with a meaning of their own here: DuckDB's row-id pseudo-column (a file column of
# that name hides it, and the line numbering below then silently joined rows away) and the
# columns this module adds while reading.
RESERVED_COLUMNS = ("rowid", "_line", "_k")


def _rename_reserved_columns(cur: duckdb.DuckDBPyConnection, raw: str, file_name: str) -> list[str]:
    """Rename file columns named like RESERVED_COLUMNS to `<name>_in_file` (numbered if taken);
    return one note per renamed column for the user."""
    cols = [r[0] for r in cur.execute(f"SELECT column_name FROM (DESCRIBE {raw})").fetchall()]
    taken = {c.lower() for c in cols}
    notes = []
    for col in cols:
        if col.lower() not in RESERVED_COLUMNS:
            continue
        new, n = f"{col}_in_file", 1
        while new.lower() in taken:
            n += 1
            new = f"{col}_in_file_{n}"
        taken.add(new.lower())
        cur.execute(f"ALTER TABLE {raw} RENAME COLUMN {validation.quote_ident(col)} TO {validation.quote_ident(new)}")
        notes.append(f"{file_name}: the column {col} was loaded as {new} ({col} is a name the database reserves).")
    return notes


def file_columns(cur: duckdb.DuckDBPyConnection, src: str) -> list[str]:
    cols = cur.execute(f"SELECT column_name FROM (DESCRIBE {src})").df()["column_name"].tolist()
    return [c for c in cols if c != "_line"]
