"""Deterministic generator of a realistic sample IT organisation (the workspace CSVs).

    python -m analytics.sample_data --workers 300 --years 3 --seed 42 --out data/sample

The same arguments always give byte-identical files. Workers and engagements are drawn whole
(they are small); the weekly facts (timesheets, time off, reviews) are drawn per chunk of
workers, each chunk from its own seed derived from (seed, chunk number), fully vectorised with
numpy and appended to the CSVs, so 50,000 workers × 4 years (~10M timesheet rows) fits in
memory and runs in minutes.

A tool, not part of the app: nothing under `analytics/` imports it except the
`analytics.sample_data` entry point that keeps the command above working. The modules, in the
order the draws happen: `calibration` (the public figures and mixes everything is drawn from),
`period` (the weeks covered, holidays, day numbers), `draws` (seeded generators and small
vectorised helpers), `people` (the roster), `engagements`, `staffing` (who works on which
engagement each week), `timesheets` (weekly hours and time off), `reviews`, `write` (the CSV
files), `organisation` (`generate`: all of it in order) and `cli` (`main`).
"""

from samplegen.calibration import CHUNK_WORKERS, DEFAULT_END
from samplegen.organisation import generate

__all__ = ["CHUNK_WORKERS", "DEFAULT_END", "generate"]
