"""Deterministic generator of a realistic sample IT organisation (the five workspace CSVs).

    python -m analytics.sample_data --workers 300 --years 3 --seed 42 --out data/sample

The same arguments always give byte-identical files. Workers and engagements are drawn whole
(they are small); the weekly facts (timesheets, time off, reviews) are drawn per chunk of
workers, each chunk from its own seed derived from (seed, chunk number), fully vectorised with
numpy and appended to the CSVs, so 50,000 workers × 4 years (~10M timesheet rows) fits in
memory and runs in minutes.

Calibration (see shared PRODUCT.md): each role's employee median salary equals the BLS OEWS
May 2024 median; contractor rates are the employee-equivalent hourly pay (salary / 2080 for the
role and seniority) times the agency's markup (20–60%). Headcount is stationary: each worker is
either in the stock already employed at the period start (length-biased tenure) or a joiner
(arrivals spread evenly over the period), in proportion E[tenure] : period length. So the share
still employed at the end is E[tenure] / (E[tenure] + period): ~60% of employees and ~25% of
contractors over 3 years.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from analytics.schema import LOAD_ORDER, TABLES

DEFAULT_END = date(2026, 11, 29)
CHUNK_WORKERS = 2000  # part of the output's definition: changing it changes the sample
HOURS_PER_YEAR = 2080.0
DAYS_PER_MONTH = 365.25 / 12
_EPOCH = date(1970, 1, 1)

# name, OEWS May 2024 median, employee weight, contractor weight, mean billable share,
# probability of working on two engagements, probability of being over-allocated
ROLES = (
    ("Software Developer", 133_080, 0.36, 0.42, 0.80, 0.12, 0.12),
    ("Information Security Analyst", 124_910, 0.07, 0.10, 0.74, 0.20, 0.12),
    ("Database Administrator", 104_620, 0.06, 0.07, 0.72, 0.25, 0.12),
    ("Computer Systems Analyst", 103_790, 0.11, 0.11, 0.75, 0.20, 0.12),
    ("Project Management Specialist", 100_750, 0.08, 0.11, 0.72, 0.35, 0.18),
    ("Network and Systems Administrator", 96_800, 0.10, 0.08, 0.60, 0.15, 0.10),
    ("Computer User Support Specialist", 60_340, 0.15, 0.08, 0.38, 0.10, 0.06),
    ("Computer and Information Systems Manager", 171_200, 0.07, 0.03, 0.35, 0.40, 0.30),
)
ROLE_NAMES = tuple(r[0] for r in ROLES)
OEWS_MEDIAN = {r[0]: float(r[1]) for r in ROLES}

SENIORITY = ("junior", "mid", "senior", "lead")
SENIORITY_PAY = np.array([0.76, 0.93, 1.12, 1.34])
# seniority mix per role: (employees, contractors); contractors are hired for experience
_SEN_DEFAULT = ((0.18, 0.38, 0.30, 0.14), (0.08, 0.36, 0.40, 0.16))
_SEN_SUPPORT = ((0.38, 0.40, 0.17, 0.05), (0.30, 0.42, 0.22, 0.06))
_SEN_MANAGER = ((0.00, 0.25, 0.45, 0.30), (0.00, 0.15, 0.50, 0.35))
SENIORITY_MIX = tuple(
    _SEN_SUPPORT if "Support" in r else _SEN_MANAGER if "Manager" in r else _SEN_DEFAULT for r in ROLE_NAMES
)

DEPARTMENTS = ("Engineering", "Data & Analytics", "Infrastructure", "Security", "IT Support", "PMO")
# department mix per role, in DEPARTMENTS order
ROLE_DEPARTMENTS = (
    (0.72, 0.22, 0.04, 0.02, 0.00, 0.00),
    (0.05, 0.00, 0.10, 0.85, 0.00, 0.00),
    (0.05, 0.60, 0.35, 0.00, 0.00, 0.00),
    (0.35, 0.30, 0.10, 0.00, 0.05, 0.20),
    (0.15, 0.05, 0.05, 0.05, 0.00, 0.70),
    (0.00, 0.00, 0.80, 0.10, 0.10, 0.00),
    (0.00, 0.00, 0.10, 0.00, 0.90, 0.00),
    (0.30, 0.15, 0.15, 0.10, 0.10, 0.20),
)

LOCATIONS = ("Chicago", "Austin", "Atlanta", "Denver", "Boston", "Remote")
LOCATION_MIX = ((0.24, 0.18, 0.14, 0.12, 0.12, 0.20), (0.12, 0.12, 0.08, 0.08, 0.08, 0.52))

# fictional agencies; Independent = self-employed contractors. (name, share of contractors,
# typical markup over pay, delivery-quality effect on the engagements it delivers)
VENDORS = (
    ("Quillstone Talent", 0.24, 1.45, 0.00),
    ("Cobaltline Staffing", 0.19, 1.36, -0.15),
    ("Harborlight Technical", 0.15, 1.54, 0.20),
    ("Ferncrest Consulting", 0.14, 1.38, 0.10),
    ("Tallowmere Partners", 0.11, 1.32, -0.10),
    ("Independent", 0.17, 1.23, 0.00),
)
AGENCIES = VENDORS[:-1]  # the ones that also deliver engagements

CONTRACTOR_SHARE = 0.33
PART_TIME_CONTRACTOR_SHARE = 0.12
PART_TIME_HOURS = (20.0, 24.0, 30.0, 32.0)
# tenure as a mixture of lognormals: (weight, median months, sigma)
TENURE = {
    "employee": ((0.14, 9.0, 0.5), (0.86, 50.0, 0.65)),
    "contractor": ((1.0, 10.0, 0.6),),
}
MIN_TENURE_DAYS = {"employee": 61, "contractor": 45}
MAX_TENURE_DAYS = {"employee": 40 * 365, "contractor": 4 * 365}
MAX_YEARS_BEFORE = 25

FIRST_NAMES = (
    "Aaliyah Aarav Abigail Adrian Aiden Aisha Alejandro Alex Alice Amara Amir Ana Andre Anika Arjun Ava Beatriz "
    "Benjamin Bianca Brandon Caleb Camila Carlos Chen Chloe Chris Daniel Daniela Darius David Deepa Diego Dmitri "
    "Elena Eli Elijah Emily Emma Ethan Fatima Felix Gabriel Grace Hana Hannah Hiro Ibrahim Isabel Isaiah Ivan "
    "Jada Jamal James Jasmine Javier Jin Jordan Jose Joshua Julia Kai Kenji Kevin Kiara Laila Layla Leo Liam Lucas "
    "Lucia Maya Mei Mia Michael Mohammed Nadia Naomi Nathan Nia Noah Olivia Omar Oscar Priya Rafael Ravi Rosa "
    "Ryan Samuel Sara Sofia Tariq Thomas Valentina Victor Wei Yara Yusuf Zara Zoe"
).split()
LAST_NAMES = (
    "Abbott Adeyemi Alvarez Anderson Bailey Baker Banerjee Bennett Brooks Brown Campbell Carter Castillo Chang Chen "
    "Clarke Cohen Collins Cruz Davis Diaz Dubois Edwards Evans Fernandez Fischer Flores Foster Garcia Gonzalez Gupta "
    "Hall Hansen Harris Hayes Hernandez Hughes Ibrahim Ito Jackson James Jensen Johnson Kaur Kelly Khan Kim Kowalski "
    "Kumar Lee Lewis Lopez Martin Martinez Mehta Miller Mitchell Moore Morales Murphy Nakamura Nguyen Novak Okafor "
    "Olsen Ortiz Patel Perez Petrov Phillips Price Ramirez Reddy Reyes Rivera Roberts Robinson Rossi Russo Sanchez "
    "Santos Schmidt Shah Silva Singh Smith Sullivan Tanaka Taylor Thompson Torres Tran Turner Walker Wang Williams "
    "Wilson Wright Yamamoto Young Zhang"
).split()

ENGAGEMENT_NAMES = {
    "Engineering": (
        "Customer Portal|Mobile App|Payments API|Order Management|Checkout Service|Partner API|Pricing Engine|"
        "Notification Service|Claims Platform|Booking System|Loyalty Platform|Developer Platform",
        "Rebuild|Modernisation|Migration|Integration|Refactor|Launch|Upgrade|Redesign",
    ),
    "Data & Analytics": (
        "Data Warehouse|Customer 360|Reporting Platform|Data Lake|Demand Forecasting|BI Dashboards|Master Data|"
        "ETL Pipelines|Data Catalogue|Churn Model",
        "Migration|Build-out|Consolidation|Upgrade|Rollout|Cleanup|Modernisation",
    ),
    "Infrastructure": (
        "Cloud Landing Zone|Data Centre Exit|Network Refresh|Backup Platform|Kubernetes Platform|Storage|WAN|"
        "Monitoring Stack|Disaster Recovery|Server Estate",
        "Migration|Refresh|Rollout|Upgrade|Consolidation|Automation",
    ),
    "Security": (
        "Zero Trust|SIEM|Identity & Access|Endpoint Protection|Vulnerability Management|Privileged Access|"
        "Security Awareness|SOC 2|Email Security",
        "Rollout|Upgrade|Programme|Remediation|Hardening|Audit Readiness",
    ),
    "IT Support": (
        "Service Desk|Laptop Fleet|ITSM Tooling|Self-Service Portal|Onboarding Automation|Collaboration Suite|"
        "Meeting Rooms|Asset Tracking",
        "Refresh|Rollout|Migration|Upgrade|Redesign",
    ),
    "PMO": (
        "Portfolio Tooling|ERP|CRM|HR System|Finance System|Procurement Platform|Vendor Consolidation|Timesheet System",
        "Implementation|Rollout|Replacement|Programme|Upgrade",
    ),
}


# -- small helpers --------------------------------------------------------------------------------
def _days(d: date) -> int:
    return (d - _EPOCH).days


def _weekday(days: np.ndarray) -> np.ndarray:
    """Monday = 0 … Sunday = 6 for day numbers counted from 1970-01-01 (a Thursday)."""
    return (days + 3) % 7


def _round_half(x: np.ndarray) -> np.ndarray:
    return np.round(np.asarray(x) * 2.0) / 2.0


def _rng(seed: int, *key: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(entropy=seed, spawn_key=key))


def _choice(rng: np.random.Generator, weights_by_row: np.ndarray) -> np.ndarray:
    """One category per row, row i drawn with the probabilities weights_by_row[i]."""
    cum = np.cumsum(weights_by_row, axis=1)
    cum /= cum[:, -1:]
    u = rng.random(len(weights_by_row))
    return np.minimum((u[:, None] > cum).sum(axis=1), weights_by_row.shape[1] - 1)


def _years_before(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


def _holidays(first: date, last: date) -> list[date]:
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


class _Period:
    """The weeks covered: Mondays from the first one on/after the period start to the last one
    whose Sunday is on/before `end`."""

    def __init__(self, end: date, years: int):
        start = _years_before(end, years) + timedelta(days=1)
        self.end = end
        self.first_monday = start + timedelta(days=(-start.weekday()) % 7)
        last_sunday = end - timedelta(days=(end.weekday() + 1) % 7)
        self.n_weeks = (last_sunday - self.first_monday).days // 7 + 1
        if self.n_weeks < 4:
            raise ValueError("the period must cover at least four whole weeks")
        self.h0 = _days(self.first_monday)
        self.h1 = _days(last_sunday)  # last day covered by timesheets
        self.as_of = _days(end)
        self.length = self.h1 - self.h0 + 1
        hol = np.zeros(self.length, dtype=np.int64)
        for d in _holidays(self.first_monday, last_sunday):
            hol[_days(d) - self.h0] = 1
        self.holiday_cum = np.concatenate([[0], np.cumsum(hol)])  # holidays in [a, b] = cum[b+1] - cum[a]


# -- workers -------------------------------------------------------------------------------------
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


def _make_workers(n: int, seed: int, p: _Period) -> dict[str, np.ndarray]:
    rng = _rng(seed, 0)
    n_con = int(round(n * CONTRACTOR_SHARE))
    is_con = np.zeros(n, dtype=bool)
    is_con[:n_con] = True
    is_con = rng.permutation(is_con)
    ctype = is_con.astype(np.int64)  # 0 employee, 1 contractor

    role_w = np.array([[r[2], r[3]] for r in ROLES]).T  # (type, role)
    role = _choice(rng, role_w[ctype])
    sen_w = np.array(SENIORITY_MIX)  # (role, type, level)
    seniority = _choice(rng, sen_w[role, ctype])
    dept = _choice(rng, np.array(ROLE_DEPARTMENTS)[role])
    location = _choice(rng, np.array(LOCATION_MIX)[ctype])
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
    wd = _weekday(start)
    start = np.minimum(start + np.where(wd >= 5, 7 - wd, 0), p.h1 - 2)  # weekend → Monday
    mon = start - _weekday(start)
    start = np.where((rng.random(n) < 0.55) & ((mon >= p.h0) | (start < p.h0)), mon, start)
    wd = _weekday(end)
    end -= np.where(wd >= 5, wd - 4, 0)
    end = np.where(rng.random(n) < 0.5, end + (4 - _weekday(end)), end)
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


def _workers_table(w: dict[str, np.ndarray]) -> pa.Table:
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
            "start_date": _dates(w["start"]),
            "end_date": _dates(w["end"], w["end"] < 0),
            "annual_salary": pa.array(w["salary"], pa.float64(), from_pandas=True),
            "hourly_rate": pa.array(w["rate"], pa.float64(), from_pandas=True),
            "weekly_capacity_hours": pa.array(w["capacity"], pa.float64()),
        }
    )


def _dates(days: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    return pa.array(np.asarray(days, dtype=np.int64).astype("datetime64[D]"), pa.date32(), mask=null)


# -- engagements ---------------------------------------------------------------------------------
def _make_engagements(n_workers: int, seed: int, p: _Period, w: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    rng = _rng(seed, 1)
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
    ps = np.where(rng.random(n) < 0.6, ps - _weekday(ps), ps)
    ps += np.where(_weekday(ps) >= 5, 7 - _weekday(ps), 0)
    pe = ps + planned_days
    delay = np.where(rng.random(n) < 0.45, 0, np.ceil(rng.exponential(12.0, n))).astype(np.int64)
    ast = ps + delay
    ast += np.where(_weekday(ast) >= 5, 7 - _weekday(ast), 0)
    ratio = np.exp(np.log(1.14) + 0.19 * rng.standard_normal(n))
    ratio *= np.where(rng.random(n) < 0.15, 1 + rng.exponential(0.45, n), 1.0)
    aen_full = ast + np.round(planned_days * ratio).astype(np.int64)
    cancel = rng.random(n) < 0.08
    aen_cancel = ast + np.round(planned_days * rng.uniform(0.15, 0.7, n)).astype(np.int64)
    aen = np.where(cancel, aen_cancel, aen_full)
    aen -= np.where(_weekday(aen) >= 5, _weekday(aen) - 4, 0)

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


def _engagements_table(e: dict[str, np.ndarray]) -> pa.Table:
    vendor_names = np.array([None] + [a[0] for a in AGENCIES], dtype=object)
    statuses = np.array(("planned", "active", "completed", "cancelled"), dtype=object)
    return pa.table(
        {
            "engagement_id": pa.array(e["engagement_id"], pa.string()),
            "name": pa.array(e["name"], pa.string()),
            "department": pa.array(np.array(DEPARTMENTS, dtype=object)[e["dept"]], pa.string()),
            "vendor": pa.array(vendor_names[e["vcode"]], pa.string()),
            "planned_start": _dates(e["planned_start"]),
            "planned_end": _dates(e["planned_end"]),
            "actual_start": _dates(e["actual_start"], ~e["started"]),
            "actual_end": _dates(e["actual_end"], ~e["finished"]),
            "budget": pa.array(e["budget"], pa.float64()),
            "status": pa.array(statuses[e["status"]], pa.string()),
            "quality_score": pa.array(e["quality"], pa.float64(), from_pandas=True),
        }
    )


class _Staffing:
    """Engagements active each week, indexed (CSR) three ways for weighted picks:
    by (week, department, vendor code), by (week, department) and by week."""

    def __init__(self, e: dict[str, np.ndarray], n_weeks: int):
        n_w = np.where(e["whi"] >= 0, e["whi"] - e["wlo"] + 1, 0)
        eng = np.repeat(np.arange(len(n_w)), n_w)
        week = e["wlo"][eng] + (np.arange(len(eng)) - np.repeat(np.cumsum(n_w) - n_w, n_w))
        self.nd, self.nv = len(DEPARTMENTS), len(AGENCIES) + 1
        dept, vcode, weight = e["dept"][eng], e["vcode"][eng], e["team"][eng]
        self.by_vendor = self._csr((week * self.nd + dept) * self.nv + vcode, eng, weight, n_weeks * self.nd * self.nv)
        self.by_dept = self._csr(week * self.nd + dept, eng, weight, n_weeks * self.nd)
        self.by_week = self._csr(week, eng, weight, n_weeks)
        self.wlo, self.whi = e["wlo"], e["whi"]
        self.ids = pa.array(e["engagement_id"], pa.string())

    @staticmethod
    def _csr(keys, eng, weight, n_keys):
        order = np.argsort(keys, kind="stable")
        offsets = np.concatenate([[0], np.cumsum(np.bincount(keys, minlength=n_keys))])
        cum = np.concatenate([[0.0], np.cumsum(weight[order])])
        return offsets, eng[order], cum

    @staticmethod
    def pick(csr, keys: np.ndarray, u: np.ndarray) -> np.ndarray:
        """An engagement per key, weighted by team size; -1 where none is active."""
        offsets, eng, cum = csr
        lo, hi = offsets[keys], offsets[keys + 1]
        has = hi > lo
        target = cum[lo] + u * (cum[hi] - cum[lo])
        idx = np.clip(np.searchsorted(cum, target, side="right") - 1, lo, np.maximum(hi - 1, lo))
        return np.where(has, eng[np.minimum(idx, len(eng) - 1)] if len(eng) else -1, -1)

    def choose(self, rng, week, dept, vcode, own_vendor_p, cross_p):
        """Prefer engagements of the same department and vendor (in-house = 0), then the
        department, then any."""
        n = len(week)
        u = rng.random((5, n))
        key_d = week * self.nd + dept
        pick = np.where(u[0] < own_vendor_p, self.pick(self.by_vendor, key_d * self.nv + vcode, u[1]), -1)
        pick = np.where(pick < 0, self.pick(self.by_dept, key_d, u[2]), pick)
        pick = np.where((pick < 0) | (u[3] < cross_p), self.pick(self.by_week, week, u[4]), pick)
        return pick

    def active(self, eng: np.ndarray, week: np.ndarray) -> np.ndarray:
        e = np.maximum(eng, 0)
        return (eng >= 0) & (self.wlo[e] <= week) & (week <= self.whi[e])


def _assign(rng, st: _Staffing, first: np.ndarray, week, dept, vcode, own_p, cross_p, stint_weeks: float):
    """Engagement per worker-week: stints of a few months on one engagement; a stint whose
    engagement ends starts a new one (repeated a few times, then the person is between projects)."""
    n = len(week)
    new = first | (rng.random(n) < 1.0 / stint_weeks)
    eng = np.full(n, -1)
    redo = new
    for _ in range(5):
        sid = np.cumsum(new) - 1
        starts = np.flatnonzero(new)
        take = redo[starts]
        s_rows = starts[take]
        chosen = np.full(len(starts), -1)
        chosen[take] = st.choose(rng, week[s_rows], dept[s_rows], vcode[s_rows], own_p[s_rows], cross_p)
        upd = take[sid]
        eng = np.where(upd, chosen[sid], eng)
        bad = (eng >= 0) & ~st.active(eng, week)
        if not bad.any():
            break
        prev_bad = np.concatenate([[False], bad[:-1]]) & ~first
        redo = bad & ~prev_bad  # first week after the engagement ended: a new stint
        new = new | redo
    eng = np.where(st.active(eng, week), eng, -1)
    return eng


# -- weekly facts per chunk -----------------------------------------------------------------------
def _chunk(ci: int, seed: int, p: _Period, w: dict[str, np.ndarray], st: _Staffing):
    rng = _rng(seed, 2, ci)
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
    off = np.minimum(_round_half((hol + days_off) * day_h), cap_week)
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

    total = _round_half(net * alloc[r] * np.clip(1 + 0.05 * rng.standard_normal(n), 0.8, 1.25))
    total = np.clip(total, 0, net + 20)
    # on the bench, between assignments, people log only part of their week: capacity is free to staff
    total = np.where(bench, _round_half(total * rng.uniform(0.3, 0.6, n)), total)

    wdept, wv, own = dept[r], vcode[r], own_p[r]
    e1 = _assign(rng, st, first, wk, wdept, wv, own, 0.08, 16.0)
    e2 = _assign(rng, st, first, wk, wdept, wv, own * 0.6, 0.15, 12.0)
    e2 = np.where(multi[r] & (e2 != e1), e2, -1)
    e1, e2 = np.where(e1 < 0, e2, e1), np.where(e1 < 0, -1, e2)

    billable = np.where(e1 >= 0, _round_half(total * share), 0.0)
    e2 = np.where(billable >= 16, e2, -1)  # a second engagement only when there is enough to split
    h1 = np.where(e2 >= 0, _round_half(billable * split[r]), billable)
    h2 = billable - h1
    internal = total - billable
    nb = np.where(
        (e1 >= 0) & (internal >= 2) & (rng.random(n) < 0.02), _round_half(internal * rng.uniform(0.2, 0.6, n)), 0.0
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
            "week_start": _dates(monday[rows]),
            "hours": pa.array(hours, pa.float64()),
            "billable": pa.array(is_bill, pa.bool_()),
        }
    )
    has_off = off > 0
    to = pa.table(
        {
            "worker_id": ids.take(pa.array(r[has_off])),
            "week_start": _dates(monday[has_off]),
            "hours": pa.array(off[has_off], pa.float64()),
        }
    )
    return ts, to, _reviews(rng, p, w, a, b, ids, end_eff)


def _reviews(rng, p: _Period, w, a: int, b: int, ids: pa.Array, end_eff: np.ndarray) -> pa.Table:
    """About every six months of employment, within the period; six 1–5 ratings in halves."""
    nw = b - a
    start, is_con, sen = w["start"][a:b], w["is_con"][a:b], w["seniority"][a:b]
    first = start + rng.integers(120, 200, nw)
    last_day = np.minimum(end_eff, p.h1)
    kmin = np.maximum(0, np.ceil((p.h0 + 12 - first) / 182)).astype(np.int64)
    kmax = np.floor((last_day - 12 - first) / 182).astype(np.int64)
    cnt = np.maximum(kmax - kmin + 1, 0)
    r = np.repeat(np.arange(nw), cnt)
    kk = kmin[r] + np.arange(len(r)) - np.repeat(np.cumsum(cnt) - cnt, cnt)
    day = first[r] + 182 * kk + rng.integers(-10, 11, len(r))
    wd = _weekday(day)
    day -= np.where(wd >= 5, wd - 4, 0)

    base = 3.55 + 0.08 * sen + 0.4 * rng.standard_normal(nw)
    # contractors: a bit more technical, employees: a bit more collaborative
    type_fx = np.array([[0.0, 0.0, 0.0, 0.1, 0.05, 0.0], [-0.05, 0.18, 0.05, -0.12, 0.0, 0.0]])
    person = base[:, None] + 0.3 * rng.standard_normal((nw, 6)) + type_fx[is_con.astype(int)]
    ratings = np.clip(_round_half(person[r] + 0.3 * rng.standard_normal((len(r), 6))), 1, 5)
    cols = {"worker_id": ids.take(pa.array(r)), "review_date": _dates(day)}
    for j, name in enumerate(TABLES["reviews"].column_names[2:]):
        cols[name] = pa.array(ratings[:, j], pa.float64())
    return pa.table(cols)


# -- writing ------------------------------------------------------------------------------------
class _CsvOut:
    """A CSV written through a temporary file: header row, unquoted values, ISO dates,
    empty cells for NULL, true/false booleans."""

    def __init__(self, folder: Path, name: str):
        self.cols = TABLES[name].column_names
        self.path = folder / f"{name}.csv"
        self.tmp = folder / f".{name}.csv.tmp"
        self.fh = open(self.tmp, "wb")
        self.fh.write((",".join(self.cols) + "\n").encode())
        self.rows = 0
        self.opts = pacsv.WriteOptions(include_header=False, quoting_style="none")

    def write(self, table: pa.Table) -> None:
        assert table.column_names == self.cols, (table.column_names, self.cols)
        if table.num_rows:
            pacsv.write_csv(table, self.fh, self.opts)
        self.rows += table.num_rows

    def close(self) -> None:
        self.fh.close()
        os.replace(self.tmp, self.path)


def generate(
    workers: int, years: int, seed: int, out: Path, end: date = DEFAULT_END, progress: bool | None = None
) -> dict[str, int]:
    """Write the five sample CSVs into `out`; returns the number of rows per table."""
    if workers < 1 or years < 1 or seed < 0:
        raise ValueError("workers and years must be at least 1, seed at least 0")
    t0 = time.perf_counter()
    progress = workers >= 5000 if progress is None else progress
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    p = _Period(end, years)
    w = _make_workers(workers, seed, p)
    e = _make_engagements(workers, seed, p, w)
    st = _Staffing(e, p.n_weeks)

    files = {name: _CsvOut(out, name) for name in LOAD_ORDER}
    try:
        files["workers"].write(_workers_table(w))
        files["engagements"].write(_engagements_table(e))
        n_chunks = -(-workers // CHUNK_WORKERS)
        for ci in range(n_chunks):
            ts, to, rv = _chunk(ci, seed, p, w, st)
            files["timesheets"].write(ts)
            files["time_off"].write(to)
            files["reviews"].write(rv)
            if progress:
                print(
                    f"chunk {ci + 1}/{n_chunks}: {files['timesheets'].rows:,} timesheet rows, "
                    f"{time.perf_counter() - t0:.1f}s",
                    file=sys.stderr,
                    flush=True,
                )
    except BaseException:
        for f in files.values():
            f.fh.close()
            f.tmp.unlink(missing_ok=True)
        raise
    for f in files.values():
        f.close()
    counts = {name: f.rows for name, f in files.items()}
    if progress:
        print(f"done in {time.perf_counter() - t0:.1f}s: {counts}", file=sys.stderr, flush=True)
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analytics.sample_data", description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=300, help="people on the roster over the period (default 300)")
    ap.add_argument("--years", type=int, default=3, help="length of the period in years (default 3)")
    ap.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    ap.add_argument("--out", type=Path, required=True, help="folder to write the five CSVs into")
    ap.add_argument(
        "--end",
        type=date.fromisoformat,
        default=DEFAULT_END,
        help=f"last day of the period, YYYY-MM-DD (default {DEFAULT_END})",
    )
    args = ap.parse_args(argv)
    counts = generate(args.workers, args.years, args.seed, args.out, args.end)
    print(", ".join(f"{k}: {v:,}" for k, v in counts.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
