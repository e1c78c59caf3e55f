"""Budget burn (issue 16): per engagement, its contractor spend from its start to the period's end against
its budget.

Spend so far: for a fixed-fee or milestone engagement, what its vendor invoiced (by invoice date; its
budget is the vendor's fee); for time and materials, the contractors' hours × rate × (1 + vendor-management
fee), as analytics.metrics.costs counts contractor spend. Cost per hour so far = that spend ÷ the hours it
pays for (the vendor's people's hours on invoiced work, every contractor's otherwise). A time-and-materials
engagement worked by fewer contractors than the privacy minimum has its spend withheld (an invoice total is
the vendor's, not a person's pay, so a fixed-fee engagement's stays shown).
"""

from __future__ import annotations

import pandas as pd

from analytics.metrics import privacy
from analytics.metrics.assumptions import CostAssumptions
from analytics.metrics.costs import contractor_cost_per_hour
from analytics.metrics.filters import Filters
from analytics.store.db import Workspace

COLUMNS = [
    "engagement_id", "name", "department", "vendor", "pricing_model", "status", "budget", "spent", "share_of_budget",
    "left", "over_by", "cost_per_hour", "hours", "over_budget", "note",
]
CHART_ROWS = 25  # the chart's bars: the largest shares of budget (the table and downloads have every engagement)
PRICING_LABELS = {"time_and_materials": "Time and materials", "fixed_fee": "Fixed fee", "milestone": "Milestone"}


def facts(ws: Workspace, filters: Filters) -> pd.DataFrame:
    """Assumption-free: each engagement overlapping the period, with billings, invoiced, hours to its end."""
    return ws.query("budget_burn", filters.params())


def budget_burn(rows: pd.DataFrame, a: CostAssumptions) -> pd.DataFrame:
    """Per engagement: spent (so far), share_of_budget (spent ÷ budget; NaN without a budget), left
    (budget − spent, 0 once over), over_by (spent − budget when over), cost_per_hour (spent ÷ hours, the
    hours the spend pays for), over_budget; largest share of budget first. Engagements with no spend and
    no hours are left out."""
    if rows.empty:
        return pd.DataFrame(columns=COLUMNS)
    out = rows.copy()
    by_invoice = out["pricing_model"] != "time_and_materials"
    withheld = ~by_invoice & (out["billings"] > 0) & out["contractors"].map(privacy.is_suppressed)
    spent = contractor_cost_per_hour(out["billings"], a).where(~by_invoice, out["invoiced"])
    out["spent"] = spent.astype(float).where(~withheld)
    out["hours"] = out["contractor_hours"].where(~by_invoice, out["invoiced_hours"]).astype(float)
    out = out[(out["spent"].fillna(1) > 0) | (out["hours"] > 0)].copy()
    budget = out["budget"].astype(float)
    out["share_of_budget"] = out["spent"] / budget.where(budget > 0)
    out["left"] = (budget - out["spent"]).clip(lower=0)  # what an over-budget engagement overran: over_by
    out["over_by"] = (out["spent"] - budget).where(out["spent"] > budget)
    out["cost_per_hour"] = out["spent"] / out["hours"].where(out["hours"] > 0)
    out["over_budget"] = out["share_of_budget"] > 1
    out["note"] = ""
    out.loc[withheld[out.index], "note"] = privacy.suppressed_label()
    out.loc[budget.isna(), "note"] = "no budget given"
    out = out.sort_values(["share_of_budget", "spent", "engagement_id"], ascending=[False, False, True],
                          na_position="last")
    return out[COLUMNS].reset_index(drop=True)


def table(ws: Workspace, filters: Filters, a: CostAssumptions) -> pd.DataFrame:
    """budget_burn of the filtered period; empty when the worker-type filter leaves contractors out (this is
    contractor spend)."""
    if filters.worker_types and "contractor" not in filters.worker_types:
        return pd.DataFrame(columns=COLUMNS)
    return budget_burn(facts(ws, filters), a)


def chart_rows(burn: pd.DataFrame, rows: int = CHART_ROWS) -> tuple[pd.DataFrame, str | None]:
    """The engagements the burn chart draws: the `rows` largest shares of budget (burn is sorted largest
    first), and a caption saying how many of how many, or None when every engagement with a share is drawn.
    At scale an organisation runs thousands of engagements: one bar each would be unreadable and slow."""
    with_share = burn[burn["share_of_budget"].notna()]
    if len(with_share) <= rows:
        return with_share, None
    return with_share.head(rows), (f"The {rows} engagements with the largest share of budget spent, of "
                                   f"{len(with_share):,} with a budget; the table below lists every one.")
