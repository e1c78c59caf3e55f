"""The SQL console: what runs, what is refused and why, the time limit and the row cap, on the
tiny organisation in a locked-down workspace."""

import pytest

from analytics.console import query as sc
from analytics.ingest import upload
from analytics.store.staging import UPLOAD_DIR
from harness.workspaces import locked_workspace
from tests import tiny


@pytest.fixture
def ws(tmp_path):
    folder = tiny.write_csvs(tmp_path / "csv")
    w = locked_workspace(tmp_path / "s.duckdb", folder)
    yield w
    w.close()


def test_select_and_with_select_run(ws):
    r = sc.run_query(ws, "SELECT worker_id, sum(hours) AS h FROM timesheets GROUP BY ALL ORDER BY h DESC")
    # E1 126 + 26 = 152, C1 124, E2 80 + 24 = 104, C2 40 + 20 = 60 (tests/tiny.py)
    assert r.frame.values.tolist() == [["E1", 152.0], ["C1", 124.0], ["E2", 104.0], ["C2", 60.0]]
    r = sc.run_query(ws, "WITH c AS (SELECT * FROM workers WHERE worker_type = 'contractor') SELECT count(*) AS n FROM c;")
    assert r.frame["n"].tolist() == [2]
    r = sc.run_query(ws, "select capacity_hours from worker_weeks where worker_id = 'E2' order by week_start")
    assert r.frame["capacity_hours"].tolist() == [24.0, 40.0, 40.0]


REFUSED = {
    "COPY workers TO '/tmp/out.csv'": "not COPY statements",
    "ATTACH '/tmp/other.duckdb' AS o": "not ATTACH statements",
    "INSTALL httpfs": "not LOAD statements",
    "LOAD httpfs": "not LOAD statements",
    "CREATE TABLE x AS SELECT 1": "not CREATE statements",
    "DELETE FROM workers": "not DELETE statements",
    "UPDATE workers SET role = 'x'": "not UPDATE statements",
    "DROP TABLE workers": "not DROP statements",
    "INSERT INTO workers SELECT * FROM workers": "not INSERT statements",
    "SET threads = 1": "not SET statements",
    "PRAGMA database_list": "not PRAGMA statements",
    "SELECT 1; SELECT 2": "exactly one statement at a time (found 2)",
    "SELECT 1; DROP TABLE workers": "exactly one statement at a time (found 2)",
    "SELECT * FROM read_csv('/etc/passwd')": "read_csv() is not available",
    "SELECT * FROM \"READ_CSV_AUTO\"('x.csv')": "read_csv_auto() is not available",
    "SELECT * FROM read_parquet('x.parquet')": "read_parquet() is not available",
    "SELECT * FROM glob('/tmp/*')": "glob() is not available",
    "SELECT * FROM read_text('/etc/hosts')": "read_text() is not available",
    "SELECT * FROM duckdb_settings()": "duckdb_settings() is not available",
    "SELECT current_setting('allowed_directories')": "current_setting() is not available",
    "SELECT * FROM query('SELECT 1')": "query() is not available",
    "SELECT * FROM '/etc/passwd'": "Reading files is not allowed",
    "SELECT * FROM salaries": "no table named 'salaries'",
    "SELEC 1": "could not be parsed",
    "": "Type a SELECT query first",
}


@pytest.mark.parametrize("sql", list(REFUSED))
def test_refusals_are_plain_messages(ws, sql):
    before = upload.table_checksum(ws, "workers")
    with pytest.raises(sc.SqlRefused, match=REFUSED[sql].replace("(", r"\(").replace(")", r"\)")):
        sc.run_query(ws, sql)
    assert upload.table_checksum(ws, "workers") == before


def test_staged_uploads_cannot_be_read_even_though_duckdb_may(ws):
    """UPLOAD_DIR is an allowed directory for the loader, so the console must refuse it itself."""
    UPLOAD_DIR.mkdir(parents=True, exist_ok=True)
    secret = UPLOAD_DIR / "someone_elses_upload.csv"
    secret.write_text("salary\n123\n")
    try:
        for sql in (f"SELECT * FROM '{secret}'", f"SELECT * FROM read_csv('{secret}')",
                    f"SELECT * FROM workers, read_csv_auto('{secret}')"):
            with pytest.raises(sc.SqlRefused):
                sc.run_query(ws, sql)
    finally:
        secret.unlink()


def test_time_limit_interrupts_a_runaway_query(ws):
    with pytest.raises(sc.SqlRefused, match="stopped after the 1-second time limit"):
        sc.run_query(ws, "SELECT count(*) FROM range(1000000000000) a, range(10) b", timeout_s=1)
    # The connection is still usable afterwards.
    assert sc.run_query(ws, "SELECT 42 AS x").frame["x"].tolist() == [42]


def test_row_cap_for_display_and_download(ws):
    r = sc.run_query(ws, "SELECT range AS i FROM range(2500)")
    assert len(r.frame) == 2500 and not r.truncated
    assert len(r.shown) == sc.DISPLAY_ROWS == 1000
    r = sc.run_query(ws, "SELECT range AS i FROM range(2500)", max_rows=2000)
    assert len(r.frame) == 2000 and r.truncated


def test_adhoc_tables_are_queryable(ws):
    upload.load(ws, [upload.FileSpec("s.csv", b"region,revenue\nNorth,10\nSouth,5\n", "adhoc:sales", "replace")])
    r = sc.run_query(ws, "SELECT sum(revenue) AS total FROM adhoc.sales")
    assert r.frame["total"].tolist() == [15]
