"""`python -m bench.load`: the server under load, measured with locust users that speak Streamlit's own
websocket protocol (harness/streamlit_client.py) and draw nothing, so the figures are the server's, not
ten Chromiums'. Each user opens a session and moves through the pages with the default and other filters.

    python -m bench.load                                  # sample and 9M rows × 1/10/25/50 users × 1 and 2 servers
    python -m bench.load --scales sample --users 1,10 --processes 1 --seconds 20
    python -m bench.load --host http://127.0.0.1:8501 --journey overview,costs --users 2 --seconds 10 --json out.json

Servers serve one published snapshot (STAFFING_LENS_SNAPSHOT); with two processes each user sticks to one
of them, as behind a load balancer with sticky sessions. Writes its section of bench/RESULTS.md.
"""

from gevent import monkey

monkey.patch_all()  # before anything opens a socket: locust users are greenlets

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from contextlib import ExitStack  # noqa: E402
from dataclasses import asdict, dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
from locust import User, events, task  # noqa: E402
from locust.env import Environment  # noqa: E402

from harness.streamlit_client import PAGES, ClientError, Session  # noqa: E402

# A person reads a dashboard page before the next click: 5–15 s (10 s on average), the usual think time of
# web load tests; `--think` changes it.
THINK_S = (5.0, 15.0)
USERS = (1, 10, 25, 50)
MAX_WAIT_S = 600  # how long --min-runs may extend a point
# For the servers' capacity (page runs/s at saturation, one process against two): users who barely pause.
CAPACITY_THINK_S = (0.5, 1.5)
TARGET_P95_S = 2.0
TARGET_SPEEDUP = 1.5


def journey(departments: list[str], roles: list[str]) -> list[tuple[str, str]]:
    """The pages a user moves through, in order: every page with the default filters, then with a
    department, contractors only, and a role."""
    steps = [(p, "") for p in PAGES]
    dept = f"department={departments[0]}" if departments else ""
    role = f"role={roles[0]}" if roles else ""
    steps += [("", dept), ("costs", dept), ("utilization", "worker_type=contractor"), ("break_even", role),
              ("duration", "worker_type=employee"), ("", "")]
    return [(p, q.replace(" ", "+")) for p, q in steps]


@dataclass
class Sample:
    page: str
    seconds: float
    error: str | None


class StreamlitUser(User):
    """One person in one browser tab: a session on one server (sticky), moving through `steps`."""

    hosts: list[str] = []
    steps: list[tuple[str, str]] = [("", "")]
    think: tuple[float, float] = THINK_S

    def wait_time(self) -> float:
        return random.uniform(*self.think)
    _next_host = 0

    def on_start(self) -> None:
        cls = StreamlitUser
        self.url = cls.hosts[cls._next_host % len(cls.hosts)]
        cls._next_host += 1
        self.step = random.randrange(len(self.steps))
        self.session = None

    def on_stop(self) -> None:
        if self.session is not None:
            self.session.close()

    def _fire(self, name: str, seconds: float, length: int, error: str | None) -> None:
        self.environment.events.request.fire(
            request_type="page", name=name, response_time=seconds * 1e3, response_length=length,
            exception=Exception(error) if error else None, context={},
        )

    @task
    def next_page(self) -> None:
        page, query = self.steps[self.step % len(self.steps)]
        self.step += 1
        name = PAGES.get(page, page)
        t0 = time.perf_counter()
        try:
            if self.session is None:
                self.session = Session(self.url, timeout=300)
            run = self.session.run(page, query)
        except (ClientError, OSError) as exc:
            if self.session is not None:
                self.session.close()
            self.session = None  # a new tab next time, as a person would reload
            self._fire(name, time.perf_counter() - t0, 0, str(exc))
            return
        self._fire(name, run.seconds, run.bytes, run.error)


@dataclass
class Point:
    """One load level: per-page p50/p95 and errors, page runs per second, servers' peak memory."""

    scale: str
    processes: int
    users: int
    seconds: float
    runs: int
    errors: int
    runs_per_s: float
    p50_s: float
    p95_s: float
    pages: dict[str, dict] = field(default_factory=dict)
    peak_rss_mb: float = 0.0
    error_kinds: dict[str, int] = field(default_factory=dict)
    think: tuple[float, float] = THINK_S  # seconds between a user's clicks at this point


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100 * len(s) + 0.5)) - 1))
    return s[k]


def measure(hosts: list[str], steps: list[tuple[str, str]], users: int, seconds: float, scale: str = "",
            procs=(), warm: bool = True, min_runs: int = 0) -> Point:
    """Run `users` simulated people against `hosts` for `seconds` after they have all started, and on
    until at least `min_runs` page runs have ended (however slow the machine; at most MAX_WAIT_S more)."""
    StreamlitUser.hosts, StreamlitUser.steps, StreamlitUser._next_host = list(hosts), list(steps), 0
    env = Environment(user_classes=[StreamlitUser], events=events)
    samples: list[Sample] = []
    recording = [False]

    def on_request(request_type, name, response_time, response_length, exception, **_kw):
        if recording[0]:
            samples.append(Sample(name, response_time / 1e3, str(exception) if exception else None))

    env.events.request.add_listener(on_request)
    peak = [0.0]

    def watch_memory():
        import psutil

        ps = [psutil.Process(p.pid) for p in procs]
        while True:
            try:
                peak[0] = max(peak[0], sum(p.memory_info().rss for p in ps) / 2**20)
            except psutil.Error:
                pass
            gevent.sleep(0.5)

    watcher = gevent.spawn(watch_memory) if procs else None
    runner = env.create_local_runner()
    try:
        runner.start(users, spawn_rate=max(1.0, users / 5))
        runner.spawning_greenlet.join()
        gevent.sleep(StreamlitUser.think[1] + (5 if warm else 0))  # every user past its first page (a cold session)
        recording[0] = True
        t0 = time.perf_counter()
        gevent.sleep(seconds)
        deadline = time.perf_counter() + MAX_WAIT_S
        while len(samples) < min_runs and time.perf_counter() < deadline:
            gevent.sleep(0.2)
        recording[0] = False
        elapsed = time.perf_counter() - t0
    finally:
        runner.quit()
        if watcher is not None:
            watcher.kill()
        env.events.request.remove_listener(on_request)
    ok = [s for s in samples if s.error is None]
    errors = [s for s in samples if s.error is not None]
    kinds: dict[str, int] = {}
    for s in errors:
        kinds[s.error[:120]] = kinds.get(s.error[:120], 0) + 1
    pages = {}
    for name in dict.fromkeys(s.page for s in samples):
        times = [s.seconds for s in ok if s.page == name]
        pages[name] = {"runs": len(times), "errors": sum(1 for s in errors if s.page == name),
                       "p50_s": _pct(times, 50), "p95_s": _pct(times, 95)}
    times = [s.seconds for s in ok]
    return Point(scale, len(hosts), users, round(elapsed, 1), len(ok), len(errors), len(ok) / elapsed,
                 _pct(times, 50), _pct(times, 95), pages, round(peak[0]), kinds, tuple(StreamlitUser.think))


# -- servers on a snapshot ------------------------------------------------------------------------
def sample_snapshot(out: Path) -> Path:
    from analytics.store.db import SAMPLE_DIR
    from analytics.store.snapshot import build

    build(SAMPLE_DIR, out, "duckdb")
    return out


def scaled_snapshot(out: Path, dataset: dict | None = None, log=print) -> Path:
    """The benchmark's ~9M-row organisation (bench/data, generated once; `dataset` overrides
    ensure_dataset's workers, years, seed, folder) published as a snapshot."""
    from analytics.store.snapshot import publish_workspace
    from bench.dataset import ensure_dataset

    ds = ensure_dataset(**(dataset or {}), log=log)
    publish_workspace(ds.db, out)
    return out


def filter_values(snapshot: Path) -> tuple[list[str], list[str]]:
    """The most common department and role in the snapshot, for the filtered steps of the journey."""
    import duckdb

    from analytics.store.snapshot import current_version

    workers = str(current_version(snapshot) / "tables" / "workers" / "*.parquet")
    con = duckdb.connect()
    try:
        dept = [r[0] for r in con.execute(
            "SELECT department FROM read_parquet($p) GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1", {"p": workers}
        ).fetchall()]
        role = [r[0] for r in con.execute(
            "SELECT role FROM read_parquet($p) GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1", {"p": workers}
        ).fetchall()]
    finally:
        con.close()
    return dept, role


def warm_up(hosts: list[str], steps: list[tuple[str, str]]) -> float:
    """One session per server runs the whole journey once (the first run reads the snapshot and fills
    the caches); returns the slowest run, seconds."""
    worst = 0.0
    for url in hosts:
        with Session(url, timeout=600) as s:
            for page, query in steps:
                run = s.run(page, query)
                if run.error:
                    raise RuntimeError(f"warm-up: {PAGES.get(page, page)} failed on {url}: {run.error}")
                worst = max(worst, run.seconds)
    return worst


def run_scale(scale: str, snapshot: Path, users: tuple[int, ...], processes: tuple[int, ...], seconds: float,
              log=print, capacity_think: tuple[float, float] | None = CAPACITY_THINK_S) -> list[Point]:
    from harness.servers import streamlit_process

    dept, role = filter_values(snapshot)
    steps = journey(dept, role)
    points = []
    for n in processes:
        with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
            env = {"STAFFING_LENS_SNAPSHOT": str(snapshot)}
            servers = [stack.enter_context(streamlit_process(Path(tmp) / f"unused{i}.duckdb", env, Path(tmp)))
                       for i in range(n)]
            hosts, procs = [u for u, _ in servers], [p for _, p in servers]
            log(f"  {scale}: {n} server process(es) on {', '.join(hosts)}; warm-up "
                f"{warm_up(hosts, steps):.1f} s slowest run")
            for u in users:
                p = measure(hosts, steps, u, seconds, scale, procs)
                log(f"    {u:>3} users: {p.runs} runs, {p.errors} errors, {p.runs_per_s:.2f} runs/s, "
                    f"p50 {p.p50_s:.2f} s, p95 {p.p95_s:.2f} s, servers' RSS {p.peak_rss_mb:,.0f} MB")
                points.append(p)
            if capacity_think:  # the most the servers serve: the most users, barely pausing
                reading, StreamlitUser.think = StreamlitUser.think, capacity_think
                try:
                    p = measure(hosts, steps, max(users), seconds, scale, procs)
                finally:
                    StreamlitUser.think = reading
                log(f"    capacity ({max(users)} users pausing {capacity_think[0]:g}–{capacity_think[1]:g} s): "
                    f"{p.runs_per_s:.2f} runs/s, {p.errors} errors, p95 {p.p95_s:.2f} s")
                points.append(p)
    return points


# -- reporting --------------------------------------------------------------------------------------
LOAD_BEGIN, LOAD_END = "<!-- load:begin -->", "<!-- load:end -->"


def result_lines(points: list[Point], started: str, load_avg: tuple[float, float], seconds: float) -> list[str]:
    lines = [
        "## The server under load (locust over Streamlit's websocket)",
        "",
        f"`python -m bench.load`, {started}. Simulated users speak Streamlit's websocket protocol with its "
        "protobuf messages, as a browser does, and draw nothing; each opens a session and moves through every "
        "page with the default filters, then a department, contractors only, a role and employees only, "
        f"pausing {StreamlitUser.think[0]:g}–{StreamlitUser.think[1]:g} s between clicks (a person reading the page). {seconds:.0f} s measured per point after "
        "every user has started; servers serve one published snapshot (STAFFING_LENS_SNAPSHOT), two processes "
        "each take half the users (sticky sessions). The load generator runs on the same 2 cores. "
        f"Load average {load_avg[0]:.1f} → {load_avg[1]:.1f}.",
        "",
        "| data | servers | users | page runs | errors | runs/s | p50 | p95 | slowest page p95 | servers' RSS |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for p in points:
        worst = max(p.pages.items(), key=lambda kv: kv[1]["p95_s"] if kv[1]["runs"] else -1, default=("–", {}))
        users = f"{p.users} (pausing {p.think[0]:g}–{p.think[1]:g} s)" if p.think != StreamlitUser.think else str(p.users)
        lines.append(
            f"| {p.scale} | {p.processes} | {users} | {p.runs:,} | {p.errors} | {p.runs_per_s:.2f} | "
            f"{p.p50_s:.2f} s | {p.p95_s:.2f} s | {worst[0]} {worst[1].get('p95_s', float('nan')):.2f} s | "
            f"{p.peak_rss_mb:,.0f} MB |"
        )
    lines += ["", "Per page (p50 / p95, seconds):", "",
              "| data | servers | users | " + " | ".join(PAGES.values()) + " |",
              "|---|---|---|" + "---|" * len(PAGES)]
    for p in points:
        cells = []
        for name in PAGES.values():
            pg = p.pages.get(name)
            cells.append(f"{pg['p50_s']:.2f} / {pg['p95_s']:.2f}" if pg and pg["runs"] else "–")
        users = f"{p.users} (pausing {p.think[0]:g}–{p.think[1]:g} s)" if p.think != StreamlitUser.think else str(p.users)
        lines.append(f"| {p.scale} | {p.processes} | {users} | " + " | ".join(cells) + " |")
    lines += ["", *target_lines(points)]
    errs = {k: v for p in points for k, v in p.error_kinds.items()}
    if errs:
        lines += ["", "Errors seen: " + "; ".join(f"{k} ×{v}" for k, v in errs.items())]
    return lines


def _find(points: list[Point], scale: str, processes: int, users: int) -> Point | None:
    return next((p for p in points if (p.scale, p.processes, p.users) == (scale, processes, users)), None)


def target_lines(points: list[Point]) -> list[str]:
    out = ["Targets:"]
    reading = [p for p in points if p.think == StreamlitUser.think]
    for p in reading:
        if p.users == 50:
            out.append(f"- {p.scale}, {p.processes} process(es), 50 users: {p.errors} errors (target 0) — "
                       f"{'met' if p.errors == 0 else 'MISSED'}")
    big = [s for s in dict.fromkeys(p.scale for p in points) if s != "sample"]
    for s in big:
        p = _find(reading, s, 1, 25)
        if p:
            out.append(f"- {s}, one process, 25 users: p95 {p.p95_s:.2f} s (target ≤ {TARGET_P95_S:.0f} s) — "
                       f"{'met' if p.p95_s <= TARGET_P95_S else 'MISSED'}")
    # at best: the highest page-run rate each set-up reached at any point (reading users or the capacity point)
    for s in dict.fromkeys(p.scale for p in points):
        ones = [p for p in points if p.scale == s and p.processes == 1]
        best1 = max(ones, key=lambda p: p.runs_per_s, default=None)
        twos = [p for p in points if p.scale == s and p.processes == 2]
        best2 = max(twos, key=lambda p: p.runs_per_s, default=None)
        if best1 and best2:
            ratio = best2.runs_per_s / best1.runs_per_s
            out.append(f"- {s}: two processes serve {best2.runs_per_s:.2f} page runs/s at best against one's "
                       f"{best1.runs_per_s:.2f}: {ratio:.2f}× (target ≥ {TARGET_SPEEDUP}×) — "
                       f"{'met' if ratio >= TARGET_SPEEDUP else 'MISSED'}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    ap.add_argument("--scales", default="sample,9M", help="sample and/or 9M (the benchmark's organisation)")
    ap.add_argument("--users", default=",".join(map(str, USERS)))
    ap.add_argument("--processes", default="1,2")
    ap.add_argument("--seconds", type=float, default=60.0, help="measured seconds per point")
    ap.add_argument("--workers", type=int, help="the scaled dataset's workers (default: make bench's 50,000)")
    ap.add_argument("--years", type=int)
    ap.add_argument("--data", type=Path, help="the scaled dataset's folder (default bench/data)")
    ap.add_argument("--host", help="measure this running server instead of starting servers on a snapshot")
    ap.add_argument("--journey", help="with --host: comma-separated page URL paths (\"\" or overview = default)")
    ap.add_argument("--think", default=f"{THINK_S[0]:g},{THINK_S[1]:g}", help="seconds between clicks: MIN,MAX")
    ap.add_argument("--capacity-think", default=f"{CAPACITY_THINK_S[0]:g},{CAPACITY_THINK_S[1]:g}",
                    help="MIN,MAX pause of the capacity point (the most users, barely pausing); 'none' for no such point")
    ap.add_argument("--min-runs", type=int, default=0,
                    help="with --host: measure on past --seconds until this many page runs have ended")
    ap.add_argument("--json", type=Path, help="write the points as JSON here")
    ap.add_argument("--no-results", action="store_true", help="do not write bench/RESULTS.md")
    a = ap.parse_args(argv)
    users = tuple(int(x) for x in a.users.split(","))
    StreamlitUser.think = tuple(float(x) for x in a.think.split(","))
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load0 = os.getloadavg()[0]
    points: list[Point] = []
    if a.host:
        pages = [("" if p in ("", "overview") else p) for p in (a.journey or ",".join(PAGES)).split(",")]
        steps = [(p, "") for p in pages]
        for u in users:
            points.append(measure([a.host], steps, u, a.seconds, "host", warm=False, min_runs=a.min_runs))
            print(json.dumps(asdict(points[-1])), flush=True)
    else:
        with tempfile.TemporaryDirectory(prefix="staffing_lens_load_") as d:
            for scale in a.scales.split(","):
                snap = Path(d) / scale
                print(f"publishing the {scale} snapshot …", flush=True)
                if scale == "sample":
                    sample_snapshot(snap)
                else:
                    given = {"workers": a.workers, "years": a.years, "folder": a.data}
                    scaled_snapshot(snap, {k: v for k, v in given.items() if v is not None})
                cap = None if a.capacity_think == "none" else tuple(float(x) for x in a.capacity_think.split(","))
                points += run_scale(scale, snap, users, tuple(int(x) for x in a.processes.split(",")), a.seconds,
                                    capacity_think=cap)
                if not a.no_results:  # after each scale, so a later failure keeps what was measured
                    from bench.concurrency import write_section

                    write_section(result_lines(points, started, (load0, os.getloadavg()[0]), a.seconds),
                                  begin=LOAD_BEGIN, end=LOAD_END)
    if a.json:
        a.json.write_text(json.dumps([asdict(p) for p in points], indent=1), encoding="utf-8")
    if not a.host and not a.no_results:
        from bench.concurrency import write_section

        write_section(result_lines(points, started, (load0, os.getloadavg()[0]), a.seconds),
                      begin=LOAD_BEGIN, end=LOAD_END)
        print("wrote bench/RESULTS.md", flush=True)
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)  # skip interpreter teardown: gevent's finalised greenlets make logging print noise
