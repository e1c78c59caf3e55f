"""The process killed (SIGKILL) in the middle of loading a large upload: on restart the
workspace opens and holds exactly the old data (row count and hash of every table).

A real child process opens the workspace and loads a generated 600,000-row roster through
analytics.ingest.upload; the parent waits until the load has reached its write phase, kills it, then
reopens the file as the server would on restart."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from analytics.ingest import upload
from analytics.store.db import Workspace
from analytics.store.staging import UPLOAD_DIR
from harness.workspaces import contents
from tests import tiny
from tests.conftest import ROOT

CHILD = r"""
import sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from analytics.ingest import upload
from analytics.store.db import Workspace
ws = Workspace(Path({db!r}), lock_down=True, load_sample=False)
data = Path({csv!r}).read_bytes()
print("opened", flush=True)
def progress(text, share):
    print("progress", text, flush=True)
upload.load(ws, [upload.FileSpec("workers.csv", data, "workers", "replace")], progress=progress)
print("committed", flush=True)
time.sleep(60)
"""


def big_roster(rows: int) -> bytes:
    """The tiny organisation's four people (so references stay valid) plus `rows` generated ones."""
    lines = [",".join(tiny.WORKER_COLUMNS)]
    base = [
        "E1,Ada Employee,employee,Software Developer,senior,Engineering,Austin,,2020-01-01,,104000,,40",
        "E2,Bo Employee,employee,Database Administrator,mid,Data & Analytics,Remote,,2024-01-10,,78000,,40",
        "C1,Cy Contractor,contractor,Software Developer,senior,Engineering,Remote,Acme,2023-06-01,2024-01-19,,100,40",
        "C2,Di Contractor,contractor,Network and Systems Administrator,mid,Infrastructure,Austin,Independent,2023-01-01,,,80,20",
    ]
    lines += base
    lines += [
        f"G{i:07d},Generated Person {i},employee,Software Developer,mid,Engineering,Remote,,2021-03-01,,{90000 + i % 5000},,40"
        for i in range(rows)
    ]
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize("kill_at", ["reading", "writing"])
def test_sigkill_mid_load_leaves_exactly_the_old_data(tmp_path, kill_at):
    ws = tiny.build_workspace(tmp_path)
    before = contents(ws)
    ws.close()
    csv = tmp_path / "big_workers.csv"
    csv.write_bytes(big_roster(600_000))
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(root=str(ROOT), db=str(tmp_path / "tiny.duckdb"), csv=str(csv))],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    seen: list[str] = []
    try:
        deadline = time.time() + 120
        want = "Reading" if kill_at == "reading" else "Writing rows"
        while time.time() < deadline:
            line = child.stdout.readline()
            if not line:
                break
            seen.append(line.strip())
            if want in line:
                time.sleep(0.3)  # well inside the phase: the load takes several seconds
                break
        assert any(want in s for s in seen), seen
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
        assert child.returncode == -signal.SIGKILL
        # Everything the child printed before it died, not only up to the phase we waited for:
        # had the load committed before the kill, "committed" would be in here.
        seen += child.stdout.read().splitlines()
        assert not any("committed" in s for s in seen), "the load finished before it could be killed"
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(10)
    left = list(UPLOAD_DIR.glob(f"{child.pid}-*/*"))
    if kill_at == "reading":
        # the crash left the roster staged (all or most of its ~64 MB, depending on how far the
        # copy had got): the reopen must remove it
        assert len(left) == 1 and left[0].stat().st_size > 10_000_000, [(f, f.stat().st_size) for f in left]
    # restart: the file opens (replaying or discarding the WAL) and holds exactly the old data
    ws = Workspace(tmp_path / "tiny.duckdb", lock_down=True, load_sample=False)
    try:
        assert list(UPLOAD_DIR.glob(f"{child.pid}-*")) == []  # swept when the workspace opened
        assert contents(ws) == before
        assert ws.row_counts()["workers"] == 4
        # and it is writable again: the same load now completes
        r = upload.load(ws, [upload.FileSpec("workers.csv", big_roster(1_000), "workers", "replace")])
        assert r.row_counts["workers"] == 1_004
    finally:
        ws.close()


def test_a_completed_load_survives_sigkill(tmp_path):
    """Control: had the kill come after COMMIT, the new data would be there (so the test above
    really distinguishes old from new)."""
    ws = tiny.build_workspace(tmp_path)
    ws.close()
    csv = tmp_path / "workers.csv"
    csv.write_bytes(big_roster(2_000))
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(root=str(ROOT), db=str(tmp_path / "tiny.duckdb"), csv=str(csv))],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        for line in child.stdout:
            if "committed" in line:
                break
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
    ws = Workspace(tmp_path / "tiny.duckdb", lock_down=True, load_sample=False)
    try:
        assert ws.row_counts()["workers"] == 2_004
    finally:
        ws.close()
