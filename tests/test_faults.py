"""Faults: a corrupt workspace file, a read-only or full data directory. The app explains, keeps
serving what it can, and never deletes or half-writes data."""

import contextlib
import subprocess
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.store.db import Workspace
from harness.apptest import fresh_streamlit_caches
from tests import tiny

pytestmark = pytest.mark.usefixtures("show_small_groups")

ROOT = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def tmpfs(path: Path, size: str = "8m"):
    """A real, small file system of our own (as root, like CI): lets us make a folder read-only
    or full without touching the rest of the machine."""
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], check=True)
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def run_app(monkeypatch, db: Path) -> AppTest:
    fresh_streamlit_caches()
    monkeypatch.setenv("STAFFING_LENS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    return at


def test_corrupt_workspace_is_moved_aside_and_the_sample_restored(monkeypatch, tmp_path):
    db = tmp_path / "workspace.duckdb"
    garbage = b"not a duckdb file\x00" * 5000
    db.write_bytes(garbage)
    at = run_app(monkeypatch, db)
    assert not at.exception
    assert "damaged" in at.error[0].value
    assert not at.metric  # nothing pretends to be data
    at.button(key="restore_sample").click().run()
    assert not at.exception
    kept = list(tmp_path.glob("workspace.duckdb.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == garbage  # moved, not deleted
    assert int({m.label: m.value for m in at.metric}["Employees"].replace(",", "")) > 0
    assert "kept as" in at.success[0].value


def test_read_only_data_directory_still_serves_its_data(monkeypatch, tmp_path):
    mnt = tmp_path / "ro"
    with tmpfs(mnt):
        ws = tiny.build_workspace(mnt)
        ws.close()
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        at = run_app(monkeypatch, mnt / "tiny.duckdb")
        assert not at.exception
        assert "read-only" in at.warning[0].value
        assert {m.label: m.value for m in at.metric}["Employees"] == "2"


def test_full_data_directory_serves_the_sample_from_memory(monkeypatch, tmp_path):
    mnt = tmp_path / "full"
    with tmpfs(mnt, size="1m"):
        with open(mnt / "filler", "wb") as f, contextlib.suppress(OSError):
            while True:
                f.write(b"\0" * 65536)
        at = run_app(monkeypatch, mnt / "workspace.duckdb")
        assert not at.exception
        assert "sample data from memory" in at.warning[0].value
        assert int({m.label: m.value for m in at.metric}["Employees"].replace(",", "")) > 0


def test_locked_workspace_says_who_holds_it(monkeypatch, tmp_path):
    import sys

    ws = Workspace(tmp_path / "w.duckdb", load_sample=False)
    ws.close()
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb,time; c=duckdb.connect({str(tmp_path / 'w.duckdb')!r}); "
         "print('ready', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        at = run_app(monkeypatch, tmp_path / "w.duckdb")
        assert not at.exception
        assert "in use by another program" in at.error[0].value
    finally:
        holder.kill()


@pytest.fixture(autouse=True)
def _fresh_caches():
    yield
    fresh_streamlit_caches()
