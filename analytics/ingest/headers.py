"""Which workspace table a file is for, and which file column holds each schema column: header
names compared case-, space- and punctuation-blind, through the synonyms of analytics.store.synonyms."""

from __future__ import annotations

from pathlib import Path

from analytics.store import schema, synonyms


def suggest_mapping(table: str, columns: list[str]) -> dict[str, str]:
    """schema column → file column. A column's own name wins, then its synonyms in the order
    listed; each file column is used once; an FTE column stands in for weekly hours."""
    by_key: dict[str, str] = {}
    for c in columns:
        by_key.setdefault(synonyms.header_key(c), c)
    out: dict[str, str] = {}
    used: set[str] = set()
    names = schema.TABLES[table].column_names
    # Exact names first, so a file with `name` and `Project Name` maps the exact one.
    for rank in range(1 + max(len(synonyms.header_synonyms(n)) for n in names)):
        for col in names:
            if col in out:
                continue
            words = synonyms.header_synonyms(col)
            if rank >= len(words):
                continue
            hit = by_key.get(synonyms.header_key(words[rank]))
            if hit is not None and hit not in used:
                out[col] = hit
                used.add(hit)
    if synonyms.FTE_COLUMN in names and synonyms.FTE_COLUMN not in out:
        for word in synonyms.FTE_HEADERS:
            hit = by_key.get(synonyms.header_key(word))
            if hit is not None and hit not in used:
                out[synonyms.FTE_COLUMN] = hit
                break
    return out


def is_fte_header(header: str) -> bool:
    """True for a header holding full-time equivalents (1.0 = a standard week)."""
    return synonyms.header_key(header) in {synonyms.header_key(w) for w in synonyms.FTE_HEADERS}


def suggest_table(file_name: str, columns: list[str]) -> str | None:
    """The workspace table whose required columns the headers (or the file's name) match best, else
    None. Ties go to the table that uses more of the file's columns (a timesheet file also holds
    time off's three required columns)."""
    stem = synonyms.header_key(Path(file_name).name.split(".")[0])
    best, best_score = None, 0.0
    for t in schema.TABLES.values():
        mapped = suggest_mapping(t.name, columns)
        required = set(t.required_columns)
        score = len(required & set(mapped)) / len(required) + 0.2 * len(mapped) / max(len(columns), 1)
        if stem == synonyms.header_key(t.name):
            score += 0.5
        if score > best_score:
            best, best_score = t.name, score
    return best if best_score >= 0.5 else None
