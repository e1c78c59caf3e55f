"""Admin: who has which role (the roles file), the organisation's default cost assumptions, the
reporting currency, and the audit trail, filtered and downloadable."""

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from analytics import cache
from analytics.access import audit, policy
from analytics.export import currencies, table_files
from analytics.metrics import currency_checks, org_defaults
from analytics.metrics.assumptions import ASSUMPTION_INFO, ASSUMPTION_NAMES, DEFAULTS
from analytics.store import currency
from ui import assumptions as assumptions_ui
from ui import auth, state

who = state.access()  # app.py has decided the role; a deep link on a fresh server reruns through it
st.title("Admin")

st.subheader("Who has which role")
if not auth.auth_section():
    st.info("Local mode: no sign-in is configured, so there are no roles: the one local user has full access. "
            "Configure [auth] in .streamlit/secrets.toml and a roles file to share the app (see SECURITY.md).")
else:
    path = policy.roles_file()
    try:
        config = policy.load_roles(path)
    except policy.RolesFileError as exc:
        st.error(str(exc))
    else:
        st.caption(f"From {path} (STAFFING_LENS_ROLES). An email entry beats a group, a group beats a domain; "
                   f"among groups the first listed wins. Admins named to users without access: "
                   f"{', '.join(config.admins) or 'none'}. Group claim: {config.groups_claim}.")
        rows = pd.DataFrame(policy.who_has_which_role(config), columns=["kind", "name", "role", "departments"])
        if rows.empty:
            st.info("The roles file has no entries: nobody can see any data.")
        else:
            st.dataframe(rows, hide_index=True, width="stretch", column_config={
                "kind": "Matched by", "name": "Email, group or domain", "role": "Role", "departments": "Departments"})
st.caption(f"You: {who.user} · {who.role} ({who.matched}).")

st.subheader("Default cost assumptions")
if flash := st.session_state.pop("_admin_flash", None):
    st.success(flash)
ws = cache.workspace()
current = org_defaults.load(ws)
st.caption("What everyone's sidebar starts from (and returns to with Reset to defaults). Set the sidebar's Cost "
           "assumptions as you want them, then make them the default here; each change goes into the audit trail.")
st.dataframe(pd.DataFrame([
    {"assumption": ASSUMPTION_INFO[n][0], "published default": assumptions_ui.describe_default(n),
     "organisation default": assumptions_ui.describe(n, getattr(current, n)),
     "your sidebar now": assumptions_ui.describe(n, getattr(state.assumptions(), n))} for n in ASSUMPTION_NAMES]),
    hide_index=True, width="stretch", height=38 + 35 * len(ASSUMPTION_NAMES))  # every row, no scrolling
c = st.container(horizontal=True)
if c.button("Make the sidebar's assumptions the default", key="admin_save_defaults", icon=":material/save:",
            disabled=ws.read_only or state.assumptions() == current):
    changes = org_defaults.save(ws, state.assumptions())
    auth.record("assumptions", "; ".join(changes))
    st.session_state["_admin_flash"] = "New defaults for everyone: " + "; ".join(changes) + "."
    st.rerun()
if c.button("Restore the published defaults", key="admin_restore_defaults", icon=":material/restart_alt:",
            disabled=ws.read_only or current == DEFAULTS):
    changes = org_defaults.save(ws, DEFAULTS)
    auth.record("assumptions", "; ".join(changes))
    st.session_state["_admin_flash"] = "The published defaults are back: " + "; ".join(changes) + "."
    st.rerun()

st.subheader("Reporting currency")
reporting = currency.reporting_currency(ws)
in_use = cache.call(currency_checks.currencies_in_use)
st.caption(
    "Every amount on every page, download and report is shown in this currency. Pay in another currency is "
    "converted with the exchange rates of the fx_rates table (Data page): each row is what one unit of its currency "
    "is worth in this one, that month. Changing it recalculates every figure; the rates must then be quoted "
    "against the new currency (rows for the new currency itself are not needed)."
)
if not in_use.empty:
    st.dataframe(in_use.assign(
        rates=[("not needed: the reporting currency" if r.currency == reporting else
                f"{r.months} months, {pd.Timestamp(r.first_month):%b %Y} – {pd.Timestamp(r.last_month):%b %Y}"
                if r.months else "none: this pay is left out of every total")
               for r in in_use.itertuples()]).drop(columns=["is_reporting", "first_month", "last_month", "months"]),
        hide_index=True, width="content",
        column_config={"currency": "Pay in", "people": "People", "rates": "Exchange rates loaded"})
codes = [*currencies.COMMON, *sorted(set(currencies.ISO_4217) - set(currencies.COMMON))]
c = st.container(horizontal=True, vertical_alignment="bottom")
chosen = c.selectbox("Currency every amount is shown in", codes, index=codes.index(reporting),
                     key="admin_reporting_currency", disabled=ws.read_only)
if c.button("Show every amount in this currency", key="admin_save_currency", icon=":material/currency_exchange:",
            disabled=ws.read_only or chosen == reporting):
    before = currency.set_reporting_currency(ws, chosen)
    auth.record("currency", f"reporting currency: {before} → {chosen}")
    st.session_state["_admin_flash"] = f"Every amount is now shown in {chosen} (was {before})."
    st.rerun()

st.subheader("Audit trail")
st.caption("Every sign-in and sign-out, load, undo, reset, SQL console query, download and change of the default "
           "cost assumptions, appended to the workspace's audit.events table, which the app never edits or deletes. "
           "Times are UTC.")
c = st.columns([2, 3, 2])
user = c[0].text_input("User (part of the email)", key="audit_user")
actions = c[1].multiselect("Actions", list(audit.ACTIONS), format_func=audit.ACTIONS.get, key="audit_actions",
                           placeholder="All actions")
today = date.today()
days = c[2].date_input("Days (UTC)", value=(today - timedelta(days=30), today), key="audit_days")
since, until = (days[0], days[-1]) if isinstance(days, (tuple, list)) and days else (None, None)
# not cached: the trail grows with every click, and the admin wants the latest
trail = audit.events(cache.workspace(), user.strip(), tuple(actions), since, until)
if trail.empty:
    st.info("No events match these filters.")
else:
    st.caption(f"{len(trail):,} events, newest first.")
    config = {"at_utc": st.column_config.DatetimeColumn("When (UTC)", format="YYYY-MM-DD HH:mm:ss"),
              "user_email": "User", "role": "Role", "action": "Action", "details": "Details"}
    st.dataframe(trail.head(1000), hide_index=True, width="stretch", column_config=config)
    if len(trail) > 1000:
        st.caption(f"Showing the newest 1,000 of {len(trail):,}; the download holds all of them.")
    st.download_button(
        "Download the audit trail (CSV)", auth.audited("audit trail (CSV)", lambda: table_files.to_csv_bytes(trail)),
        file_name=f"staffing_lens_audit_{since or 'all'}_{until or 'all'}.csv", mime="text/csv",
        key="audit_download", icon=":material/download:", on_click="ignore",
    )
