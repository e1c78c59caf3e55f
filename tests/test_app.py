"""AppTest of app.py: every page runs on the tiny organisation, filters change the KPIs."""

import pytest

from tests.apptools import metrics

PAGES = [
    "pages/overview.py",
    "pages/costs.py",
    "pages/break_even.py",
    "pages/utilization.py",
    "pages/duration.py",
    "pages/plan.py",
    "pages/data.py",
]


pytestmark = pytest.mark.usefixtures("show_small_groups")


def test_overview_kpis_on_tiny_org(app):
    at = app("tiny")
    assert not at.exception
    m = metrics(at)
    assert m["Employees"] == "2"
    assert m["Contractors"] == "1"  # C1 left on 19 Jan; the as-of date is 31 Jan
    # every day employed in January: (104,000×31 + 78,000×22)/365 × 1.273 + 5,000 × 53/365 = 17,955.12
    assert m["Employee spend"] == "$17,955"
    # (124 h × $100 + 60 h × $80) × 1.03 = 17,716
    assert m["Contractor spend"] == "$17,716"
    # period spend / productive hours: 6,553,620 / (53 person-days/365 × 1,860 × 365) = 66.48
    assert m["Employee cost / productive hour"] == "$66.48/h"
    # 17,716 / 184 h = 96.28
    assert m["Contractor cost / hour"] == "$96.28/h"
    # (126 + 80 + 124 + 40) / (152 + 104 + 120 + 80) = 370 / 456 = 81.1%
    assert m["Billable utilization"] == "81.1%"
    assert m["Engagements active in the period"] == "2"  # ENG1 running, ENG2 completed 19 Jan
    table = at.table[0].value
    payment = table.loc["Payment"]
    assert "the median active contractor's rate is $80.00/h" in payment["Contractor (client–vendor)"]
    assert "the median active employee's salary is $91,000" in payment["Employee (employer–employee)"]


def test_worker_type_filter_changes_kpis(app):
    at = app("tiny")
    at.sidebar.multiselect(key="worker_type").set_value(["employee"]).run()
    assert not at.exception
    m = metrics(at)
    assert m["Contractors"] == "0"
    assert m["Contractor spend"] == "no one"  # nobody was paid: not "$0", and not "suppressed"
    assert m["Contractor cost / hour"] == "no one"
    # employees only: (126 + 80) / (152 + 104) = 80.5%
    assert m["Billable utilization"] == "80.5%"


def test_department_filter_changes_kpis(app):
    at = app("tiny")
    at.sidebar.multiselect(key="department").set_value(["Engineering"]).run()
    assert not at.exception
    m = metrics(at)
    assert m["Employees"] == "1"
    # Engineering = E1 and C1: (126 + 124) / (152 + 120) = 91.9%
    assert m["Billable utilization"] == "91.9%"
    assert m["Contractor spend"] == "$12,772"  # 124 × 100 × 1.03


def test_filters_come_from_the_url(app):
    at = app("tiny", query={"worker_type": "contractor"})
    assert not at.exception
    assert metrics(at)["Employees"] == "0"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs(app, page):
    at = app("tiny", page=page)
    assert not at.exception, at.exception
    assert len(at.title) == 1


def test_small_groups_are_suppressed_by_default(app, min_group):
    min_group(5)
    at = app("tiny")
    m = metrics(at)
    assert m["Employee spend"].startswith("suppressed")
    assert m["Employee cost / productive hour"].startswith("suppressed")
    assert m["Employees"] == "2"  # headcount is not pay
