"""A hand-worked organisation for the independent reference: 6 people, 6 engagements, the
timesheets of 8 weeks (Mon 1 Sep – Sun 26 Oct 2025), written as the CSV files an analyst loads.

It holds every case a headline figure has got wrong before:
  E2  a Wednesday starter (Wed 10 Sep) with 8 h of leave in that partial week
  E3  an employee leaving mid-month (Wed 15 Oct), in a non-billable role (support) who still
      logged some billable hours
  C3  a contractor leaving mid-month (Fri 19 Sep)
  C1  a week logged over capacity (48 h in the week of 6 Oct)
  C2  a contractor starting Wed 1 Oct whose first week starts in September (Mon 29 Sep)
  E1  an employee with no timesheets in the last week (20 Oct), and a holiday week (1 Sep)
  ENG1 an engagement running past its planned end (29 Aug) with no actual end
The data horizon is whole months: 1 Sep – 31 Oct 2025, so employees are paid for 27–31 Oct too,
although the last timesheet week ends on Sun 26 Oct.

Week by week (b = billable, n = not billable; capacity = weekly hours × workdays / 5 − leave):
            1 Sep   8 Sep   15 Sep  22 Sep  29 Sep  6 Oct   13 Oct  20 Oct
  E1 cap    32      40      40      40      40      40      40      40      (8 h holiday 1 Sep)
  E1 hours  24b+8n  30b+10n 30b+10n 30b+10n 30b+10n 30b+10n 30b+10n —
  E2 cap    —       16      40      40      40      40      40      40      (3 days − 8 h leave)
  E2 hours  —       16b     30b+10n 30b+10n 30b+10n 30b+10n 20n     20n
  E3 cap    40      40      40      40      40      40      24      —       (leaves Wed 15 Oct)
  E3 hours  40n     10b+30n 10b+30n 10b+30n 40n     40n     24n     —
  C1 cap    40      40      40      40      40      40      40      40
  C1 hours  40b     40b     40b     40b     40b     48b     40b     40b
  C2 cap    —       —       —       —       24      40      40      40      (starts Wed 1 Oct)
  C2 hours  —       —       —       —       24b     40b     40b     30b+10n
  C3 cap    40      40      40      —       —       —       —       —       (leaves Fri 19 Sep)
  C3 hours  40b     40b     40b     —       —       —       —       —
"""

from __future__ import annotations

from pathlib import Path

WEEKS = ["2025-09-01", "2025-09-08", "2025-09-15", "2025-09-22", "2025-09-29", "2025-10-06", "2025-10-13", "2025-10-20"]

WORKERS = """worker_id,full_name,worker_type,role,seniority,department,location,vendor,start_date,end_date,annual_salary,hourly_rate,weekly_capacity_hours
E1,Ada Early,employee,Software Developer,senior,Engineering,Austin,,2020-01-06,,100000,,40
E2,Bo Wednesday,employee,Database Administrator,mid,Data & Analytics,Remote,,2025-09-10,,73000,,40
E3,Cy Leaver,employee,Computer User Support Specialist,mid,Engineering,Boston,,2024-03-01,2025-10-15,60000,,40
C1,Di Overtime,contractor,Software Developer,senior,Engineering,Remote,Acme,2025-03-03,,,100,40
C2,Ed Early-Week,contractor,Network and Systems Administrator,mid,Infrastructure,Austin,Independent,2025-10-01,,,80,40
C3,Flo Gone,contractor,Network and Systems Administrator,mid,Infrastructure,Remote,Beacon,2025-01-06,2025-09-19,,90,40
"""

ENGAGEMENTS = """engagement_id,name,department,vendor,planned_start,planned_end,actual_start,actual_end,budget,status,quality_score
ENG1,Platform rebuild,Engineering,,2025-03-03,2025-08-29,2025-03-03,,400000,active,
ENG2,Data migration,Data & Analytics,Acme,2025-07-01,2025-09-30,2025-07-01,2025-10-10,120000,completed,4
ENG3,Network upgrade,Infrastructure,,2025-08-01,2025-10-31,2025-08-04,2025-10-17,90000,completed,5
ENG4,Helpdesk revamp,Engineering,,2025-09-01,2025-12-31,2025-09-08,2025-09-26,50000,cancelled,
ENG5,Firewall refresh,Infrastructure,,2025-11-03,2026-01-30,,,60000,planned,
ENG6,Reporting pilot,Data & Analytics,,2025-01-06,2025-05-30,2025-01-06,2025-06-13,30000,completed,3
"""

# (worker, engagement or "", [hours per week in WEEKS order, None = no row], billable)
_LINES = [
    ("E1", "ENG1", [24, 30, 30, 30, 30, 30, 30, None], True),
    ("E1", "", [8, 10, 10, 10, 10, 10, 10, None], False),
    ("E2", "ENG2", [None, 16, 30, 30, 30, 30, None, None], True),
    ("E2", "", [None, None, 10, 10, 10, 10, 20, 20], False),
    ("E3", "ENG4", [None, 10, 10, 10, None, None, None, None], True),
    ("E3", "", [40, 30, 30, 30, 40, 40, 24, None], False),
    ("C1", "ENG1", [40, 40, 40, 40, 40, 48, 40, 40], True),
    ("C2", "ENG3", [None, None, None, None, 24, 40, 40, None], True),
    ("C2", "ENG1", [None, None, None, None, None, None, None, 30], True),
    ("C2", "", [None, None, None, None, None, None, None, 10], False),
    ("C3", "ENG3", [40, 40, 40, None, None, None, None, None], True),
]

TIME_OFF = """worker_id,week_start,hours
E1,2025-09-01,8
E2,2025-09-08,8
"""

REVIEWS = """worker_id,review_date,communication,technical_expertise,problem_solving,collaboration,adaptability,attention_to_detail
E1,2025-09-15,4,4,4,5,4,4
C1,2025-10-15,3,5,4,3,4,5
"""


# Pay that changes (the optional compensation table, issue 16), written only by write_csvs(history=True):
#   E1  a raise mid-period: $100,000 until Mon 15 Sep, $109,500 from Tue 16 Sep 2025
#   C1  a rate renegotiated mid-month: $100/h, $110/h for the weeks from Mon 13 Oct 2025
#   C2  one entry, dated its start (Wed 1 Oct): $85/h (the roster's $80 is stale), also for the week of
#       Mon 29 Sep that holds the start (an entry covers the time before a person's first one)
#   E2  fewer hours: 40 h a week from the start (Wed 10 Sep), 32 h from Mon 13 Oct (salary left
#       empty in both: the roster's $73,000 stays)
COMPENSATION = """worker_id,effective_date,annual_salary,hourly_rate,weekly_capacity_hours
E1,2020-01-06,100000,,
E1,2025-09-16,109500,,
C1,2025-03-03,,100,
C1,2025-10-13,,110,
C2,2025-10-01,,85,
E2,2025-09-10,,,40
E2,2025-10-13,,,32
"""


def timesheets_csv() -> str:
    lines = ["worker_id,engagement_id,week_start,hours,billable"]
    for worker, engagement, hours, billable in _LINES:
        for week, h in zip(WEEKS, hours, strict=True):
            if h is not None:
                lines.append(f"{worker},{engagement},{week},{h},{'true' if billable else 'false'}")
    return "\n".join(lines) + "\n"


def write_csvs(folder: Path, history: bool = False) -> Path:
    """Write the five CSV files into `folder` (created if missing) and return it; with `history`,
    also compensation.csv (COMPENSATION above)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "workers": WORKERS,
        "engagements": ENGAGEMENTS,
        "timesheets": timesheets_csv(),
        "time_off": TIME_OFF,
        "reviews": REVIEWS,
    }
    if history:
        files["compensation"] = COMPENSATION
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder
