"""The roster: who works here over the period (employee or contractor, role, seniority,
department, location, agency), when each person starts and leaves, and what they are paid."""

from __future__ import annotations

import math

import numpy as np
import pyarrow as pa

from samplegen.calibration import (
    CONTRACTOR_SHARE,
    DAYS_PER_MONTH,
    DEPARTMENTS,
    FIRST_NAMES,
    HOURS_PER_YEAR,
    LAST_NAMES,
    LOCATION_MIX,
    LOCATIONS,
    MAX_TENURE_DAYS,
    MAX_YEARS_BEFORE,
    MIN_TENURE_DAYS,
    PART_TIME_CONTRACTOR_SHARE,
    PART_TIME_HOURS,
    ROLE_DEPARTMENTS,
    ROLE_NAMES,
    ROLES,
    SENIORITY,
    SENIORITY_MIX,
    SENIORITY_PAY,
    TENURE,
    VENDORS,
)
from samplegen.draws import choose_per_row, seeded_rng
from samplegen.period import Period, date_array, weekday


def _tenure_days(rng: np.random.Generator, kind: str, n: int, length_biased: bool) -> np.ndarray:
    comps = TENURE[kind]
    w = np.array([c[0] * c[1] * math.exp(c[2] ** 2 / 2) if length_biased else c[0] for c in comps])
    comp = rng.choice(len(comps), size=n, p=w / w.sum())
    med = np.array([c[1] for c in comps])[comp]
    sig = np.array([c[2] for c in comps])[comp]
    # a length-biased lognormal is lognormal with mu + sigma²
    mu = np.log(med * DAYS_PER_MONTH) + (sig**2 if length_biased else 0.0)
    return np.clip(np.exp(mu + sig * rng.standard_normal(n)), MIN_TENURE_DAYS[kind], MAX_TENURE_DAYS[kind])


def _mean_tenure_days(kind: str) -> float:
    return sum(w * m * DAYS_PER_MONTH * math.exp(s**2 / 2) for w, m, s in TENURE[kind])


def draw_workers(n: int, seed: int, p: Period) -> dict[str, np.ndarray]:
    """The whole roster of `n` people, one array per attribute (categories as indexes into the
    calibration tuples, dates as day numbers, end -1 = still employed)."""
    rng = seeded_rng(seed, 0)
    n_con = int(round(n * CONTRACTOR_SHARE))
    is_con = np.zeros(n, dtype=bool)
    is_con[:n_con] = True
    is_con = rng.permutation(is_con)
    ctype = is_con.astype(np.int64)  # 0 employee, 1 contractor

    role_w = np.array([[r[2], r[3]] for r in ROLES]).T  # (type, role)
    role = choose_per_row(rng, role_w[ctype])
    sen_w = np.array(SENIORITY_MIX)  # (role, type, level)
    seniority = choose_per_row(rng, sen_w[role, ctype])
    dept = choose_per_row(rng, np.array(ROLE_DEPARTMENTS)[role])
    location = choose_per_row(rng, np.array(LOCATION_MIX)[ctype])
    vendor = np.full(n, -1)
    vendor[is_con] = rng.choice(
        len(VENDORS), size=n_con, p=np.array([v[1] for v in VENDORS]) / sum(v[1] for v in VENDORS)
    )

    # employment spans: stock at the period start (length-biased tenure) or joiners
    start = np.zeros(n, dtype=np.int64)
    end = np.zeros(n, dtype=np.int64)
    for t, kind in enumerate(("employee", "contractor")):
        idx = np.flatnonzero(ctype == t)
        m = len(idx)
        if not m:
            continue
        mean_l = _mean_tenure_days(kind)
        # a fixed share in the stock, joiners' arrivals spread evenly (stratified): a steady
        # replacement rate keeps headcount stable even for small rosters
        stock = rng.permutation(np.arange(m) < round(m * mean_l / (mean_l + p.length)))
        ls = _tenure_days(rng, kind, m, True)
        lj = _tenure_days(rng, kind, m, False)
        elapsed = np.minimum(rng.random(m) * ls, MAX_YEARS_BEFORE * 365.25 - 1)
        s_stock = p.h0 - 1 - np.floor(elapsed).astype(np.int64)
        e_stock = p.h0 + np.floor(ls - elapsed).astype(np.int64)
        n_join = int((~stock).sum())
        slot = np.zeros(m)
        slot[~stock] = (rng.permutation(n_join) + rng.random(n_join)) / max(n_join, 1)
        s_join = p.h0 + np.floor(slot * (p.length - 2)).astype(np.int64)
        e_join = s_join + np.floor(lj).astype(np.int64)
        start[idx] = np.where(stock, s_stock, s_join)
        end[idx] = np.where(stock, e_stock, e_join)

    # start on a weekday, usually a Monday; leave on a weekday, often a Friday
    wd = weekday(start)
    start = np.minimum(start + np.where(wd >= 5, 7 - wd, 0), p.h1 - 2)  # weekend → Monday
    mon = start - weekday(start)
    start = np.where((rng.random(n) < 0.55) & ((mon >= p.h0) | (start < p.h0)), mon, start)
    wd = weekday(end)
    end -= np.where(wd >= 5, wd - 4, 0)
    end = np.where(rng.random(n) < 0.5, end + (4 - weekday(end)), end)
    end = np.maximum(end, np.maximum(start, p.h0))
    active = end > p.h1
    end = np.where(active, -1, end)  # -1 = still employed (empty end_date)

    # long-serving people are no longer junior
    seniority = np.where((seniority == 0) & (p.h1 - start > 5 * 365), 1, seniority)

    # pay: OEWS median × seniority × person noise, calibrated so each role's employee median
    # salary is the OEWS median
    oews = np.array([r[1] for r in ROLES], dtype=float)
    raw = oews[role] * SENIORITY_PAY[seniority] * np.exp(0.07 * rng.standard_normal(n))
    factor = np.ones(len(ROLES))
    for r in range(len(ROLES)):
        emp = (role == r) & ~is_con
        if emp.any():
            factor[r] = oews[r] / np.median(raw[emp])
    salary = np.where(is_con, np.nan, np.round(raw * factor[role] / 100.0) * 100.0)
    typical = np.array([v[2] for v in VENDORS])
    markup = np.clip(typical[np.maximum(vendor, 0)] + 0.035 * rng.standard_normal(n), 1.2, 1.6)
    pay_h = (
        oews[role] * factor[role] * SENIORITY_PAY[seniority] * np.exp(0.05 * rng.standard_normal(n)) / HOURS_PER_YEAR
    )
    rate = np.where(is_con, np.round(pay_h * markup, 2), np.nan)

    part_time = is_con & (rng.random(n) < PART_TIME_CONTRACTOR_SHARE)
    capacity = np.where(part_time, np.array(PART_TIME_HOURS)[rng.integers(0, len(PART_TIME_HOURS), n)], 40.0)

    first = rng.integers(0, len(FIRST_NAMES), n)
    last = rng.integers(0, len(LAST_NAMES), n)
    width = max(6, len(str(n)))
    return {
        "worker_id": np.array([f"W{i + 1:0{width}d}" for i in range(n)], dtype=object),
        "full_name": np.array(
            [f"{FIRST_NAMES[a]} {LAST_NAMES[b]}" for a, b in zip(first, last, strict=True)], dtype=object
        ),
        "is_con": is_con,
        "role": role,
        "seniority": seniority,
        "dept": dept,
        "location": location,
        "vendor": vendor,
        "start": start,
        "end": end,
        "salary": salary,
        "rate": rate,
        "capacity": capacity,
    }


def workers_table(w: dict[str, np.ndarray]) -> pa.Table:
    """The roster as the rows of workers.csv."""
    vendor_names = np.array([v[0] for v in VENDORS] + [None], dtype=object)
    return pa.table(
        {
            "worker_id": pa.array(w["worker_id"], pa.string()),
            "full_name": pa.array(w["full_name"], pa.string()),
            "worker_type": pa.array(np.where(w["is_con"], "contractor", "employee"), pa.string()),
            "role": pa.array(np.array(ROLE_NAMES, dtype=object)[w["role"]], pa.string()),
            "seniority": pa.array(np.array(SENIORITY, dtype=object)[w["seniority"]], pa.string()),
            "department": pa.array(np.array(DEPARTMENTS, dtype=object)[w["dept"]], pa.string()),
            "location": pa.array(np.array(LOCATIONS, dtype=object)[w["location"]], pa.string()),
            "vendor": pa.array(vendor_names[w["vendor"]], pa.string()),
            "start_date": date_array(w["start"]),
            "end_date": date_array(w["end"], w["end"] < 0),
            "annual_salary": pa.array(w["salary"], pa.float64(), from_pandas=True),
            "hourly_rate": pa.array(w["rate"], pa.float64(), from_pandas=True),
            "weekly_capacity_hours": pa.array(w["capacity"], pa.float64()),
            "currency": pa.array(w["currency"], pa.string()),
        }
    )
