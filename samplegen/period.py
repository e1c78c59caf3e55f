"""The weeks the sample covers: day numbers, US-style public holidays, and the period of whole
weeks (Monday to Sunday) ending on the chosen last day."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pyarrow as pa

_EPOCH = date(1970, 1, 1)


def day_number(d: date) -> int:
    """Days since 1970-01-01, the generator's unit for every date."""
    return (d - _EPOCH).days


def weekday(days: np.ndarray) -> np.ndarray:
    """Monday = 0 … Sunday = 6 for day numbers counted from 1970-01-01 (a Thursday)."""
    return (days + 3) % 7


def date_array(days: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    """Day numbers as an Arrow date column (NULL where `null` is true), written as ISO dates."""
    return pa.array(np.asarray(days, dtype=np.int64).astype("datetime64[D]"), pa.date32(), mask=null)


def years_before(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


def public_holidays(first: date, last: date) -> list[date]:
    """US-style public holidays (10 a year, weekend dates observed on Friday/Monday)."""

    def nth(year: int, month: int, weekday: int, n: int) -> date:
        d = date(year, month, 1)
        d += timedelta(days=(weekday - d.weekday()) % 7)
        return d + timedelta(weeks=n - 1)

    def last_monday(year: int, month: int) -> date:
        d = date(year, month + 1, 1) - timedelta(days=1)
        return d - timedelta(days=d.weekday())

    out = []
    for y in range(first.year - 1, last.year + 2):
        thanksgiving = nth(y, 11, 3, 4)
        fixed = [date(y, 1, 1), date(y, 6, 19), date(y, 7, 4), date(y, 12, 25)]
        fixed = [
            d - timedelta(days=1) if d.weekday() == 5 else d + timedelta(days=1) if d.weekday() == 6 else d
            for d in fixed
        ]
        days = fixed + [
            nth(y, 1, 0, 3),
            nth(y, 2, 0, 3),
            last_monday(y, 5),
            nth(y, 9, 0, 1),
            thanksgiving,
            thanksgiving + timedelta(days=1),
        ]
        out += [d for d in days if first <= d <= last]
    return sorted(set(out))


class Period:
    """The weeks covered: Mondays from the first one on/after the period start to the last one
    whose Sunday is on/before `end`."""

    def __init__(self, end: date, years: int):
        start = years_before(end, years) + timedelta(days=1)
        self.end = end
        self.first_monday = start + timedelta(days=(-start.weekday()) % 7)
        last_sunday = end - timedelta(days=(end.weekday() + 1) % 7)
        self.n_weeks = (last_sunday - self.first_monday).days // 7 + 1
        if self.n_weeks < 4:
            raise ValueError("the period must cover at least four whole weeks")
        self.h0 = day_number(self.first_monday)
        self.h1 = day_number(last_sunday)  # last day covered by timesheets
        self.as_of = day_number(end)
        self.length = self.h1 - self.h0 + 1
        hol = np.zeros(self.length, dtype=np.int64)
        for d in public_holidays(self.first_monday, last_sunday):
            hol[day_number(d) - self.h0] = 1
        self.holiday_cum = np.concatenate([[0], np.cumsum(hol)])  # holidays in [a, b] = cum[b+1] - cum[a]
