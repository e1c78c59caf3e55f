"""AppTest of the Utilization page: values shown on the tiny organisation (worked out in
tests/test_utilization.py), widgets and global filters change them, and it runs on the full sample.
The Duration & delivery page's tests are in tests/test_app_duration.py."""

import pytest

from tests.apptools import frame_with, metrics

UTIL = "pages/utilization.py"


pytestmark = pytest.mark.usefixtures("show_small_groups")






def captions(at) -> str:
    return "\n".join(c.value for c in at.caption)


def test_utilization_page_values(app):
    at = app("tiny", page=UTIL)
    assert not at.exception
    m = metrics(at)
    # (126 + 80 + 124 + 40) / (152 + 104 + 120 + 80) = 370 / 456
    assert m["Billable utilization"] == "81.1%"
    # (152 + 104 + 124 + 60) / 456 = 440 / 456
    assert m["Allocation"] == "96.5%"
    assert m["Capacity"] == "456 h"
    assert m["Bench (free to staff)"] == "0"  # C2 is at exactly 50% on engagements (40 of 80 h)
    assert m["Busy off-project"] == "0"
    assert m["Over-allocated"] == "1"  # C1: 124 h against 120
    assert m["Employees: billable utilization"] == "80.5%"  # 206 / 256
    assert m["Contractors: billable utilization"] == "82.0%"  # 164 / 200
    over = frame_with(at, "weeks_over_capacity")
    assert list(over["full_name"]) == ["Cy Contractor"]
    assert over["engagement_names"].iloc[0] == "Data migration"
    assert "Rows 1–4 of 4." in captions(at)
    dept = frame_with(at, "department")
    assert dept.set_index("department").loc["Engineering", "utilization"] == pytest.approx(250 / 272)
    demand = frame_with(at, "booked_hours").set_index("role")
    assert demand.loc["Software Developer", "booked_hours"] == 250


def test_thresholds_change_the_lists(app):
    at = app("tiny", page=UTIL)
    at.number_input(key="util_bench").set_value(60.0).run()
    assert not at.exception
    # C2: 40 h on engagements < 60% × 80; 20 h free ≥ 20 h internal → bench
    assert metrics(at)["Bench (free to staff)"] == "1"
    bench = frame_with(at, "engagement_names")
    assert list(bench["full_name"]) == ["Di Contractor"]
    at.number_input(key="util_weeks").set_value(2).run()
    assert not at.exception
    # last 2 weeks: C1 logged 40 h against 40 → not over-allocated any more
    assert metrics(at)["Over-allocated"] == "0"


def test_busy_off_project_list(app):
    at = app("tiny", page=UTIL)
    at.number_input(key="util_bench").set_value(80.0).run()
    assert not at.exception
    m = metrics(at)
    # E2: 80 h on engagements < 80% × 104 = 83.2, 0 h free against 24 h internal → busy off-project;
    # C2: 40 < 64, 20 h free ≥ 20 h internal → bench
    assert (m["Bench (free to staff)"], m["Busy off-project"], m["Over-allocated"]) == ("1", "1", "1")
    labels = [t.label for t in at.tabs]
    assert labels == ["Bench (free to staff) · 1", "Busy off-project · 1", "Over-allocated · 1"]
    busy = next(t for t in at.tabs if t.label.startswith("Busy")).dataframe[0].value
    assert list(busy["full_name"]) == ["Bo Employee"]
    assert busy["engagement_hours"].iloc[0] == 80


def test_one_target_the_sidebar_assumption(app):
    at = app("tiny", page=UTIL)
    assert not [w for w in at.number_input if w.key == "util_target"]  # no second target widget
    at.sidebar.number_input(key="a_target_utilization").set_value(80.0).run()
    assert not at.exception
    tile = next(t for t in at.metric if t.label == "Billable utilization")
    assert tile.delta == "+1.1 pts vs target"  # 81.1% − 80%
    assert any("Target billable utilization: 80%" in md.value for md in at.markdown)


def test_non_billable_roles_setting(app):
    at = app("tiny", page=UTIL, query={"util_bench": "80"})
    roles = at.sidebar.multiselect(key="a_non_billable_roles")
    assert roles.value == []  # neither default role is in the tiny organisation
    roles.set_value(["Database Administrator"]).run()
    assert not at.exception
    m = metrics(at)
    # without E2: billable (126 + 124 + 40) / capacity (152 + 120 + 80) = 290 / 352
    assert m["Billable utilization"] == "82.4%"
    assert m["Allocation"] == "96.5%"  # everyone still: 440 / 456
    assert m["Employees: billable utilization"] == "82.9%"  # E1 alone: 126 / 152
    # E2 was busy off-project at 80%; a non-billable role is on neither list
    assert (m["Bench (free to staff)"], m["Busy off-project"]) == ("1", "0")
    assert "Database Administrator" in captions(at)
    at.sidebar.button(key="a_reset").click().run()
    assert not at.exception
    assert at.sidebar.multiselect(key="a_non_billable_roles").value == []
    assert metrics(at)["Billable utilization"] == "81.1%"


def test_thresholds_come_from_the_url(app):
    at = app("tiny", page=UTIL, query={"util_bench": "60"})
    assert not at.exception
    assert metrics(at)["Bench (free to staff)"] == "1"


def test_utilization_honours_global_filters(app):
    at = app("tiny", page=UTIL)
    at.sidebar.multiselect(key="department").set_value(["Engineering"]).run()
    assert not at.exception
    m = metrics(at)
    assert m["Billable utilization"] == "91.9%"  # (126 + 124) / (152 + 120)
    assert m["Capacity"] == "272 h"
    assert "Rows 1–2 of 2." in captions(at)


def test_utilization_people_table_and_department_heatmap(app):
    at = app("tiny", page=UTIL)
    at.button_group(key="util_group").set_value("person").run()
    assert not at.exception
    people = frame_with(at, "weeks").set_index("full_name")
    assert people.loc["Bo Employee", "capacity_hours"] == 104  # starts on a Wednesday
    assert people.loc["Ada Employee", "utilization"] == pytest.approx(126 / 152)
    at.button_group(key="util_heat_by").set_value("department").run()
    assert not at.exception
    assert "Rows 1–3 of 3." in captions(at)


def test_utilization_empty_selection_explains_itself(app):
    at = app("tiny", page=UTIL, query={"worker_type": "employee", "department": "Infrastructure"})
    assert not at.exception
    assert any("nothing to measure" in i.value for i in at.info)


def test_utilization_runs_on_the_full_sample(app):
    at = app("sample", page=UTIL)
    assert not at.exception, at.exception
    if True:
        text = captions(at)
        assert "Rows 1–25 of " in text
        total = int(text.split("Rows 1–25 of ")[1].split(".")[0])
        assert total > 100  # hundreds of people, shown 25 at a time
        # the sample's people log nearly all their capacity: nobody free to staff, some busy off-project
        m = metrics(at)
        assert int(m["Busy off-project"]) > 0 and int(m["Over-allocated"]) > 0
        assert at.sidebar.multiselect(key="a_non_billable_roles").value == [
            "Computer User Support Specialist", "Computer and Information Systems Manager",
        ]
        at.number_input(key="util_heat_page").set_value(2).run()
        assert not at.exception
        assert f"Rows 26–50 of {total}." in captions(at)
        # a narrower filter leaves fewer pages: the page number follows instead of failing
        at.number_input(key="util_heat_page").set_value(total // 25 + 1).run()
        at.sidebar.multiselect(key="department").set_value(["PMO"]).run()
        assert not at.exception
        assert at.number_input(key="util_heat_page").value == 1
        assert "Rows 1–" in captions(at)
