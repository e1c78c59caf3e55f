"""The Duration page's tenure and retention block as one result (analytics.metrics.tenure's definitions, each
computed once): the page caches this small result instead of the whole roster, so a rerun neither
copies 500,000 people out of the cache nor redraws the Kaplan–Meier curves from them. The roster is read
counted by worker type, tenure and outcome (tenure_counts.sql), not person by person, and only the
contractors past the limit are read with their names (tenure_past_limit.sql)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.metrics import tenure
from analytics.metrics.filters import Filters
from analytics.metrics.periods import DAYS_PER_MONTH
from analytics.store.db import Workspace

WHO = ("active", "leavers", "everyone")  # the tenure histogram's choices (tenure.tenure_distribution)


@dataclass(frozen=True)
class TenureFigures:
    people: int  # everyone of the filters who started by the as-of date (0: nobody, the empty state)
    curves: pd.DataFrame  # tenure.retention_curves
    summary: pd.DataFrame  # tenure.tenure_summary
    medians: dict[str, tenure.MedianTenure]  # tenure.median_tenure per worker type
    bins: dict[str, pd.DataFrame]  # tenure.tenure_bins of each WHO's tenure_distribution
    past_limit: pd.DataFrame  # tenure.past_tenure_limit


def tenure_figures(ws: Workspace, filters: Filters, limit_months: float) -> TenureFigures:
    """The tenure block for `filters`, contractors past `limit_months` included. The roster is read as
    counts of people per worker type, tenure and outcome; only contractors past the limit with names."""
    as_of = tenure.as_of(ws, filters)
    p = tenure.counts(ws, filters, as_of)
    curves = tenure.retention_curves(p)
    if filters.worker_types and "contractor" not in filters.worker_types:
        past = pd.DataFrame(columns=list(tenure.PAST_LIMIT_COLUMNS))  # the filters leave contractors out
    else:
        contractors = ws.query("tenure_past_limit", {**filters.params(), "as_of": as_of, "limit_months": float(limit_months),
                                                     "days_per_month": DAYS_PER_MONTH})
        past = tenure.past_tenure_limit(tenure.with_tenure(contractors), limit_months)
    return TenureFigures(
        people=int(tenure.weights(p).sum()),
        curves=curves,
        summary=tenure.tenure_summary(p, curves),
        medians={t: tenure.median_tenure(p, t) for t in tenure.TYPES},
        bins={who: tenure.tenure_bins(tenure.tenure_distribution(p, who)) for who in WHO},
        past_limit=past,
    )
