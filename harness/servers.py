"""Starting a real `streamlit run app.py` server on a free port (for a workspace file or a published
snapshot), and the Chromium settings the browser tests and the benchmark share."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The env a test or bench server needs to show the pay of the tiny organisations' 2–4-person groups
# (the privacy minimum is 5 people; tests set it in-process with the min_group fixture).
SHOW_SMALL_GROUPS = {"STAFFING_LENS_MIN_GROUP": "1"}
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Streamlit's app container once a script run has finished (as Streamlit's own e2e suite waits for it)
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
START_TIMEOUT_S = 180  # a loaded 2-core machine, or a 9M-row snapshot read on first page run


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, log_name: str, timeout: float = START_TIMEOUT_S) -> None:
    deadline = time.time() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.time() > deadline:
            raise RuntimeError(f"streamlit did not start: see {log_name}")
        time.sleep(0.3)


@contextlib.contextmanager
def streamlit_server(db_path: Path, extra_env: dict | None = None, log_dir: Path | None = None,
                     extra_args: list[str] | None = None, address: str | None = "127.0.0.1"):
    """Start `streamlit run app.py` on a free port against `db_path` (with STAFFING_LENS_SNAPSHOT in
    `extra_env`, the snapshot instead); yield its base URL; stop it afterwards. `extra_args` go to
    streamlit run; with address=None no --server.address is given (.streamlit/config.toml decides)."""
    with streamlit_process(db_path, extra_env, log_dir, extra_args=extra_args, address=address) as (url, _proc):
        yield url


@contextlib.contextmanager
def streamlit_process(db_path: Path, extra_env: dict | None = None, log_dir: Path | None = None,
                      app: Path | None = None, extra_args: list[str] | None = None,
                      address: str | None = "127.0.0.1"):
    """As streamlit_server, yielding (url, the server's Popen) for callers that watch its memory; `app`
    runs another script (from its own folder) instead of Staffing Lens."""
    port = free_port()
    env = {**os.environ, "STAFFING_LENS_DB": str(db_path), **(extra_env or {})}
    log = open(Path(log_dir or Path(db_path).parent) / f"server_{port}.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(app or "app.py"), "--server.headless", "true",
         "--server.port", str(port), *(["--server.address", address] if address else []), *(extra_args or [])],
        cwd=Path(app).parent if app else ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, log.name)
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
