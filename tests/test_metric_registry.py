"""The metric registry is the one source of a metric's words: every tile a dashboard page shows
carries a declared label and the declared definition as its tooltip, and the README's metric
definitions are generated from it."""

import pytest

from analytics import readme
from analytics.metrics import registry

DASHBOARD_PAGES = [
    "pages/overview.py",
    "pages/costs.py",
    "pages/break_even.py",
    "pages/utilization.py",
    "pages/duration.py",
    "pages/plan.py",
]


def test_labels_with_placeholders_match_filled_in_text():
    m = registry.metric("median_tenure")
    assert m.label_pattern().match("Employees: median tenure (Kaplan–Meier)")
    assert not m.label_pattern().match("Employees: median tenure")
    assert registry.is_declared_label("Total spend")
    assert not registry.is_declared_label("Total spend!")
    assert not registry.is_declared_label("Engagements in progress")  # the old, misleading label
    with pytest.raises(KeyError, match="no metric 'nope'"):
        registry.metric("nope")


def test_every_metric_has_a_known_format_and_a_one_line_definition():
    for m in registry.METRICS.values():
        assert m.format in registry.FORMATS, m.name
        assert m.definition and "\n" not in m.definition, m.name
    assert len({m.label for m in registry.METRICS.values()}) == len(registry.METRICS)  # one label, one metric


def test_readme_metric_definitions_are_the_registrys_word_for_word():
    text = readme.README.read_text(encoding="utf-8")
    assert readme.render(text) == text, "run `python -m analytics.readme` to regenerate the README"
    for m in registry.METRICS.values():
        assert f"- **{m.heading}**: {m.definition}" in text


@pytest.mark.parametrize("data", ["tiny", "sample"])
def test_every_tile_on_the_dashboard_pages_is_a_declared_metric(app, data, min_group):
    min_group(1)
    at = app(data)
    seen = 0
    for page in DASHBOARD_PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        for tile in at.metric:
            assert registry.is_declared_label(tile.label), f"{page}: tile {tile.label!r} is not in the metric registry"
            declared = next(m for m in registry.METRICS.values() if m.label_pattern().match(tile.label))
            assert tile.proto.help.startswith(declared.tooltip), f"{page}: {tile.label!r} has its own tooltip"
            seen += 1
    assert seen >= 25  # the five pages' tiles were all looked at


def test_table_columns_of_declared_metrics_carry_the_registrys_label_into_the_download(app, files, min_group):
    import io

    import pandas as pd

    min_group(1)
    app("tiny", page="pages/costs.py")
    [name] = [n for n in files if n.startswith("staffing_lens_costs") and n.endswith(".csv")]
    header = list(pd.read_csv(io.BytesIO(files[name]())).columns)
    for metric in ("group_spend", "group_cost_per_productive_hour", "group_cost_per_billable_hour"):
        assert registry.label(metric) in header, (metric, header)
