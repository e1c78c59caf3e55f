"""A chart with nothing to draw is replaced by one line saying why, never drawn with empty axes;
"suppressed" is said only of groups of 1 … min-group − 1 people, and nobody reads "no one"."""

from tests.plotly_traces import charts


def infos(at) -> list[str]:
    return [i.value for i in at.info]


def test_costs_when_every_group_is_too_small_says_so_instead_of_empty_charts(app, min_group):
    # tiny: 2 employees and 2 contractors, all under the default minimum of 5
    min_group(5)
    at = app("tiny", page="pages/costs.py")
    assert not at.exception
    assert any(i.startswith("Every month's spend is withheld here: suppressed (< 5 people)") for i in infos(at))
    assert any(i.startswith("Every department's spend is withheld") for i in infos(at))
    assert any(i.startswith("No role's cost per hour can be shown") for i in infos(at))
    # what is drawn has numbers in it: no chart without a value
    for traces in charts(at):
        assert any(v is not None for t in traces for v in t.get("x", []) + t.get("y", [])), traces
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Employee spend"] == "suppressed (< 5 people)"


def test_utilization_of_only_non_billable_roles_has_no_billable_trend_to_draw(app, min_group):
    min_group(1)
    at = app("sample", page="pages/utilization.py", query={"role": "Computer User Support Specialist"})
    assert not at.exception
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Billable utilization"] == "—"  # support never bills: nothing to measure against a target
    assert tiles["Allocation"] != "—"  # but their logged hours still count
    assert "No one in a billable role matches the filters, so there is no billable utilization to draw." in infos(at)
    assert tiles["Bench (free to staff)"] == "0" and tiles["Busy off-project"] == "0"
