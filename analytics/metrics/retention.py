"""Kaplan–Meier retention: the share of people still employed t after they started, with people
still active counted as censored (their tenure is a lower bound), not dropped.

S(t) = Π over event times tᵢ ≤ t of (1 − dᵢ / nᵢ), where dᵢ people left at tᵢ and nᵢ were still
employed (at risk) just before tᵢ. Someone censored at tᵢ is still at risk at tᵢ (the usual
convention: leavers at a time are counted before censorings at the same time).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

KM_COLUMNS = ["time", "at_risk", "left", "censored", "survival"]


def kaplan_meier(durations, left, people=None) -> pd.DataFrame:
    """The Kaplan–Meier estimate from each person's duration and whether they left (True) or
    are still active (False, censored). One row per distinct time, starting with time 0 at
    survival 1: time, at_risk (nᵢ), left (dᵢ), censored, survival (S after time). `people`: how
    many people each row stands for (counts of people with the same duration and outcome, as
    tenure_counts.sql returns them); one each when not given."""
    d = np.asarray(durations, dtype=float)
    e = np.asarray(left, dtype=bool)
    w = np.ones(len(d), dtype=np.int64) if people is None else np.asarray(people, dtype=np.int64)
    if d.shape != e.shape:
        raise ValueError("durations and left must have the same length")
    if d.shape != w.shape:
        raise ValueError("people must have one count for each duration")
    keep = ~np.isnan(d)
    d, e, w = d[keep], e[keep], w[keep]
    if (d < 0).any():
        raise ValueError("durations must not be negative")
    if (w < 0).any():
        raise ValueError("people must not be negative")
    n = int(w.sum())
    if n == 0:
        return pd.DataFrame([(0.0, 0, 0, 0, 1.0)], columns=KM_COLUMNS)
    g = pd.DataFrame({"time": d, "left": np.where(e, w, 0), "seen": w}).groupby("time", sort=True)[["left", "seen"]].sum()
    g = g[g["seen"] > 0]
    left_at = g["left"].to_numpy(dtype=np.int64)
    seen = g["seen"].to_numpy(dtype=np.int64)
    at_risk = n - np.concatenate([[0], np.cumsum(seen)[:-1]])  # still employed just before each time
    km = pd.DataFrame(
        {
            "time": g.index.to_numpy(dtype=float),
            "at_risk": at_risk,
            "left": left_at,
            "censored": seen - left_at,
            "survival": np.cumprod(1.0 - left_at / at_risk),
        }
    )
    if km["time"].iloc[0] > 0:  # the curve starts at 1 on day 0
        start = pd.DataFrame([(0.0, n, 0, 0, 1.0)], columns=KM_COLUMNS)
        km = pd.concat([start, km], ignore_index=True)
    return km[KM_COLUMNS]


def survival_at(km: pd.DataFrame, t: float) -> float | None:
    """S(t): the estimate at the last time ≤ t; None beyond the last observed time if the curve
    has not reached 0 (nobody was followed that long)."""
    if km.empty:
        return None
    if t > km["time"].max() and km["survival"].iloc[-1] > 0:
        return None
    return float(km.loc[km["time"] <= t, "survival"].iloc[-1])


def median_survival(km: pd.DataFrame) -> float | None:
    """The first time at which S(t) ≤ 0.5 (median retention); None if it never falls that far."""
    below = km[km["survival"] <= 0.5]
    return None if below.empty else float(below["time"].iloc[0])
