import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import tiny  # noqa: E402


@pytest.fixture
def tiny_ws(tmp_path):
    ws = tiny.build_workspace(tmp_path)
    yield ws
    ws.close()
