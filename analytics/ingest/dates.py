"""Which way round a file writes its dates: DuckDB's sniffer reads 01/10/2024 either way, so the
values of a sample are looked at — a first part above 12 means day first, a second part above 12
means month first."""

from __future__ import annotations

import re

import pandas as pd

_DATE = re.compile(r"^\s*(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})\s*$")


def day_or_month_first(sample: pd.DataFrame, sniffed: str | None) -> str | None:
    """The date format the sample's values prove (e.g. %m/%d/%Y), else the sniffer's guess."""
    votes: dict[str, set[str]] = {}
    for col in sample.columns:
        for v in sample[col].dropna().astype(str).head(5_000):
            m = _DATE.match(v)
            if not m:
                continue
            a, sep, b = int(m.group(1)), m.group(2), int(m.group(3))
            if a > 12 >= b:
                votes.setdefault("day", set()).add(sep)
            elif b > 12 >= a:
                votes.setdefault("month", set()).add(sep)
    if len(votes) != 1:
        return sniffed  # no evidence, or both ways round in one file: the sniffer's guess stands
    order, seps = next(iter(votes.items()))
    if len(seps) != 1:
        return sniffed
    sep = next(iter(seps))
    fmt = f"%d{sep}%m{sep}%Y" if order == "day" else f"%m{sep}%d{sep}%Y"
    from analytics.ingest.validation import ALLOWED_DATE_FORMATS

    return fmt if fmt in ALLOWED_DATE_FORMATS else sniffed
