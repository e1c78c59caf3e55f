"""Explorer: the profiled data dictionary, chart data and pivot computed in DuckDB, checked by
hand on the tiny organisation (tests/tiny.py)."""

import pytest

from analytics.charts import explore as charts
from analytics.console import explore as ex
from analytics.ingest import upload


@pytest.fixture
def ws(tiny_ws):
    return tiny_ws


def test_tables_listed(ws):
    upload.load(ws, [upload.FileSpec("s.csv", b"region,revenue\nNorth,10\nSouth,5\nNorth,1\n", "adhoc:sales", "replace")])
    assert ex.tables(ws) == ["workers", "engagements", "timesheets", "time_off", "reviews", "demand",
                             "compensation", "invoices", "fx_rates", "worker_weeks", "worker_months", "engagement_hours", "adhoc.sales"]
    overview = ex.table_overview(ws)
    assert overview.set_index("table")["rows"].to_dict() == {
        "workers": 4, "engagements": 4, "timesheets": 25, "time_off": 1, "reviews": 4, "demand": 0, "compensation": 0, "invoices": 0,
        "fx_rates": 0, "adhoc.sales": 3}


def test_dictionary_of_a_workspace_table_has_rules_and_profile(ws):
    d = ex.data_dictionary(ws, "workers")
    assert d.columns.tolist()[:6] == ["column", "type", "empty", "distinct (approx.)", "min", "max"]
    assert d.attrs["rows"] == 4
    d = d.set_index("column")
    assert d.loc["worker_type", "allowed values / range"] == "one of: employee, contractor"
    assert d.loc["worker_id", "key"] == "yes"
    # end_date: only C1 has one (2024-01-19); vendor: empty for E1 and E2.
    assert d.loc["end_date", ["empty", "min", "max"]].tolist() == [3, "2024-01-19", "2024-01-19"]
    assert d.loc["vendor", "empty"] == 2
    assert d.loc["annual_salary", ["min", "max"]].tolist() == ["78000.0", "104000.0"]
    assert d.loc["role", "distinct (approx.)"] == 3


def test_default_x_is_a_small_category(ws):
    # 60 ids (too many to chart as bars) and 2 regions: the region is charted first.
    rows = "".join(f"{i},{'North' if i % 2 else 'South'}\n" for i in range(60))
    upload.load(ws, [upload.FileSpec("s.csv", ("id,region\n" + rows).encode(), "adhoc:sales", "replace")])
    assert ex.default_x(ex.data_dictionary(ws, "adhoc.sales")) == "region"
    # time_off has one row: nothing varies, so the first column.
    assert ex.default_x(ex.data_dictionary(ws, "time_off")) == "worker_id"


def test_dictionary_of_an_adhoc_table_infers_types(ws):
    upload.load(ws, [upload.FileSpec("s.csv", b"region,revenue,day\nNorth,10,2024-01-02\nSouth,,2024-01-05\n",
                                     "adhoc:sales", "replace")])
    d = ex.data_dictionary(ws, "adhoc.sales").set_index("column")
    assert d["type"].to_dict() == {"region": "VARCHAR", "revenue": "BIGINT", "day": "DATE"}
    assert d.loc["revenue", ["empty", "min", "max"]].tolist() == [1, "10", "10"]
    assert ex.data_dictionary(ws, "adhoc.sales").attrs["rows"] == 2


def test_bar_chart_sums_hours_per_worker_split_by_billable(ws):
    df, note = ex.chart_data(ws, "timesheets", "bar", "worker_id", "hours", "sum", "billable")
    got = {(r.x, r.colour): r.value for r in df.itertuples()}
    # From tests/tiny.py: E1 billable 126 / internal 26; E2 80 / 24; C1 124; C2 40 / 20.
    assert got == {("E1", "true"): 126, ("E1", "false"): 26, ("C1", "true"): 124, ("E2", "true"): 80,
                   ("E2", "false"): 24, ("C2", "true"): 40, ("C2", "false"): 20}
    assert df["x"].tolist()[0] == "E1" and note == ""  # largest total first


def test_line_chart_by_week_with_filter(ws):
    df, _ = ex.chart_data(ws, "timesheets", "line", "week_start", "hours", "sum",
                          filters=(ex.Filter("billable", "=", "true"),), grain="week")
    # Billable per week: 30+10+44 = 84; 32+20+10+40 = 102; 32+30+10+40 = 112; 32+30+10 = 72.
    assert df["value"].tolist() == [84, 102, 112, 72]
    df, _ = ex.chart_data(ws, "timesheets", "bar", "worker_id", None, "count",
                          filters=(ex.Filter("hours", "≥", "30"), ex.Filter("engagement_id", "is not empty")))
    # Rows of 30 h or more: E1 ×4 (30, 32, 32, 32), C1 ×3, E2 ×2 (30, 30).
    assert dict(zip(df["x"], df["value"], strict=True)) == {"E1": 4, "C1": 3, "E2": 2}


def test_scatter_and_figure(ws):
    df, _ = ex.chart_data(ws, "workers", "scatter", "weekly_capacity_hours", "hourly_rate", colour="worker_type")
    assert sorted(df.dropna()[["x", "y"]].values.tolist()) == [[20.0, 80.0], [40.0, 100.0]]
    fig = charts.builder_figure(df, "scatter", "weekly_capacity_hours", "hourly_rate", "worker_type", "hourly_rate")
    assert fig.layout.xaxis.title.text == "weekly_capacity_hours"
    assert fig.layout.yaxis.tickprefix == "$"  # a rate is money


def test_pivot_hours_by_worker_and_billable(ws):
    df, note = ex.pivot_table(ws, "timesheets", ("worker_id",), "billable", "hours", "sum")
    assert df.columns.tolist() == ["worker_id", "false", "true"]
    assert df.fillna(0).values.tolist() == [["C1", 0, 124.0], ["C2", 20.0, 40.0], ["E1", 26.0, 126.0], ["E2", 24.0, 80.0]]
    df, _ = ex.pivot_table(ws, "workers", ("worker_type",), None, "weekly_capacity_hours", "avg")
    # employees (40 + 40) / 2 = 40; contractors (40 + 20) / 2 = 30
    assert df.values.tolist() == [["contractor", 30.0], ["employee", 40.0]]
    assert df.columns.tolist() == ["worker_type", "average of weekly_capacity_hours"]


def test_user_choices_are_checked_against_the_catalog(ws):
    with pytest.raises(ex.ExploreError, match="no table named"):
        ex.chart_data(ws, "workers; DROP TABLE workers", "bar", "role")
    with pytest.raises(ex.ExploreError, match="exists in the table"):
        ex.chart_data(ws, "workers", "bar", 'role" FROM workers; --')
    with pytest.raises(ex.ExploreError, match="needs a numeric column"):
        ex.chart_data(ws, "workers", "bar", "department", "role", "sum")
    # Filter values are bound: a quote in a value is just text.
    df, _ = ex.chart_data(ws, "workers", "bar", "role", filters=(ex.Filter("full_name", "=", "x' OR '1'='1"),))
    assert df.empty
