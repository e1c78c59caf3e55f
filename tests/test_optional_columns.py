"""Columns a core table gains later, with a default (issue 16: engagements.pricing_model): files and
workspaces from before the column load and open unchanged and read the default; a bad value is named
in the validation report; the values exports use map through the synonyms."""

from __future__ import annotations

import duckdb
import pytest

from analytics.ingest import upload
from analytics.store import schema, snapshot
from analytics.store.db import Workspace
from harness.workspaces import contents
from tests import tiny

ENG_HEADER = ",".join(tiny.ENGAGEMENT_COLUMNS)
ENG5 = "ENG5,Payroll SOW,Engineering,Acme,2024-01-01,2024-03-31,2024-01-02,,90000,active,"


def _spec(text: str, mode: str = "append", name: str = "engagements.csv") -> upload.FileSpec:
    return upload.FileSpec(name, text.encode(), "engagements", mode)


def _pricing(ws: Workspace) -> dict[str, str]:
    rows = ws.sql("SELECT engagement_id, pricing_model FROM engagements ORDER BY 1")
    return dict(zip(rows["engagement_id"], rows["pricing_model"], strict=True))


def _old_workspace(tmp_path) -> tuple[object, dict]:
    """A workspace file as a version before pricing_model wrote it: the tiny organisation, without the
    column (dropped, so every other table and the derived facts are exactly what they were)."""
    ws = tiny.build_workspace(tmp_path)
    before = contents(ws, version=False)
    ws.con.execute("ALTER TABLE engagements DROP COLUMN pricing_model")
    path = ws.path
    ws.close()
    con = duckdb.connect(str(path))
    cols = [r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'engagements'").fetchall()]
    con.close()
    assert "pricing_model" not in cols
    return path, before


def test_the_column_is_declared_with_its_default_at_the_end_of_its_table():
    col = schema.ENGAGEMENTS.column("pricing_model")
    assert (col.allowed, col.default, col.required) == (("time_and_materials", "fixed_fee", "milestone"),
                                                        "time_and_materials", False)
    assert schema.ENGAGEMENTS.column_names[-1] == "pricing_model"
    d = schema.data_dictionary("engagements").set_index("column")
    assert d.loc["pricing_model", "allowed values / range"] == (
        "one of: time_and_materials, fixed_fee, milestone; empty or no such column: time_and_materials")


def test_an_old_workspace_is_migrated_on_open_with_the_default(tmp_path):
    path, before = _old_workspace(tmp_path)
    ws = Workspace(path, lock_down=False, load_sample=False)
    try:
        assert ws.migrated == ["engagements.pricing_model"]
        assert _pricing(ws) == dict.fromkeys(["ENG1", "ENG2", "ENG3", "ENG4"], "time_and_materials")
        # the rows are the rows they were; only the new column was added
        after = contents(ws, version=False)
        assert {t: after[t][0] for t in after} == {t: before[t][0] for t in before}
        assert ws.sql("SELECT count(*) AS n FROM engagements WHERE pricing_model IS NULL")["n"].iloc[0] == 0
    finally:
        ws.close()
    again = Workspace(path, lock_down=False, load_sample=False)  # opened again: nothing left to migrate
    try:
        assert again.migrated == []
    finally:
        again.close()


def test_an_old_workspace_file_publishes_a_snapshot_with_the_column(tmp_path):
    path, _ = _old_workspace(tmp_path)
    version = snapshot.publish_workspace(path, tmp_path / "snap")
    got = duckdb.sql(f"SELECT engagement_id, pricing_model FROM read_parquet('{version}/tables/engagements/*.parquet') "
                     "ORDER BY 1").fetchall()
    assert got == [(e, "time_and_materials") for e in ("ENG1", "ENG2", "ENG3", "ENG4")]


def test_files_without_the_column_load_with_the_default(tmp_path):
    # tiny's CSVs are written from its own column lists: engagements.csv has no pricing_model
    folder = tiny.write_csvs(tmp_path / "csv")
    assert "pricing_model" not in (folder / "engagements.csv").read_text().splitlines()[0]
    ws = Workspace(tmp_path / "w.duckdb", lock_down=False, load_sample=False)
    try:
        ws.load_csv_dir(folder)
        assert set(_pricing(ws).values()) == {"time_and_materials"}
    finally:
        ws.close()
    # the snapshot builder reads the same folder by its headers, and Parquet without the column too
    pq = tmp_path / "pq"
    pq.mkdir()
    for name in schema.CORE_TABLES:
        duckdb.sql(f"COPY (SELECT * FROM read_csv('{folder / (name + '.csv')}', header = true)) "
                   f"TO '{pq / (name + '.parquet')}' (FORMAT parquet)")
    for source in (folder, pq):
        version = snapshot.build(source, tmp_path / f"snap_{source.name}")
        got = duckdb.sql(f"SELECT DISTINCT pricing_model FROM read_parquet('{version}/tables/engagements/*.parquet')")
        assert got.fetchall() == [("time_and_materials",)]


def test_an_upload_without_the_column_gets_the_default_and_one_with_it_maps_synonyms(tmp_path):
    ws = tiny.build_workspace(tmp_path)
    try:
        upload.load(ws, [_spec(f"{ENG_HEADER}\n{ENG5}\n")])
        assert _pricing(ws)["ENG5"] == "time_and_materials"
        text = (f"{ENG_HEADER},Pricing Model\n"
                "ENG6,Portal SOW,Engineering,Acme,2024-01-01,2024-03-31,,,50000,planned,,Fixed price\n"
                "ENG7,CRM phases,Engineering,Acme,2024-01-01,2024-06-30,,,80000,planned,,Milestone\n"
                "ENG8,Helpdesk,Infrastructure,Acme,2024-01-01,2024-06-30,,,20000,planned,,T&M\n"
                "ENG9,Cabling,Infrastructure,Acme,2024-01-01,2024-06-30,,,10000,planned,,\n")
        upload.load(ws, [_spec(text)])
        got = _pricing(ws)
        assert [got[e] for e in ("ENG6", "ENG7", "ENG8", "ENG9")] == [
            "fixed_fee", "milestone", "time_and_materials", "time_and_materials"]
    finally:
        ws.close()


def test_an_update_by_key_from_a_file_without_the_column_keeps_each_pricing_model(tmp_path):
    ws = tiny.build_workspace(tmp_path)
    try:
        upload.load(ws, [_spec(f"{ENG_HEADER},pricing_model\n{ENG5},fixed_fee\n")])
        renamed = ENG5.replace("Payroll SOW", "Payroll SOW (renamed)")
        new = "ENG6,Portal,Engineering,Acme,2024-01-01,2024-03-31,,,50000,planned,"
        result = upload.load(ws, [_spec(f"{ENG_HEADER}\n{renamed}\n{new}\n", mode="upsert")])
        assert result.changes["engagements"][:2] == (1, 1)  # ENG6 added, ENG5 changed (its name)
        got = ws.sql("SELECT engagement_id, name, pricing_model FROM engagements WHERE engagement_id IN ('ENG5', 'ENG6') "
                     "ORDER BY 1").values.tolist()
        assert got == [["ENG5", "Payroll SOW (renamed)", "fixed_fee"], ["ENG6", "Portal", "time_and_materials"]]
    finally:
        ws.close()


def test_a_bad_pricing_model_is_named_in_the_report_and_nothing_is_loaded(tmp_path):
    ws = tiny.build_workspace(tmp_path)
    try:
        before = contents(ws)
        text = (f"{ENG_HEADER},pricing_model\n{ENG5},fixed_fee\n"
                "ENG6,Portal SOW,Engineering,Acme,2024-01-01,2024-03-31,,,50000,planned,,Retainer\n")
        with pytest.raises(upload.ValidationFailed) as failed:
            upload.load(ws, [_spec(text, name="sows.csv")])
        rows = failed.value.report.rows
        assert rows[["file", "line", "column", "value", "problem"]].values.tolist() == [
            ["sows.csv", 3, "pricing_model", "Retainer", "not one of: time_and_materials, fixed_fee, milestone"]]
        assert contents(ws) == before  # all or nothing: ENG5's good row did not land either
    finally:
        ws.close()


def test_the_upload_preview_offers_the_column_to_map(tmp_path):
    assert upload.suggest_mapping("engagements", [*tiny.ENGAGEMENT_COLUMNS, "Contract Type"])["pricing_model"] == (
        "Contract Type")
