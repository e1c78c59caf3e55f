"""What an AppTest run shows, read the way a user reads it (tiles by label, the table holding a column), and
what a user does on the Data page (give files, click, read the counts), with the workspace's contents to
compare before and after."""

from __future__ import annotations

from analytics import cache
from harness.workspaces import contents


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


# -- the Data page -----------------------------------------------------------------------


def widget(at, kind: str, suffix: str):
    """The widget of this kind whose key ends with `suffix` (per-file keys carry a file hash)."""
    found = [w for w in getattr(at, kind) if w.key and w.key.endswith(suffix)]
    assert len(found) == 1, (suffix, [w.key for w in getattr(at, kind)])
    return found[0]


def uploader(at):
    """The page's file uploader (its key changes after each load, which empties it)."""
    found = [u for u in at.file_uploader if u.key and u.key.startswith("upload_files")]
    assert len(found) == 1
    return found[0]


def give(at, *files: tuple[str, bytes]):
    uploader(at).set_value([(n, d, "text/csv") for n, d in files])
    at.run()
    assert not at.exception
    return at


def click(at, key: str):
    at.button(key=key).click()
    at.run()
    assert not at.exception, at.exception
    return at


def counts(at) -> dict[str, int]:
    df = at.dataframe[0].value
    return dict(zip(df["table"], df["rows"], strict=True))


def checksums() -> dict:
    """Row count and hash of every table, read through the app's own (process-wide) workspace."""
    return contents(cache.workspace(), version=False)
