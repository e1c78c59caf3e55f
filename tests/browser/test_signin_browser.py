"""Sign-in with a real OpenID Connect provider, per role, in Chromium: the pages each role is offered,
deep links to the others, which people lists and downloads appear, a department-limited HR user who
never sees another department's canary, sign-out, an unlisted user, and the audit trail."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_no_exception, screenshot, streamlit_server, wait_idle
from tests.browser.signin import (
    ADMINS,
    CANARY_NAME,
    CANARY_RATE,
    ROLES_TOML,
    canary_workspace,
    nav_labels,
    provider,
    sign_in,
    write_secrets,
)

DASHBOARD = ["Overview", "Costs", "Break-even & scenarios", "Utilization", "Duration & delivery", "Plan"]
PATHS = {"Overview": "", "Costs": "costs", "Break-even & scenarios": "break_even", "Utilization": "utilization",
         "Duration & delivery": "duration", "Plan": "plan", "Data": "data", "Admin": "admin"}


@pytest.fixture(scope="module")
def roles_path(tmp_path_factory):
    return tmp_path_factory.mktemp("roles") / "roles.toml"


@pytest.fixture(scope="module")
def signed_app(tmp_path_factory, roles_path):
    """The app with sign-in configured against a live provider, on the canary workspace."""
    folder = tmp_path_factory.mktemp("signin")
    db = canary_workspace(folder)
    roles_path.write_text(ROLES_TOML, encoding="utf-8")
    with provider() as issuer:
        secrets_file = write_secrets(folder, issuer)
        env = {"STAFFING_LENS_ROLES": str(roles_path), "AUTHLIB_INSECURE_TRANSPORT": "1"}
        with streamlit_server(db, env, extra_args=["--secrets.files", str(secrets_file)]) as url:
            yield url


def page_text(page) -> str:
    return page.locator("[data-testid='stApp']").inner_text()


def download_text(page, name: str) -> str:
    """Click the download button `name` (the first one) and return the file's text."""
    with page.expect_download(timeout=180_000) as info:
        page.get_by_role("button", name=name).first.click()
    return open(info.value.path(), encoding="utf-8-sig", errors="replace").read()


def test_a_visitor_who_has_not_signed_in_sees_no_data(signed_app, page):
    page.goto(signed_app)
    wait_idle(page, 120_000)
    assert_no_exception(page)
    assert page.get_by_role("button", name="Sign in").count() == 1
    assert nav_labels(page) == []
    assert "Data version" not in page_text(page) and "Filters" not in page_text(page)
    screenshot(page, "signin_page")


def test_an_unlisted_user_is_told_who_to_ask_and_sees_no_data(signed_app, page):
    sign_in(page, signed_app, "eve@elsewhere.org")
    text = page_text(page)
    assert "No access" in text and "eve@elsewhere.org" in text
    assert all(a in text for a in ADMINS)
    assert nav_labels(page) == [] and "Data version" not in text
    screenshot(page, "signin_no_access")


def test_an_executive_sees_the_dashboards_with_aggregates_only(signed_app, page):
    sign_in(page, signed_app, "exec@example.com")
    assert nav_labels(page) == DASHBOARD
    assert "Signed in as exec@example.com · executive" in page_text(page)
    for title in ("Data", "Admin"):
        page.goto(f"{signed_app}/{PATHS[title]}")
        wait_idle(page, 120_000)
        assert "Not permitted" in page_text(page), title
        assert "Upload files" not in page_text(page) and "Audit trail" not in page_text(page)
    page.goto(f"{signed_app}/duration")
    wait_idle(page, 120_000)
    text = page_text(page)
    assert "active contractors have been engaged longer than the policy limit" in text
    assert "aggregates only" in text and CANARY_NAME not in text
    page.goto(f"{signed_app}/plan")
    wait_idle(page, 120_000)
    page.get_by_text("Rolling off").first.wait_for(timeout=120_000)
    assert_no_exception(page)
    assert CANARY_NAME not in page_text(page)
    page.goto(f"{signed_app}/utilization")
    wait_idle(page, 120_000)
    assert page.get_by_role("button", name="Download CSV").count() == 0  # no people list offers a file
    assert page.get_by_text("Person", exact=True).count() == 0  # no breakdown by person (HR has one: below)
    report = download_text(page, "Download report (HTML)")
    assert "Busy off-project" in report and "left out (your role sees aggregates only)" in report
    assert CANARY_NAME not in report
    screenshot(page, "signin_executive_utilization")


def every_download(page, report: bool = True) -> dict[str, str]:
    """The text of every visible CSV download and (with `report`) the HTML report on the current page,
    once the page has drawn down to its report buttons."""
    if report:
        page.get_by_role("button", name="Download report (HTML)").wait_for(timeout=180_000)
        wait_idle(page, 120_000)
    files = {}
    buttons = page.get_by_role("button", name="Download CSV")
    for i in range(buttons.count()):
        if buttons.nth(i).is_visible():
            with page.expect_download(timeout=180_000) as info:
                buttons.nth(i).click()
            files[info.value.suggested_filename] = open(info.value.path(), encoding="utf-8-sig").read()
    if report:
        with page.expect_download(timeout=300_000) as info:
            page.get_by_role("button", name="Download report (HTML)").click()
        files[info.value.suggested_filename] = open(info.value.path(), encoding="utf-8").read()
    return files


def test_hr_sees_people_lists_with_pay_but_no_data_page(signed_app, page):
    """The positive control of the canary test below: an HR user of every department sees him."""
    sign_in(page, signed_app, "hr@example.com")
    assert nav_labels(page) == DASHBOARD
    page.goto(f"{signed_app}/data")
    wait_idle(page, 120_000)
    assert "Not permitted" in page_text(page) and "SQL console" not in page_text(page)
    page.goto(f"{signed_app}/break_even")
    wait_idle(page, 120_000)
    files = every_download(page)
    convert = files["convert_to_hire.csv"]
    assert CANARY_NAME in convert and CANARY_RATE in convert
    assert CANARY_NAME in files[next(f for f in files if f.endswith(".html"))]
    page.goto(f"{signed_app}/utilization")
    wait_idle(page, 120_000)
    page.get_by_text("Person", exact=True).first.wait_for(timeout=60_000)
    assert page.get_by_text("Person", exact=True).count() == 1


def test_a_department_limited_hr_user_never_sees_another_departments_canary(signed_app, page):
    sign_in(page, signed_app, "hr.eng@example.com")
    assert nav_labels(page) == DASHBOARD
    assert "Signed in as hr.eng@example.com · hr · Engineering only" in page_text(page)
    seen = []
    for title in DASHBOARD:
        # a hand-made link asking for the canary's department gets the user's own instead
        page.goto(f"{signed_app}/{PATHS[title]}?department=Security")
        wait_idle(page, 120_000)
        assert_no_exception(page)
        text = page_text(page)
        assert CANARY_NAME not in text and CANARY_RATE not in text, title
        for name, body in every_download(page, report=title != "Plan").items():
            assert CANARY_NAME not in body and CANARY_RATE not in body, (title, name)
            seen.append(name)
        screenshot(page, f"signin_hr_engineering_{PATHS[title] or 'overview'}")
    # every dashboard page's report and the tables offered for download were read
    assert {n.split("_20")[0] for n in seen if n.endswith(".html")} == {
        f"staffing_lens_{p}" for p in ("overview", "costs", "break_even", "utilization", "duration")}, seen
    assert "staffing_lens_costs.csv" in seen, seen
    for title in ("Data", "Admin"):
        page.goto(f"{signed_app}/{PATHS[title]}")
        wait_idle(page, 120_000)
        assert "Not permitted" in page_text(page)


def test_the_audit_trail_records_an_analysts_load_query_and_download_with_their_email(signed_app, browser, tmp_path):
    """An analyst (matched by the group claim) loads a file, runs a SQL query and downloads its result;
    the admin's Admin page lists the three with the analyst's email, and its download holds them."""
    ctx = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = ctx.new_page()
    try:
        sign_in(page, signed_app, "ana@partner.net")
        assert nav_labels(page) == [*DASHBOARD, "Data"]
        assert "Signed in as ana@partner.net · analyst" in page_text(page)
        page.goto(f"{signed_app}/admin")
        wait_idle(page, 120_000)
        assert "Not permitted" in page_text(page)
        page.goto(f"{signed_app}/data")
        wait_idle(page, 120_000)
        assert "Resetting the workspace is for administrators." in page_text(page)
        assert page.get_by_role("button", name="Reset to sample data").is_disabled()
        extra = tmp_path / "audit_probe.csv"
        extra.write_text("probe,value\nalpha,1\nbeta,2\n")
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(extra))
        wait_idle(page, 120_000)
        page.get_by_role("button", name="Load into workspace").click()
        wait_idle(page, 120_000)
        page.get_by_text("Loaded 2 rows into adhoc.audit_probe").first.wait_for(timeout=120_000)
        page.goto(f"{signed_app}/data")
        wait_idle(page, 120_000)
        page.get_by_role("tab", name="SQL console").click()
        wait_idle(page, 120_000)
        box = page.locator("textarea").first
        box.fill("SELECT probe, value * 7 AS seven_times FROM adhoc.audit_probe ORDER BY probe")
        box.press("Control+Enter")
        wait_idle(page, 120_000)
        page.get_by_role("button", name="Run query").click(timeout=120_000)
        wait_idle(page, 120_000)
        page.get_by_text("2 rows in").first.wait_for(timeout=120_000)
        with page.expect_download(timeout=120_000) as info:
            page.get_by_role("button", name="CSV").last.click()
        assert "beta,14" in open(info.value.path(), encoding="utf-8-sig").read()
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url("**/oauth2/end_session**", timeout=120_000)
    finally:
        ctx.close()

    ctx = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = ctx.new_page()
    try:
        sign_in(page, signed_app, "admin@example.com")
        assert nav_labels(page) == [*DASHBOARD, "Data", "Admin"]
        page.goto(f"{signed_app}/admin")
        wait_idle(page, 120_000)
        assert_no_exception(page)
        text = page_text(page)
        assert "Who has which role" in text and "Audit trail" in text
        screenshot(page, "signin_admin")
        trail = download_text(page, "Download the audit trail (CSV)")
        rows = [line for line in trail.splitlines() if "ana@partner.net" in line]
        assert any(",analyst,load," in r and "audit_probe.csv" in r for r in rows), rows
        assert any(",analyst,sql_query," in r and "value * 7" in r for r in rows), rows
        assert any(",analyst,download," in r and "query_result.csv" in r for r in rows), rows
        # one sign-in at the provider is one event, however many pages the analyst opened after it
        assert any(",analyst,sign_out," in r for r in rows), rows
        assert sum(",analyst,sign_in," in r and "group staffing-analysts" in r for r in rows) == 1, rows
    finally:
        ctx.close()


def test_sign_out_ends_the_session(signed_app, page):
    sign_in(page, signed_app, "hr@example.com")
    assert nav_labels(page) == DASHBOARD
    page.get_by_role("button", name="Sign out").click()
    # the provider asks to confirm the end of its own session, then sends the browser back
    page.wait_for_url("**/oauth2/end_session**", timeout=120_000)
    page.get_by_role("button").first.click()
    page.wait_for_url(f"{signed_app}/**", timeout=120_000)
    wait_idle(page, 120_000)
    assert page.get_by_role("button", name="Sign in").count() == 1
    page.goto(f"{signed_app}/utilization")  # a fresh load: the cookie is gone, not just the page
    wait_idle(page, 120_000)
    assert page.get_by_role("button", name="Sign in").count() == 1
    assert nav_labels(page) == [] and "Data version" not in page_text(page)


def test_local_mode_listens_on_localhost_only_and_says_so(tmp_path, page):
    """No [auth] and no --server.address: .streamlit/config.toml keeps the server on 127.0.0.1."""
    import psutil

    with streamlit_server(tmp_path / "workspace.duckdb", address=None) as url:
        port = int(url.rsplit(":", 1)[1])
        listening = {c.laddr.ip for c in psutil.net_connections(kind="inet")
                     if c.status == psutil.CONN_LISTEN and c.laddr.port == port}
        assert listening == {"127.0.0.1"}, listening
        page.goto(url)
        wait_idle(page, 120_000)
        assert "Local mode: no sign-in" in page_text(page)
        assert page.get_by_role("button", name="Sign in").count() == 0
        assert nav_labels(page) == [*DASHBOARD, "Data", "Admin"]  # the one local user has full access


def test_a_broken_roles_file_lets_nobody_in_with_a_plain_message(signed_app, roles_path, page):
    roles_path.write_text(ROLES_TOML.replace('{ role = "admin" }', '{ role = "superuser" }'), encoding="utf-8")
    try:
        sign_in(page, signed_app, "admin@example.com")
        text = page_text(page)
        assert "has role 'superuser', which is not a role" in text and "nobody sees any data" in text
        assert nav_labels(page) == [] and "Data version" not in text
        assert_no_exception(page)
        roles_path.write_text("[emails\n", encoding="utf-8")
        page.reload()
        wait_idle(page, 120_000)
        assert "is not valid TOML" in page_text(page) and nav_labels(page) == []
        roles_path.unlink()
        page.reload()
        wait_idle(page, 120_000)
        assert "does not exist" in page_text(page) and nav_labels(page) == []
    finally:
        roles_path.write_text(ROLES_TOML, encoding="utf-8")
    page.reload()  # fixed: the next page run reads the file again
    wait_idle(page, 120_000)
    assert nav_labels(page) == [*DASHBOARD, "Data", "Admin"]


def test_a_provider_that_does_not_answer_is_said_plainly(tmp_path, page):
    from tests.browser.conftest import free_port

    secrets_file = write_secrets(tmp_path, f"http://localhost:{free_port()}")  # nothing listens there
    (tmp_path / "roles.toml").write_text(ROLES_TOML, encoding="utf-8")
    with streamlit_server(tmp_path / "workspace.duckdb", {"STAFFING_LENS_ROLES": str(tmp_path / "roles.toml")},
                          extra_args=["--secrets.files", str(secrets_file)]) as url:
        page.goto(url)
        wait_idle(page, 120_000)
        assert_no_exception(page)
        assert "The sign-in service is not answering" in page_text(page)
        assert page.get_by_role("button", name="Sign in").is_disabled()
        assert nav_labels(page) == [] and "Data version" not in page_text(page)


def test_an_expired_session_shows_the_sign_in_page_and_no_data(signed_app, page):
    """The signed session cookie's lifetime runs out: the next page load is a visitor's, with no data and
    no traceback (the browser drops a cookie whose expiry has passed, as it does when the lifetime ends)."""
    import time

    sign_in(page, signed_app, "hr@example.com")
    assert nav_labels(page) == DASHBOARD
    session = [c for c in page.context.cookies() if c["name"].startswith("_streamlit_user")]
    assert session, [c["name"] for c in page.context.cookies()]  # the signed-in user's cookie is there
    page.context.add_cookies([{**c, "expires": time.time() - 60} for c in session])
    page.goto(f"{signed_app}/costs")
    wait_idle(page, 120_000)
    assert_no_exception(page)
    assert page.get_by_role("button", name="Sign in").count() == 1
    assert nav_labels(page) == [] and "Data version" not in page_text(page)
