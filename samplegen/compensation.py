"""Pay over time for the sample's compensation.csv: every employee's salary from their start date
with a raise of about 3% on each anniversary, and a few contractors' renegotiated rates. The roster's
salary and rate are each person's latest (in force on their last day, or the period's end)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from samplegen.draws import seeded_rng
from samplegen.period import Period, date_array, weekday

RAISE_MEAN, RAISE_SD = 0.03, 0.01  # yearly raises: ~3% (merit budgets of 3–4% in recent salary surveys)
RENEGOTIATED_SHARE = 0.15  # contractors whose rate was renegotiated once during their engagement
RENEGOTIATION_RISE = (0.04, 0.10)  # the new rate over the old one


def draw_compensation(seed: int, p: Period, w: dict[str, np.ndarray]) -> pa.Table:
    """compensation.csv's rows, by person and date. The entries of each person end at the roster's
    values, so figures as of today are the roster's and only the past changes."""
    rng = seeded_rng(seed, 7)  # its own stream: the other files are drawn exactly as without it
    last = np.where(w["end"] < 0, p.h1, np.minimum(w["end"], p.h1))
    rows: list[tuple[str, int, float, float]] = []  # worker_id, day, annual_salary, hourly_rate

    emp = np.flatnonzero(~w["is_con"])
    years = np.maximum(0, np.floor((last[emp] - w["start"][emp]) / 365.25)).astype(np.int64)
    raises = np.clip(rng.normal(RAISE_MEAN, RAISE_SD, size=(len(emp), int(years.max(initial=0)))), 0.0, 0.08)
    for k, i in enumerate(emp):
        s = [float(w["salary"][i])]  # newest first, back to the hire salary
        for r in raises[k, : years[k]][::-1]:
            s.append(round(s[-1] / (1 + r) / 100.0) * 100.0)
        for y, value in enumerate(s[::-1]):
            rows.append((w["worker_id"][i], int(w["start"][i] + round(365.25 * y)), value, np.nan))

    con = np.flatnonzero(w["is_con"])
    picked = con[rng.random(len(con)) < RENEGOTIATED_SHARE]
    rise = rng.uniform(*RENEGOTIATION_RISE, size=len(picked))
    at = rng.random(len(picked))
    for k, i in enumerate(picked):
        first, span = int(w["start"][i]), int(last[i] - w["start"][i])
        day = first + 14 + int(at[k] * max(span - 14, 0))
        day -= int(weekday(np.array([day]))[0])  # renegotiated rates apply from a Monday
        if span < 28 or day <= first:
            continue
        rows.append((w["worker_id"][i], first, np.nan, round(float(w["rate"][i]) / (1 + rise[k]), 2)))
        rows.append((w["worker_id"][i], day, np.nan, float(w["rate"][i])))

    rows.sort(key=lambda r: (r[0], r[1]))
    return pa.table(
        {
            "worker_id": pa.array([r[0] for r in rows], pa.string()),
            "effective_date": date_array(np.array([r[1] for r in rows], dtype=np.int64)),
            "annual_salary": pa.array(np.array([r[2] for r in rows], dtype=float), pa.float64(), from_pandas=True),
            "hourly_rate": pa.array(np.array([r[3] for r in rows], dtype=float), pa.float64(), from_pandas=True),
            "weekly_capacity_hours": pa.array(np.full(len(rows), np.nan), pa.float64(), from_pandas=True),
            "currency": pa.array([None] * len(rows), pa.string()),  # empty: the roster's currency
        }
    )
