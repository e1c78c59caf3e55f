"""The roles file and who gets which role: hand-worked cases of analytics/access/policy.py."""

import pytest

from analytics.access.policy import (
    LOCAL,
    Access,
    RolesFileError,
    load_roles,
    parse_roles,
    resolve,
    roles_file,
    who_has_which_role,
)

ROLES = """
admins = ["ops@example.com", "it@example.com"]

[emails]
"Ana@Example.com" = { role = "admin" }
"lee@example.com" = { role = "hr", departments = ["Engineering"] }

[groups]
"staffing-analysts" = { role = "analyst" }
"staffing-hr" = { role = "hr", departments = ["Finance", "Sales"] }

[domains]
"example.com" = { role = "executive" }
"@partner.org" = { role = "hr" }
"""


@pytest.fixture
def config():
    return parse_roles(ROLES, "roles.toml")


def test_an_exact_email_beats_the_domain_and_is_matched_without_case(config):
    a = resolve(config, {"email": "ana@EXAMPLE.com"})
    assert (a.user, a.role, a.departments, a.matched) == ("ana@example.com", "admin", (), "email ana@example.com")


def test_an_email_entry_keeps_its_departments_even_when_a_group_matches_too(config):
    a = resolve(config, {"email": "lee@example.com", "groups": ["staffing-analysts"]})
    assert (a.role, a.departments, a.matched) == ("hr", ("Engineering",), "email lee@example.com")


def test_a_group_beats_the_domain(config):
    a = resolve(config, {"email": "kim@example.com", "groups": ["other", "staffing-hr"]})
    assert (a.role, a.departments, a.matched) == ("hr", ("Finance", "Sales"), "group staffing-hr")


def test_among_several_groups_the_first_in_the_file_wins(config):
    a = resolve(config, {"email": "kim@example.com", "groups": ["staffing-hr", "staffing-analysts"]})
    assert (a.role, a.matched) == ("analyst", "group staffing-analysts")


def test_a_single_group_given_as_a_string_matches(config):
    assert resolve(config, {"email": "x@nowhere.net", "groups": "staffing-analysts"}).role == "analyst"


def test_the_domain_is_the_fallback_and_a_leading_at_sign_is_allowed(config):
    assert resolve(config, {"email": "kim@example.com"}).matched == "domain example.com"
    assert resolve(config, {"email": "pat@partner.org"}).role == "hr"


def test_a_subdomain_is_not_the_domain(config):
    assert resolve(config, {"email": "kim@mail.example.com"}) is None


def test_an_unlisted_user_gets_nothing(config):
    assert resolve(config, {"email": "eve@elsewhere.com", "groups": ["admins"]}) is None
    assert resolve(config, {"sub": "no-email"}) is None


def test_an_unverified_email_matches_no_email_or_domain_entry_but_groups_still_count(config):
    assert resolve(config, {"email": "ana@example.com", "email_verified": False}) is None
    a = resolve(config, {"email": "ana@example.com", "email_verified": False, "groups": ["staffing-hr"]})
    assert a.role == "hr"
    assert resolve(config, {"email": "ana@example.com", "email_verified": True}).role == "admin"


def test_a_custom_groups_claim():
    c = parse_roles('groups_claim = "roles"\n[groups]\n"x" = { role = "analyst" }\n')
    assert resolve(c, {"email": "a@b.c", "roles": ["x"]}).role == "analyst"
    assert resolve(c, {"email": "a@b.c", "groups": ["x"]}) is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('[emails]\n"a@b.c" = { role = "boss" }\n', ["roles.toml", 'emails."a@b.c"', "'boss'", "executive, hr, analyst, admin"]),
        ('[emails]\n"a@b.c" = { role = "hr", departments = "Finance" }\n', ["departments must be a list"]),
        ('[emails]\n"a@b.c" = "hr"\n', ['emails."a@b.c" must be a table']),
        ('[emails]\n"a@b.c" = { role = "hr", dept = ["x"] }\n', ["unknown keys dept"]),
        ('[emails\n"a@b.c" = 1\n', ["roles.toml is not valid TOML"]),
        ('admins = "ops@example.com"\n', ["admins must be a list"]),
        ('[users]\n"a@b.c" = { role = "hr" }\n', ["unknown settings users"]),
        ('emails = 3\n', ["[emails] must be a table"]),
    ],
)
def test_a_broken_roles_file_is_refused_with_the_file_and_entry_named(text, words):
    with pytest.raises(RolesFileError) as err:
        parse_roles(text, "roles.toml")
    for w in words:
        assert w in str(err.value)


def test_a_missing_roles_file_is_an_error_not_open_access(tmp_path):
    with pytest.raises(RolesFileError, match="does not exist"):
        load_roles(tmp_path / "roles.toml")


def test_the_roles_file_comes_from_the_environment(tmp_path, monkeypatch):
    path = tmp_path / "r.toml"
    path.write_text('[domains]\n"example.com" = { role = "analyst" }\n')
    monkeypatch.setenv("STAFFING_LENS_ROLES", str(path))
    assert roles_file() == path
    assert resolve(load_roles(), {"email": "a@example.com"}).role == "analyst"
    monkeypatch.delenv("STAFFING_LENS_ROLES")
    assert str(roles_file()) == ".streamlit/roles.toml"


@pytest.mark.parametrize(
    ("access", "pages"),
    [
        (Access("e", "executive"), {"overview", "costs", "break_even", "utilization", "duration", "plan"}),
        (Access("h", "hr"), {"overview", "costs", "break_even", "utilization", "duration", "plan"}),
        (Access("a", "analyst"), {"overview", "costs", "break_even", "utilization", "duration", "plan", "data"}),
        (Access("a", "analyst", ("Finance",)), {"overview", "costs", "break_even", "utilization", "duration", "plan"}),
        (Access("d", "admin"), {"overview", "costs", "break_even", "utilization", "duration", "plan", "data", "admin"}),
        (Access("d", "admin", ("Finance",)), {"overview", "costs", "break_even", "utilization", "duration", "plan", "admin"}),
    ],
)
def test_which_pages_each_role_may_open(access, pages):
    every = {"overview", "costs", "break_even", "utilization", "duration", "plan", "data", "admin", "elsewhere"}
    assert {p for p in every if access.may_open(p)} == pages


def test_people_lists_reset_and_local_mode():
    assert not Access("e", "executive").people_lists
    assert Access("h", "hr").people_lists and not Access("h", "hr").may_reset
    assert not Access("a", "analyst").may_reset and Access("d", "admin").may_reset
    assert not Access("d", "admin", ("Finance",)).may_reset  # no Data page for a department-limited admin
    assert (LOCAL.role, LOCAL.departments, LOCAL.may_open("data"), LOCAL.may_open("admin")) == ("admin", (), True, True)


def test_who_has_which_role_lists_every_entry(config):
    rows = who_has_which_role(config)
    assert rows[:2] == [
        {"kind": "email", "name": "ana@example.com", "role": "admin", "departments": "all departments"},
        {"kind": "email", "name": "lee@example.com", "role": "hr", "departments": "Engineering"},
    ]
    assert [(r["kind"], r["name"]) for r in rows[2:]] == [
        ("group", "staffing-analysts"), ("group", "staffing-hr"), ("domain", "example.com"), ("domain", "partner.org")]


# -- the department limit, forced in analytics/filters.Filters on a real workspace --------------------
def test_a_department_scope_limits_every_query_and_cannot_be_widened(tiny_ws):
    from datetime import date

    from analytics.metrics import horizon
    from analytics.metrics.filters import Filters

    def names(f):
        return sorted(horizon.people_as_of(tiny_ws, f, date(2024, 1, 31))["full_name"])

    jan = (date(2024, 1, 1), date(2024, 1, 31))
    assert names(Filters(*jan)) == ["Ada Employee", "Bo Employee", "Cy Contractor", "Di Contractor"]
    eng = Filters(*jan, scope=("Engineering",))
    assert names(eng) == ["Ada Employee", "Cy Contractor"]
    # choosing another department (a hand-edited link) does not widen it: the choice is dropped
    assert Filters(*jan, departments=("Infrastructure",), scope=("Engineering",)).departments == ()
    assert names(Filters(*jan, departments=("Infrastructure",), scope=("Engineering",))) == ["Ada Employee", "Cy Contractor"]
    # a choice inside the scope narrows it; clearing the choice keeps the scope
    two = Filters(*jan, departments=("Engineering",), scope=("Engineering", "Infrastructure"))
    assert names(two) == ["Ada Employee", "Cy Contractor"]
    from dataclasses import replace
    assert names(replace(two, departments=())) == ["Ada Employee", "Cy Contractor", "Di Contractor"]
