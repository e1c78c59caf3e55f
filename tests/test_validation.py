"""Validation against schema.py, row by row, on tiny hand-made files checked against the tiny
organisation (workers E1, E2, C1, C2; engagements ENG1–ENG4)."""

from pathlib import Path

import pytest

from analytics.ingest import upload
from harness.workspaces import locked_workspace
from tests import tiny


@pytest.fixture
def ws(tmp_path):
    """The tiny organisation in a locked-down workspace (as the app opens it)."""
    folder = tiny.write_csvs(tmp_path / "csv")
    w = locked_workspace(tmp_path / "v.duckdb", folder)
    yield w
    w.close()


def rows(report: upload.Report) -> list[tuple]:
    return [
        (r.line, r.column, "" if r.value is None else str(r.value), r.problem)
        for r in report.rows.itertuples()
    ]


TIMESHEETS_BAD = (
    b"worker_id,engagement_id,week_start,hours,billable\n"
    b"E1,ENG1,2024-02-05,5,true\n"  # line 2: fine
    b"E9,ENG1,2024-02-06,-3,maybe\n"  # line 3: unknown worker, negative hours, not Monday, not boolean
    b"E1,ENG1,2024-02-05,6,true\n"  # line 4: same key as line 2
    b"E2,ENGX,,4,true\n"  # line 5: unknown engagement, week_start empty
    b"C2,,2024-02-12,200,false\n"  # line 6: over 168 hours
    b"C2,,2024-02-12,x,false\n"  # line 7: hours not a number, and same key as line 6
)


def test_timesheet_problems_row_by_row(ws):
    report = upload.validate(ws, [upload.FileSpec("ts.csv", TIMESHEETS_BAD, "timesheets", "replace")])
    assert rows(report) == [
        (3, "billable", "maybe", "not true/false"),
        (3, "hours", "-3", "below the minimum of 0"),
        (3, "week_start", "2024-02-06", "week_start is not a Monday"),
        (3, "worker_id", "E9", "not found in workers.worker_id"),
        (4, "worker_id, engagement_id, week_start, billable",
         "worker_id=E1, engagement_id=ENG1, week_start=2024-02-05, billable=true", "duplicate key: first seen on line 2"),
        (5, "engagement_id", "ENGX", "not found in engagements.engagement_id"),
        (5, "week_start", "", "required value is empty"),
        (6, "hours", "200", "above the maximum of 168"),
        (7, "hours", "x", "not a number"),
        (7, "worker_id, engagement_id, week_start, billable",
         "worker_id=C2, engagement_id=(empty), week_start=2024-02-12, billable=false", "duplicate key: first seen on line 6"),
    ]
    assert report.total == 10 and not report.ok
    counts = {(r.column, r.problem): r.rows for r in report.counts.itertuples()}
    # grouped by rule (issue 12): the two duplicates (first seen on lines 2 and 6) are one kind
    assert counts[("worker_id, engagement_id, week_start, billable", "duplicate key")] == 2
    assert sum(counts.values()) == 10 and len(counts) == 9
    assert report.rows_read == {"ts.csv": 6}


WORKERS_BAD = (
    b"worker_id,full_name,worker_type,role,seniority,department,location,vendor,start_date,end_date,"
    b"annual_salary,hourly_rate,weekly_capacity_hours\n"
    b"N1,Nia New,employee,Software Developer,senior,Engineering,Austin,,2024-02-01,,120000,,40\n"  # 2 fine
    b"N2,Ned New,freelancer,Software Developer,guru,Engineering,Austin,,2024-02-01,2024-01-01,,,90\n"  # 3
    b"N3,,contractor,Tester,mid,QA,Remote,Acme,2024-02-01,,,-5,40\n"  # 4
)


def test_worker_problems_row_by_row(ws):
    report = upload.validate(ws, [upload.FileSpec("w.csv", WORKERS_BAD, "workers", "append")])
    assert rows(report) == [
        (3, "end_date", "2024-01-01", "end_date is before start_date"),
        (3, "seniority", "guru", "not one of: junior, mid, senior, lead"),
        (3, "weekly_capacity_hours", "90", "above the maximum of 80"),
        (3, "worker_type", "freelancer", "not one of: employee, contractor"),
        (4, "full_name", "", "required value is empty"),
        (4, "hourly_rate", "-5", "below the minimum of 0"),
    ]


def test_missing_required_column_is_reported_on_the_header_line(ws):
    data = b"worker_id,week_start,hours\nE1,2024-02-05,5\n"
    report = upload.validate(ws, [upload.FileSpec("ts.csv", data, "timesheets", "replace")])
    assert rows(report) == [(1, "billable", "", "required column is missing from the file")]


def test_append_reports_keys_already_in_the_table(ws):
    # E1 logged 2 internal hours in the week of 2024-01-01 (tests/tiny.py): the same key again.
    data = b"worker_id,engagement_id,week_start,hours,billable\nE1,,2024-01-01,3,false\nE1,,2024-02-05,3,false\n"
    report = upload.validate(ws, [upload.FileSpec("ts.csv", data, "timesheets", "append")])
    assert [(r[0], r[3]) for r in rows(report)] == [
        (2, "key already in the timesheets table (append adds rows; use replace to overwrite)")
    ]
    # Replace is fine: the old rows go.
    assert upload.validate(ws, [upload.FileSpec("ts.csv", data, "timesheets", "replace")]).ok


def test_references_resolve_against_files_in_the_same_batch(ws):
    workers = WORKERS_BAD.split(b"\n")[0] + b"\n" + WORKERS_BAD.split(b"\n")[1] + b"\n"  # header + N1
    ts = b"worker_id,engagement_id,week_start,hours,billable\nN1,,2024-02-05,8,false\nE1,,2024-02-05,8,false\n"
    # Replacing workers with only N1: E1's timesheet no longer has a worker.
    report = upload.validate(ws, [
        upload.FileSpec("w.csv", workers, "workers", "replace"),
        upload.FileSpec("ts.csv", ts, "timesheets", "replace"),
    ])
    assert rows(report) == [(3, "worker_id", "E1", "not found in workers.worker_id")]
    # Appending N1 to the workers: both are known.
    report = upload.validate(ws, [
        upload.FileSpec("w.csv", workers, "workers", "append"),
        upload.FileSpec("ts.csv", ts, "timesheets", "replace"),
    ])
    assert report.ok, rows(report)


def test_renamed_headers_are_mapped(ws):
    data = b"Person,Project,Week,Hrs,Billable?\nE1,ENG1,2024-02-05,5,yes\n"
    mapping = (("worker_id", "Person"), ("engagement_id", "Project"), ("week_start", "Week"),
               ("hours", "Hrs"), ("billable", "Billable?"))
    report = upload.validate(ws, [upload.FileSpec("ts.csv", data, "timesheets", "append", mapping)])
    assert report.ok, rows(report)


def test_header_only_file_is_a_problem_not_an_empty_table(ws, tmp_path: Path):
    data = b"worker_id,engagement_id,week_start,hours,billable\n"
    report = upload.validate(ws, [upload.FileSpec("ts.csv", data, "timesheets", "replace")])
    assert rows(report) == [(1, "", "", "the file has a header but no data rows")]


def test_replacing_workers_warns_about_rows_left_pointing_at_removed_people(ws):
    header = WORKERS_BAD.split(b"\n")[0] + b"\n"
    only_e1_e2 = header + (
        b"E1,Ada Employee,employee,Software Developer,senior,Engineering,Austin,,2020-01-01,,104000,,40\n"
        b"E2,Bo Employee,employee,Database Administrator,mid,Data & Analytics,Remote,,2024-01-10,,78000,,40\n"
    )
    report = upload.validate(ws, [upload.FileSpec("w.csv", only_e1_e2, "workers", "replace")])
    assert report.ok  # a warning, not a problem
    # tests/tiny.py: C1 has 3 project rows; C2 has 4 project + 4 internal rows; C1 and C2 have 1 review each.
    assert report.warnings == [
        "11 existing timesheets rows refer to a worker_id that is not in the new workers file; they will not count "
        "on any page. Upload timesheets too (in the same batch) to replace them.",
        "2 existing reviews rows refer to a worker_id that is not in the new workers file; they will not count "
        "on any page. Upload reviews too (in the same batch) to replace them.",
    ]
