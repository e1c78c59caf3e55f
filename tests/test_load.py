"""The load generator's own test (bench/load.py): against a real `streamlit run` server it completes page
runs over Streamlit's websocket, and a deliberately broken page counts as errors, never as page runs."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from harness.servers import ROOT, streamlit_process

BROKEN_APP = textwrap.dedent('''
    import streamlit as st

    def fine():
        st.title("Fine")
        st.metric("Answer", 42)

    def broken():
        st.title("Broken")
        raise ValueError("this page is broken on purpose")

    st.navigation([st.Page(fine, url_path="fine", default=True), st.Page(broken, url_path="broken")]).run()
''')


def run_load(url: str, journey: str, out: Path, users: int = 2, seconds: int = 8) -> dict:
    """Measure for `seconds`, and on until there have been twice users × pages page runs (runs counted,
    not time: a busy machine only makes it take longer)."""
    min_runs = 2 * users * len(journey.split(","))
    subprocess.run(
        [sys.executable, "-m", "bench.load", "--host", url, "--journey", journey, "--users", str(users),
         "--seconds", str(seconds), "--think", "0.2,0.5", "--min-runs", str(min_runs), "--json", str(out)],
        cwd=ROOT, check=True, timeout=900, capture_output=True,
    )
    (point,) = json.loads(out.read_text())
    return point


def test_page_runs_complete_and_a_broken_page_counts_as_errors(tmp_path):
    app = tmp_path / "two_pages.py"
    app.write_text(BROKEN_APP)
    with streamlit_process(tmp_path / "unused.duckdb", log_dir=tmp_path, app=app) as (url, _proc):
        point = run_load(url, "overview,broken", tmp_path / "load.json")  # overview: the default page
    pages = point["pages"]
    assert pages["Overview"]["runs"] > 0 and pages["Overview"]["errors"] == 0
    assert pages["broken"]["errors"] > 0 and pages["broken"]["runs"] == 0
    assert point["errors"] == pages["broken"]["errors"]
    assert point["runs"] == pages["Overview"]["runs"]
    assert any("ValueError" in kind for kind in point["error_kinds"])


def test_the_real_app_completes_every_page_without_errors(tmp_path):
    with streamlit_process(tmp_path / "workspace.duckdb", {"STAFFING_LENS_MIN_GROUP": "1"}, tmp_path) as (url, _p):
        point = run_load(url, "overview,costs,break_even,utilization,duration,data", tmp_path / "load.json",
                         users=2, seconds=15)
    assert point["errors"] == 0, point["error_kinds"]
    assert {"Overview", "Costs"} <= {name for name, pg in point["pages"].items() if pg["runs"] > 0}
