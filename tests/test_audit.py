"""The audit trail on a real workspace: events appended and read back, filtered, never in the console."""

from datetime import UTC, date, datetime

import pytest

from analytics.access import audit
from analytics.console import query


def test_events_are_appended_and_read_back_newest_first(tiny_ws):
    audit.record(tiny_ws, "ana@example.com", "admin", "sign_in", "email ana@example.com",
                 at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC))
    audit.record(tiny_ws, "lee@example.com", "analyst", "sql_query", "SELECT count(*) FROM workers",
                 at=datetime(2026, 1, 6, 10, 30, tzinfo=UTC))
    audit.record(tiny_ws, "ana@example.com", "admin", "download", "staffing_lens_costs.csv",
                 at=datetime(2026, 1, 7, 23, 59, tzinfo=UTC))
    df = audit.events(tiny_ws)
    assert df["action"].tolist() == ["download", "sql_query", "sign_in"]
    assert df.iloc[1].to_dict() == {"at_utc": datetime(2026, 1, 6, 10, 30), "user_email": "lee@example.com",
                                    "role": "analyst", "action": "sql_query",
                                    "details": "SELECT count(*) FROM workers"}
    assert audit.events(tiny_ws, user="ANA")["action"].tolist() == ["download", "sign_in"]
    assert audit.events(tiny_ws, actions=("sql_query", "sign_in"))["user_email"].tolist() == [
        "lee@example.com", "ana@example.com"]
    # both ends of the day range are included: the 23:59 download is on the 7th
    assert audit.events(tiny_ws, since=date(2026, 1, 6), until=date(2026, 1, 7))["action"].tolist() == [
        "download", "sql_query"]
    assert audit.events(tiny_ws, since=date(2026, 1, 8)).empty


def test_an_event_commits_even_inside_a_page_run_snapshot_and_survives_a_reset(tiny_ws):
    with tiny_ws.snapshot():
        audit.record(tiny_ws, "ana@example.com", "admin", "reset", "sample data")
    tiny_ws.reset_to_sample()
    assert audit.events(tiny_ws)["action"].tolist() == ["reset"]


def test_an_unknown_action_is_a_programming_error(tiny_ws):
    with pytest.raises(ValueError, match="unknown audit action"):
        audit.record(tiny_ws, "a@b.c", "admin", "deleted_everything")


def test_the_sql_console_cannot_read_the_audit_trail(tiny_ws):
    audit.record(tiny_ws, "ana@example.com", "admin", "sign_in")
    with pytest.raises(query.SqlRefused):
        query.run_query(tiny_ws, "SELECT * FROM audit.events")
