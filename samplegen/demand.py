"""Demand ahead of the data's last day: staffing for the engagements still planned, a pipeline of
tentative work with probabilities, and open roles. Drawn from a stream of its own (seeded_rng key 15),
so adding it left every other sample file byte-for-byte as it was."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from samplegen.calibration import DEPARTMENTS, ROLE_DEPARTMENTS, ROLES, SENIORITY
from samplegen.draws import seeded_rng
from samplegen.period import Period, date_array, weekday

PROBABILITIES = np.array([0.25, 0.5, 0.75, 0.9])
HOURS = np.array([40.0, 80.0, 120.0, 160.0, 200.0])
_BILLABLE = np.array([r[4] for r in ROLES]) >= 0.5  # roles whose work is engagement work


def _monday(days: np.ndarray) -> np.ndarray:
    return days + np.where(weekday(days) == 0, 0, 7 - weekday(days))


def draw_demand(n_workers: int, seed: int, p: Period, e: dict[str, np.ndarray]) -> pa.Table:
    """About one demand row per five workers (at least four): a row or two per planned engagement
    (confirmed), then tentative pipeline work and open roles, all starting within nine months."""
    rng = seeded_rng(seed, 15)
    planned = np.flatnonzero(e["status"] == 0)
    per = rng.integers(1, 3, len(planned))
    eng = np.repeat(planned, per)
    n_more = max(4, int(round(n_workers / 5))) - len(eng)
    n_more = max(n_more, 2)
    n = len(eng) + n_more
    mix = np.array(ROLE_DEPARTMENTS, dtype=float) * _BILLABLE[:, None]  # role × department
    dept = np.empty(n, dtype=np.int64)
    role = np.empty(n, dtype=np.int64)
    dept[: len(eng)] = e["dept"][eng]
    for i, d in enumerate(dept[: len(eng)]):  # a role the engagement's department employs
        col = mix[:, d] + 1e-6 * _BILLABLE
        role[i] = rng.choice(len(ROLES), p=col / col.sum())
    role[len(eng):] = rng.choice(np.flatnonzero(_BILLABLE), size=n_more)
    for i in range(len(eng), n):  # and a department that employs the role
        row = mix[role[i]] + 1e-6
        dept[i] = rng.choice(len(DEPARTMENTS), p=row / row.sum())
    start = np.empty(n, dtype=np.int64)
    end = np.empty(n, dtype=np.int64)
    start[: len(eng)] = e["planned_start"][eng]
    end[: len(eng)] = e["planned_end"][eng]
    s_more = _monday(p.as_of + rng.integers(-20, 270, n_more))
    start[len(eng):] = s_more
    end[len(eng):] = s_more + rng.integers(90, 400, n_more)
    end -= np.where(weekday(end) >= 5, weekday(end) - 4, 0)
    open_role = np.zeros(n, dtype=bool)
    open_role[len(eng):] = rng.random(n_more) < 0.35
    confirmed = np.zeros(n, dtype=bool)
    confirmed[: len(eng)] = True
    confirmed |= open_role
    prob = np.where(confirmed, 1.0, rng.choice(PROBABILITIES, size=n))
    hours = np.where(open_role, 40.0, rng.choice(HOURS, size=n))
    seniority = rng.choice(len(SENIORITY), size=n, p=[0.1, 0.45, 0.35, 0.1])
    engagement = np.full(n, None, dtype=object)
    engagement[: len(eng)] = e["engagement_id"][eng]
    width = max(4, len(str(n)))
    return pa.table(
        {
            "demand_id": pa.array([f"D{i + 1:0{width}d}" for i in range(n)], pa.string()),
            "engagement_id": pa.array(engagement, pa.string()),
            "department": pa.array(np.array(DEPARTMENTS, dtype=object)[dept], pa.string()),
            "role": pa.array(np.array([r[0] for r in ROLES], dtype=object)[role], pa.string()),
            "seniority": pa.array(np.array(SENIORITY, dtype=object)[seniority], pa.string()),
            "hours_per_week": pa.array(hours, pa.float64()),
            "start_date": date_array(start),
            "end_date": date_array(end),
            "probability": pa.array(prob, pa.float64()),
            "status": pa.array(np.where(confirmed, "confirmed", "tentative").astype(object), pa.string()),
        }
    )
