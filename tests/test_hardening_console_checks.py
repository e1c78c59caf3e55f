"""The console's own checks (issue 18, item 3 and the deep-expression part of item 10): a file
path or catalog view disguised as a CTE name declared in a subquery, table functions that call
other functions by name, and brackets nested hundreds deep are refused with a plain message,
while ordinary CTEs and row-making table functions keep working."""

from __future__ import annotations

import pytest

from analytics.console import query as sc
from analytics.store.staging import UPLOAD_DIR


@pytest.fixture(scope="module")
def ws(locked_tiny_ws_module):
    return locked_tiny_ws_module


@pytest.fixture
def staged_secret():
    """Another user's file while they are only checking it: an unmapped SSN column."""
    UPLOAD_DIR.mkdir(parents=True, exist_ok=True)
    secret = UPLOAD_DIR / "hardening_someone_elses_roster.csv"
    secret.write_text("worker_id,ssn\nW1,123-45-6789\n")
    yield secret
    secret.unlink(missing_ok=True)


def test_a_file_path_hidden_as_a_cte_name_in_a_subquery_is_refused(ws, staged_secret):
    p = str(staged_secret)
    for sql in (
        f"SELECT * FROM '{p}', (WITH \"{p}\" AS (SELECT 1) SELECT 1) s",
        f"SELECT * FROM \"{p}\" WHERE EXISTS (WITH \"{p}\" AS (SELECT 1) SELECT 1)",
        f"SELECT (WITH \"{p}\" AS (SELECT 1 AS x) SELECT x FROM \"{p}\") AS y, * FROM \"{p}\"",
    ):
        with pytest.raises(sc.SqlRefused, match="Reading files is not allowed in the console"):
            sc.run_query(ws, sql)


@pytest.mark.parametrize("view", ["pg_settings", "duckdb_databases", "duckdb_settings", "information_schema.tables"])
def test_catalog_views_are_refused_even_behind_a_cte_of_the_same_name(ws, view):
    bare = view.split(".")[-1]
    with pytest.raises(sc.SqlRefused, match="There is no table named"):
        sc.run_query(ws, f"SELECT * FROM {view}, (WITH {bare} AS (SELECT 1) SELECT 1) s")


def test_a_named_catalog_is_refused(ws):
    with pytest.raises(sc.SqlRefused, match="There is no table named 'system.main.duckdb_settings'"):
        sc.run_query(ws, "SELECT * FROM system.main.duckdb_settings")


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM destroy_external_resource('query', 'SELECT 1')",
        "SELECT * FROM create_external_resource('query', 'x')",
        "SELECT * FROM histogram('workers', role)",
        "SELECT * FROM summary('workers')",
        "SELECT * FROM workers, read_duckdb('/tmp/x.duckdb')",
    ],
)
def test_table_functions_outside_the_allow_list_are_refused(ws, sql):
    name = sql.split("FROM ")[1].split("(")[0].split(", ")[-1]
    with pytest.raises(sc.SqlRefused, match=rf"The function {name}\(\) is not available in the console"):
        sc.run_query(ws, sql)


def test_ordinary_ctes_and_row_making_table_functions_still_run(ws):
    # tests/tiny.py: E1, E2 employees; C1, C2 contractors
    assert sc.run_query(ws, "WITH w AS (SELECT * FROM workers) SELECT count(*) AS n FROM w").frame["n"].tolist() == [4]
    r = sc.run_query(ws, "SELECT * FROM (WITH c AS (SELECT 1 AS x) SELECT x FROM c) AS s")
    assert r.frame["x"].tolist() == [1]
    # 0 + 1 + 2 + 3 + 4
    assert sc.run_query(ws, "SELECT sum(range) AS s FROM range(5)").frame["s"].tolist() == [10]
    assert sc.run_query(ws, "SELECT count(*) AS n FROM unnest([1, 2, 3])").frame["n"].tolist() == [3]


def test_an_expression_nested_500_deep_is_refused_plainly(ws):
    with pytest.raises(sc.SqlRefused, match="nests brackets more than 100 levels deep"):
        sc.run_query(ws, "SELECT " + "abs(" * 500 + "-1" + ")" * 500 + " AS x")
    # 90 deep is fine, and brackets inside a string literal do not count
    assert sc.run_query(ws, "SELECT " + "abs(" * 90 + "-1" + ")" * 90 + " AS x").frame["x"].tolist() == [1]
    assert sc.run_query(ws, "SELECT '" + "(" * 500 + "' AS s").frame["s"].tolist() == ["(" * 500]
