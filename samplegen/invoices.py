"""Pricing models for the sample's engagements and the invoices of the fixed-fee and milestone ones.

About a fifth of all engagements (nine in ten of those an agency delivers whose agency's own contractors log
work on them) are not paid by the hour: three in five of them are fixed fees invoiced monthly in equal
instalments, the rest milestone engagements invoiced at three to five milestones. The fee is what the
agency's people's hours would have cost by the hour, 0.95–1.25 times over (a fixed price carries the
vendor's risk), and the engagement's budget is set around it, so the invoices sum to around the budget
(some over). Invoices stop at the data's last day, and at the last day of a cancelled engagement. Drawn
from streams of their own, so every other file is drawn exactly as without them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from samplegen.calibration import AGENCIES
from samplegen.draws import seeded_rng
from samplegen.period import Period, date_array, weekday

INVOICED_SHARE = 0.9  # of agency engagements their own agency's contractors log hours on (~20% of all)
MIN_OWN_HOURS = 20.0
FIXED_FEE_SHARE = 0.6  # of those, the rest milestone
PRICING_MODELS = np.array(("time_and_materials", "fixed_fee", "milestone"), dtype=object)


class OwnVendorWork:
    """Per engagement, the hours its agency's own contractors logged and those hours × their rates,
    summed over the chunks of timesheets as they are drawn."""

    def __init__(self, w: dict[str, np.ndarray], e: dict[str, np.ndarray]):
        self.workers = pd.Index(w["worker_id"])
        self.engagements = pd.Index(e["engagement_id"])
        self.agency = np.where(w["is_con"], np.asarray(w["vendor"]) + 1, -1)  # vcode of a contractor's agency
        self.rate = np.nan_to_num(np.asarray(w["rate"], dtype=float))
        self.vcode = np.asarray(e["vcode"])
        self.hours = np.zeros(len(self.engagements))
        self.billings = np.zeros(len(self.engagements))

    def add(self, ts: pa.Table) -> None:
        eng = self.engagements.get_indexer(ts.column("engagement_id").to_pandas())
        who = self.workers.get_indexer(ts.column("worker_id").to_pandas())
        hours = ts.column("hours").to_numpy(zero_copy_only=False)
        own = (eng >= 0) & (self.agency[who] == self.vcode[np.maximum(eng, 0)]) & (self.vcode[np.maximum(eng, 0)] > 0)
        np.add.at(self.hours, eng[own], hours[own])
        np.add.at(self.billings, eng[own], hours[own] * self.rate[who[own]])


def draw_pricing(seed: int, e: dict[str, np.ndarray], own: OwnVendorWork) -> np.ndarray:
    """0 time and materials, 1 fixed fee, 2 milestone, per engagement; sets the budget of the invoiced ones
    around their fee (e["fee"])."""
    rng = seeded_rng(seed, 8)
    n = len(e["engagement_id"])
    u, kind, markup, slack = rng.random(n), rng.random(n), rng.uniform(0.95, 1.25, n), rng.uniform(0.9, 1.12, n)
    invoiced = (e["vcode"] > 0) & e["started"] & (own.hours >= MIN_OWN_HOURS) & (u < INVOICED_SHARE)
    pricing = np.where(invoiced, np.where(kind < FIXED_FEE_SHARE, 1, 2), 0)
    e["fee"] = np.where(invoiced, np.round(own.billings * markup, -2), 0.0)
    e["budget"] = np.where(invoiced, np.round(e["fee"] * slack / 1000) * 1000, e["budget"])
    return pricing


def _weekday_on_or_before(day: int) -> int:
    wd = int(weekday(np.array([day]))[0])
    return day - max(0, wd - 4)


def draw_invoices(seed: int, p: Period, e: dict[str, np.ndarray], pricing: np.ndarray) -> pa.Table:
    """invoices.csv's rows, by engagement and date."""
    rng = seeded_rng(seed, 9)
    vendor_names = np.array([None] + [a[0] for a in AGENCIES], dtype=object)
    rows: list[tuple[str, str, int, float, str]] = []
    for i in np.flatnonzero(pricing > 0):
        if not e["started"][i]:
            continue
        start = int(e["actual_start"][i])
        stop = min(int(e["actual_end"][i]) if e["finished"][i] else p.as_of, p.as_of)
        total = float(e["fee"][i])
        end = int(e["actual_end"][i]) if e["finished"][i] else max(int(e["planned_end"][i]), start + 28)
        if pricing[i] == 1:  # monthly instalments over the engagement's months
            months = max(1, int(round((end - start) / 30.44)))
            for k in range(1, months + 1):
                day = _weekday_on_or_before(start + int(round((end - start) * k / months)))
                if day > stop:
                    break
                rows.append((e["engagement_id"][i], vendor_names[e["vcode"][i]], day, round(total / months, 2),
                             f"Instalment {k} of {months}"))
        else:  # milestones spread over the engagement's days
            count = int(rng.integers(3, 6))
            weights = rng.uniform(0.6, 1.4, count)
            span = end - start
            for k in range(count):
                day = _weekday_on_or_before(start + int(round(span * (k + 1) / count)))
                if day > stop:
                    break
                rows.append((e["engagement_id"][i], vendor_names[e["vcode"][i]], day,
                             round(total * weights[k] / weights.sum(), 2), f"Milestone {k + 1} of {count}"))
    rows.sort(key=lambda r: (r[0], r[2]))
    return pa.table(
        {
            "engagement_id": pa.array([r[0] for r in rows], pa.string()),
            "vendor": pa.array([r[1] for r in rows], pa.string()),
            "invoice_date": date_array(np.array([r[2] for r in rows], dtype=np.int64)),
            "amount": pa.array([r[3] for r in rows], pa.float64()),
            "currency": pa.array(["USD"] * len(rows), pa.string()),
            "description": pa.array([r[4] for r in rows], pa.string()),
        }
    )
