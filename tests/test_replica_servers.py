"""Two real `streamlit run` processes serve one snapshot folder while a third process publishes new
versions into it: no errors, every page run shows one data version (its figures are that version's), and
both servers show the newest version afterwards, without a restart."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from contextlib import ExitStack

from analytics.store import snapshot
from harness.servers import ROOT, SHOW_SMALL_GROUPS, streamlit_process
from harness.streamlit_client import Session
from tests import tiny

SAMPLE = ROOT / "data" / "sample"
VERSION = re.compile(r"^Snapshot (\S+) \(built")


def run_version(run) -> str:
    (name,) = [m.group(1) for t in run.texts if (m := VERSION.search(t))]
    return name


def test_two_servers_serve_one_snapshot_while_a_third_process_publishes(tmp_path):
    snap = tmp_path / "snap"
    tiny_csv = tiny.write_csvs(tmp_path / "tiny")
    snapshot.build(tiny_csv, snap)
    env = {"STAFFING_LENS_SNAPSHOT": str(snap)} | SHOW_SMALL_GROUPS
    runs: list[tuple[str, object]] = []
    failures: list[str] = []
    stop = threading.Event()

    def browse(url: str, page: str) -> None:
        try:
            with Session(url, timeout=300) as s:
                while not stop.is_set():
                    runs.append((url, s.run(page)))
        except Exception as exc:  # noqa: BLE001 - recorded and asserted on below
            failures.append(f"{url}: {exc!r}")

    with ExitStack() as stack:
        urls = [stack.enter_context(streamlit_process(tmp_path / f"unused{i}.duckdb", env, tmp_path))[0]
                for i in range(2)]
        readers = [threading.Thread(target=browse, args=(u, p)) for u in urls for p in ("", "costs")]
        for t in readers:
            t.start()
        published = []
        try:
            for source in (SAMPLE, tiny_csv, SAMPLE, tiny_csv, SAMPLE):  # the third process
                out = subprocess.run(
                    [sys.executable, "-m", "analytics.workspace", "build", "--source", str(source), "--out", str(snap)],
                    cwd=ROOT, capture_output=True, text=True, timeout=300,
                )
                assert out.returncode == 0, out.stderr
                published.append(snapshot.current_version(snap).name)
        finally:
            stop.set()
            for t in readers:
                t.join(600)
        assert not failures, failures
        # afterwards, a new run on each server shows the newest version
        for url in urls:
            with Session(url) as s:
                assert run_version(s.run("")) == published[-1]

    assert not [r.error for _, r in runs if r.error], "a page run failed"
    workers = {v.name: snapshot.manifest(v)["row_counts"]["workers"] for v in (snap / "versions").iterdir()}
    seen: dict[tuple[str, str], set] = {}
    for _url, r in runs:
        key = "Employees" if r.page == "" else "Total spend"
        seen.setdefault((r.page, run_version(r)), set()).add(r.metrics[key])
    # one version per run: every run that names a version shows that version's figures, and only those
    for (page, version), values in seen.items():
        assert len(values) == 1, (page, version, values)
    by_source = {}
    for (page, version), values in seen.items():
        by_source.setdefault((page, workers[version]), set()).update(values)
    assert all(len(v) == 1 for v in by_source.values()), by_source
    assert by_source[("", 4)] != by_source[("", 300)]  # tiny's 4 people and the sample's 300 look different
    assert len({v for _p, v in seen}) >= 3  # the servers moved through versions while running
