"""Cell values as exports write them, turned into the schema's values in SQL: allowed values
matched case-insensitively and through synonyms, booleans in many languages, money with currency
symbols, thousands separators and accounting negatives; plus the distinct values still unmatched,
for the user to map by hand."""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics.store import schema, synonyms

# The SQL twin of synonyms.value_key.
_KEY_PATTERN = r"[\s._/\-]+"
_CURRENCY = r"[\s$€£¥₹'’]|USD|EUR|GBP|CHF|CAD|AUD"


def sql_str(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def value_key_sql(text: str) -> str:
    return f"regexp_replace(lower({text}), {sql_str(_KEY_PATTERN)}, '', 'g')"


def value_map(column: schema.Column, manual: dict[str, str] | None = None) -> dict[str, str]:
    """value_key → schema value for one column: the declared synonyms, then the user's own
    mappings (which win). Booleans map to 'true'/'false'."""
    if column.type == "BOOLEAN":
        out = {k: "true" if v else "false" for k, v in synonyms.boolean_words().items()}
    else:
        out = dict(synonyms.value_synonyms(column.name))
        for a in column.allowed or ():
            out.setdefault(synonyms.value_key(a), a)
    for raw, target in (manual or {}).items():
        out[synonyms.value_key(raw)] = target
    return out


def mapped_text(column: schema.Column, text: str, manual: dict[str, str] | None = None) -> str:
    """SQL for an allowed-values column: the mapped value, else the text as it is (then reported
    as not one of the allowed values)."""
    mapping = value_map(column, manual)
    whens = " ".join(f"WHEN {sql_str(k)} THEN {sql_str(v)}" for k, v in sorted(mapping.items()))
    # lower() alone first (most files write the words plainly), the punctuation-blind key after
    return f"CASE lower({text}) {whens} ELSE CASE {value_key_sql(text)} {whens} ELSE {text} END END"


def boolean(column: schema.Column, text: str, manual: dict[str, str] | None = None) -> str:
    mapping = value_map(column, manual)
    yes = ", ".join(sql_str(k) for k, v in sorted(mapping.items()) if v == "true")
    no = ", ".join(sql_str(k) for k, v in sorted(mapping.items()) if v == "false")
    fast, key = f"lower({text})", value_key_sql(text)
    # CASE runs each branch only for the rows still undecided (coalesce would run both for all)
    return (f"CASE WHEN {fast} IN ({yes}) THEN TRUE WHEN {fast} IN ({no}) THEN FALSE "
            f"WHEN {key} IN ({yes}) THEN TRUE WHEN {key} IN ({no}) THEN FALSE END")


def number(text: str, sql_type: str, decimal_comma: bool) -> str:
    """SQL for a number: plain digits first (fast), else with currency symbols and spaces removed,
    (1,200.00) read as −1200, and thousands separators dropped — `1,234.56` with a decimal point,
    `1.234,56` with a decimal comma (also recognised in a point file)."""
    if decimal_comma:
        # 1.234,5 → 1234.5: thousands dots out, decimal comma to a point.
        plain = f"replace(replace({text}, '.', ''), ',', '.')"
    else:
        plain = text
    s = f"regexp_replace({text}, {sql_str(_CURRENCY)}, '', 'g')"
    s = f"regexp_replace({s}, '^\\((.*)\\)$', '-\\1')"
    if decimal_comma:
        money = f"replace(replace({s}, '.', ''), ',', '.')"
    else:
        money = (
            f"CASE WHEN regexp_full_match({s}, '-?[0-9]{{1,3}}(,[0-9]{{3}})+(\\.[0-9]+)?') THEN replace({s}, ',', '') "
            f"WHEN regexp_full_match({s}, '-?[0-9]{{1,3}}(\\.[0-9]{{3}})+,[0-9]{{1,2}}') "
            f"THEN replace(replace({s}, '.', ''), ',', '.') ELSE {s} END"
        )
    fast = f"TRY_CAST({plain} AS {sql_type})"
    return f"CASE WHEN {fast} IS NOT NULL THEN {fast} ELSE TRY_CAST({money} AS {sql_type}) END"


def unmatched_values(cur: duckdb.DuckDBPyConnection, file: str, src: str, typed: str, table: schema.Table,
                     mapping: dict[str, str], limit: int = 50) -> pd.DataFrame:
    """file, column, value, rows: each distinct file value of an allowed-values or true/false column
    that matched nothing, most frequent first (at most `limit` per column)."""
    parts = []
    for c in table.columns:
        if c.name not in mapping or not (c.allowed or c.type == "BOOLEAN"):
            continue
        raw = '"' + mapping[c.name].replace('"', '""') + '"'
        bad = f"t.{c.name} IS NULL" if c.type == "BOOLEAN" else f"t.{c.name} NOT IN ({', '.join(sql_str(a) for a in c.allowed)})"
        parts.append(
            f"(SELECT {sql_str(file)} AS file, {sql_str(c.name)} AS \"column\", trim(s.{raw}) AS value, count(*) AS rows "
            f"FROM {src} AS s JOIN {typed} AS t USING (_line) WHERE NULLIF(trim(s.{raw}), '') IS NOT NULL AND {bad} "
            f"GROUP BY ALL ORDER BY rows DESC, value LIMIT {int(limit)})"
        )
    if not parts:
        return pd.DataFrame(columns=["file", "column", "value", "rows"])
    return cur.execute(" UNION ALL ".join(parts)).df()


def choices(column: schema.Column) -> list[str]:
    """What a user may map an unmatched value to."""
    return ["true", "false"] if column.type == "BOOLEAN" else list(column.allowed or ())
