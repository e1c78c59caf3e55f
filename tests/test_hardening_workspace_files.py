"""Opening a file that is not a Staffing Lens workspace (issue 18, item 9) refuses it and leaves
it byte for byte as it was; extension auto-loading is off before the file opens, so a SQLite
file never makes DuckDB reach for an extension; a damaged block is reported as damage."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from analytics.store.db import Workspace, WorkspaceError
from tests import tiny
from tests.conftest import ROOT


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def other_duckdb(tmp_path) -> Path:
    path = tmp_path / "customers.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE customers AS SELECT range AS id, 'c' || range AS name FROM range(100)")
    con.close()
    return path


@pytest.fixture
def sqlite_file(tmp_path) -> Path:
    path = tmp_path / "crm.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE leads (id INTEGER, email TEXT)")
    con.execute("INSERT INTO leads VALUES (1, 'a@example.com')")
    con.commit()
    con.close()
    return path


def test_another_duckdb_database_is_refused_unchanged(other_duckdb):
    before = digest(other_duckdb)
    with pytest.raises(WorkspaceError, match="is a DuckDB database, but not a Staffing Lens workspace") as info:
        Workspace(other_duckdb)
    assert info.value.kind == "foreign"
    assert digest(other_duckdb) == before
    assert not other_duckdb.with_name(other_duckdb.name + ".wal").exists()
    con = duckdb.connect(str(other_duckdb), read_only=True)  # and it holds only its own table
    assert con.execute("SELECT table_name FROM duckdb_tables()").fetchall() == [("customers",)]
    con.close()


def test_a_sqlite_file_is_refused_unchanged_without_reaching_for_an_extension(sqlite_file):
    before = digest(sqlite_file)
    with pytest.raises(WorkspaceError, match="is a SQLite database, not a Staffing Lens workspace") as info:
        Workspace(sqlite_file)
    assert info.value.kind == "foreign"
    assert "extension" not in str(info.value).lower()
    assert digest(sqlite_file) == before


def test_an_empty_duckdb_file_and_a_real_workspace_still_open(tmp_path):
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    ws = Workspace(empty, load_sample=False)
    assert ws.row_counts() == {"workers": 0, "engagements": 0, "timesheets": 0, "time_off": 0, "reviews": 0, "demand": 0,
                               "compensation": 0, "invoices": 0, "fx_rates": 0}
    ws.close()
    tiny.build_workspace(tmp_path / "t").close()
    ws = Workspace(tmp_path / "t" / "tiny.duckdb", load_sample=False)
    assert ws.row_counts()["workers"] == 4
    ws.close()


def test_the_extension_settings_are_off_from_the_moment_the_file_opens(tmp_path):
    ws = Workspace(tmp_path / "w.duckdb", lock_down=False, load_sample=False)
    try:
        got = ws.sql("SELECT current_setting('autoinstall_known_extensions') AS i, current_setting('autoload_known_extensions') AS l")
        assert got.values.tolist() == [[False, False]]  # even without the later lock-down
    finally:
        ws.close()


def test_a_damaged_block_is_reported_as_damage_not_as_a_lock(tmp_path):
    bad = tmp_path / "workspace.duckdb"
    bad.write_bytes(b"\0" * 8 + b"DUCK" + b"\xff" * 8192)  # DuckDB: "checksum … in block at location 0"
    with pytest.raises(WorkspaceError) as info:
        Workspace(bad)
    assert info.value.kind == "corrupt"
    assert "is damaged" in str(info.value)


def test_the_app_explains_a_foreign_file_and_offers_no_move_aside(other_duckdb, monkeypatch):
    monkeypatch.setenv("STAFFING_LENS_DB", str(other_duckdb))
    import streamlit as st

    st.cache_resource.clear()
    before = digest(other_duckdb)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert "not a Staffing Lens workspace" in at.error[0].value
    assert [b.key for b in at.button] == []
    assert digest(other_duckdb) == before


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory) -> Path:
    """A workspace holding the bundled sample (3.6 MB)."""
    path = tmp_path_factory.mktemp("sample") / "workspace.duckdb"
    Workspace(path).close()
    return path


def _damaged_copy(sample_file: Path, tmp_path: Path, how: str) -> Path:
    path = tmp_path / "workspace.duckdb"
    shutil.copy(sample_file, path)
    size = path.stat().st_size
    if how == "truncated":
        os.truncate(path, size // 2)
    else:  # one overwritten data block: the file opens, a page read would fail. The block is the one
        # holding the timesheets (DuckDB's storage info names it; blocks follow the 3 × 4 KiB headers):
        # the file's middle can fall in the unused tail of a block, which nothing ever reads.
        con = duckdb.connect(str(path), read_only=True)
        try:
            block_size = con.execute("SELECT block_size FROM pragma_database_size()").fetchone()[0]
            block = con.execute(
                "SELECT min(block_id) FROM pragma_storage_info('timesheets') WHERE block_id >= 0").fetchone()[0]
        finally:
            con.close()
        with open(path, "r+b") as f:
            f.seek(3 * 4096 + block * block_size + 1024)
            f.write(b"\xff" * 8192)
    return path


@pytest.mark.parametrize("how", ["truncated", "a damaged block"])
def test_a_truncated_file_or_a_damaged_block_is_found_at_open_as_damage(sample_file, tmp_path, how):
    """Item 10: a damaged block was found only when a page read it (a redacted exception), and a
    truncated file was 'could not be opened' with no recovery offer."""
    path = _damaged_copy(sample_file, tmp_path, how)
    with pytest.raises(WorkspaceError) as info:
        Workspace(path)
    assert info.value.kind == "corrupt", str(info.value)
    assert "is damaged" in str(info.value)


@pytest.mark.parametrize("how", ["truncated", "a damaged block"])
def test_the_app_offers_the_move_aside_for_either(sample_file, tmp_path, monkeypatch, how):
    path = _damaged_copy(sample_file, tmp_path, how)
    monkeypatch.setenv("STAFFING_LENS_DB", str(path))
    import streamlit as st

    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert at.button(key="restore_sample").label == "Move the damaged file aside and restore the sample data"
