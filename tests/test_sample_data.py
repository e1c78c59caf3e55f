"""The sample-data generator: deterministic, schema-exact, calibrated to public figures and
shaped like a real IT organisation. Runs the generator on 300 workers × 3 years (~1 s a run)."""

import csv
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from analytics.store import schema
from samplegen import DEFAULT_END, generate

ROOT = Path(__file__).resolve().parent.parent
ARGS = {"workers": 300, "years": 3, "seed": 42}

# BLS OEWS May 2024 median annual wages (shared PRODUCT.md)
OEWS = {
    "Software Developer": 133_080,
    "Information Security Analyst": 124_910,
    "Database Administrator": 104_620,
    "Computer Systems Analyst": 103_790,
    "Project Management Specialist": 100_750,
    "Network and Systems Administrator": 96_800,
    "Computer User Support Specialist": 60_340,
    "Computer and Information Systems Manager": 171_200,
}


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample")
    counts = generate(out=out, **ARGS)
    return out, counts


@pytest.fixture(scope="module")
def frames(sample):
    out, _ = sample
    dates = {
        "workers": ["start_date", "end_date"],
        "engagements": ["planned_start", "planned_end", "actual_start", "actual_end"],
        "timesheets": ["week_start"],
        "time_off": ["week_start"],
        "reviews": ["review_date"],
        "demand": ["start_date", "end_date"],
        "compensation": ["effective_date"],
        "invoices": ["invoice_date"],
        "fx_rates": ["month"],
    }
    return {
        name: pd.read_csv(out / f"{name}.csv", parse_dates=dates[name], dtype={"engagement_id": "string"})
        for name in schema.LOAD_ORDER
    }


def _bytes(folder: Path) -> dict[str, bytes]:
    return {name: (folder / f"{name}.csv").read_bytes() for name in schema.LOAD_ORDER}


def test_same_seed_gives_byte_identical_files(sample, tmp_path):
    out, counts = sample
    again = generate(out=tmp_path, **ARGS)
    assert again == counts
    assert _bytes(tmp_path) == _bytes(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{n}.csv" for n in schema.LOAD_ORDER)


def test_different_seed_gives_different_data(sample, tmp_path):
    out, _ = sample
    generate(out=tmp_path, **{**ARGS, "seed": 43})
    first, other = _bytes(out), _bytes(tmp_path)
    for name in schema.LOAD_ORDER:
        assert first[name] != other[name], name


def test_committed_sample_is_the_default_run(sample):
    out, _ = sample
    assert _bytes(ROOT / "data" / "sample") == _bytes(out), (
        "data/sample is stale: python -m analytics.sample_data --workers 300 --years 3 --seed 42 --out data/sample"
    )


def test_the_readme_command_writes_what_generate_writes(tmp_path):
    """`python -m analytics.sample_data …` (README, Makefile, bench) still runs the generator,
    with the same arguments giving the same bytes as calling `generate` directly."""
    cli, api = tmp_path / "cli", tmp_path / "api"
    args = ["--workers", "40", "--years", "1", "--seed", "5", "--end", "2025-06-30", "--out", str(cli)]
    done = subprocess.run(
        [sys.executable, "-m", "analytics.sample_data", *args], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    counts = generate(workers=40, years=1, seed=5, out=api, end=date(2025, 6, 30))
    assert done.stderr.strip() == ", ".join(f"{k}: {v:,}" for k, v in counts.items())
    assert _bytes(cli) == _bytes(api)


def test_counts_and_sizes(sample, frames):
    _, counts = sample
    assert counts == {name: len(df) for name, df in frames.items()}
    assert counts["workers"] == 300
    assert 90 <= counts["engagements"] <= 110
    assert 40_000 <= counts["timesheets"] <= 50_000


def test_columns_match_schema_exactly(sample):
    out, _ = sample
    for name, table in schema.TABLES.items():
        with open(out / f"{name}.csv", newline="", encoding="utf-8") as fh:
            header = next(csv.reader(fh))
        assert header == table.column_names, name


def test_cell_formats(sample):
    """ISO dates, empty cells for NULL, true/false booleans, no pandas/numpy spellings of NULL."""
    out, _ = sample
    iso = re.compile(r"^\d{4}-\d{2}-\d{2}$")
    for name, table in schema.TABLES.items():
        with open(out / f"{name}.csv", newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        for col in table.columns:
            values = {r[col.name] for r in rows}
            assert not values & {"nan", "NaN", "None", "NaT", "null", "NULL"}, (name, col.name)
            present = values - {""}
            if col.required:
                assert "" not in values, (name, col.name)
            if col.type == "DATE":
                assert all(iso.match(v) for v in present), (name, col.name)
            if col.type == "BOOLEAN":
                assert present == {"true", "false"}, (name, col.name)
            if col.allowed:
                assert present <= set(col.allowed), (name, col.name)


def test_loads_into_a_workspace(sample, tmp_path):
    from analytics.store.db import Workspace

    out, counts = sample
    ws = Workspace(tmp_path / "ws.duckdb", lock_down=False, load_sample=False)
    try:
        assert ws.load_csv_dir(out) == counts
    finally:
        ws.close()


def test_contractor_share_and_vendors(frames):
    w = frames["workers"]
    con = w[w.worker_type == "contractor"]
    assert 0.30 <= len(con) / len(w) <= 0.36
    assert con.vendor.notna().all() and w[w.worker_type == "employee"].vendor.isna().all()
    assert "Independent" in set(con.vendor) and con.vendor.nunique() >= 5
    assert con.hourly_rate.notna().all() and con.annual_salary.isna().all()
    emp = w[w.worker_type == "employee"]
    assert emp.annual_salary.notna().all() and emp.hourly_rate.isna().all()


def test_roles_are_the_oews_families_weighted_realistically(frames):
    w = frames["workers"]
    assert set(w.role) == set(OEWS)
    counts = w.role.value_counts()
    assert counts.idxmax() == "Software Developer"
    assert counts["Computer and Information Systems Manager"] < counts["Software Developer"] / 3
    assert set(w.seniority) <= set(schema.SENIORITY_LEVELS) and w.seniority.nunique() == 4
    assert 5 <= w.department.nunique() <= 7 and "Remote" in set(w.location)


def test_employee_median_salary_by_role_matches_oews(frames):
    w = frames["workers"]
    med = w[w.worker_type == "employee"].groupby("role").annual_salary.median()
    for role, oews in OEWS.items():
        assert abs(med[role] / oews - 1) <= 0.10, (role, med[role], oews)
    assert (w.annual_salary.dropna() % 100 == 0).all()
    assert (w.hourly_rate.dropna().round(2) == w.hourly_rate.dropna()).all()


def test_contractor_markup_over_employee_equivalent_pay(frames):
    """markup = hourly rate / employee-equivalent hourly pay (median employee salary for the same
    role and seniority / 2080); its median per role lies in the agencies' 20–60% band."""
    w = frames["workers"]
    emp = w[w.worker_type == "employee"]
    cells = emp.groupby(["role", "seniority"]).annual_salary.agg(["median", "count"])
    cells = cells[cells["count"] >= 3]
    con = w[w.worker_type == "contractor"].join(cells, on=["role", "seniority"], how="inner")
    con = con.assign(markup=con.hourly_rate / (con["median"] / 2080))
    by_role = con.groupby("role").markup.median()
    assert len(by_role) >= 6
    for role, markup in by_role.items():
        assert 1.2 <= markup <= 1.6, (role, markup)
    independent = con.vendor == "Independent"
    assert con.markup[independent].median() < con.markup[~independent].median() - 0.08  # no agency margin
    by_agency = con[~independent].groupby("vendor").markup.median()
    assert by_agency.max() - by_agency.min() >= 0.1  # each agency has its own typical markup


def test_billable_utilization_has_a_realistic_spread(frames):
    """Per person: billable hours / (active weeks × weekly capacity − time off)."""
    w, ts, off = frames["workers"].set_index("worker_id"), frames["timesheets"], frames["time_off"]
    first_week, last_week = ts.week_start.min(), ts.week_start.max()

    def monday(d):
        return d - pd.to_timedelta(d.dt.day_of_week, unit="D")

    lo = monday(w.start_date.clip(lower=first_week))
    hi = monday(w.end_date.fillna(last_week).clip(upper=last_week))
    weeks = (hi - lo).dt.days // 7 + 1
    capacity = weeks * w.weekly_capacity_hours - off.groupby("worker_id").hours.sum().reindex(w.index).fillna(0)
    billable = ts[ts.billable].groupby("worker_id").hours.sum().reindex(w.index).fillna(0)
    total = ts.groupby("worker_id").hours.sum().reindex(w.index).fillna(0)
    assert (capacity > 0).mean() > 0.97  # a leaver may spend the last week on leave
    util, alloc = (billable / capacity)[capacity > 0], (total / capacity)[capacity > 0]
    assert (util < 0.5).mean() >= 0.05  # bench, support, managers
    assert ((util >= 0.5) & (util <= 0.9)).mean() >= 0.6
    assert (alloc > 1.0).mean() >= 0.05  # over-allocated
    assert (alloc > 1.0).mean() <= 0.3
    assert 0.55 <= billable.sum() / capacity.sum() <= 0.8
    by_role = util.groupby(w.role).median()
    assert by_role["Software Developer"] > by_role["Computer User Support Specialist"] + 0.2
    assert by_role["Software Developer"] > by_role["Computer and Information Systems Manager"] + 0.2


def test_references_resolve(frames):
    workers = set(frames["workers"].worker_id)
    engagements = set(frames["engagements"].engagement_id)
    for name in ("timesheets", "time_off", "reviews"):
        assert set(frames[name].worker_id) <= workers, name
    used = set(frames["timesheets"].engagement_id.dropna())
    assert used and used <= engagements


def test_week_starts_are_mondays_in_the_period(frames):
    for name in ("timesheets", "time_off"):
        weeks = frames[name].week_start
        assert (weeks.dt.day_of_week == 0).all(), name
        assert weeks.min() >= pd.Timestamp(2023, 11, 30) and weeks.max() == pd.Timestamp(2026, 11, 23), name


def test_no_duplicate_keys(frames):
    for name, table in schema.TABLES.items():
        assert not frames[name].duplicated(list(table.key)).any(), name


def test_dates_are_ordered(frames):
    w, e = frames["workers"], frames["engagements"]
    ended = w.end_date.notna()
    assert (w.end_date[ended] >= w.start_date[ended]).all()
    assert (e.planned_end >= e.planned_start).all()
    both = e.actual_start.notna() & e.actual_end.notna()
    assert (e.actual_end[both] >= e.actual_start[both]).all()


def test_hours_are_half_hours_within_capacity(frames):
    ts, off = frames["timesheets"], frames["time_off"]
    assert (ts.hours > 0).all() and (ts.hours * 2 % 1 == 0).all()
    assert ts.billable.any() and (~ts.billable).any()
    assert ts[ts.engagement_id.isna()].billable.eq(False).all()
    cap = frames["workers"].set_index("worker_id").weekly_capacity_hours
    assert (off.hours > 0).all() and (off.hours <= off.worker_id.map(cap)).all()
    weekly = ts.groupby(["worker_id", "week_start"]).hours.sum()
    assert weekly.max() <= 80


def test_work_happens_while_employed(frames):
    w = frames["workers"][["worker_id", "start_date", "end_date"]]
    for name, col in (("timesheets", "week_start"), ("time_off", "week_start"), ("reviews", "review_date")):
        df = frames[name].merge(w, on="worker_id")
        day = df[col]
        last = day + pd.Timedelta(days=4) if col == "week_start" else day
        assert (last >= df.start_date).all(), name
        assert (df.end_date.isna() | (day <= df.end_date)).all(), name


def test_tenure_and_turnover(frames):
    w = frames["workers"]
    end = pd.Timestamp(DEFAULT_END)
    period_start = pd.Timestamp(2023, 11, 30)
    tenure_months = (w.end_date.fillna(end) - w.start_date).dt.days / 30.44
    left = w.end_date.notna()
    con, emp = w.worker_type == "contractor", w.worker_type == "employee"
    assert 6 <= tenure_months[con & left].median() <= 14
    assert (tenure_months[con] > 18).any()
    assert tenure_months[emp].median() > 2 * tenure_months[con].median()
    assert 0.2 <= (w.start_date < period_start).mean() <= 0.8
    assert 0.3 <= w.end_date.isna().mean() <= 0.85
    # roughly stable headcount: first and last quarter within 25% of each other
    quarters = pd.date_range(period_start, end, freq="QS")
    heads = [((w.start_date <= q) & (w.end_date.isna() | (w.end_date >= q))).sum() for q in quarters]
    assert max(heads) <= 1.35 * min(heads)


def test_engagement_statuses_match_dates(frames):
    e = frames["engagements"]
    end = pd.Timestamp(DEFAULT_END)
    st = e.status
    assert set(st) == set(schema.ENGAGEMENT_STATUSES)
    planned = e[st == "planned"]
    assert planned.actual_start.isna().all() and planned.actual_end.isna().all()
    active = e[st == "active"]
    assert (active.actual_start <= end).all() and active.actual_end.isna().all()
    done = e[st.isin(["completed", "cancelled"])]
    assert (done.actual_end <= end).all() and done.actual_start.notna().all()
    assert e[~st.isin(["completed", "cancelled"])].quality_score.isna().all()
    q = e[st == "completed"].quality_score
    assert q.notna().all() and q.between(1, 5).all() and (q.round(1) == q).all()
    assert 0.03 <= (st == "cancelled").mean() <= 0.15
    comp = e[st == "completed"]
    overrun = (comp.actual_end - comp.actual_start) / (comp.planned_end - comp.planned_start) - 1
    assert 0.05 <= overrun.median() <= 0.25 and (overrun < 0).any() and overrun.max() > 0.5
    assert 0.3 <= e.vendor.notna().mean() <= 0.7


def test_time_off_by_worker_type(frames):
    w = frames["workers"].set_index("worker_id")
    ts, off = frames["timesheets"], frames["time_off"]
    years = ts.groupby("worker_id").week_start.nunique() / 52
    days = (off.groupby("worker_id").hours.sum() / 8).reindex(years.index).fillna(0) / years
    by_type = days[years >= 0.5].groupby(w.worker_type).median()
    assert 20 <= by_type["employee"] <= 32  # ~10 holidays + 15-20 days of leave
    assert by_type["contractor"] < by_type["employee"] / 1.5


def test_reviews_every_six_months_with_type_differences(frames):
    rv, w = frames["reviews"], frames["workers"]
    years = frames["timesheets"].groupby("worker_id").week_start.nunique().sum() / 52
    assert 1.5 <= len(rv) / years <= 2.3
    ratings = rv[list(schema.REVIEW_ATTRIBUTES)]
    assert ratings.stack().between(1, 5).all() and (ratings.stack() * 2 % 1 == 0).all()
    by_type = rv.merge(w[["worker_id", "worker_type"]]).groupby("worker_type")[list(schema.REVIEW_ATTRIBUTES)].mean()
    gap = by_type.loc["contractor"] - by_type.loc["employee"]
    assert gap["technical_expertise"] > gap["collaboration"]


def test_end_date_argument_moves_the_period(tmp_path):
    generate(workers=40, years=1, seed=1, out=tmp_path, end=date(2025, 6, 30))
    ts = pd.read_csv(tmp_path / "timesheets.csv", parse_dates=["week_start"])
    assert ts.week_start.max() == pd.Timestamp(2025, 6, 23)
    assert ts.week_start.min() >= pd.Timestamp(2024, 7, 1)


def test_the_sample_has_someone_on_each_staffing_list(tmp_path):
    """A staffing manager opening the sample sees each list in use: people on the bench between
    assignments (logging only part of their week), people busy off-project, people over-allocated;
    nobody on two lists, nobody in a non-billable role on the bench."""
    from analytics.metrics import allocation, horizon, roles
    from analytics.metrics.filters import Filters
    from analytics.store.db import Workspace

    ws = Workspace(tmp_path / "s.duckdb", lock_down=False)
    try:
        nov = Filters(date(2026, 11, 1), date(2026, 11, 30))
        first, last = allocation.recent_weeks(ws, nov, horizon.as_of_date(nov, horizon.data_horizon(ws)), 4)
        people = allocation.people_utilization(ws, nov, first, last)
        lists = {
            "bench": allocation.bench(people),
            "busy": allocation.busy_off_project(people),
            "over": allocation.over_allocated(people),
        }
        assert all(len(v) > 0 for v in lists.values()), {k: len(v) for k, v in lists.items()}
        ids = [set(v["worker_id"]) for v in lists.values()]
        assert not (ids[0] & ids[1] or ids[0] & ids[2] or ids[1] & ids[2])
        assert not lists["bench"]["role"].isin(roles.DEFAULT_NON_BILLABLE_ROLES).any()
        # free to staff means free: every bench person left capacity unlogged
        assert (lists["bench"]["capacity_hours"] > lists["bench"]["total_hours"]).all()
    finally:
        ws.close()


def test_demand_is_work_ahead_of_the_data(frames):
    """The optional demand table: every row valid under its schema, ahead of the data's last day,
    confirmed rows certain, tentative ones not, engagements named being ones still planned."""
    d, e, w = frames["demand"], frames["engagements"], frames["workers"]
    assert len(d) >= 4
    assert (d.end_date >= d.start_date).all()
    assert d.probability.between(0, 1).all()
    assert (d[d.status == "confirmed"].probability == 1).all()
    assert (d[d.status == "tentative"].probability < 1).all() and (d.status == "tentative").any()
    assert set(d.role) <= set(w.role) and set(d.department) <= set(w.department)
    named = set(d.engagement_id.dropna())
    assert named and named <= set(e[e.status == "planned"].engagement_id)
    assert (d.end_date > pd.Timestamp(DEFAULT_END)).all()


def test_pay_history_has_yearly_raises_and_a_few_renegotiated_rates(frames):
    comp, workers = frames["compensation"], frames["workers"].set_index("worker_id")
    assert set(comp["worker_id"]) <= set(workers.index)
    salaries = comp.dropna(subset=["annual_salary"]).sort_values(["worker_id", "effective_date"])
    # every employee has a history from their start date, ending at the roster's salary
    employees = workers[workers["worker_type"] == "employee"]
    assert set(salaries["worker_id"]) == set(employees.index)
    firsts = salaries.groupby("worker_id").first()
    assert (firsts["effective_date"] == employees.loc[firsts.index, "start_date"]).all()
    lasts = salaries.groupby("worker_id").last()
    assert (lasts["annual_salary"] == employees.loc[lasts.index, "annual_salary"]).all()
    raises = salaries.groupby("worker_id")["annual_salary"].pct_change().dropna()
    assert len(raises) > 300 and 0.025 < raises.median() < 0.035 and raises.max() < 0.085
    # about one contractor in seven renegotiated once: two entries, the later one the roster's rate
    rates = comp.dropna(subset=["hourly_rate"]).sort_values(["worker_id", "effective_date"])
    contractors = workers[workers["worker_type"] == "contractor"]
    per = rates.groupby("worker_id")
    assert (per.size() == 2).all() and 0.05 < per.ngroups / len(contractors) < 0.3
    assert (per["hourly_rate"].last() == contractors.loc[per.size().index, "hourly_rate"]).all()
    assert (per["hourly_rate"].last() > per["hourly_rate"].first()).all()
    assert (rates.groupby("worker_id")["effective_date"].last().dt.day_of_week == 0).all()  # from a Monday


def test_a_european_office_is_paid_in_euros_with_monthly_rates(frames):
    workers, fx = frames["workers"], frames["fx_rates"]
    eur = workers[workers["currency"] == "EUR"]
    assert set(workers["currency"]) == {"USD", "EUR"} and 0.08 < len(eur) / len(workers) < 0.22
    assert set(eur["location"]) == {"Amsterdam"} and "Amsterdam" not in set(workers.loc[workers["currency"] == "USD", "location"])
    # every month from the first timesheet week's to the as-of day's, both ways, gently moving
    months = pd.date_range(frames["timesheets"]["week_start"].min().replace(day=1), "2026-11-01", freq="MS")
    rates = fx[fx["currency"] == "EUR"].set_index("month")["rate_to_reporting"]
    assert list(rates.index) == list(months)
    assert rates.between(0.95, 1.25).all() and rates.pct_change().abs().max() < 0.04
    usd = fx[fx["currency"] == "USD"].set_index("month")["rate_to_reporting"]
    assert (usd - (1 / rates).round(4)).abs().max() < 1e-9
    assert frames["compensation"]["currency"].isna().all()  # history in the roster's currency


def test_a_share_of_engagements_is_invoiced_and_their_invoices_sum_to_around_the_budget(frames):
    e, inv = frames["engagements"], frames["invoices"]
    priced = e[e["pricing_model"] != "time_and_materials"]
    assert set(e["pricing_model"]) == {"time_and_materials", "fixed_fee", "milestone"}
    assert 0.15 <= len(priced) / len(e) <= 0.25
    assert set(inv["engagement_id"]) <= set(priced["engagement_id"])  # no invoices of time-and-materials work
    assert (inv["amount"] > 0).all() and set(inv["currency"]) == {"USD"}
    # a finished engagement's invoices add up to around its budget
    done = priced[priced["status"] == "completed"].set_index("engagement_id")
    total = inv.groupby("engagement_id")["amount"].sum().reindex(done.index).fillna(0)
    ratio = total / done["budget"]
    assert len(done) >= 3 and ratio.between(0.7, 1.3).mean() >= 0.8, ratio.to_dict()
    # invoices are dated by the data's end, and the vendor is the engagement's
    assert inv["invoice_date"].max() <= frames["timesheets"]["week_start"].max() + pd.Timedelta(days=6)
    vendors = inv.merge(e[["engagement_id", "vendor"]], on="engagement_id", suffixes=("", "_e"))
    assert (vendors["vendor"] == vendors["vendor_e"]).all()
