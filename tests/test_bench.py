"""The benchmark's code at a tiny scale (seconds), so it cannot rot: the pandas baseline gives
hand-worked numbers on tests/tiny.py and the same numbers as the app's DuckDB analytics; every
measurement function runs on a 200-worker × 1-year generated organisation and returns sane
figures; the report and the README section are written as documented. The full run
(`make bench`) stays out of `make test`."""

from datetime import date, timedelta

import pandas as pd
import pytest

from analytics.metrics.assumptions import DEFAULTS
from analytics.metrics.filters import Filters
from bench import baseline, metrics, report
from bench.dataset import default_filters, ensure_dataset, whole_period

JAN = Filters(date(2024, 1, 1), date(2024, 1, 31))


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A generated organisation of 200 workers over one year, with its workspace file."""
    return ensure_dataset(200, 1, 7, tmp_path_factory.mktemp("bench"), log=lambda _: None)


# -- the pandas baseline, by hand on the tiny organisation --------------------------------------
def test_baseline_spend_by_month_by_hand(tiny_ws):
    fr = baseline.load_frames(tiny_ws)
    s = baseline.spend_by_month(fr, JAN, DEFAULTS).set_index("worker_type")["spend"]
    # the data covers whole months, to Wed 2024-01-31: E1 is paid for 31 days, E2 (from Wed 10th) for 22
    salary = 104_000 * 31 / 365 + 78_000 * 22 / 365
    years = (31 + 22) / 365
    assert s["employee"] == pytest.approx(salary * DEFAULTS.salary_multiplier + 5_000 * years, rel=1e-12)
    # C1 124 h × $100, C2 60 h × $80, plus the 3% vendor-management fee
    assert s["contractor"] == pytest.approx((124 * 100 + 60 * 80) * 1.03, rel=1e-12)


def test_baseline_utilization_by_department_by_hand(tiny_ws):
    fr = baseline.load_frames(tiny_ws)
    u = baseline.utilization_by_department_month(fr, JAN).set_index("department")
    # Engineering = E1 (capacity 152, billable 126, logged 152) + C1 (120, 124, 124)
    assert u.loc["Engineering", "utilization"] == pytest.approx((126 + 124) / (152 + 120))
    assert u.loc["Engineering", "allocation"] == pytest.approx((152 + 124) / (152 + 120))
    assert u.loc["Data & Analytics", "utilization"] == pytest.approx(80 / 104)
    assert u.loc["Infrastructure", "utilization"] == pytest.approx(40 / 80)
    assert set(u["month"]) == {pd.Timestamp("2024-01-01")}
    # E1 and C1 (Engineering) are software developers: marked non-billable, Engineering has no
    # billable-role capacity (utilization blank) while its allocation still counts both
    nb = baseline.utilization_by_department_month(fr, JAN, ("Software Developer",)).set_index("department")
    assert pd.isna(nb.loc["Engineering", "utilization"]) and nb.loc["Engineering", "billable_role_capacity_hours"] == 0
    assert nb.loc["Engineering", "allocation"] == pytest.approx((152 + 124) / (152 + 120))
    assert nb.loc["Data & Analytics", "utilization"] == pytest.approx(80 / 104)


def _lists(fr, threshold, non_billable=()):
    b = baseline.staffing_lists(fr, JAN, date(2024, 1, 1), date(2024, 1, 22), threshold, non_billable)
    return {s: b.loc[b["status"] == s, "worker_id"].tolist() for s in baseline.STATUSES}


def test_baseline_staffing_lists_by_hand(tiny_ws):
    fr = baseline.load_frames(tiny_ws)
    # weeks of 1–22 Jan: capacity / logged / engagement hours (free = cap − logged, internal = logged − eng)
    #   E1 152 / 152 / 126 (share 83%, free 0, internal 26)   E2 104 / 104 / 80 (77%, free 0, internal 24)
    #   C1 120 / 124 / 124 (over capacity)                    C2  80 /  60 / 40 (50%, free 20, internal 20)
    assert baseline.recent_weeks(fr, JAN, date(2024, 1, 31), 4) == (date(2024, 1, 1), date(2024, 1, 22))
    # at 50% nobody is under (C2 is at exactly 50%); C1 is over-allocated whatever the threshold
    assert _lists(fr, 0.5) == {"over_allocated": ["C1"], "bench": [], "busy_off_project": []}
    # at 60% C2 is under, and its free 20 h ≥ its internal 20 h: bench
    assert _lists(fr, 0.6) == {"over_allocated": ["C1"], "bench": ["C2"], "busy_off_project": []}
    # at 90% E1 and E2 are under too, with no free hours: busy off-project, least share first
    assert _lists(fr, 0.9) == {"over_allocated": ["C1"], "bench": ["C2"], "busy_off_project": ["E2", "E1"]}
    # a non-billable role is on neither the bench nor busy off-project, but can be over-allocated
    assert _lists(fr, 0.9, ("Database Administrator", "Software Developer")) == {
        "over_allocated": ["C1"], "bench": ["C2"], "busy_off_project": []}
    b = baseline.staffing_lists(fr, JAN, date(2024, 1, 1), date(2024, 1, 22), 0.9, ()).set_index("worker_id")
    assert b.loc["C2", "engagement_share"] == pytest.approx(0.5) and b.loc["C2", "engagement_names"] == "Billing rewrite"
    assert b.loc["E2", "engagement_hours"] == 80 and b.loc["C1", "allocation"] == pytest.approx(124 / 120)
    assert b.loc["C1", "weeks_over_capacity"] == 1 and b.loc["E1", "weeks"] == 4 and b.loc["E2", "weeks"] == 3
    # the window ends at the last week with timesheets, not at a later as-of date
    assert baseline.recent_weeks(fr, JAN, date(2024, 3, 31), 2) == (date(2024, 1, 15), date(2024, 1, 22))


@pytest.mark.parametrize(
    "threshold, non_billable",
    [(0.5, ()), (0.6, ()), (0.9, ()), (0.9, ("Database Administrator",)), (0.9, ("Software Developer",))],
)
def test_staffing_lists_app_and_baseline_agree_on_tiny(tiny_ws, threshold, non_billable):
    fr = baseline.load_frames(tiny_ws)
    as_of = date(2024, 1, 31)
    app = metrics.app_staffing_lists(tiny_ws, JAN, as_of, 4, threshold, non_billable)
    pandas = metrics.baseline_staffing_lists(fr, JAN, as_of, 4, threshold, non_billable)
    metrics.same_numbers("lists", app, pandas, metrics.STAFFING_KEYS, metrics.STAFFING_VALUES)
    assert app["worker_id"].tolist() == pandas["worker_id"].tolist()  # same lists, same on-screen order
    # and the comparison fails when one person is on another list
    moved = pandas.assign(status=pandas["status"].replace({"over_allocated": "bench"}))
    with pytest.raises(metrics.Mismatch):
        metrics.same_numbers("lists", app, moved, metrics.STAFFING_KEYS, metrics.STAFFING_VALUES)


def test_baseline_agrees_with_the_app_on_tiny(tiny_ws):
    fr = baseline.load_frames(tiny_ws)
    for m in metrics.main_metrics(tiny_ws, JAN, JAN):
        metrics.same_numbers(m.name, m.duckdb(tiny_ws), m.pandas(fr), m.keys, m.values)


def test_same_numbers_fails_on_a_difference():
    a = pd.DataFrame({"k": ["x", "y"], "v": [1.0, 2.0]})
    metrics.same_numbers("same", a, a.iloc[::-1], ["k"], ["v"])  # order does not matter
    with pytest.raises(metrics.Mismatch, match="differ"):
        metrics.same_numbers("off", a, a.assign(v=[1.0, 2.001]), ["k"], ["v"])
    with pytest.raises(metrics.Mismatch, match="rows"):
        metrics.same_numbers("short", a, a.head(1), ["k"], ["v"])


# -- the measurements at a tiny scale ----------------------------------------------------------
def test_dataset_is_generated_once_and_reused(small):
    assert small.rows["workers"] == 200 and small.rows["timesheets"] > 5_000
    before = small.db.stat().st_mtime_ns
    again = ensure_dataset(200, 1, 7, small.db.parent, log=lambda _: pytest.fail("regenerated"))
    assert again.rows == small.rows and small.db.stat().st_mtime_ns == before


def test_metrics_measured_and_equal(small):
    from analytics.store.db import Workspace

    ws = Workspace(small.db, load_sample=False)
    try:
        load, results = metrics.measure_metrics(ws, whole_period(ws), default_filters(ws), runs=1, log=lambda _: None)
        assert load > 0 and len(results) == 4
        for r in results:
            assert r.rows > 0 and r.duckdb > 0 and r.pandas > 0 and r.max_rel_diff <= 1e-9
            assert r.ratio == pytest.approx(r.pandas / r.duckdb)
        # the lists' comparison is not vacuous: on this data the busy off-project and over-allocated
        # lists both hold people (the bench may be empty: few generated people leave capacity free)
        lists = metrics.main_metrics(ws, whole_period(ws), default_filters(ws))[2]
        assert "busy off-project" in lists.name
        assert {"busy_off_project", "over_allocated"} <= set(lists.duckdb(ws)["status"])
    finally:
        ws.close()


def test_pages_measured(small):
    from bench.pages import PAGES, measure_pages

    results = measure_pages(small.db, runs=1, log=lambda _: None)
    assert [r.page for r in results] == list(PAGES)
    for r in results:
        assert r.exception is None, r.exception
        assert 0 < r.analytics_cold < 30 and r.run_cold > 0 and r.run_warm > 0
        assert r.calls and r.queries
    overview = results[0]
    assert {"metrics.headlines.page", "metrics.horizon.data_horizon"} <= {n for n, _ in overview.calls}
    assert "spend_facts" in {q for q, _ in overview.queries}


def test_upload_measured_both_sides_agree_on_problems(small, tmp_path):
    from bench.upload import measure_upload, pandas_problems, prepare

    csv, db = prepare(small.csv_dir, tmp_path / "up", rows=500)
    assert sum(1 for _ in open(csv)) == 501
    results = measure_upload(csv, db, runs=1, log=lambda _: None)
    assert [r.side for r in results] == ["duckdb", "pandas"]
    for r in results:
        assert r.rows == 500 and r.seconds > 0 and r.peak_rss_mb > 50 and r.problems == 0

    # a file with known faults: both sides find the same problems
    from analytics.ingest import upload
    from analytics.store import schema
    from analytics.store.db import Workspace

    df = pd.read_csv(csv, dtype=str, keep_default_na=False)
    df.loc[0, "worker_id"] = "NOBODY"  # unknown worker
    df.loc[1, "hours"] = "200"  # above 168
    df.loc[2, "week_start"] = "2024-01-03"  # a Wednesday
    df.loc[3, "hours"] = "many"  # not a number
    bad = tmp_path / "bad.csv"
    df.to_csv(bad, index=False)
    ws = Workspace(db, load_sample=False)
    try:
        refs = {
            "workers.worker_id": set(ws.sql("SELECT worker_id FROM workers")["worker_id"]),
            "engagements.engagement_id": set(ws.sql("SELECT engagement_id FROM engagements")["engagement_id"]),
        }
        duck = upload.validate(ws, [upload.FileSpec("bad.csv", bad.read_bytes(), "timesheets")]).total
    finally:
        ws.close()
    assert duck == 4
    assert pandas_problems(pd.read_csv(bad, dtype=str, keep_default_na=False), schema.TIMESHEETS, refs) == duck


def _results(**kw) -> report.Results:
    from bench.metrics import MetricResult

    r = report.Results(
        machine={"date": "2026-11-25 20:00 UTC", "cores": "2", "cpu": "Test CPU", "memory": "8.0 GiB",
                 "os": "Linux", "python": "3.11", "versions": "DuckDB x"},
        dataset={"workers": 10, "timesheets": 100}, dataset_label="10 workers × 1 years", load_avg=(1.0, 2.0),
        pandas_load_s=0.5,
        metrics=[MetricResult("Spend by month and worker type", 12, 0.1, 0.5, 0.0),
                 MetricResult("Bench list", 3, 0.2, 0.3, 0.0)],
    )
    for k, v in kw.items():
        setattr(r, k, v)
    return r


def test_report_marks_each_target():
    text = report.results_md(_results(), notes="## Notes\n\nwhy.")
    assert "| Spend by month and worker type | 12 | 0.100 s | 0.500 s | 5.0× | ✅ |" in text
    assert "| Bench list | 3 | 0.200 s | 0.300 s | 1.5× | ❌ |" in text
    assert "2 cores (Test CPU), 8.0 GiB RAM" in text and text.rstrip().endswith("why.")
    head = report.headline(_results())
    assert head == [("DuckDB vs pandas (least gain of 2 metrics)", "≥ 3× faster", "1.5× (bench list)", False)]


def test_readme_section_appended_then_replaced(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# App\n\nIntro.\n", encoding="utf-8")
    report.write_readme(readme, _results())
    first = readme.read_text(encoding="utf-8")
    assert first.startswith("# App\n\nIntro.\n\n" + report.BEGIN) and first.rstrip().endswith(report.END)
    assert "## Performance" in first and "1.5× (bench list)" in first
    readme.write_text(first + "\n## After\n", encoding="utf-8")
    report.write_readme(readme, _results(metrics=[]))
    second = readme.read_text(encoding="utf-8")
    assert second.count(report.BEGIN) == 1 and "1.5×" not in second and second.endswith("## After\n")


def test_payload_and_server_memory_measured(small):
    from bench.payload import measure_payload

    r = measure_payload("scale", small.db, log=lambda _: None, pages=("overview", "utilization"))
    assert set(r.bytes) == {"overview", "utilization"} and not r.errors
    # a page load sends the page's elements: more than a few kB, far less than the 1 MB target
    assert all(5_000 < b < 1_000_000 for b in r.bytes.values())
    assert 100 < r.peak_rss_mb < 3 * 1024


GROUP_QUERIES = ("utilization_facts", "spend_facts", "cost_period_facts")


def _group_vs_person_rows(ws, name: str, f: Filters) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """The app's query (reading the group tables built at load) and the reference in
    tests/reference_sql (regrouping the per-person tables on each call): same rows, same numbers."""
    from pathlib import Path

    from analytics.store.sql_files import load_sql, worker_filter

    ref = (Path(__file__).parent / "reference_sql" / f"{name}.sql").read_text(encoding="utf-8")
    app, person = ws.sql(load_sql(name), f.params()), ws.sql(ref.replace("{worker_filter}", worker_filter()), f.params())
    assert list(app.columns) == list(person.columns)
    keys = [c for c in app.columns if app[c].dtype.kind not in "fiu"]
    return app, person, metrics.same_numbers(name, app, person, keys, [c for c in app.columns if c not in keys])


def test_group_table_queries_return_what_regrouping_the_person_rows_does(tiny_ws, small):
    from analytics.store.db import Workspace

    for name in GROUP_QUERIES:
        app, _, diff = _group_vs_person_rows(tiny_ws, name, JAN)
        assert len(app) > 0 and diff <= 1e-9
    cut = Filters(JAN.start, JAN.end, departments=("Engineering",), worker_types=("contractor",))
    for name in GROUP_QUERIES:
        app, _, _ = _group_vs_person_rows(tiny_ws, name, cut)
        assert len(app) > 0 and set(app["department"]) == {"Engineering"} and set(app["worker_type"]) == {"contractor"}
    # on a generated organisation: the whole year, and a filtered quarter starting mid-month
    ws = Workspace(small.db, load_sample=False)
    try:
        whole = whole_period(ws)
        mid = whole.start + timedelta(days=105)  # a quarter starting and ending mid-month
        quarter = Filters(mid, mid + timedelta(days=87), roles=("Software Developer",))
        for f in (whole, quarter):
            for name in GROUP_QUERIES:
                app, person, diff = _group_vs_person_rows(ws, name, f)
                assert len(app) == len(person) > 0 and diff <= 1e-9
    finally:
        ws.close()


def test_group_tables_add_up_to_the_person_tables(tiny_ws):
    # tiny: 4 people; in January the weekly groups hold E1+C1 (Engineering), E2, C2
    g = tiny_ws.sql("SELECT sum(people) AS p, sum(capacity_hours) AS c, sum(billable_hours) AS b FROM group_weeks")
    k = tiny_ws.sql("SELECT count(*) AS p, sum(capacity_hours) AS c, sum(billable_hours) AS b FROM worker_weeks")
    assert g.iloc[0].tolist() == k.iloc[0].tolist()
    assert g["c"].iloc[0] == 152 + 104 + 120 + 80 and g["b"].iloc[0] == 126 + 80 + 124 + 40
    m = tiny_ws.sql("SELECT sum(people) AS p, sum(hours) AS h FROM group_months").iloc[0]
    assert m["p"] == 4 and m["h"] == 152 + 104 + 124 + 60


def test_results_keep_sections_other_tools_write(tmp_path):
    out = tmp_path / "RESULTS.md"
    out.write_text("# old\n\nstale figures\n\n<!-- concurrency:begin -->\n## Concurrency\n5 sessions: 1.2 s\n"
                   "<!-- concurrency:end -->\n", encoding="utf-8")
    report.write_results(out, report.results_md(_results()))
    text = out.read_text(encoding="utf-8")
    assert "stale figures" not in text and text.startswith("# Benchmark results")
    assert text.count("<!-- concurrency:begin -->") == 1 and "5 sessions: 1.2 s\n<!-- concurrency:end -->" in text
    report.write_results(out, report.results_md(_results()))  # and again: still one copy
    assert out.read_text(encoding="utf-8").count("## Concurrency") == 1


def test_upload_peak_memory_is_the_childs_own():
    # the bug this guards: ru_maxrss of a child forked from a big parent starts at the parent's
    # size, so every upload looked like it peaked at the bench process's 2.4 GB
    import subprocess
    import sys

    big = bytearray(400 * 2**20)
    big[:: 4096] = b"\1" * len(big[:: 4096])  # touch every page so it is resident
    code = "from bench.upload import peak_rss; print(peak_rss())"
    child = int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    assert child < 300 * 2**20 < len(big)


def test_board_pack_measured(tmp_path):
    """The board pack's timing on the sample: a real PDF of the five sections and the appendix."""
    from bench.boardpack import SAMPLE_TARGET_S, measure_board_pack, sample_db

    db = sample_db(tmp_path)
    assert sample_db(tmp_path) == db  # made once
    r = measure_board_pack(db, "sample", runs=1, log=lambda _: None)
    assert r.seconds > 0 and r.low <= r.seconds <= r.high
    assert r.pages >= 10 and r.kib > 20  # title, contents, five sections, appendix
    assert r.target == SAMPLE_TARGET_S and r.met == (r.seconds <= SAMPLE_TARGET_S)


# -- issue 18's figures: the console's value attacks and the workbook bombs, at a tiny size ----------
def test_message_kind_names_the_limit_each_real_message_names():
    from analytics.console import query as sc
    from analytics.ingest import workbook
    from bench.concurrency import message_kind

    assert message_kind(sc._time_message(5)) == "time limit"
    assert message_kind(sc._MEMORY_MESSAGE) == "memory limit"
    assert message_kind(sc._CPU_MESSAGE) == "CPU limit"
    assert message_kind(sc._CRASH_MESSAGE) == "process died"
    assert message_kind("The query failed: Binder Error") == "error"
    assert message_kind("ran to completion") == "ran"
    gb = workbook.PARSE_MEMORY_BYTES / 1024**3
    assert message_kind(f"bomb.xlsx needed more than {gb:.0f} GB of memory to read and was stopped.") == "memory limit"
    assert message_kind("bomb.xlsx's first sheet declares 1,048,576 rows × 16,384 columns (17 cells)") == "declared size"
    assert message_kind("b.xlsx is refused: its part x unpacks to 64 MB from 64 KB, which no real spreadsheet does (a 'zip bomb').") == "zip directory"


def _attack(**kw):
    from bench.concurrency import AttackResult

    base = dict(attack="q", message="The query was stopped after the 5-second time limit. Narrow it down.",
                attack_seconds=6.5, baseline_p50=0.010, baseline_p95=0.020, during_p50=0.012, during_p95=0.030,
                during_max=0.05, queries=40, rss_growth_mb=12.0, limit_s=7.0)
    return AttackResult(**{**base, **kw})


def test_attack_rows_mark_each_of_issue_18s_bounds():
    from bench.concurrency import attack_rows

    # 6.5 s ≤ 5 + 2 s; 12 MB < 200 MB; p95 30 ms = 1.5 × the idle 20 ms (kept: at most 1.5×)
    good = attack_rows([_attack()])[2]
    assert good == ("| q | The query was stopped after the 5-second time limit (time limit) | 6.50 s (≤ 7 s) ✅ | 12 MB ✅ | "
                    "10 / 20 ms | 12 / 30 / 50 ms (40 runs) | 1.50× ✅ | 0 | ✅ |")
    assert _attack().met
    # each bound broken on its own fails the row
    assert not _attack(attack_seconds=7.01).met and "7.01 s (≤ 7 s) ❌" in attack_rows([_attack(attack_seconds=7.01)])[2]
    assert not _attack(rss_growth_mb=200.0).met and "200 MB ❌" in attack_rows([_attack(rss_growth_mb=200.0)])[2]
    assert not _attack(during_p95=0.031).met and "1.55× ❌" in attack_rows([_attack(during_p95=0.031)])[2]
    assert not _attack(failures=["OutOfMemoryException: x"]).met
    assert not _attack(message="ran to completion", attack_seconds=1.0).met  # not stopped at all
    # over before one page query finished: nothing to compare, and nobody was slowed
    quick = _attack(queries=0, during_p50=0.0, during_p95=0.0, during_max=0.0, attack_seconds=0.004)
    assert quick.p95_kept and "| — (over before one page query finished) | — ✅ |" in attack_rows([quick])[2]

def test_a_value_attack_is_measured_with_the_servers_memory(locked_tiny_ws):
    """One of item 1's queries on the tiny workspace with a 1 s limit: stopped by a limit, the
    server's own RSS (not the child's) barely moves, the other session's queries ran meanwhile."""
    from bench import concurrency

    r = concurrency.sql_attack_latency(locked_tiny_ws, "list_resize([1], 10^9)", timeout_s=1.0, baseline_runs=3)
    assert r.kind in ("time limit", "memory limit"), r.message
    assert r.limit_s == 1.0 + concurrency.STOP_GRACE_S and r.attack_seconds > 0
    assert 0 <= r.rss_growth_mb < concurrency.MAX_RSS_GROWTH_MB
    assert r.queries >= 1 and r.failures == [] and r.baseline_p95 > 0
    assert set(concurrency.VALUE_ATTACKS.values()) == {
        "SELECT len(range(1000000000))", "SELECT length(repeat('x', 4294967295))",
        "SELECT length(lpad('x', 2000000000, 'y'))", "SELECT len(list_resize([1], 1000000000))"}


def test_rss_growth_counts_this_process_and_not_its_children():
    import subprocess
    import sys

    from bench.timing import PeakRss

    grow = "b = bytearray(300 * 2**20); b[::4096] = b'\\1' * len(b[::4096]); import time; time.sleep(0.5)"
    with PeakRss(children=False, every=0.02) as own:
        subprocess.run([sys.executable, "-c", grow], check=True)
    assert own.growth < 100 * 2**20  # the child's 300 MB are not the server's
    with PeakRss(children=False, every=0.02) as own:
        big = bytearray(300 * 2**20)
        big[::4096] = b"\1" * len(big[::4096])
    assert own.growth > 250 * 2**20
    del big


def test_workbook_bombs_measured(locked_tiny_ws):
    from bench import workbooks

    small = {"cells at A1 and XFD1048576": workbooks.corner_cells_bomb,
             "a 64 MiB shared string": lambda: workbooks.shared_string_bomb(64 * 2**20)}
    bombs = workbooks.measure_bombs(locked_tiny_ws, small, log=lambda _: None)
    corner, text = bombs
    assert corner.kib < 10 and corner.result.kind == "declared size"
    assert "declares 1,048,576 rows × 16,384 columns" in corner.result.message
    # 64 MiB of one letter deflates ~1000:1: a file of under 100 KiB, refused from the zip directory
    assert text.kib < 100 and text.result.kind == "zip directory"
    assert "unpacks to 64 MB" in text.result.message
    for b in bombs:
        assert b.result.limit_s == workbooks.REFUSE_WITHIN_S and b.result.failures == []
        assert b.result.rss_growth_mb < 200
    lines = workbooks.section_lines(bombs, None, "2 cores", 12)
    assert "| a 64 MiB shared string | " in "\n".join(lines) and "1,000,000-row" not in "\n".join(lines[6:])


def test_a_timesheet_workbook_is_detected_checked_and_loaded(small, tmp_path):
    """The large-workbook measurement at 300 rows: typed cells (dates, numbers, booleans) come
    through the Data page's path, every row lands, and the hours add up to the CSV's."""
    from analytics.store.db import Workspace
    from bench import workbooks
    from bench.upload import prepare

    csv, db = prepare(small.csv_dir, tmp_path / "up", rows=300)
    xlsx = workbooks.write_timesheets_xlsx(csv, tmp_path / "up" / "timesheets.xlsx")
    assert workbooks.write_timesheets_xlsx(csv, xlsx) == xlsx and xlsx.read_bytes()[:2] == b"PK"
    r = workbooks.measure_workbook_upload(xlsx, db, log=lambda _: None)
    assert r.rows == 300 and r.problems == 0 and r.met == (r.seconds <= workbooks.LOAD_TARGET_S)
    assert r.detect_s > 0 and r.validate_s > 0 and r.load_s > 0 and r.peak_rss_mb > 50
    want = pd.read_csv(csv)
    ws = Workspace(db, load_sample=False, read_only=True)
    try:
        got = ws.sql("SELECT count(*) AS n, sum(hours) AS h, count(*) FILTER (billable) AS b, "
                     "count(engagement_id) AS e, min(week_start) AS w FROM timesheets").iloc[0]
    finally:
        ws.close()
    assert got["n"] == 300 and got["h"] == pytest.approx(want["hours"].sum())
    assert got["b"] == int(want["billable"].sum()) and got["e"] == int(want["engagement_id"].notna().sum())
    assert str(got["w"])[:10] == str(want["week_start"].min())
    text = "\n".join(workbooks.section_lines([], r, "2 cores", 12))
    assert f"| 300 | {r.mb:.1f} MB |" in text and f"{r.seconds:.1f} s | {'✅' if r.met else '❌'} |" in text


def test_rerunning_only_the_attacks_keeps_the_page_times(tmp_path):
    from bench import concurrency

    out = tmp_path / "RESULTS.md"
    concurrency.write_section(["## C", "", concurrency.PAGE_TIMES, "", "| 1 | 12 | 1.7 s |", "",
                               "### SQL console under attack", "old"], out)
    kept = concurrency.kept_page_times(out)
    assert kept == [concurrency.PAGE_TIMES, "", "| 1 | 12 | 1.7 s |", ""]
    concurrency.write_section(["## C", "", *kept, "### SQL console under attack", "new"], out)
    text = out.read_text(encoding="utf-8")
    assert "| 1 | 12 | 1.7 s |" in text and "new" in text and "old" not in text
    # a second marked section beside it is left alone
    concurrency.write_section(["wb"], out, "<!-- workbooks:begin -->", "<!-- workbooks:end -->")
    concurrency.write_section(["wb2"], out, "<!-- workbooks:begin -->", "<!-- workbooks:end -->")
    text = out.read_text(encoding="utf-8")
    assert "wb2" in text and "\nwb\n" not in text and "new" in text and text.count("workbooks:begin") == 1


def test_headline_and_sections_carry_issue_18s_figures(tmp_path):
    from bench import concurrency, run, workbooks

    attacks = [_attack(attack="count over range(10^12)", attack_seconds=9.0),  # not an item-1 query
               _attack(attack="len(range(10^9))", attack_seconds=5.1, rss_growth_mb=5.0),
               _attack(attack="repeat('x', 4294967295)", attack_seconds=6.4, rss_growth_mb=6.0, during_p95=0.025)]
    bombs = [workbooks.Bomb("cells at A1 and XFD1048576", 4.7, _attack(attack="cells", attack_seconds=0.2, limit_s=5.0,
                                                                       message="x declares 1 rows × 2 columns (2 cells)",
                                                                       during_p95=0.036))]
    big = workbooks.WorkbookUpload(1_000_000, 38.2, 8.0, 6.5, 9.0, 0, 900.0, 700.0)
    r = _results(metrics=[], attacks=attacks, bombs=bombs, workbook_upload=big,
                 attack_rows={"timesheets": 45_551}, attack_load_avg=(1.0, 1.5))
    head = {a: (b, c, d) for a, b, c, d in report.headline(r)}
    # the slowest item-1 query relative to its limit: 6.4 − 7 beats 5.1 − 7; the count query is not item 1
    assert head["SQL console: the 2 one-value memory queries stopped, server RSS growth"] == (
        "≤ time limit + 2 s, < 200 MB", "slowest 6.40 s of ≤ 7 s (repeat('x', 4294967295)); RSS +6 MB at most", True)
    assert head["Workbook bombs refused (1), server RSS growth"][2] is True
    # worst p95 ratio over all four attacks: the bomb's 36 / 20 ms = 1.80× > 1.5×
    assert head["Other session's p95 during each of 4 attacks (worst)"] == (
        "≤ 1.5× idle p95", "1.80× (cells: 36 vs 20 ms)", False)
    # 8.0 + 6.5 + 9.0 = 23.5 s ≤ 30 s
    assert head["1,000,000-row workbook detected, checked and loaded"] == (
        "≤ 30 s", "23.5 s (38 MB; detect 8.0 + check 6.5 + load 9.0)", True)
    # the details: console rows in the concurrency section (its page times kept), workbooks in theirs
    out = tmp_path / "RESULTS.md"
    concurrency.write_section(["## C", "", concurrency.PAGE_TIMES, "", "| 10 | 120 | 15 s |", "",
                               "### SQL console under attack", "stale"], out)
    run.write_hardening_sections(r, out)
    text = out.read_text(encoding="utf-8")
    assert "| 10 | 120 | 15 s |" in text and "stale" not in text
    assert "| len(range(10^9)) | The query was stopped after the 5-second time limit (time limit) | 5.10 s (≤ 7 s) ✅ | 5 MB ✅ |" in text
    assert "1-minute load average 1.0 at the start, 1.5 at the end" in text
    assert "| 1,000,000 | 38.2 MB | 8.0 s | 6.5 s | 9.0 s | 23.5 s | ✅ | 900 MB | 700 MB | 0 |" in text
    assert text.index(workbooks.WORKBOOKS_BEGIN) > text.index(concurrency.CONCURRENCY_END)


def test_plan_bench_on_a_small_dataset(small, tmp_path):
    """bench.plan: the demand file it writes is the generator's own, and the figures it reports are
    measured (the plan has roles, its times are positive) and land in the results section."""
    import shutil

    from bench import plan as plan_bench
    from samplegen import generate

    csv = tmp_path / "csv"
    shutil.copytree(small.csv_dir, csv)
    (csv / "demand.csv").unlink(missing_ok=True)
    plan_bench.ensure_demand(csv, 200, 1, 7)
    generate(200, 1, 7, tmp_path / "gen", progress=False)
    assert (csv / "demand.csv").read_bytes() == (tmp_path / "gen" / "demand.csv").read_bytes()
    r = plan_bench.measure(small.db, runs=1, log=lambda _: None)
    assert r.roles > 0 and 0 < r.median and 0 < r.first
    lines = plan_bench.section(r, 1)
    assert any(line.startswith("| Plan analytics cold, median of 1") for line in lines)
def test_ingest_section_marks_each_target_and_replaces_itself(tmp_path):
    from bench import ingest

    stages = {"read": 0.5, "validate": 1.25, "write": 0.75, "derived": 1.5, "warnings": 0.2}
    german = {"load": 4.2, "detect": 1.0, "peak_mb": 650.0, "rows": {"timesheets": 1_000_000}, "changes": [1_000_000, 0, 0],
              "table": "timesheets", "mb": 41.7, "runs": 3, "stages": stages, "undo": 0.9, "rebuilt": "all",
              "load_avg": (1.0, 2.0)}
    refresh = {**german, "load": 6.5, "rows": {"timesheets": 175_000}, "changes": [0, 1_756, 0],
               "rebuilt": "2026-10-05…2026-10-26", "undo": 0.4, "load_avg": (3.0, 4.5)}
    again = {**german, "load": 2.5, "changes": [0, 0, 0], "rebuilt": "none"}
    old = {"german": {**german, "load": 13.06, "load_avg": (8.0, 12.0)}}
    out = tmp_path / "RESULTS.md"
    out.write_text("# Results\n\n<!-- ingest:begin -->\nstale\n<!-- ingest:end -->\n", encoding="utf-8")
    ingest.write_section(ingest.section(german, refresh, "2026-10", 9_106_270, old, "commit 583ad6f", again), out)
    text = out.read_text(encoding="utf-8")
    assert "stale" not in text and text.count("ingest:begin") == 1
    # 4.2 ≤ 5, beside the figure before and the load average of both
    assert ("into an empty timesheets table | 41.7 MB | 1.00 s | 13.06 s (load average 8.0–12.0) | **4.20 s** | ✅ "
            "| 1.0–2.0 | 650 MB | 1,000,000 loaded into timesheets; derived tables rebuilt: all |") in text
    assert ("| — | **6.50 s** | ❌ | 3.0–4.5 | 650 MB | 0 added, 1,756 changed, 0 removed; derived rows rebuilt: "
            "weeks 2026-10-05…2026-10-26 |") in text  # 6.5 > 5, nothing measured before
    assert "| **2.50 s** | ✅ | 1.0–2.0 | 650 MB | 0 added, 0 changed, 0 removed; derived weekly rows rebuilt: none |" in text
    assert "| German export into an empty table | 0.50 s | 1.25 s | 0.75 s | 1.50 s | 0.20 s | 0.90 s |" in text
    assert "Before: commit 583ad6f, run the same way" in text


def test_the_pay_history_benchmark_gives_everyone_a_history_ending_at_the_roster():
    from bench.compensation import history
    from samplegen.calibration import DEFAULT_END
    from samplegen.currency import roster_as_written
    from samplegen.people import workers_table
    from samplegen.period import Period

    comp = history(400, 4, 7).to_pandas()
    roster = workers_table(roster_as_written(400, 7, Period(DEFAULT_END, 4))).to_pandas().set_index("worker_id")
    per = comp.groupby("worker_id")
    assert set(per.groups) == set(roster.index)  # everyone, employee or contractor
    assert 3 <= per.size().mean() <= 6
    last = comp.sort_values("effective_date").groupby("worker_id").last()
    emp = roster["worker_type"] == "employee"
    assert (last.loc[emp[emp].index, "annual_salary"] == roster.loc[emp, "annual_salary"]).all()
    assert (last.loc[emp[~emp].index, "hourly_rate"] == roster.loc[~emp, "hourly_rate"]).all()
