"""A tiny, hand-checkable organisation (4 people, 4 weeks of January 2024, 4 engagements).

Hours, capacity and pay are chosen so every metric can be worked out by hand in the tests:
  E1 employee, $104,000, active all month, 8 h holiday in week 1:  capacity 32+40+40+40 = 152
     billable 30+32+32+32 = 126, internal 2+8+8+8 = 26
  E2 employee, $78,000, starts Wed 2024-01-10: week 2 has 3 workdays → 24 h; capacity 24+40+40 = 104
     billable 20+30+30 = 80, internal 4+10+10 = 24
  C1 contractor (Acme), $100/h, leaves Fri 2024-01-19: capacity 40×3 = 120,
     billable 44+40+40 = 124 (week 1 is 110% allocated)
  C2 contractor (Independent), $80/h, 20 h/week: capacity 80, billable 10×4 = 40, internal 5×4 = 20
The timesheets run from Mon 2024-01-01 to Sun 2024-01-28.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analytics.metrics.assumptions import CostAssumptions
from analytics.store import schema
from analytics.store.db import Workspace

WEEKS = ["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22"]

# The fixtures' columns, listed here rather than taken from the schema: a column the schema gains later
# (with a default) must not shift the values below into the wrong columns; the files written from these
# frames lack it, as older exports do, and load with its default.
WORKER_COLUMNS = ["worker_id", "full_name", "worker_type", "role", "seniority", "department", "location", "vendor",
                  "start_date", "end_date", "annual_salary", "hourly_rate", "weekly_capacity_hours"]
ENGAGEMENT_COLUMNS = ["engagement_id", "name", "department", "vendor", "planned_start", "planned_end", "actual_start",
                      "actual_end", "budget", "status", "quality_score"]
TIMESHEET_COLUMNS = ["worker_id", "engagement_id", "week_start", "hours", "billable"]
TIME_OFF_COLUMNS = ["worker_id", "week_start", "hours"]
REVIEW_COLUMNS = ["worker_id", "review_date", "communication", "technical_expertise", "problem_solving",
                  "collaboration", "adaptability", "attention_to_detail"]


def frames() -> dict[str, pd.DataFrame]:
    workers = pd.DataFrame(
        [
            ["E1", "Ada Employee", "employee", "Software Developer", "senior", "Engineering", "Austin", None,
             "2020-01-01", None, 104000.0, None, 40.0],
            ["E2", "Bo Employee", "employee", "Database Administrator", "mid", "Data & Analytics", "Remote", None,
             "2024-01-10", None, 78000.0, None, 40.0],
            ["C1", "Cy Contractor", "contractor", "Software Developer", "senior", "Engineering", "Remote", "Acme",
             "2023-06-01", "2024-01-19", None, 100.0, 40.0],
            ["C2", "Di Contractor", "contractor", "Network and Systems Administrator", "mid", "Infrastructure",
             "Austin", "Independent", "2023-01-01", None, None, 80.0, 20.0],
        ],
        columns=WORKER_COLUMNS,
    )
    engagements = pd.DataFrame(
        [
            ["ENG1", "Billing rewrite", "Engineering", None, "2023-10-01", "2024-03-31", "2023-10-02", None,
             250000.0, "active", None],
            ["ENG2", "Data migration", "Engineering", "Acme", "2023-06-01", "2023-12-31", "2023-06-01", "2024-01-19",
             120000.0, "completed", 4.0],
            ["ENG3", "Warehouse POC", "Data & Analytics", None, "2024-01-01", "2024-06-30", "2024-01-02",
             "2024-01-10", 40000.0, "cancelled", None],
            ["ENG4", "Network refresh", "Infrastructure", None, "2024-03-01", "2024-05-31", None, None,
             60000.0, "planned", None],
        ],
        columns=ENGAGEMENT_COLUMNS,
    )
    ts = []
    for i, wk in enumerate(WEEKS):
        ts.append(["E1", "ENG1", wk, [30, 32, 32, 32][i], True])
        ts.append(["E1", None, wk, [2, 8, 8, 8][i], False])
        if i >= 1:
            ts.append(["E2", "ENG1", wk, [None, 20, 30, 30][i], True])
            ts.append(["E2", None, wk, [None, 4, 10, 10][i], False])
        if i <= 2:
            ts.append(["C1", "ENG2", wk, [44, 40, 40][i], True])
        ts.append(["C2", "ENG1", wk, 10, True])
        ts.append(["C2", None, wk, 5, False])
    timesheets = pd.DataFrame(ts, columns=TIMESHEET_COLUMNS)
    time_off = pd.DataFrame([["E1", "2024-01-01", 8.0]], columns=TIME_OFF_COLUMNS)
    reviews = pd.DataFrame(
        [
            ["E1", "2024-01-15", 4, 4, 4, 5, 4, 4],
            ["E2", "2024-01-20", 3, 3, 4, 4, 3, 4],
            ["C1", "2024-01-15", 3, 5, 4, 3, 4, 5],
            ["C2", "2024-01-20", 4, 4, 3, 3, 5, 4],
        ],
        columns=REVIEW_COLUMNS,
    )
    return {
        "workers": workers,
        "engagements": engagements,
        "timesheets": timesheets,
        "time_off": time_off,
        "reviews": reviews,
    }


def write_csvs(folder: Path, data: dict[str, pd.DataFrame] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, df in (data or frames()).items():
        out = df.copy()
        for col in out.columns:
            if schema.TABLES[name].column(col).type == "BOOLEAN":
                out[col] = out[col].map({True: "true", False: "false"})
        out.to_csv(folder / f"{name}.csv", index=False)
    return folder


def build_workspace(tmp: Path, data: dict[str, pd.DataFrame] | None = None) -> Workspace:
    folder = write_csvs(tmp / "csv", data)
    ws = Workspace(tmp / "tiny.duckdb", lock_down=False, load_sample=False)
    ws.load_csv_dir(folder)
    return ws


# -- hand-worked figures of this organisation, shared by the tests that show them --------------

# Salaried people are paid for every day employed in the period (the data covers whole months, so all of
# January, though the timesheets end Sunday 28 Jan): E1 31 days, E2 22 days (from Wed 10 Jan).
E1_SPEND = (104_000 * 1.273 + 5_000) * 31 / 365  # = 137,392 × 31/365 = 11,668.91
E2_SPEND = (78_000 * 1.273 + 5_000) * 22 / 365  # = 104,294 × 22/365 = 6,286.21

# Cost assumptions with round numbers, for break-even and scenario figures worked out by hand.
HAND = CostAssumptions(
    benefits_load=0.20, payroll_tax=0.05, overhead_per_employee=0, productive_hours_per_year=1950,
    vendor_management_fee=0, recruiting_cost=5000, time_to_fill_days=365 / 12, ramp_up_weeks=104 / 12,
    ramp_up_productivity=0.5,
)


# -- pricing models (issue 16): the tiny organisation with invoiced work -------------------------
INVOICE_COLUMNS = ["engagement_id", "vendor", "invoice_date", "amount", "currency", "description"]


def priced_frames() -> dict[str, pd.DataFrame]:
    """The tiny organisation with ENG2 (Acme's data migration, 124 h by Acme's C1 in January) a fixed fee
    invoiced twice — $9,000 on 15 Jan 2024 (in January) and $30,000 on 20 Dec 2023 (before the data) —
    and ENG1 (in-house, so any contractor's hours are the vendor's: C2's 10 h a week) a milestone
    engagement invoiced $2,000 on 31 Jan 2024. See PRICED_* below for the figures."""
    data = frames()
    data["engagements"] = data["engagements"].assign(
        pricing_model=["milestone", "fixed_fee", "time_and_materials", "time_and_materials"])
    data["invoices"] = pd.DataFrame(
        [["ENG2", "Acme", "2024-01-15", 9000.0, "USD", "January instalment"],
         ["ENG2", "Acme", "2023-12-20", 30000.0, "USD", "Set-up and December"],
         ["ENG1", None, "2024-01-31", 2000.0, "USD", "Milestone 1: design signed off"]],
        columns=INVOICE_COLUMNS,
    )
    return data


# January 2024 with the default assumptions (vendor-management fee 3%, none on invoices):
#   C1: all 124 h on ENG2, paid by its invoices: $9,000 (the December invoice is outside the period)
#   C2: 40 h on ENG1 paid by its milestone invoice ($2,000) + 20 h internal × $80 × 1.03 = $1,648
PRICED_C1_SPEND = 9_000.0
PRICED_C2_SPEND = 2_000.0 + 20 * 80 * 1.03  # = 3,648
PRICED_CONTRACTOR_SPEND = PRICED_C1_SPEND + PRICED_C2_SPEND  # = 12,648
# Spread: ENG2 runs 1 Jun 2023 – 19 Jan 2024 = 30+31+31+30+31+30+31 + 19 = 233 days; its invoiced
# total $39,000 over them puts 19 days in January: 39,000 × 19 / 233 = 3,180.26 (milestones stay by date)
PRICED_C1_SPREAD = 39_000 * 19 / 233
