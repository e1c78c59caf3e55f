"""Who works on which engagement each week: the engagements active each week, indexed for
weighted picks, and stints of a few months on one engagement per person."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from samplegen.calibration import AGENCIES, DEPARTMENTS


class Staffing:
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

    def choose(
        self,
        rng: np.random.Generator,
        week: np.ndarray,
        dept: np.ndarray,
        vcode: np.ndarray,
        own_vendor_p: np.ndarray,
        cross_p: float,
    ) -> np.ndarray:
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


def assign_engagements(
    rng: np.random.Generator,
    st: Staffing,
    first: np.ndarray,
    week: np.ndarray,
    dept: np.ndarray,
    vcode: np.ndarray,
    own_p: np.ndarray,
    cross_p: float,
    stint_weeks: float,
) -> np.ndarray:
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
