"""Shared fixtures: a tiny hand-made workspace, and AppTest runs on a workspace of our choice."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness.apptest import fresh_streamlit_caches  # noqa: E402
from harness.workspaces import workspace_file  # noqa: E402
from tests import tiny  # noqa: E402

SAMPLE_DIR = ROOT / "data" / "sample"


@pytest.fixture(autouse=True, scope="session")
def _apptest_knows_app_uses_st_navigation():
    """AppTest runs app.py as the server does (harness/apptest.py says why this is needed)."""
    from harness.apptest import uses_st_navigation

    with uses_st_navigation():
        yield


@pytest.fixture
def tiny_ws(tmp_path):
    """A real DuckDB workspace file holding tests/tiny.py's organisation."""
    ws = tiny.build_workspace(tmp_path)
    yield ws
    ws.close()


@pytest.fixture
def app(tmp_path, monkeypatch):
    """Factory: app("tiny" | "sample" | a folder of CSVs) → an AppTest of app.py that has run
    once on a fresh workspace file built from those CSVs (STAFFING_LENS_DB points at it)."""
    from streamlit.testing.v1 import AppTest

    def make(data: str | Path = "tiny", page: str | None = None, query: dict | None = None):
        if data == "tiny":
            folder = tiny.write_csvs(tmp_path / "tiny_csv")
        elif data == "sample":
            folder = SAMPLE_DIR
        else:
            folder = Path(data)
        db = tmp_path / f"ws_{len(list(tmp_path.glob('ws_*.duckdb')))}.duckdb"
        workspace_file(db, folder)
        monkeypatch.setenv("STAFFING_LENS_DB", str(db))
        fresh_streamlit_caches()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        if query:
            for k, v in query.items():
                at.query_params[k] = v
        at.run()
        if page:
            at.switch_page(page)
            at.run()
        return at

    yield make
    fresh_streamlit_caches()


# -- long tables: a generated organisation and the files its download buttons build --------------
@pytest.fixture
def files(monkeypatch) -> dict:
    """file name → the callable that builds it, for every deferred download button drawn."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    made: dict = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, *args, **kwargs):
        made[kwargs.get("file_name")] = data_callable
        return original(self, data_callable, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return made


@pytest.fixture(scope="session")
def org_csvs(tmp_path_factory):
    """A generated organisation of 900 people over one year: hundreds on the bench and over-
    allocated, hundreds of cost groups (the sample has fewer than 100 of each)."""
    from samplegen import generate

    out = tmp_path_factory.mktemp("org900")
    generate(900, 1, 42, out, progress=False)
    return out


@pytest.fixture
def min_group(monkeypatch):
    """Set the privacy minimum (STAFFING_LENS_MIN_GROUP) for this test: `min_group(5)`. The one place
    tests change it; servers started by a test get harness.servers.SHOW_SMALL_GROUPS in their env."""

    def set_minimum(people: int) -> None:
        monkeypatch.setenv("STAFFING_LENS_MIN_GROUP", str(people))

    return set_minimum


@pytest.fixture
def show_small_groups(min_group):
    """Pay of groups of any size is shown (STAFFING_LENS_MIN_GROUP=1): the tiny organisations have
    2–4 people per group, under the default privacy minimum of 5. Use with
    `pytestmark = pytest.mark.usefixtures("show_small_groups")`."""
    min_group(1)


@pytest.fixture
def locked_tiny_ws(tmp_path):
    """tests/tiny.py's organisation in a workspace opened as the app opens it (locked down)."""
    from analytics.store.db import Workspace

    tiny.build_workspace(tmp_path).close()
    ws = Workspace(tmp_path / "tiny.duckdb", lock_down=True, load_sample=False)
    yield ws
    ws.close()


@pytest.fixture(scope="module")
def locked_tiny_ws_module(tmp_path_factory):
    """The same, shared by a module's tests (the console's, which only read)."""
    from analytics.store.db import Workspace

    folder = tmp_path_factory.mktemp("tiny_locked")
    tiny.build_workspace(folder).close()
    ws = Workspace(folder / "tiny.duckdb", lock_down=True, load_sample=False)
    yield ws
    ws.close()
