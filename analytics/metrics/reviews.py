"""Reviews: the six review attributes averaged by worker type over the period, and the gap between
contractors and employees on each."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.metrics.filters import Filters
from analytics.store.db import Workspace
from analytics.store.schema import REVIEW_ATTRIBUTES, WORKER_TYPES

# -- reviews -----------------------------------------------------------------------------


def review_profile(ws: Workspace, filters: Filters) -> pd.DataFrame:
    """Mean of each of the six review attributes by worker type, over the filtered people's
    reviews dated in the period: worker_type, reviews, people, the six attributes, overall."""
    df = ws.query("review_averages", filters.params())
    order = {t: i for i, t in enumerate(WORKER_TYPES)}
    return df.sort_values("worker_type", key=lambda s: s.map(order)).reset_index(drop=True)


def attribute_gaps(profile: pd.DataFrame) -> pd.DataFrame:
    """Per review attribute: employees' mean, contractors' mean and the gap (contractor −
    employee), largest absolute gap first; NaN where a type has no reviews."""
    p = profile.set_index("worker_type")
    rows = []
    for a in REVIEW_ATTRIBUTES:
        emp = p[a].get("employee", np.nan) if a in p.columns else np.nan
        con = p[a].get("contractor", np.nan) if a in p.columns else np.nan
        rows.append({"attribute": a, "employee": emp, "contractor": con, "gap": con - emp})
    out = pd.DataFrame(rows)
    return out.reindex(out["gap"].abs().sort_values(ascending=False, na_position="last").index).reset_index(drop=True)
