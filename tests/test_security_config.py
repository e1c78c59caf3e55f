"""Hardened configuration: .streamlit/config.toml holds Streamlit's security settings, the
server really runs with them, and the workspace file is owner-only after every write."""

from __future__ import annotations

import stat
import tomllib

from analytics.ingest import upload
from analytics.store.db import Workspace
from tests import tiny
from tests.conftest import ROOT

CONFIG = ROOT / ".streamlit" / "config.toml"


def _config() -> dict:
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))


def test_config_has_the_hardened_values():
    c = _config()
    server, client = c["server"], c["client"]
    assert server["enableXsrfProtection"] is True  # forged cross-site uploads are refused
    assert server["enableCORS"] is True  # only same-origin pages may call the server
    assert server["enableStaticServing"] is False  # no files served from ./static
    assert server["enableAgentApi"] is False  # no second, non-browser way in
    assert server["fileWatcherType"] == "none" and server["runOnSave"] is False
    assert 0 < server["maxUploadSize"] <= 200
    assert client["showErrorDetails"] == "none"  # viewers never see tracebacks or source
    assert client["toolbarMode"] == "viewer"  # no developer menu (rerun, clear cache, settings)
    assert client["showErrorLinks"] is False
    assert c["browser"]["gatherUsageStats"] is False
    assert c["runner"]["magicEnabled"] is False


def test_streamlit_reads_the_hardened_values():
    """Streamlit itself parses the file to these values (a typo'd key would be ignored)."""
    import os

    from streamlit import config as st_config

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        st_config._config_options = None
        st_config.get_config_options(force_reparse=True)
        assert st_config.get_option("server.enableXsrfProtection") is True
        assert st_config.get_option("server.enableCORS") is True
        assert st_config.get_option("server.enableStaticServing") is False
        assert st_config.get_option("server.enableAgentApi") is False
        assert st_config.get_option("client.showErrorDetails") == "none"
        assert st_config.get_option("client.toolbarMode") == "viewer"
        assert st_config.get_option("server.fileWatcherType") == "none"
    finally:
        os.chdir(cwd)
        st_config.get_config_options(force_reparse=True)


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_workspace_file_is_owner_only_after_create_and_after_an_upload(tmp_path):
    db = tmp_path / "ws.duckdb"
    ws = Workspace(db, lock_down=False, load_sample=False)
    ws.load_csv_dir(tiny.write_csvs(tmp_path / "csv"))
    assert _mode(db) == 0o600
    ws.close()
    db.chmod(0o644)  # e.g. copied in by hand with a permissive umask
    ws = Workspace(db, lock_down=True, load_sample=False)
    assert _mode(db) == 0o600
    data = (tmp_path / "csv" / "time_off.csv").read_bytes()
    upload.load(ws, [upload.FileSpec("time_off.csv", data, "time_off", "replace")])
    ws.con.execute("CHECKPOINT")
    assert _mode(db) == 0o600
    ws.close()


def test_wal_and_staged_uploads_are_owner_only_even_with_a_permissive_umask(tmp_path):
    """The WAL holds the latest writes (pay included) and staged uploads hold whole rosters: with
    the common umask 022 they used to be created world-readable (0644)."""
    import os

    old = os.umask(0o022)
    try:
        ws = tiny.build_workspace(tmp_path)
        ws.con.execute("CREATE TABLE scratch AS SELECT 1 AS x")  # leaves a WAL until checkpoint
        wal = tmp_path / "tiny.duckdb.wal"
        assert wal.exists() and _mode(wal) == 0o600
        with upload.staged(b"a,b\n1,2\n", "utf-8") as (path, _):
            assert _mode(path) == 0o600
        ws.close()
    finally:
        os.umask(old)
