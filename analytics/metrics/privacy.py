"""Small-group suppression of pay: an aggregate of pay over fewer than MIN_GROUP people would
let anyone read a colleague's salary, so it is withheld and labelled as such."""

from __future__ import annotations

import os

import pandas as pd

SUPPRESSED = "suppressed (< {n} people)"


def min_group_size() -> int:
    """Smallest group whose pay aggregates are shown (env STAFFING_LENS_MIN_GROUP, default 5)."""
    try:
        return max(1, int(os.environ.get("STAFFING_LENS_MIN_GROUP", "5")))
    except ValueError:
        return 5


def is_suppressed(people: int | float | None) -> bool:
    """True for a group of 1 … min_group_size()−1 people (an empty group reveals nobody's pay)."""
    if people is None or pd.isna(people):
        return True
    return 0 < int(people) < min_group_size()


def pay_or_none(value: float | None, people: int | float | None) -> float | None:
    """The value, or None when it aggregates the pay of fewer than min_group_size() people."""
    return None if is_suppressed(people) else value


def suppressed_label() -> str:
    return SUPPRESSED.format(n=min_group_size())


def suppress_columns(df: pd.DataFrame, columns: list[str], people_col: str = "people") -> pd.DataFrame:
    """Blank the given pay columns on rows whose group has fewer than min_group_size() people and
    add a `note` column saying so. Returns a copy."""
    out = df.copy()
    n = out[people_col].fillna(0).astype(int)
    small = (n > 0) & (n < min_group_size())
    for c in columns:
        out[c] = out[c].astype(float).where(~small)
    note = out.get("note", pd.Series("", index=out.index)).fillna("")
    out["note"] = note.where(~small, suppressed_label())
    return out
