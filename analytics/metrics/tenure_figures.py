"""The Duration page's tenure and retention block as one result (analytics.metrics.tenure's definitions, each
computed once): the page caches this small result instead of the whole roster, so a rerun neither
copies 500,000 people out of the cache nor redraws the Kaplan–Meier curves from them."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from analytics.metrics import horizon, tenure
from analytics.metrics.filters import Filters
from analytics.store.db import Workspace

WHO = ("active", "leavers", "everyone")  # the tenure histogram's choices (tenure.tenure_distribution)
# what the curves, the summary and the histogram read of the roster: no names
TENURE_COLUMNS = ("worker_id", "worker_type")


@dataclass(frozen=True)
class TenureFigures:
    people: int  # everyone of the filters who started by the as-of date (0: nobody, the empty state)
    curves: pd.DataFrame  # tenure.retention_curves
    summary: pd.DataFrame  # tenure.tenure_summary
    medians: dict[str, tenure.MedianTenure]  # tenure.median_tenure per worker type
    bins: dict[str, pd.DataFrame]  # tenure.tenure_bins of each WHO's tenure_distribution
    past_limit: pd.DataFrame  # tenure.past_tenure_limit


def tenure_figures(ws: Workspace, filters: Filters, limit_months: float) -> TenureFigures:
    """The tenure block for `filters`, contractors past `limit_months` included. The roster is read
    without names; only contractors are read with them, for the past-the-limit list."""
    as_of = tenure.as_of(ws, filters)
    p = tenure.with_tenure(horizon.people_as_of(ws, filters, as_of, TENURE_COLUMNS))
    curves = tenure.retention_curves(p)
    if filters.worker_types and "contractor" not in filters.worker_types:
        past = pd.DataFrame(columns=list(tenure.PAST_LIMIT_COLUMNS))  # the filters leave contractors out
    else:
        contractors = horizon.people_as_of(ws, replace(filters, worker_types=("contractor",)), as_of)
        past = tenure.past_tenure_limit(tenure.with_tenure(contractors), limit_months)
    return TenureFigures(
        people=len(p),
        curves=curves,
        summary=tenure.tenure_summary(p, curves),
        medians={t: tenure.median_tenure(p, t) for t in tenure.TYPES},
        bins={who: tenure.tenure_bins(tenure.tenure_distribution(p, who)) for who in WHO},
        past_limit=past,
    )
