"""A tiny plan worked by hand: two roles, one confirmed and one 50% tentative demand row, a
contractor ending mid-horizon, an employee leaving, written as the CSVs an analyst loads.

The data covers November 2026 (timesheet weeks 2, 9, 16, 23 Nov), so the as-of date is Mon 30 Nov
2026 and the plan's months are Dec 2026 … Nov 2027. A month is 52/12 = 4.3333 weeks.

  E1  employee, Software Developer senior, $120,000, 40 h/week, no end; 16 h leave in the week of 23 Nov
  C1  contractor, Software Developer senior, $100/h, 40 h/week, ends Sun 14 Feb 2027 (half of February)
  E2  employee, Database Administrator mid, $80,000, 40 h/week, leaves Fri 15 Jan 2027 (15 of 31 days)
  E3  employee, Database Administrator mid, left 30 Jun 2026 after 239 days (the Kaplan–Meier leaver)
  ENG1 active engagement (Engineering), planned end 31 Jan 2027: E1 logged 30+30+30+24 h and C1 4 × 40 h
       on it in the last four weeks → work in hand 274 / 4 = 68.5 h/week of senior Software Developers
  D1  confirmed: Database Administrator mid, 40 h/week, 1 Jan – 30 Nov 2027
  D2  tentative at 50%: Software Developer senior, 120 h/week, 1 Mar – 31 May 2027

Leave share of Software Developers over the last 52 weeks = 16 / (4 × 40 + 4 × 40) = 5%; of Database
Administrators 0. With no attrition (the plan's setting 0):
  Software Developer capacity: E1 40 × 0.95 × 52/12 = 164.6667 a month; C1 the same in Dec and Jan,
    half in Feb (82.3333), then 0 → 329.3333, 329.3333, 247.0000, then 164.6667 a month.
  Software Developer demand (expected): 68.5 × 52/12 = 296.8333 in Dec and Jan, 0 in Feb,
    60 × 52/12 = 260 in Mar–May (120 h × 50%), then 0. Gap Mar–May = 260 − 164.6667 = 95.3333 h a month.
  Database Administrator capacity: E2 40 × 52/12 = 173.3333 in Dec, × 15/31 = 83.8710 in Jan, then 0;
    demand 173.3333 a month Jan–Nov; gap Jan 89.4624, Feb–Nov 173.3333.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from analytics.metrics.filters import Filters

WORKERS = """worker_id,full_name,worker_type,role,seniority,department,location,vendor,start_date,end_date,annual_salary,hourly_rate,weekly_capacity_hours
E1,Ada Senior,employee,Software Developer,senior,Engineering,Austin,,2020-01-06,,120000,,40
C1,Cy Contract,contractor,Software Developer,senior,Engineering,Remote,Acme,2025-01-06,2027-02-14,,100,40
E2,Di Leaving,employee,Database Administrator,mid,Data & Analytics,Remote,,2022-01-03,2027-01-15,80000,,40
E3,Ed Gone,employee,Database Administrator,mid,Data & Analytics,Boston,,2025-11-03,2026-06-30,90000,,40
"""

ENGAGEMENTS = """engagement_id,name,department,vendor,planned_start,planned_end,actual_start,actual_end,budget,status,quality_score
ENG1,Platform rebuild,Engineering,,2025-01-06,2027-01-31,2025-01-06,,500000,active,
"""

TIMESHEETS = """worker_id,engagement_id,week_start,hours,billable
E1,ENG1,2026-11-02,30,true
E1,ENG1,2026-11-09,30,true
E1,ENG1,2026-11-16,30,true
E1,ENG1,2026-11-23,24,true
E1,,2026-11-02,10,false
E1,,2026-11-09,10,false
E1,,2026-11-16,10,false
C1,ENG1,2026-11-02,40,true
C1,ENG1,2026-11-09,40,true
C1,ENG1,2026-11-16,40,true
C1,ENG1,2026-11-23,40,true
E2,,2026-11-02,40,false
E2,,2026-11-09,40,false
E2,,2026-11-16,40,false
E2,,2026-11-23,40,false
"""

TIME_OFF = """worker_id,week_start,hours
E1,2026-11-23,16
"""

REVIEWS = "worker_id,review_date,communication,technical_expertise,problem_solving,collaboration,adaptability,attention_to_detail\n"

DEMAND = """demand_id,engagement_id,department,role,seniority,hours_per_week,start_date,end_date,probability,status
D1,,Data & Analytics,Database Administrator,mid,40,2027-01-01,2027-11-30,1,confirmed
D2,,Engineering,Software Developer,senior,120,2027-03-01,2027-05-31,0.5,tentative
"""

FILTERS = Filters(date(2026, 11, 1), date(2026, 11, 30))


def write_csvs(folder: Path, with_demand: bool = True) -> Path:
    """The CSV files (demand.csv only if `with_demand`) in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {"workers": WORKERS, "engagements": ENGAGEMENTS, "timesheets": TIMESHEETS, "time_off": TIME_OFF,
             "reviews": REVIEWS}
    if with_demand:
        files["demand"] = DEMAND
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder
