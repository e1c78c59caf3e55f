"""Staging uploaded files: each process stages into an owner-only folder of its own under UPLOAD_DIR,
the only directory (besides the bundled sample) the locked-down connection may read, emptied as each
file is read and swept of what dead processes left whenever a workspace opens."""

from __future__ import annotations

import atexit
import os
import shutil
import stat
import tempfile
import time
from pathlib import Path

from analytics.store.errors import WorkspaceError

# Uploaded files are staged here so DuckDB's CSV sniffer can read them; it is the only
# directory (besides the bundled sample) the locked-down connection may read. Each process
# stages into a folder of its own (staging_dir), owner-only, emptied as each file is read and
# swept of what dead processes left (sweep_staging) whenever a workspace opens.
UPLOAD_DIR = Path(tempfile.gettempdir()) / "staffing_lens_uploads"
# A file staged directly under UPLOAD_DIR (the layout before per-process folders) older than
# this is a crash's leftover.
STRAY_STAGED_AGE_S = 600


def _process_start(pid: int) -> str | None:
    """The kernel's start time of process `pid` (clock ticks since boot), or None if it is not
    running: with the pid it names one process, even after the pid is reused."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            stat = f.read()
    except OSError:
        return None
    return stat.rsplit(")", 1)[-1].split()[19]


def owner_only_dir(path: Path) -> Path:
    """`path` as a directory only this user can enter: created 0700, or an existing one checked
    (not a symlink, owned by this user) and tightened to 0700."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    st = path.lstat()
    if stat.S_ISLNK(st.st_mode) or not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
        raise WorkspaceError(
            f"The upload staging folder {path} is not a folder owned by this user; remove it or set TMPDIR "
            "to a private folder.", "permission",
        )
    if st.st_mode & 0o777 != 0o700:
        os.chmod(path, 0o700)
    return path


_STAGING: Path | None = None


def staging_dir() -> Path:
    """This process's own staging folder under UPLOAD_DIR (owner-only; removed at exit)."""
    global _STAGING
    if _STAGING is None or not _STAGING.is_dir():
        owner_only_dir(UPLOAD_DIR)
        me = os.getpid()
        _STAGING = owner_only_dir(UPLOAD_DIR / f"{me}-{_process_start(me) or 0}")
        atexit.register(shutil.rmtree, _STAGING, True)
    return _STAGING


def sweep_staging() -> list[Path]:
    """Remove what crashed processes left in UPLOAD_DIR (a load killed mid-way leaves the whole
    file there): folders of processes no longer running, and old stray files. Returns what went."""
    removed: list[Path] = []
    if not UPLOAD_DIR.is_dir():
        return removed
    for entry in UPLOAD_DIR.iterdir():
        try:
            if entry.is_dir() and not entry.is_symlink():
                pid, _, start = entry.name.partition("-")
                alive = pid.isdigit() and _process_start(int(pid)) == start
                if not alive:
                    shutil.rmtree(entry, ignore_errors=True)
                    removed.append(entry)
            elif time.time() - entry.lstat().st_mtime > STRAY_STAGED_AGE_S:
                entry.unlink()
                removed.append(entry)
        except OSError:
            continue  # another process's sweep got there first
    return removed
