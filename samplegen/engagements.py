"""Engagements (projects): department, delivering agency or in-house, planned and actual dates,
budget, status as of the period's last day and delivery quality; plus the weeks each one can be
staffed."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from samplegen.calibration import AGENCIES, DEPARTMENTS, ENGAGEMENT_NAMES, ROLES
from samplegen.draws import seeded_rng
from samplegen.invoices import PRICING_MODELS
from samplegen.period import Period, date_array, weekday


def draw_engagements(n_workers: int, seed: int, p: Period, w: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """About one engagement per three workers, spread so some started before the period and some
    are still planned at its end; one array per attribute, dates as day numbers."""
    rng = seeded_rng(seed, 1)
    n = max(3, int(round(n_workers / 3)))
    # departments in proportion to their billable headcount
    bill = np.array([r[4] for r in ROLES])[w["role"]]
    dept_w = np.bincount(w["dept"], weights=bill, minlength=len(DEPARTMENTS)) + 1e-3
    dept = rng.choice(len(DEPARTMENTS), size=n, p=dept_w / dept_w.sum())
    agency_w = np.array([a[1] for a in AGENCIES])
    vcode = np.where(rng.random(n) < 0.5, 0, 1 + rng.choice(len(AGENCIES), size=n, p=agency_w / agency_w.sum()))

    planned_days = np.clip(np.round(np.exp(np.log(150) + 0.5 * rng.standard_normal(n))), 45, 540).astype(np.int64)
    lo = p.h0 - np.round(0.6 * planned_days)
    hi = p.as_of + 75
    ps = (lo + np.floor(rng.random(n) * (hi - lo))).astype(np.int64)
    ps = np.where(rng.random(n) < 0.6, ps - weekday(ps), ps)
    ps += np.where(weekday(ps) >= 5, 7 - weekday(ps), 0)
    pe = ps + planned_days
    delay = np.where(rng.random(n) < 0.45, 0, np.ceil(rng.exponential(12.0, n))).astype(np.int64)
    ast = ps + delay
    ast += np.where(weekday(ast) >= 5, 7 - weekday(ast), 0)
    ratio = np.exp(np.log(1.14) + 0.19 * rng.standard_normal(n))
    ratio *= np.where(rng.random(n) < 0.15, 1 + rng.exponential(0.45, n), 1.0)
    aen_full = ast + np.round(planned_days * ratio).astype(np.int64)
    cancel = rng.random(n) < 0.08
    aen_cancel = ast + np.round(planned_days * rng.uniform(0.15, 0.7, n)).astype(np.int64)
    aen = np.where(cancel, aen_cancel, aen_full)
    aen -= np.where(weekday(aen) >= 5, weekday(aen) - 4, 0)

    started = ast <= p.as_of
    finished = started & (aen <= p.as_of)
    status = np.where(~started, 0, np.where(~finished, 1, np.where(cancel, 3, 2)))  # ENGAGEMENT_STATUSES order

    team = np.clip(np.exp(np.log(5.0) + 0.5 * rng.standard_normal(n)), 2, 30)
    blended = np.where(vcode > 0, 112.0, 82.0)
    budget = np.round(team * planned_days / 7 * 40 * blended * rng.uniform(0.85, 1.15, n) / 1000) * 1000

    overrun = (aen_full - ast) / planned_days - 1
    vendor_q = np.array([0.0] + [a[3] for a in AGENCIES])
    q = 3.75 + 0.45 * rng.standard_normal(n) - 0.9 * np.clip(overrun - 0.2, 0, 2) + vendor_q[vcode]
    q_cancel = np.where(rng.random(n) < 0.55, np.nan, rng.uniform(1.0, 2.4, n))
    quality = np.where(status == 2, np.clip(np.round(q, 1), 1, 5), np.where(status == 3, np.round(q_cancel, 1), np.nan))

    names = np.empty(n, dtype=object)
    phase = rng.integers(2, 4, n)
    with_phase = rng.random(n) < 0.2
    u1, u2 = rng.random(n), rng.random(n)
    for d, dname in enumerate(DEPARTMENTS):
        systems, actions = (s.split("|") for s in ENGAGEMENT_NAMES[dname])
        for i in np.flatnonzero(dept == d):
            nm = f"{systems[int(u1[i] * len(systems))]} {actions[int(u2[i] * len(actions))]}"
            names[i] = f"{nm} Phase {phase[i]}" if with_phase[i] else nm

    # weeks each engagement can be staffed (actual_start … actual_end, or the end of the data)
    last_day = np.where(finished, aen, p.h1)
    wlo = np.maximum(0, (ast - p.h0) // 7)
    whi = np.minimum(p.n_weeks - 1, (np.minimum(last_day, p.h1) - p.h0) // 7)
    whi = np.where(started & (last_day >= p.h0) & (ast <= p.h1), whi, -1)
    width = max(5, len(str(n)))
    return {
        "engagement_id": np.array([f"E{i + 1:0{width}d}" for i in range(n)], dtype=object),
        "name": names,
        "dept": dept,
        "vcode": vcode,
        "planned_start": ps,
        "planned_end": pe,
        "actual_start": ast,
        "actual_end": aen,
        "started": started,
        "finished": finished,
        "budget": budget,
        "status": status,
        "quality": quality,
        "team": team,
        "wlo": wlo,
        "whi": whi,
    }


def engagements_table(e: dict[str, np.ndarray]) -> pa.Table:
    """The engagements as the rows of engagements.csv (`pricing`, from samplegen.invoices: 0 time and
    materials, 1 fixed fee, 2 milestone)."""

    vendor_names = np.array([None] + [a[0] for a in AGENCIES], dtype=object)
    statuses = np.array(("planned", "active", "completed", "cancelled"), dtype=object)
    return pa.table(
        {
            "engagement_id": pa.array(e["engagement_id"], pa.string()),
            "name": pa.array(e["name"], pa.string()),
            "department": pa.array(np.array(DEPARTMENTS, dtype=object)[e["dept"]], pa.string()),
            "vendor": pa.array(vendor_names[e["vcode"]], pa.string()),
            "planned_start": date_array(e["planned_start"]),
            "planned_end": date_array(e["planned_end"]),
            "actual_start": date_array(e["actual_start"], ~e["started"]),
            "actual_end": date_array(e["actual_end"], ~e["finished"]),
            "budget": pa.array(e["budget"], pa.float64()),
            "status": pa.array(statuses[e["status"]], pa.string()),
            "quality_score": pa.array(e["quality"], pa.float64(), from_pandas=True),
            "pricing_model": pa.array(PRICING_MODELS[e.get("pricing", np.zeros(len(e["engagement_id"]), dtype=int))],
                                      pa.string()),
        }
    )
