"""What an AppTest run shows, read the way a user reads it: tiles by label, the table holding a column."""

from __future__ import annotations


def metrics(at) -> dict[str, str]:
    """Every tile on the page: label → value as shown."""
    return {m.label: m.value for m in at.metric}


def metric(at, label: str) -> str:
    """The value of the tile called `label` (an error lists the tiles there are)."""
    for m in at.metric:
        if m.label == label:
            return m.value
    raise AssertionError(f"no metric {label!r}; have {[m.label for m in at.metric]}")


def frame_with(at, column: str):
    """The first dataframe on the page that has `column` (a Styler's data, as shown)."""
    for df in at.dataframe:
        value = df.value
        data = value.data if hasattr(value, "data") else value
        if column in data.columns:
            return data
    raise AssertionError(f"no table with a {column!r} column")
