"""The layers import one way (shared/ENGINEERING.md): analytics/ is Streamlit-free except its cache
module and never reaches up into ui/ or pages/; ui/ never imports a page; charts take DataFrames and
never touch the workspace; the sample generator is a tool the runtime package does not import."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at any depth (function-level imports included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


def files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def _top(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


@pytest.mark.parametrize("path", files("analytics"), ids=lambda p: str(p.relative_to(ROOT)))
def test_analytics_imports_no_streamlit_and_nothing_above_it(path):
    tops = _top(imported_modules(path))
    if path.name != "cache.py" or path.parent.name != "analytics":
        assert "streamlit" not in tops, f"{path.relative_to(ROOT)} imports streamlit (only analytics/cache.py may)"
    assert not tops & {"ui", "pages", "tests", "bench"}, f"{path.relative_to(ROOT)} imports {tops & {'ui', 'pages', 'tests', 'bench'}}"
    if path != ROOT / "analytics" / "sample_data.py":  # the command-line entry of the generator
        assert "samplegen" not in tops, f"{path.relative_to(ROOT)} imports the sample generator"


@pytest.mark.parametrize("path", files("analytics/charts"), ids=lambda p: str(p.relative_to(ROOT)))
def test_charts_draw_dataframes_and_never_touch_the_workspace(path):
    # the schema's constants (names of review attributes, …) and the reporting currency are data, above every layer
    allowed = ("analytics.charts", "analytics.store.schema", "analytics.export.currencies")
    mods = imported_modules(path)
    assert not {m for m in mods if m.startswith("analytics") and not m.startswith(allowed)}, mods


@pytest.mark.parametrize("path", files("ui"), ids=lambda p: str(p.relative_to(ROOT)))
def test_ui_helpers_never_import_a_page(path):
    assert "pages" not in _top(imported_modules(path))


@pytest.mark.parametrize("path", files("samplegen"), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_sample_generator_needs_no_app(path):
    assert not _top(imported_modules(path)) & {"streamlit", "ui", "pages"}


@pytest.mark.parametrize("path", files("bench") + files("harness"), ids=lambda p: str(p.relative_to(ROOT)))
def test_bench_and_the_harness_never_import_tests(path):
    """What tests and bench both need lives in harness/; bench never borrows from tests/."""
    assert "tests" not in _top(imported_modules(path))


@pytest.mark.parametrize("path", files("harness"), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_harness_never_imports_bench(path):
    assert "bench" not in _top(imported_modules(path))


def test_one_copy_of_the_navigation_workaround():
    """The flag st.navigation clears is cleared in one place (ui/state.py); tests and bench reach it
    through harness/apptest.py."""
    setting = [p.relative_to(ROOT) for folder in ("analytics", "ui", "pages", "tests", "bench", "harness")
               for p in files(folder) if "uses_pages_directory = False" in p.read_text(encoding="utf-8")
               and p.name != "test_layers.py"]
    assert setting == [Path("ui/state.py")]


def test_the_checks_see_a_violation():
    # the reader finds imports at any depth, so a lazy `import streamlit` inside a function is caught
    src = ROOT / "analytics" / "cache.py"
    assert "streamlit" in _top(imported_modules(src))


# analytics/'s sub-packages, lowest first: each may import only those before it (and itself). The
# command-line modules and cache.py at the top of analytics/ sit above them all.
PACKAGES = ["export", "store", "ingest", "metrics", "access", "plan", "console", "charts", "report"]


def _package(path: Path) -> str | None:
    parts = path.relative_to(ROOT / "analytics").parts
    return parts[0] if len(parts) > 1 else None


@pytest.mark.parametrize("path", [p for p in files("analytics") if _package(p)], ids=lambda p: str(p.relative_to(ROOT)))
def test_sub_packages_import_only_the_ones_below(path):
    own = PACKAGES.index(_package(path))
    reached = {m.split(".")[1] for m in imported_modules(path) if m.startswith("analytics.")}
    above = {p for p in reached if p != _package(path) and (p not in PACKAGES or PACKAGES.index(p) > own)}
    assert not above, f"{path.relative_to(ROOT)} reaches up into analytics.{sorted(above)}"


def test_every_module_says_what_it_is_for():
    """The first line of every module is its docstring (a comment for the few scripts that are not modules)."""
    missing = [str(p.relative_to(ROOT)) for folder in ("analytics", "ui", "pages", "tests", "bench", "harness", "samplegen")
               for p in files(folder) if not p.read_text(encoding="utf-8").startswith(('"""', "#"))]
    missing += [name for name in ("app.py",) if not (ROOT / name).read_text(encoding="utf-8").startswith('"""')]
    assert not missing, missing


@pytest.mark.parametrize("path", files("tests"), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_test_module_borrows_from_another(path):
    """Helpers and hand-worked figures shared by tests live in helper modules (tests/apptools.py,
    tests/tiny.py, tests/browser/conftest.py, harness/, …), never in another test file."""
    borrowed = {m for m in imported_modules(path) if m.split(".")[-1].startswith("test_")
                or any(part.startswith("test_") for part in m.split(".")[1:-1])}
    assert not {m for m in borrowed if m.startswith("tests.")}, borrowed
