"""A hand-checkable organisation paid in two currencies (issue 16): January and February 2024
(timesheets Mon 1 Jan – Sun 25 Feb, so the data covers both whole months: 31 + 29 days).

  E1 employee, USD 104,000, all of Jan–Feb (60 days)
  E2 employee, EUR 60,000, all of Jan–Feb, Amsterdam office
  C1 contractor, EUR 80/h, 40 h in each of the 8 weeks (5 Mondays in January, 3 in February)
  C2 contractor, USD 100/h, 40 h in each of the 8 weeks
fx_rates: EUR → USD 1.10 (Jan), 1.05 (Feb); USD → EUR 0.91 (Jan), 0.95 (Feb) — the USD rows are
read only when the reporting currency is EUR (each set is ignored while its currency is the reporting one).

Reporting in USD, default assumptions (salary × 1.273 + $5,000 a year overhead; fee 3%):
  E2 salary  60,000 × 1.10 × 31/365 + 60,000 × 1.05 × 29/365 = (2,046,000 + 1,827,000)/365 = $10,610.96
  E1 salary  104,000 × 60/365 = 6,240,000/365 = $17,095.89
  employee spend = (10,113,000 × 1.273 + 5,000 × 120)/365 = 13,473,849/365 = $36,914.65
  C1 billings 200 h × 80 × 1.10 + 120 h × 80 × 1.05 = 17,600 + 10,080 = $27,680
  C2 billings 320 h × 100 = $32,000
  contractor spend = 59,680 × 1.03 = $61,470.40; total $98,385.05
Reporting in EUR (the same data, the USD rows):
  E1 salary 104,000 × (31 × 0.91 + 29 × 0.95)/365 = 104,000 × 55.76/365 = 5,799,040/365 = €15,887.78
  E2 salary 60,000 × 60/365 = 3,600,000/365 = €9,863.01
  employee spend = (9,399,040 × 1.273 + 5,000 × 120)/365 = 12,564,977.92/365 = €34,424.60
  C1 320 h × 80 = €25,600; C2 200 h × 100 × 0.91 + 120 h × 100 × 0.95 = 18,200 + 11,400 = €29,600
  contractor spend = 55,200 × 1.03 = €56,856.00; total €91,280.60
Without February's EUR rate (reporting in USD): E2's February salary €60,000 × 29/365 = €4,767.12 and
C1's February 120 h × €80 = €9,600 are left out: €14,367.12 of pay of 2 people, named in the message;
  employee spend = ((2,046,000 + 6,240,000) × 1.273 + 600,000)/365 = 11,148,078/365 = $30,542.68
  contractor spend = (17,600 + 32,000) × 1.03 = $51,088.00
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analytics.store import schema

MONDAYS = pd.date_range("2024-01-01", "2024-02-19", freq="7D").strftime("%Y-%m-%d").tolist()  # 8 weeks

USD_EMPLOYEE_SPEND = 13_473_849 / 365
USD_CONTRACTOR_SPEND = 61_470.40
EUR_EMPLOYEE_SPEND = 12_564_977.92 / 365
EUR_CONTRACTOR_SPEND = 56_856.00
NO_FEB_EMPLOYEE_SPEND = 11_148_078 / 365
NO_FEB_CONTRACTOR_SPEND = 51_088.00
NO_FEB_LEFT_OUT = 60_000 * 29 / 365 + 9_600  # €14,367.12

RATES = [("EUR", "2024-01-01", 1.10), ("EUR", "2024-02-01", 1.05),
         ("USD", "2024-01-01", 0.91), ("USD", "2024-02-01", 0.95)]


def frames(rates=RATES) -> dict[str, pd.DataFrame]:
    worker = dict.fromkeys(schema.WORKERS.column_names)
    workers = pd.DataFrame([
        worker | dict(worker_id="E1", full_name="Ann Dollar", worker_type="employee", role="Software Developer",
                      seniority="senior", department="Engineering", location="Austin", start_date="2020-01-01",
                      annual_salary=104_000.0, weekly_capacity_hours=40.0, currency="USD"),
        worker | dict(worker_id="E2", full_name="Eva Euro", worker_type="employee", role="Software Developer",
                      seniority="senior", department="Engineering", location="Amsterdam", start_date="2021-03-01",
                      annual_salary=60_000.0, weekly_capacity_hours=40.0, currency="EUR"),
        worker | dict(worker_id="C1", full_name="Carl Euro", worker_type="contractor", role="Software Developer",
                      seniority="senior", department="Engineering", location="Amsterdam", vendor="Acme",
                      start_date="2023-06-01", hourly_rate=80.0, weekly_capacity_hours=40.0, currency="EUR"),
        worker | dict(worker_id="C2", full_name="Cody Dollar", worker_type="contractor", role="Software Developer",
                      seniority="senior", department="Engineering", location="Austin", vendor="Acme",
                      start_date="2023-06-01", hourly_rate=100.0, weekly_capacity_hours=40.0, currency="USD"),
    ], columns=schema.WORKERS.column_names)
    engagement = dict.fromkeys(schema.ENGAGEMENTS.column_names)
    engagements = pd.DataFrame([engagement | dict(
        engagement_id="G1", name="Platform", department="Engineering", planned_start="2023-06-01",
        planned_end="2024-12-31", actual_start="2023-06-01", status="active")], columns=schema.ENGAGEMENTS.column_names)
    engagements = engagements.drop(columns=[c.name for c in schema.ENGAGEMENTS.columns
                                            if getattr(c, "default", None) is not None])
    timesheets = pd.DataFrame(
        [[w, "G1", m, 40.0, True] for w in ("E1", "E2", "C1", "C2") for m in MONDAYS],
        columns=schema.TIMESHEETS.column_names,
    )
    return {
        "workers": workers,
        "engagements": engagements,
        "timesheets": timesheets,
        "time_off": pd.DataFrame(columns=schema.TIME_OFF.column_names),
        "reviews": pd.DataFrame(columns=schema.REVIEWS.column_names),
        "fx_rates": pd.DataFrame(rates, columns=schema.FX_RATES.column_names),
    }


def write_csvs(folder: Path, rates=RATES) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, df in frames(rates).items():
        out = df.copy()
        if "billable" in out.columns:
            out["billable"] = out["billable"].map({True: "true", False: "false"})
        out.to_csv(folder / f"{name}.csv", index=False)
    return folder
