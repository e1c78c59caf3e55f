"""The SQL files: every named query and derived table is analytics/sql/<name>.sql, read here, with the
global filters' worker condition (analytics/sql/fragment_worker_filter.sql) put where a query says
{worker_filter}; and quoting of identifiers for the few statements built around a table's name."""

from __future__ import annotations

import functools
from pathlib import Path

SQL_DIR = Path(__file__).resolve().parents[1] / "sql"


@functools.cache
def worker_filter() -> str:
    """The WHERE condition on workers `w` for the sidebar's departments, roles and worker types, read
    once per process, without its comment lines (it is spliced into the middle of other queries)."""
    text = (SQL_DIR / "fragment_worker_filter.sql").read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--")).strip()


def load_sql(name: str) -> str:
    """The text of analytics/sql/<name>.sql (one named, parameterised query per file)."""
    path = SQL_DIR / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"no query named {name!r}")
    text = path.read_text(encoding="utf-8")
    return text.replace("{worker_filter}", worker_filter()) if "{worker_filter}" in text else text


def quote_ident(name: str) -> str:
    """A DuckDB identifier, quoted (names here come from file headers or checked lists)."""
    return '"' + name.replace('"', '""') + '"'
