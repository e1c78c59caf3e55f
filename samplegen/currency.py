"""Two currencies in the sample: a European office (Amsterdam, ~15% of people) paid in EUR, and
monthly exchange rates for fx_rates.csv over the sample's span: EUR → USD, gently moving around
1.08 (a mean-reverting walk of about 1% a month, as the euro has moved since 2023), and the same
months' USD → EUR (1 / that rate, to four places), so the reporting currency can be either."""

from __future__ import annotations

from datetime import date

import numpy as np
import pyarrow as pa

from samplegen.calibration import LOCATIONS
from samplegen.draws import seeded_rng
from samplegen.people import draw_workers
from samplegen.period import Period, date_array, day_number

EUROPEAN_SHARE = 0.15  # people of the European office, paid in EUR
EUROPEAN_LOCATION = "Amsterdam"
EUR_USD_START, EUR_USD_MEAN, EUR_USD_SD, REVERSION = 1.08, 1.09, 0.012, 0.15


def months_of(p: Period) -> list[date]:
    """The first days of every month from the first timesheet week's to the as-of day's."""
    first = np.datetime64(int(p.h0), "D").astype(object)
    last = np.datetime64(int(max(p.h1, p.as_of)), "D").astype(object)
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def eur_usd(seed: int, p: Period) -> tuple[list[date], np.ndarray]:
    """Each month's EUR → USD rate (four places)."""
    rng = seeded_rng(seed, 8, 1)
    months = months_of(p)
    rates = np.empty(len(months))
    r = EUR_USD_START
    for i in range(len(months)):
        rates[i] = r
        r = float(np.clip(r + REVERSION * (EUR_USD_MEAN - r) + EUR_USD_SD * rng.standard_normal(), 0.95, 1.25))
    return months, np.round(rates, 4)


def assign_currencies(seed: int, p: Period, w: dict[str, np.ndarray]) -> None:
    """Put ~15% of the roster in the European office: location Amsterdam, currency EUR, and their
    salary and rate in euros (the dollar figure at the last month's rate, rounded like the rest), so
    spend in dollars stays about what it was. Adds w["currency"]; every other draw is unchanged (own stream)."""
    rng = seeded_rng(seed, 8, 0)
    n = len(w["worker_id"])
    european = rng.random(n) < EUROPEAN_SHARE
    _, rates = eur_usd(seed, p)
    last = float(rates[-1])
    w["currency"] = np.where(european, "EUR", "USD").astype(object)
    w["location"] = np.where(european, LOCATIONS.index(EUROPEAN_LOCATION), w["location"])
    w["salary"] = np.where(european, np.round(w["salary"] / last / 100.0) * 100.0, w["salary"])
    w["rate"] = np.where(european, np.round(w["rate"] / last, 2), w["rate"])


def roster_as_written(workers: int, seed: int, p: Period) -> dict[str, np.ndarray]:
    """The roster as the generator writes it and draws compensation from: draw_workers, then the
    European office (for callers that need none of the draws made in dollars in between)."""
    w = draw_workers(workers, seed, p)
    assign_currencies(seed, p, w)
    return w


def fx_rates_table(seed: int, p: Period) -> pa.Table:
    """fx_rates.csv: EUR → USD for every month, then USD → EUR for the same months."""
    months, rates = eur_usd(seed, p)
    days = np.array([day_number(m) for m in months] * 2, dtype=np.int64)
    return pa.table(
        {
            "currency": pa.array(["EUR"] * len(months) + ["USD"] * len(months), pa.string()),
            "month": date_array(days),
            "rate_to_reporting": pa.array(np.concatenate([rates, np.round(1.0 / rates, 4)]), pa.float64()),
        }
    )
