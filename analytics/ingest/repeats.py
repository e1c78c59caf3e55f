"""Rows repeating others in a table whose repeats are allowed (Table.duplicates == "warn": invoices, where
the same amount on the same day for the same engagement can be two real invoices): not refused like a
duplicate key, but said, with the first example, so a file sent twice is noticed."""

from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:
    from analytics.ingest.validation import Staged


def warnings(cur: duckdb.DuckDBPyConnection, st: Staged) -> list[str]:
    """Rows of the file repeating another row of it (or, when appending, a row already in the table) in
    every key column: loaded, but said, with the first example."""
    t = st.table
    key = ", ".join(t.key)
    same = " AND ".join(f"d.{k} IS NOT DISTINCT FROM e.{k}" for k in t.key)
    out = []
    n, line, first = cur.execute(
        f"SELECT count(*), min(_line), min(first_line) FROM (SELECT _line, min(_line) OVER (PARTITION BY {key}) AS first_line "
        f"FROM {st.typed}) WHERE _line > first_line"
    ).fetchall()[0]
    if n:
        out.append(f"{st.file}: {n:,} row{'s' if n != 1 else ''} repeat{'s' if n == 1 else ''} another row of the file "
                   f"in every column (first: line {line} repeats line {first}). They load and count as often as "
                   "they appear: remove the repeats if an invoice was sent twice.")
    if st.mode == "append":
        n, line = cur.execute(
            f"SELECT count(*), min(_line) FROM {st.typed} AS d WHERE EXISTS (SELECT 1 FROM main.{t.name} AS e WHERE {same})"
        ).fetchall()[0]
        if n:
            out.append(f"{st.file}: {n:,} row{'s' if n != 1 else ''} (first: line {line}) repeat{'s' if n == 1 else ''} "
                       f"a row already in the {t.name} table. They load and count again.")
    return out
