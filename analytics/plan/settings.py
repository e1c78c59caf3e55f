"""A plan's settings: what a saved plan version holds (horizon, attrition, cost assumptions, demand
edits, probability overrides, chosen fills), immutable and hashable, to and from JSON."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime

import pandas as pd

from analytics.metrics.assumptions import DEFAULTS, CostAssumptions

HORIZON_DEFAULT, HORIZON_MIN, HORIZON_MAX = 12, 6, 24
FILLS = ("contract", "hire")
EDIT_FIELDS = (
    "demand_id", "engagement_id", "department", "role", "seniority", "hours_per_week", "start_date", "end_date",
    "probability", "status",
)


def _plain(v):
    """A JSON-friendly scalar: dates as ISO text, NaN/NaT/None as None, numpy numbers as Python's."""
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT:
        return None
    if isinstance(v, datetime | pd.Timestamp):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, date):
        return v.isoformat()
    if hasattr(v, "item"):
        return v.item()
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return v


def edit_row(row: dict) -> tuple[tuple[str, object], ...]:
    """One demand row as a hashable edit: (field, plain value) pairs in EDIT_FIELDS order."""
    return tuple((k, _plain(row.get(k))) for k in EDIT_FIELDS)


@dataclass(frozen=True)
class PlanSettings:
    horizon_months: int = HORIZON_DEFAULT
    annual_attrition: float | None = None  # None: from the data (1 − Kaplan–Meier 12-month retention)
    assumptions: CostAssumptions = DEFAULTS
    demand_edits: tuple[tuple[tuple[str, object], ...], ...] = ()  # rows added or changed, by demand_id
    probability_overrides: tuple[tuple[str, float], ...] = ()  # (demand_id, probability)
    fills: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (role, "contract" | "hire")

    def fill_for(self, role: str) -> str | None:
        return dict(self.fills).get(role)

    def with_changes(self, **changes) -> PlanSettings:
        return replace(self, **changes)

    def to_json(self) -> str:
        return json.dumps(
            {
                "horizon_months": self.horizon_months,
                "annual_attrition": self.annual_attrition,
                "assumptions": self.assumptions.as_dict(),
                "demand_edits": [dict(e) for e in self.demand_edits],
                "probability_overrides": dict(self.probability_overrides),
                "fills": dict(self.fills),
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> PlanSettings:
        d = json.loads(text)
        known = {f.name for f in fields(CostAssumptions)}
        a = CostAssumptions(**{k: float(v) for k, v in d.get("assumptions", {}).items() if k in known})
        return cls(
            horizon_months=int(d.get("horizon_months", HORIZON_DEFAULT)),
            annual_attrition=None if d.get("annual_attrition") is None else float(d["annual_attrition"]),
            assumptions=a,
            demand_edits=tuple(edit_row(e) for e in d.get("demand_edits", [])),
            probability_overrides=tuple(sorted((k, float(v)) for k, v in d.get("probability_overrides", {}).items())),
            fills=tuple(sorted((k, v) for k, v in d.get("fills", {}).items() if v in FILLS)),
        )


def _same(a, b) -> bool:
    a, b = _plain(a), _plain(b)
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(float(a) - float(b)) < 1e-12
    return a == b


def edits_from_table(base: pd.DataFrame, edited: pd.DataFrame):
    """What a user changed in the demand table on the page, against the workspace's rows `base`:
    (demand_edits: rows added or changed in anything but the probability, probability_overrides:
    rows whose probability alone changed). Rows removed from the table are not edits (the data keeps
    them; a probability of 0 takes a tentative row out of the plan)."""
    by_id = {r["demand_id"]: r for r in base.to_dict("records")}
    edits, overrides = [], []
    for row in edited.to_dict("records"):
        if not _plain(row.get("demand_id")):
            continue  # a blank line the editor added
        old = by_id.get(row["demand_id"])
        if old is None:
            edits.append(edit_row(row))
            continue
        changed = [k for k in EDIT_FIELDS if not _same(row.get(k), old.get(k))]
        if changed == ["probability"]:
            p = _plain(row.get("probability"))
            overrides.append((row["demand_id"], float(p) if p is not None else float("nan")))
        elif changed:
            edits.append(edit_row(row))
    return tuple(edits), tuple(sorted(overrides))
