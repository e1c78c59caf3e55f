"""Sign-in for the browser tests: a real OpenID Connect provider on localhost (oidc-provider-mock),
a generated secrets.toml and roles file, a workspace with a canary person, and the real redirect
flow in Chromium."""

from __future__ import annotations

import contextlib
import csv
import os
import secrets
import shutil
from datetime import date, timedelta
from pathlib import Path

from analytics.store.db import SAMPLE_DIR
from harness.workspaces import workspace_file
from tests.browser.conftest import IDLE, wait_idle

# The canary: a contractor in Security, long past the tenure limit and on internal work only, so he is
# on the people lists (convert to hire, past the limit, busy off-project, by person) of anyone who may
# see Security.
CANARY_NAME = "Zebulon Canaryfield"
CANARY_RATE = "173.37"
CANARY_DEPARTMENT = "Security"
HR_DEPARTMENT = "Engineering"

USERS = {  # email → extra ID-token claims
    "exec@example.com": {},
    "hr.eng@example.com": {},
    "hr@example.com": {},
    "ana@partner.net": {"groups": ["staffing-analysts"]},
    "admin@example.com": {},
    "eve@elsewhere.org": {},
}
ADMINS = ["admin@example.com", "it-ops@example.com"]
ROLES_TOML = f"""
admins = {ADMINS!r}

[emails]
"admin@example.com" = {{ role = "admin" }}
"hr.eng@example.com" = {{ role = "hr", departments = ["{HR_DEPARTMENT}"] }}
"hr@example.com" = {{ role = "hr" }}

[groups]
"staffing-analysts" = {{ role = "analyst" }}

[domains]
"example.com" = {{ role = "executive" }}
"""


def canary_workspace(folder: Path) -> Path:
    """A workspace of the sample data plus the canary (and his timesheets: 40 internal hours a week
    for the last 30 weeks of the sample)."""
    csvs = folder / "csv"
    shutil.copytree(SAMPLE_DIR, csvs)
    with open(csvs / "workers.csv", "a", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerow(["W999999", CANARY_NAME, "contractor", "Information Security Analyst", "senior",
                                CANARY_DEPARTMENT, "Remote", "Independent", "2024-01-01", "", "", CANARY_RATE, "40", "USD"])
    with open(csvs / "timesheets.csv", encoding="utf-8") as f:
        last = max(date.fromisoformat(r["week_start"]) for r in csv.DictReader(f))
    with open(csvs / "timesheets.csv", "a", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        for i in range(30):
            w.writerow(["W999999", "", (last - timedelta(weeks=i)).isoformat(), "40", "false"])
    db = folder / "workspace.duckdb"
    return workspace_file(db, csvs)


@contextlib.contextmanager
def provider():
    """A real OIDC provider on a free localhost port with the USERS; yields its base URL."""
    os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")  # plain http on localhost
    from oidc_provider_mock import User, run_server_in_thread

    users = [User(sub=email, claims={"email": email, **claims}) for email, claims in USERS.items()]
    with run_server_in_thread(user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


def write_secrets(folder: Path, issuer: str) -> Path:
    """secrets.toml with an [auth] section for the provider at `issuer` (the README's example)."""
    path = folder / "secrets.toml"
    path.write_text(
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "staffing-lens"\n'
        'client_secret = "test-client-secret"\n'
        f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    return path


def sign_in(page, url: str, email: str, path: str = "") -> None:
    """Open the app, click Sign in, choose `email` on the provider's page, and wait for the app."""
    page.goto(f"{url}/{path}")
    wait_idle(page, 120_000)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/oauth2/authorize**", timeout=120_000)
    page.get_by_role("button", name=email, exact=True).click()
    page.wait_for_url(f"{url}/**", timeout=120_000)
    page.wait_for_selector(IDLE, timeout=120_000)
    wait_idle(page, 120_000)


def nav_labels(page) -> list[str]:
    return [t.strip().splitlines()[-1].strip() for t in page.locator("[data-testid='stSidebarNav'] a").all_inner_texts()]
