"""The Duration page's tenure block in one cached result (analytics/metrics/tenure_figures.py) holds exactly
what analytics.metrics.tenure's functions give on the whole roster, read without names, for the tiny
organisation by hand and for a generated one, filtered or not."""

from datetime import date

import pandas as pd
import pytest

from analytics.metrics import tenure
from analytics.metrics.filters import Filters
from analytics.metrics.periods import DAYS_PER_MONTH as M
from analytics.metrics.tenure_figures import WHO, tenure_figures
from analytics.store.db import Workspace
from bench.dataset import ensure_dataset, whole_period

JAN = Filters(date(2024, 1, 1), date(2024, 1, 31))


def same_as_the_whole_roster(ws: Workspace, f: Filters, limit: float):
    t = tenure_figures(ws, f, limit)
    p = tenure.people(ws, f)
    assert t.people == len(p)
    curves = tenure.retention_curves(p)
    pd.testing.assert_frame_equal(t.curves, curves)
    pd.testing.assert_frame_equal(t.summary, tenure.tenure_summary(p, curves))
    assert t.medians == {ty: tenure.median_tenure(p, ty) for ty in tenure.TYPES}
    for who in WHO:
        pd.testing.assert_frame_equal(t.bins[who], tenure.tenure_bins(tenure.tenure_distribution(p, who)))
    pd.testing.assert_frame_equal(t.past_limit, tenure.past_tenure_limit(p, limit), check_dtype=False, check_index_type=False)
    return t


def test_tiny_by_hand(tiny_ws):
    t = same_as_the_whole_roster(tiny_ws, JAN, 12)
    # C1 left after 232 days with both contractors at risk; C2 (395 days, active) is past a 12-month limit
    assert t.medians["contractor"].months == pytest.approx(232 / M)
    assert t.past_limit["worker_id"].tolist() == ["C2"] and t.past_limit["vendor"].tolist() == ["Independent"]
    employees = same_as_the_whole_roster(tiny_ws, Filters(JAN.start, JAN.end, worker_types=("employee",)), 1)
    assert employees.people == 2 and employees.past_limit.empty
    assert list(employees.past_limit.columns) == list(tenure.PAST_LIMIT_COLUMNS)


def test_a_generated_organisation(tmp_path):
    ds = ensure_dataset(200, 1, 7, tmp_path, log=lambda _: None)
    ws = Workspace(ds.db, load_sample=False)
    try:
        whole = whole_period(ws)
        t = same_as_the_whole_roster(ws, whole, 6)
        assert t.people > 100 and len(t.past_limit) > 0
        same_as_the_whole_roster(ws, Filters(whole.start, whole.end, departments=("Engineering",)), 6)
        same_as_the_whole_roster(ws, Filters(whole.start, whole.end, worker_types=("contractor",)), 3)
    finally:
        ws.close()
