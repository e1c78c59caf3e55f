"""Weekly facts for one chunk of workers: hours per engagement (billable or not), internal
hours, time off (public holidays and leave), shaped by bench spells, ramp-up and over-allocation;
then the chunk's reviews, from the same generator."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from samplegen.calibration import AGENCIES, CHUNK_WORKERS, ROLES
from samplegen.draws import round_half, seeded_rng
from samplegen.period import Period, date_array
from samplegen.reviews import draw_reviews
from samplegen.staffing import Staffing, assign_engagements


def draw_chunk(
    ci: int, seed: int, p: Period, w: dict[str, np.ndarray], st: Staffing
) -> tuple[pa.Table, pa.Table, pa.Table]:
    """Timesheets, time off and reviews of chunk `ci` (workers ci·CHUNK_WORKERS onwards), drawn from
    the chunk's own generator so each chunk is the same whatever the roster size after it."""
    rng = seeded_rng(seed, 2, ci)
    a, b = ci * CHUNK_WORKERS, min((ci + 1) * CHUNK_WORKERS, len(w["start"]))
    nw = b - a
    start, end = w["start"][a:b], w["end"][a:b]
    end_eff = np.where(end < 0, p.h1 + 10_000, end)
    is_con, role, dept = w["is_con"][a:b], w["role"][a:b], w["dept"][a:b]
    cap = w["capacity"][a:b]
    vcode = np.where(w["vendor"][a:b] < len(AGENCIES), w["vendor"][a:b] + 1, 0)  # Independent/employee → 0
    joiner = start >= p.h0

    # person-level habits
    bill_mean = np.array([r[4] for r in ROLES])[role] + np.where(is_con, 0.05, 0.0)
    bill_share = rng.beta(bill_mean * 30, (1 - bill_mean) * 30)
    over = rng.random(nw) < np.array([r[6] for r in ROLES])[role]
    alloc = np.where(over, rng.uniform(1.06, 1.25, nw), np.clip(0.975 + 0.02 * rng.standard_normal(nw), 0.9, 0.995))
    multi = rng.random(nw) < np.array([r[5] for r in ROLES])[role]
    split = rng.uniform(0.5, 0.8, nw)
    own_p = np.where(is_con & (vcode > 0), 0.75, 0.7)

    # worker-weeks
    wlo = np.maximum(0, (start - p.h0) // 7)
    whi = np.minimum(p.n_weeks - 1, (np.minimum(end_eff, p.h1) - p.h0) // 7)
    nweeks = np.maximum(whi - wlo + 1, 0)
    r = np.repeat(np.arange(nw), nweeks)
    k = np.arange(len(r)) - np.repeat(np.cumsum(nweeks) - nweeks, nweeks)  # week number within the person
    wk = wlo[r] + k
    n = len(r)
    first = k == 0
    monday = p.h0 + 7 * wk
    lo_day = np.maximum(monday, start[r])
    hi_day = np.minimum(monday + 4, end_eff[r])
    workdays = np.maximum(hi_day - lo_day + 1, 0)
    hol = p.holiday_cum[np.clip(hi_day - p.h0 + 1, 0, p.length)] - p.holiday_cum[np.clip(lo_day - p.h0, 0, p.length)]
    hol = np.where(workdays > 0, hol, 0)
    con = is_con[r]
    hol = np.where(con, rng.binomial(hol, 0.6), hol)  # contractors work some holidays (unpaid ones off)

    # leave: a few days at a time, sometimes a fortnight
    leave_p = np.where(con, 0.04, 0.095)
    days_off = np.where(rng.random(n) < leave_p, rng.choice(5, size=n, p=[0.3, 0.15, 0.15, 0.1, 0.3]) + 1, 0)
    fortnight = (days_off == 5) & (rng.random(n) < 0.3)
    then = np.concatenate([[False], fortnight[:-1] & ~first[1:]])  # the week after a fortnight's first
    days_off = np.where(then, 5, days_off)
    days_off = np.minimum(days_off, np.maximum(workdays - hol, 0))
    day_h = cap[r] / 5.0
    cap_week = day_h * workdays
    off = np.minimum(round_half((hol + days_off) * day_h), cap_week)
    net = cap_week - off

    # bench spells and ramp-up lower the billable share
    bench_start = rng.random(n) < np.where(con, 0.004, 0.012)
    until = np.where(bench_start, wk + rng.integers(2, 11, n) - 1, -1)
    big = p.n_weeks + 64
    until = np.maximum.accumulate(r * big + until) - r * big
    bench = until >= wk
    ramp = np.where(joiner[r] & (k < 4), 0.35 + 0.15 * k, 1.0)
    share = bill_share[r] * ramp * np.where(bench, rng.uniform(0.05, 0.45, n), 1.0)
    share = np.clip(share * (1 + 0.08 * rng.standard_normal(n)), 0, 1)

    total = round_half(net * alloc[r] * np.clip(1 + 0.05 * rng.standard_normal(n), 0.8, 1.25))
    total = np.clip(total, 0, net + 20)
    # on the bench, between assignments, people log only part of their week: capacity is free to staff
    total = np.where(bench, round_half(total * rng.uniform(0.3, 0.6, n)), total)

    wdept, wv, own = dept[r], vcode[r], own_p[r]
    e1 = assign_engagements(rng, st, first, wk, wdept, wv, own, 0.08, 16.0)
    e2 = assign_engagements(rng, st, first, wk, wdept, wv, own * 0.6, 0.15, 12.0)
    e2 = np.where(multi[r] & (e2 != e1), e2, -1)
    e1, e2 = np.where(e1 < 0, e2, e1), np.where(e1 < 0, -1, e2)

    billable = np.where(e1 >= 0, round_half(total * share), 0.0)
    e2 = np.where(billable >= 16, e2, -1)  # a second engagement only when there is enough to split
    h1 = np.where(e2 >= 0, round_half(billable * split[r]), billable)
    h2 = billable - h1
    internal = total - billable
    nb = np.where(
        (e1 >= 0) & (internal >= 2) & (rng.random(n) < 0.02), round_half(internal * rng.uniform(0.2, 0.6, n)), 0.0
    )
    internal -= nb

    eng = np.stack([e1, e2, e1, np.full(n, -1)], axis=1).ravel()
    hours = np.stack([h1, h2, nb, internal], axis=1).ravel()
    is_bill = np.tile(np.array([True, True, False, False]), n)
    rows = np.repeat(np.arange(n), 4)
    keep = hours > 0
    eng, hours, is_bill, rows = eng[keep], hours[keep], is_bill[keep], rows[keep]
    ids = pa.array(w["worker_id"][a:b], pa.string())
    ts = pa.table(
        {
            "worker_id": ids.take(pa.array(r[rows])),
            "engagement_id": st.ids.take(pa.array(np.maximum(eng, 0), mask=eng < 0)),
            "week_start": date_array(monday[rows]),
            "hours": pa.array(hours, pa.float64()),
            "billable": pa.array(is_bill, pa.bool_()),
        }
    )
    has_off = off > 0
    to = pa.table(
        {
            "worker_id": ids.take(pa.array(r[has_off])),
            "week_start": date_array(monday[has_off]),
            "hours": pa.array(off[has_off], pa.float64()),
        }
    )
    return ts, to, draw_reviews(rng, p, w, a, b, ids, end_eff)
