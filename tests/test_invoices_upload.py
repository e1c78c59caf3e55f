"""The optional invoices table (issue 16) through the upload front door and the Data page: bad rows named
in the validation report (file, line, column, value) and the whole batch refused; a row repeating
another loaded with a warning; the loaded invoices counted as spend."""

from __future__ import annotations

from datetime import date

import pytest

from analytics.ingest import history, upload
from analytics.metrics import costs
from analytics.metrics.assumptions import DEFAULTS
from analytics.metrics.filters import Filters
from harness.workspaces import contents
from tests import tiny
from tests.apptools import click, give, widget

HEADER = "engagement_id,vendor,invoice_date,amount,currency,description\n"
PRICED = (",".join(tiny.ENGAGEMENT_COLUMNS) + ",pricing_model\n"
          "ENG2,Data migration,Engineering,Acme,2023-06-01,2023-12-31,2023-06-01,2024-01-19,120000,completed,4,"
          "Fixed price\n")


def _spec(text: str, table: str = "invoices", name: str = "invoices.csv", mode: str = "replace") -> upload.FileSpec:
    return upload.FileSpec(name, text.encode(), table, mode)


@pytest.fixture
def ws(tmp_path):
    w = tiny.build_workspace(tmp_path)
    yield w
    w.close()


def test_bad_invoices_are_named_and_nothing_of_the_batch_loads(ws):
    before = contents(ws)
    bad = (HEADER
           + "ENG2,Acme,2024-01-15,9000,USD,January\n"   # line 2: fine
           + "ENG9,Acme,2024-01-15,500,USD,Typo\n"       # line 3: no such engagement
           + "ENG2,Acme,2024-01-31,-250,USD,Credit\n"    # line 4: negative
           + "ENG2,Acme,2024-02-30,100,USD,Bad day\n"    # line 5: not a date
           + "ENG2,Acme,2024-01-20,,USD,No amount\n")    # line 6: missing
    with pytest.raises(upload.ValidationFailed) as failed:
        upload.load(ws, [_spec(PRICED, "engagements", "sows.csv", "upsert"), _spec(bad)])
    got = failed.value.report.rows[["file", "line", "column", "value", "problem"]].values.tolist()
    assert got == [
        ["invoices.csv", 3, "engagement_id", "ENG9", "not found in engagements.engagement_id"],
        ["invoices.csv", 4, "amount", "-250", "below the minimum of 0"],
        ["invoices.csv", 5, "invoice_date", "2024-02-30", "not a valid date"],
        ["invoices.csv", 6, "amount", "", "required value is empty"],
    ]
    assert contents(ws) == before  # neither the engagement's new pricing nor the good invoice landed


def test_a_repeated_invoice_loads_with_a_warning_and_counts(ws, show_small_groups):
    text = HEADER + "ENG2,Acme,2024-01-15,9000,USD,January\n" + "ENG2,Acme,2024-01-15,9000,USD,January\n"
    report = upload.validate(ws, [_spec(PRICED, "engagements", "sows.csv", "upsert"), _spec(text)])
    assert report.ok
    assert ("invoices.csv: 1 row repeats another row of the file in every column (first: line 3 repeats line 2). "
            "They load and count as often as they appear: remove the repeats if an invoice was sent twice."
            ) in report.warnings
    result = upload.load(ws, [_spec(PRICED, "engagements", "sows.csv", "upsert"), _spec(text)])
    assert result.rows_loaded["invoices"] == 2
    # ENG2 is now a fixed fee: C1's 124 January hours are paid by the two invoices, 2 × 9,000
    k = costs.cost_kpis(costs.period_facts(ws, Filters(date(2024, 1, 1), date(2024, 1, 31))), DEFAULTS)
    assert k.contractor_spend == pytest.approx(18_000 + 60 * 80 * 1.03)  # + C2's 60 h by the hour
    again = upload.validate(ws, [_spec(HEADER + "ENG2,Acme,2024-01-15,9000,USD,January\n", mode="append")])
    assert again.ok and any("repeats a row already in the invoices table" in w for w in again.warnings)


def test_undo_of_an_appended_invoice_that_repeats_one_keeps_the_one_already_there(ws, show_small_groups):
    first = HEADER + "ENG2,Acme,2024-01-15,9000,USD,January\n"
    assert upload.load(ws, [_spec(PRICED, "engagements", "sows.csv", "upsert"), _spec(first)]).rows_loaded["invoices"] == 1
    before = contents(ws, version=False)
    # the same invoice again, and a new one: appended, then undone
    more = first + "ENG2,Acme,2024-02-15,9000,USD,February\n"
    assert upload.load(ws, [_spec(more, mode="append")]).rows_loaded["invoices"] == 2
    assert ws.sql("SELECT count(*) AS n FROM invoices")["n"].iloc[0] == 3
    history.undo_last(ws)
    assert contents(ws, version=False) == before  # the January invoice loaded first is still there, once
    assert ws.sql("SELECT count(*) AS n FROM invoices")["n"].iloc[0] == 1


def test_the_data_page_loads_invoices_into_their_table(app):
    at = app("tiny", page="pages/data.py")
    give(at, ("Vendor invoices.csv", (HEADER + "ENG2,Acme,2024-01-15,9000,USD,January\n").encode()))
    assert widget(at, "selectbox", "_target").value == "invoices"
    click(at, "upload_check")
    assert any("No problems found in 1 data rows: ready to load." in s.value for s in at.success)
    click(at, "upload_load")
    assert any(s.value.startswith("Loaded 1 row") and "invoices" in s.value for s in at.success)
