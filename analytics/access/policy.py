"""Who may see what: the roles file (by exact email, email domain or group claim, most specific
entry wins), the four roles and what each may use, and the department limit. Pure logic, no
Streamlit: ui/auth.py reads the signed-in user and hands their claims here.

A roles file (TOML, named by STAFFING_LENS_ROLES, default .streamlit/roles.toml):

    admins = ["it-ops@example.com"]          # who a user without access is told to ask
    groups_claim = "groups"                  # the ID-token claim that lists the user's groups

    [emails]
    "ana@example.com" = { role = "admin" }
    "lee@example.com" = { role = "hr", departments = ["Engineering"] }

    [domains]
    "example.com" = { role = "executive" }

    [groups]
    "staffing-hr" = { role = "hr" }

An email entry beats a group entry, which beats a domain entry; among several matching groups the
first listed in the file wins. Anything wrong with the file refuses everyone: never access by default.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

ROLES: tuple[str, ...] = ("executive", "hr", "analyst", "admin")
DEFAULT_ROLES_FILE = Path(".streamlit") / "roles.toml"
DEFAULT_GROUPS_CLAIM = "groups"

# The app's pages by url path. Dashboard pages are for every role; Data needs analyst and the
# whole organisation (its explorer, SQL console and raw exports cannot be limited to departments).
DASHBOARD_PAGES: tuple[str, ...] = ("overview", "costs", "break_even", "utilization", "duration", "plan")
DATA_PAGE = "data"
ADMIN_PAGE = "admin"


class RolesFileError(ValueError):
    """The roles file is missing or wrong; the message names the file and the entry."""


@dataclass(frozen=True)
class Entry:
    """One line of the roles file: a role and, optionally, the only departments it covers."""

    role: str
    departments: tuple[str, ...] = ()


@dataclass(frozen=True)
class RolesConfig:
    admins: tuple[str, ...] = ()
    groups_claim: str = DEFAULT_GROUPS_CLAIM
    emails: Mapping[str, Entry] = field(default_factory=dict)
    domains: Mapping[str, Entry] = field(default_factory=dict)
    groups: Mapping[str, Entry] = field(default_factory=dict)


@dataclass(frozen=True)
class Access:
    """What one signed-in user may do: `role`, the departments they are limited to (empty = all),
    and `matched`, the roles-file entry that gave it (shown to them and written to the audit trail)."""

    user: str
    role: str
    departments: tuple[str, ...] = ()
    matched: str = ""

    @property
    def department_limited(self) -> bool:
        return bool(self.departments)

    @property
    def people_lists(self) -> bool:
        """Lists of individual people (names, pay, hours): hr and above. Executives see aggregates only."""
        return self.role in ("hr", "analyst", "admin")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def may_open(self, page: str) -> bool:
        """Whether this user may open the page with url path `page`."""
        if page in DASHBOARD_PAGES:
            return True
        if page == DATA_PAGE:
            return self.role in ("analyst", "admin") and not self.department_limited
        if page == ADMIN_PAGE:
            return self.is_admin
        return False

    @property
    def may_reset(self) -> bool:
        """Resetting the workspace to the sample data: admins only."""
        return self.is_admin and self.may_open(DATA_PAGE)


# Local mode (no [auth] configured): one user on localhost, full access, as before sign-in existed.
LOCAL_USER = "local user"
LOCAL = Access(LOCAL_USER, "admin", (), "local mode")


def roles_file() -> Path:
    """The roles file: STAFFING_LENS_ROLES, else .streamlit/roles.toml (relative to the working directory)."""
    return Path(os.environ.get("STAFFING_LENS_ROLES") or DEFAULT_ROLES_FILE)


def _entry(where: str, value: object, source: str) -> Entry:
    if not isinstance(value, Mapping):
        raise RolesFileError(f"{source}: {where} must be a table like {{ role = \"hr\" }}, not {value!r}.")
    unknown = set(value) - {"role", "departments"}
    if unknown:
        raise RolesFileError(f"{source}: {where} has unknown keys {', '.join(sorted(unknown))} "
                             "(an entry takes role and departments).")
    role = value.get("role")
    if role not in ROLES:
        raise RolesFileError(f"{source}: {where} has role {role!r}, which is not a role; the roles are "
                             f"{', '.join(ROLES)}.")
    departments = value.get("departments", [])
    if not isinstance(departments, list) or not all(isinstance(d, str) and d.strip() for d in departments):
        raise RolesFileError(f"{source}: {where}: departments must be a list of department names, "
                             f"not {departments!r}.")
    return Entry(role, tuple(d.strip() for d in departments))


def _section(data: dict, name: str, source: str, lower: bool) -> dict[str, Entry]:
    section = data.get(name, {})
    if not isinstance(section, Mapping):
        raise RolesFileError(f"{source}: [{name}] must be a table of entries.")
    out: dict[str, Entry] = {}
    for key, value in section.items():
        k = key.strip().lower() if lower else key.strip()
        if not k:
            raise RolesFileError(f"{source}: [{name}] has an empty name.")
        out[k] = _entry(f'{name}."{key}"', value, source)
    return out


def parse_roles(text: str, source: str = "roles file") -> RolesConfig:
    """The roles file's text as a RolesConfig, or RolesFileError naming `source` and what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RolesFileError(f"{source} is not valid TOML: {exc}.") from None
    unknown = set(data) - {"admins", "groups_claim", "emails", "domains", "groups"}
    if unknown:
        raise RolesFileError(f"{source}: unknown settings {', '.join(sorted(unknown))} (the file takes admins, "
                             "groups_claim and the tables [emails], [domains] and [groups]).")
    admins = data.get("admins", [])
    if not isinstance(admins, list) or not all(isinstance(a, str) for a in admins):
        raise RolesFileError(f"{source}: admins must be a list of email addresses.")
    claim = data.get("groups_claim", DEFAULT_GROUPS_CLAIM)
    if not isinstance(claim, str) or not claim.strip():
        raise RolesFileError(f"{source}: groups_claim must be the name of an ID-token claim.")
    domains = _section(data, "domains", source, lower=True)
    return RolesConfig(
        admins=tuple(admins), groups_claim=claim.strip(),
        emails=_section(data, "emails", source, lower=True),
        domains={d.lstrip("@"): e for d, e in domains.items()},
        groups=_section(data, "groups", source, lower=False),
    )


def load_roles(path: Path | None = None) -> RolesConfig:
    """Read and check the roles file (roles_file() by default)."""
    path = path or roles_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RolesFileError(f"The roles file {path} does not exist: sign-in is configured, so every user needs "
                             "an entry there (see SECURITY.md). Nobody has access until it is in place.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RolesFileError(f"The roles file {path} cannot be read ({exc}).") from None
    return parse_roles(text, f"The roles file {path}")


def claim_groups(claims: Mapping[str, object], claim: str) -> tuple[str, ...]:
    """The user's groups from the ID-token claim `claim`: a list of names or one name."""
    value = claims.get(claim)
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Iterable) and not isinstance(value, (bytes, Mapping)):
        return tuple(str(v) for v in value)
    return ()


def resolve(config: RolesConfig, claims: Mapping[str, object]) -> Access | None:
    """The access the signed-in user with these ID-token `claims` gets, or None (no entry matches).

    Email and domain entries match only an email the provider has not marked unverified
    (`email_verified` false); group entries match the groups claim."""
    email = str(claims.get("email") or "").strip().lower()
    usable = bool(email) and "@" in email and claims.get("email_verified") is not False
    user = email or str(claims.get("sub") or "unknown user")
    if usable and email in config.emails:
        e = config.emails[email]
        return Access(user, e.role, e.departments, f"email {email}")
    groups = set(claim_groups(claims, config.groups_claim))
    for name, e in config.groups.items():  # file order: the first matching group wins
        if name in groups:
            return Access(user, e.role, e.departments, f"group {name}")
    domain = email.rsplit("@", 1)[-1] if usable else ""
    if domain and domain in config.domains:
        e = config.domains[domain]
        return Access(user, e.role, e.departments, f"domain {domain}")
    return None


def who_has_which_role(config: RolesConfig) -> list[dict[str, str]]:
    """The roles file as rows for the admin's view: kind, name, role, departments."""
    rows = []
    for kind, entries in (("email", config.emails), ("group", config.groups), ("domain", config.domains)):
        for name, e in entries.items():
            rows.append({"kind": kind, "name": name, "role": e.role,
                         "departments": ", ".join(e.departments) or "all departments"})
    return rows
