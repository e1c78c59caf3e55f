"""A quarter's organisation for the conversion scenarios: three Software Developer employees and two
contractors over the 13 weeks of Q1 2024, as the frames tests/tiny.write_csvs writes."""

from __future__ import annotations

from datetime import date


def quarter_frames() -> dict:
    """Three Software Developer employees and two contractors over 13 weeks (1 Jan – 31 Mar 2024):
      E1 senior $120,000, E2 senior $130,000, E3 mid $90,000 (all Engineering, employed throughout)
      K1 "Kim Long", senior, Acme, $110/h, started 2022-06-01, 40 h in each of the 13 weeks
      K2 "Lee New", senior, Independent, $100/h, started Mon 2024-01-08, 40 h in each of 12 weeks
    both contractors in Engineering."""
    from datetime import timedelta

    import pandas as pd

    from tests import tiny

    weeks = [(date(2024, 1, 1) + timedelta(weeks=i)).isoformat() for i in range(13)]
    workers = pd.DataFrame(
        [
            ["E1", "Eve One", "employee", "Software Developer", "senior", "Engineering", "Austin", None,
             "2020-01-01", None, 120000.0, None, 40.0],
            ["E2", "Eli Two", "employee", "Software Developer", "senior", "Engineering", "Austin", None,
             "2021-01-01", None, 130000.0, None, 40.0],
            ["E3", "Ena Three", "employee", "Software Developer", "mid", "Engineering", "Remote", None,
             "2022-01-01", None, 90000.0, None, 40.0],
            ["K1", "Kim Long", "contractor", "Software Developer", "senior", "Engineering", "Remote", "Acme",
             "2022-06-01", None, None, 110.0, 40.0],
            ["K2", "Lee New", "contractor", "Software Developer", "senior", "Engineering", "Remote", "Independent",
             "2024-01-08", None, None, 100.0, 40.0],
        ],
        columns=tiny.WORKER_COLUMNS,
    )
    engagements = pd.DataFrame(
        [["Q1", "Platform build", "Engineering", None, "2023-12-01", "2024-12-31", "2023-12-01", None, 500000.0,
          "active", None]],
        columns=tiny.ENGAGEMENT_COLUMNS,
    )
    ts = []
    for i, wk in enumerate(weeks):
        for w in ("E1", "E2", "E3", "K1"):
            ts.append([w, "Q1", wk, 40.0, True])
        if i >= 1:
            ts.append(["K2", "Q1", wk, 40.0, True])
    return {
        "workers": workers,
        "engagements": engagements,
        "timesheets": pd.DataFrame(ts, columns=tiny.TIMESHEET_COLUMNS),
        "time_off": pd.DataFrame(columns=tiny.TIME_OFF_COLUMNS),
        "reviews": pd.DataFrame(columns=tiny.REVIEW_COLUMNS),
    }
