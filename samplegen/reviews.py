"""Performance reviews: about every six months of employment, six 1–5 ratings in halves, each
person with a level of their own; contractors a bit more technical, employees a bit more
collaborative."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from analytics.store.schema import TABLES
from samplegen.draws import round_half
from samplegen.period import Period, date_array, weekday


def draw_reviews(
    rng: np.random.Generator,
    p: Period,
    w: dict[str, np.ndarray],
    a: int,
    b: int,
    ids: pa.Array,
    end_eff: np.ndarray,
) -> pa.Table:
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
    wd = weekday(day)
    day -= np.where(wd >= 5, wd - 4, 0)

    base = 3.55 + 0.08 * sen + 0.4 * rng.standard_normal(nw)
    # contractors: a bit more technical, employees: a bit more collaborative
    type_fx = np.array([[0.0, 0.0, 0.0, 0.1, 0.05, 0.0], [-0.05, 0.18, 0.05, -0.12, 0.0, 0.0]])
    person = base[:, None] + 0.3 * rng.standard_normal((nw, 6)) + type_fx[is_con.astype(int)]
    ratings = np.clip(round_half(person[r] + 0.3 * rng.standard_normal((len(r), 6))), 1, 5)
    cols = {"worker_id": ids.take(pa.array(r)), "review_date": date_array(day)}
    for j, name in enumerate(TABLES["reviews"].column_names[2:]):
        cols[name] = pa.array(ratings[:, j], pa.float64())
    return pa.table(cols)
