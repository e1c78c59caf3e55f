"""Sign-in and roles in the app: local mode when no [auth] is configured in .streamlit/secrets.toml,
else OpenID Connect through st.login / st.user / st.logout, the user's role from the roles file
(analytics/access/policy.py), the sign-in page, the no-access page, and the audit trail's sign-in/out."""

from __future__ import annotations

import json
import logging
import urllib.request
import weakref

import streamlit as st

from analytics import cache
from analytics.access import audit
from analytics.access import policy as roles
from analytics.access.policy import LOCAL, Access
from analytics.export import currencies

log = logging.getLogger("staffing_lens.auth")
_SIGNED_IN = "_audited_sign_in"  # the user whose sign-in this session has recorded
# Sign-ins already recorded by this process, by (user, the ID token's issue time): every page load is
# a new Streamlit session, but one sign-in at the provider is one event in the trail.
_recorded_sign_ins: dict[tuple[str, str], None] = {}


def _first_time(user: str, outcome: str) -> bool:
    """True once per sign-in (per browser session when the token carries no issue time)."""
    issued = st.user.get("iat")
    key = (f"{outcome}:{user}", str(issued)) if issued is not None else None
    if st.session_state.get(_SIGNED_IN) == f"{outcome}:{user}" or (key is not None and key in _recorded_sign_ins):
        st.session_state[_SIGNED_IN] = f"{outcome}:{user}"
        return False
    st.session_state[_SIGNED_IN] = f"{outcome}:{user}"
    if key is not None:
        _recorded_sign_ins[key] = None
        while len(_recorded_sign_ins) > 10_000:  # bounded: the oldest go first
            del _recorded_sign_ins[next(iter(_recorded_sign_ins))]
    return True
AGGREGATES_ONLY = ("Lists of individual people are not part of your role's view: it shows aggregates only. "
                   "HR, analysts and administrators see the names.")


def auth_section() -> dict:
    """The [auth] section of the secrets, or {} (local mode)."""
    try:
        section = st.secrets.get("auth")
    except Exception:  # noqa: BLE001 — no secrets file, or one Streamlit cannot parse: no sign-in configured
        return {}
    return dict(section) if section else {}


def providers(section: dict) -> list[str | None]:
    """The providers to offer: None for the default ([auth] itself holds client_id), else the names
    of the [auth.NAME] sections."""
    if "client_id" in section:
        return [None]
    return [name for name, value in section.items() if isinstance(value, dict) and "client_id" in value]


@st.cache_data(ttl=30, max_entries=8, show_spinner=False)
def _provider_answers(url: str) -> str | None:
    """None when the provider's discovery document can be read, else why not (plain words)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as r:  # noqa: S310 — the operator's configured URL
            json.loads(r.read(1_000_000))
        return None
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {str(exc)[:200]}"


def _metadata_url(section: dict, provider: str | None) -> str | None:
    conf = section if provider is None else section.get(provider, {})
    return conf.get("server_metadata_url")


def not_permitted(title: str, user: Access):
    """The page a link to a page this role may not use runs instead of the page itself. (Defined
    here, not in app.py: a function of app.py kept by st.navigation would keep app.py's globals,
    the workspace among them, alive.)"""
    def page() -> None:
        st.title(title)
        st.error(f"Not permitted: your role ({user.role}"
                 + (f", limited to {', '.join(user.departments)}" if user.departments else "")
                 + f") does not include the {title} page. Ask an administrator if you need it.",
                 icon=":material/block:")
    return page


def _no_navigation() -> None:
    """Before a run stops without access: a navigation of no pages, so Streamlit does not fall back
    to listing the files in pages/ (it does until st.navigation has run once)."""
    st.navigation([st.Page(lambda: None, title="Staffing Lens", url_path="sign-in", default=True)],
                  position="hidden")


def sign_in_page(section: dict) -> None:
    """The page a visitor who has not signed in sees: no data, a button per provider."""
    _no_navigation()
    st.title("Staffing Lens")
    st.write("Sign in with your organisation's account to see the dashboards.")
    names = providers(section)
    if not names:
        st.error("Sign-in is configured in .streamlit/secrets.toml, but [auth] names no provider "
                 "(client_id, client_secret and server_metadata_url). Nobody can sign in until it does: "
                 "ask the operator to complete it (see SECURITY.md).")
        log.error("[auth] in secrets.toml has no provider (client_id, server_metadata_url)")
        return
    for name in names:
        url = _metadata_url(section, name)
        down = _provider_answers(url) if url else "no server_metadata_url is configured"
        label = "Sign in" if name is None else f"Sign in with {name}"
        if down:
            log.error("sign-in provider %s not usable: %s", name or "default", down)
            st.error(f"The sign-in service{'' if name is None else ' ' + name} is not answering, so nobody can sign "
                     "in right now. Try again in a few minutes; if it persists, tell the operator.")
        if st.button(label, key="sign_in" if name is None else f"sign_in_{name}", type="primary",
                     icon=":material/login:", disabled=bool(down)):
            st.login() if name is None else st.login(name)


def sign_out_button(who: Access) -> None:
    with st.sidebar:
        if st.button("Sign out", key="sign_out", icon=":material/logout:"):
            _audit(who.user, who.role, "sign_out")
            st.session_state.pop(_SIGNED_IN, None)
            st.logout()


def _refused(title: str, message: str, user: str, details: str) -> None:
    _no_navigation()
    st.title(title)
    st.error(message)
    if _first_time(user, "refused"):
        _audit(user, None, "no_access", details)
    if st.button("Sign out", key="sign_out", icon=":material/logout:"):
        st.session_state.pop(_SIGNED_IN, None)
        st.logout()
    st.stop()


def current_access() -> Access:
    """Who this run is for. Local mode: the one local user, full access. With [auth]: the signed-in
    user's role from the roles file; a visitor who has not signed in, an unlisted user or a broken
    roles file gets a page saying so and the run stops here, before any data is read."""
    section = auth_section()
    if not section:
        st.sidebar.caption("Local mode: no sign-in")
        return LOCAL
    if not st.user.is_logged_in:
        sign_in_page(section)
        st.stop()
    claims = st.user.to_dict()
    user = str(claims.get("email") or claims.get("sub") or "unknown user")
    try:
        config = roles.load_roles()
    except roles.RolesFileError as exc:
        log.error("%s", exc)
        _refused("No access", f"{exc} Until it is fixed nobody sees any data.", user, f"roles file: {exc}")
    who = roles.resolve(config, claims)
    if who is None:
        ask = ", ".join(config.admins) or "the person who runs Staffing Lens"
        _refused("No access", f"You are signed in as {user}, but Staffing Lens has no role for you, so it shows "
                 f"you no data. To get access, ask {ask}.", user, "no entry in the roles file")
    if _first_time(who.user, "signed_in"):
        _audit(who.user, who.role, "sign_in",
                     f"{who.matched}; role {who.role}"
                     + (f"; departments {', '.join(who.departments)}" if who.departments else ""))
    with st.sidebar:
        limit = f" · {', '.join(who.departments)} only" if who.departments else ""
        st.caption(f"Signed in as {who.user} · {who.role}{limit}")
    sign_out_button(who)
    return who


def _audit(user: str, role: str | None, action: str, details: str = "", ws=None) -> None:
    """Append an event to the audit trail. One that cannot be written (e.g. the workspace cannot be
    opened) never takes the page down: the operator's log says why."""
    try:
        audit.record(ws or cache.workspace(), user, role, action, details)
    except Exception:  # noqa: BLE001
        log.exception("could not write the audit event %s by %s: %s", action, user, details[:200])


def record(action: str, details: str = "", who: Access | None = None, ws=None) -> None:
    """Append an event for `who` (default: the user of this run) to the audit trail."""
    from ui import state

    who = who or state.access()
    _audit(who.user, who.role, action, details, ws)


def audited(details: str, make):
    """Wrap a download button's data callable so building the file records the download. Streamlit
    calls it outside the script run (when the button is clicked), so the user and workspace are
    taken now."""
    # Only names the user in the trail (grants nothing): a table drawn outside app.py (a unit test of
    # ui/tables) has no user.
    who = st.session_state.get("_access") or Access("unknown user", "unknown")
    # a weak reference: a button's callable must not keep a closed or replaced workspace open
    ws = weakref.ref(cache.workspace())
    code = currencies.current()  # the file's amounts in this run's reporting currency, whichever thread builds it

    def build(*args, **kwargs):
        record("download", details, who, ws())
        with currencies.use(code):
            return make(*args, **kwargs)
    return build
