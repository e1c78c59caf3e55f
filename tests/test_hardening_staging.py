"""The upload staging folder (issue 18, items 5 and 6): owner-only, emptied when a read ends in
any way, swept of what crashed processes left when a workspace opens, and a full disk gives a
plain message and leaves nothing behind (a real 1 MB tmpfs, written to by a real child process)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analytics.ingest import upload
from analytics.store.db import Workspace
from analytics.store.staging import UPLOAD_DIR, staging_dir
from tests import tiny
from tests.conftest import ROOT


def locked_workspace(tmp_path: Path) -> Workspace:
    """The tiny organisation, opened locked down as the server opens it."""
    tiny.build_workspace(tmp_path).close()
    return Workspace(tmp_path / "tiny.duckdb", lock_down=True, load_sample=False)


def test_the_staging_folders_are_owner_only_even_if_they_existed_wider(tmp_path):
    UPLOAD_DIR.mkdir(parents=True, exist_ok=True)
    os.chmod(UPLOAD_DIR, 0o755)  # as a folder left by an older version with another umask might be
    ws = locked_workspace(tmp_path)
    try:
        assert UPLOAD_DIR.stat().st_mode & 0o777 == 0o700
        assert staging_dir().stat().st_mode & 0o777 == 0o700
        assert staging_dir().parent == UPLOAD_DIR
        with upload.staged(b"worker_id\nE1\n", "utf-8") as (path, _):
            assert path.parent == staging_dir()
            assert path.stat().st_mode & 0o777 == 0o600
        assert not path.exists()  # gone as soon as it is read
    finally:
        ws.close()


def test_a_staged_file_is_removed_when_the_read_fails(tmp_path):
    ws = locked_workspace(tmp_path)
    try:
        before = set(staging_dir().iterdir())
        # a workers file whose line 3 has too many columns and line 4 is binary garbage
        data = b"worker_id,full_name\nE9,A\nE10,B,extra\n" + bytes(range(1, 9)) * 10
        with pytest.raises((upload.UploadError, upload.ValidationFailed)):
            upload.load(ws, [upload.FileSpec("w.csv", data, "workers", "replace")])
        assert set(staging_dir().iterdir()) == before
    finally:
        ws.close()


def test_what_a_crashed_process_left_is_swept_when_a_workspace_opens(tmp_path):
    dead = UPLOAD_DIR / "999999999-1"  # no such process: a load killed mid-way
    dead.mkdir(parents=True, exist_ok=True)
    (dead / "roster.csv").write_text("worker_id,annual_salary\nW1,150000\n")
    live = staging_dir() / "being_checked.csv"  # this process is alive: its file stays
    live.write_text("worker_id\nE1\n")
    try:
        locked_workspace(tmp_path).close()
        assert not dead.exists()
        assert live.read_text() == "worker_id\nE1\n"
    finally:
        shutil.rmtree(dead, ignore_errors=True)
        live.unlink(missing_ok=True)


CHILD = r"""
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from analytics.ingest import upload
from analytics.store.db import Workspace
from analytics.store.staging import UPLOAD_DIR
ws = Workspace(Path({db!r}), lock_down=True, load_sample=False)
rows = "".join(f"G{{i:07d}},Generated Person {{i}},employee,Software Developer,mid,Engineering,Remote,,2021-03-01,,90000,,40\n"
               for i in range(40_000))
data = ({header!r} + "\n" + rows).encode()
try:
    upload.validate(ws, [upload.FileSpec("workers.csv", data, "workers", "replace")])
    print("NO ERROR")
except upload.UploadError as exc:
    print("REFUSED", exc)
print("LEFT", sorted(str(p) for p in UPLOAD_DIR.rglob("*") if p.is_file()))
"""


@pytest.fixture
def tiny_tmpfs(tmp_path):
    mount = tmp_path / "full_tmp"
    mount.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(mount)], capture_output=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_a_full_staging_disk_gives_a_plain_message_and_leaves_nothing_behind(tmp_path, tiny_tmpfs):
    ws = tiny.build_workspace(tmp_path)  # the workspace itself is on a disk with room
    db = ws.path
    ws.close()

    env = {**os.environ, "TMPDIR": str(tiny_tmpfs)}  # the staging folder is on the 1 MB disk
    out = subprocess.run(
        [sys.executable, "-c", CHILD.format(root=str(ROOT), db=str(db), header=",".join(tiny.WORKER_COLUMNS))],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    lines = out.stdout.splitlines()
    # 40,000 rows of ~100 bytes: ~4 MB, four times the disk
    assert lines[0].startswith("REFUSED The disk holding the upload staging folder"), out.stdout
    assert "is full" in lines[0] and "Nothing was loaded and nothing was left behind" in lines[0]
    assert lines[1] == "LEFT []"
    assert Path(tiny_tmpfs / "staffing_lens_uploads").is_dir()
