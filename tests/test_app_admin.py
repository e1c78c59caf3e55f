"""The Admin page in local mode (the local user is the admin): the organisation's default cost
assumptions, set from the sidebar, start every new session and go into the audit trail."""

from streamlit.testing.v1 import AppTest

from analytics import cache
from analytics.access import audit
from tests.conftest import ROOT


def _fresh_session() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    return at


def test_an_admin_makes_the_sidebars_assumptions_everyones_default(app):
    at = app("tiny", page="pages/admin.py")
    assert not at.exception
    assert "Local mode: no sign-in" in [c.value for c in at.sidebar.caption]
    save = at.button(key="admin_save_defaults")
    assert save.disabled  # the sidebar is at the defaults: nothing to save
    at.sidebar.number_input(key="a_benefits_load").set_value(25.0).run()
    at.sidebar.number_input(key="a_recruiting_cost").set_value(6000.0).run()
    at.button(key="admin_save_defaults").click().run()
    assert not at.exception
    assert at.success[0].value == ("New defaults for everyone: benefits_load: 0.19 → 0.25; "
                                   "recruiting_cost: 4700 → 6000.")

    # a new session starts from the new defaults, says it is at the defaults, and costs use them
    other = _fresh_session()
    assert other.sidebar.number_input(key="a_benefits_load").value == 25.0
    assert other.sidebar.number_input(key="a_recruiting_cost").value == 6000.0
    assert any("All at defaults." in c.value for c in other.sidebar.caption)
    # salary multiplier 1 + 0.25 + 0.083 = 1.333
    assert any("Salary multiplier 1.333" in c.value for c in other.sidebar.caption)

    trail = audit.events(cache.workspace(), actions=("assumptions",))
    assert trail[["user_email", "role", "details"]].values.tolist() == [
        ["local user", "admin", "benefits_load: 0.19 → 0.25; recruiting_cost: 4700 → 6000"]]

    at.button(key="admin_restore_defaults").click().run()
    assert at.success[0].value.startswith("The published defaults are back: benefits_load: 0.25 → 0.19")
    assert _fresh_session().sidebar.number_input(key="a_benefits_load").value == 19.0
    assert len(audit.events(cache.workspace(), actions=("assumptions",))) == 2
