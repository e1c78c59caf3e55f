"""The "Cost assumptions" panel in the sidebar: every CostAssumptions field editable, each with
its default and source, and the roles that never bill, all bound to the URL (keys a_<field>,
a_non_billable_roles) so values survive page switches and a shared link reproduces them; one
button resets them all to the defaults. The non-billable roles reach pages through
ui.state.non_billable_roles()."""

from __future__ import annotations

import math

import streamlit as st

from analytics import cache
from analytics.export import formatting
from analytics.metrics import headlines, org_defaults
from analytics.metrics.assumptions import ASSUMPTION_INFO, ASSUMPTION_NAMES, DEFAULTS, CostAssumptions
from analytics.metrics.roles import DEFAULT_NON_BILLABLE_ROLES, default_non_billable_roles
from ui import state

NON_BILLABLE_KEY = "a_non_billable_roles"

# unit → (min, max, step, format, suffix shown in the label)
_INPUT = {
    "pct": (0.0, 150.0, 0.5, "%.1f", "%"),
    "usd": (0.0, 1_000_000.0, 100.0, "%.0f", "$"),
    "days": (0.0, 730.0, 1.0, "%.0f", "days"),
    "weeks": (0.0, 104.0, 1.0, "%.0f", "weeks"),
    "hours": (100.0, 3000.0, 10.0, "%.0f", "hours"),
    "months": (1.0, 120.0, 1.0, "%.0f", "months"),
}
_MAX = {"ramp_up_productivity": 100.0, "benefits_load": 100.0, "payroll_tax": 100.0, "vendor_management_fee": 100.0}


def key(name: str) -> str:
    """The widget key and URL parameter of an assumption: a_<field>."""
    return f"a_{name}"


def shown(name: str, value: float) -> float | bool:
    """The value as entered: fractions as percentages, a yes/no setting as a tick."""
    if ASSUMPTION_INFO[name][1] == "yes/no":
        return bool(value)
    return round(value * 100, 4) if ASSUMPTION_INFO[name][1] == "pct" else float(value)


def stored(name: str, value: float, base: CostAssumptions = DEFAULTS) -> float:
    """The entered value as a CostAssumptions field: percentages back to fractions (the default
    itself when the entry is the default, so 8.3% is exactly 0.083, not 0.08300000000000001)."""
    if ASSUMPTION_INFO[name][1] == "yes/no":
        return 1.0 if value else 0.0
    v = value / 100 if ASSUMPTION_INFO[name][1] == "pct" else float(value)
    for default in (getattr(base, name), getattr(DEFAULTS, name)):
        if math.isclose(v, default, rel_tol=1e-9, abs_tol=1e-12):
            return default
    return v


def organisation_defaults() -> CostAssumptions:
    """The defaults the sidebar starts from: the published ones with any an admin saved (Admin page)."""
    return org_defaults.load(cache.workspace())


def describe(name: str, v: float) -> str:
    """A value of assumption `name` as people read it: 19%, $5,000, 42 days."""
    unit = ASSUMPTION_INFO[name][1]
    if unit == "pct":
        return f"{v * 100:g}%"
    if unit == "usd":
        return formatting.money(v)
    if unit == "yes/no":
        return "yes" if v else "no"
    return f"{v:,.0f} {unit}"


def describe_default(name: str) -> str:
    return describe(name, getattr(DEFAULTS, name))


def _roles_in_data() -> tuple[str, ...]:
    return tuple(cache.call(headlines.data_horizon).roles)


def _reset() -> None:
    base = organisation_defaults()
    for name in ASSUMPTION_NAMES:
        st.session_state[key(name)] = shown(name, getattr(base, name))
    st.session_state[NON_BILLABLE_KEY] = list(default_non_billable_roles(_roles_in_data()))


def non_billable_roles_input() -> tuple[str, ...]:
    """The multiselect of roles that never bill (the defaults present in the data preselected)."""
    present = _roles_in_data()
    default = default_non_billable_roles(present)
    chosen = st.multiselect(
        "Non-billable roles",
        list(present),
        default=list(default),
        key=NON_BILLABLE_KEY,
        bind="query-params",
        placeholder="Every role bills",
        help="Roles whose work is never billed (support, management): left out of billable utilization, "
        "its target, the bench and busy off-project; their hours still count in allocation. "
        f"Default: {', '.join(DEFAULT_NON_BILLABLE_ROLES)} (those present in the data).",
    )
    return tuple(sorted(chosen))


def assumptions_panel() -> CostAssumptions:
    """Draw the panel in the sidebar and return the assumptions it holds."""
    values: dict[str, float] = {}
    base = organisation_defaults()
    with st.sidebar:
        with st.expander("Cost assumptions", icon=":material/tune:"):
            st.caption("Used by every cost figure on every page. Defaults are public benchmarks (hover ⓘ).")
            for name in ASSUMPTION_NAMES:
                label, unit, source = ASSUMPTION_INFO[name]
                if unit == "yes/no":
                    ticked = st.checkbox(
                        label, value=bool(getattr(base, name)), key=key(name), bind="query-params",
                        help=f"{source} Default: {describe_default(name)}.",
                    )
                    values[name] = stored(name, ticked, base)
                    continue
                lo, hi, step, fmt, suffix = _INPUT[unit]
                v = st.number_input(
                    f"{label} ({formatting.in_currency(suffix)})",
                    min_value=lo,
                    max_value=_MAX.get(name, hi),
                    value=shown(name, getattr(base, name)),
                    step=step,
                    format=fmt,
                    key=key(name),
                    bind="query-params",
                    help=f"Default {describe_default(name)}. Source: {source}"
                    + ("" if getattr(base, name) == getattr(DEFAULTS, name) else
                       f" Your organisation's default (set by an admin): {shown(name, getattr(base, name)):g}."),
                )
                values[name] = stored(name, v if v is not None else shown(name, getattr(base, name)), base)
            a = CostAssumptions(**values)
            non_billable = non_billable_roles_input()
            state.set_non_billable_roles(non_billable)
            changed = [ASSUMPTION_INFO[n][0] for n in ASSUMPTION_NAMES if getattr(a, n) != getattr(base, n)]
            if non_billable != default_non_billable_roles(_roles_in_data()):
                changed.append("Non-billable roles")
            st.caption(
                f"Salary multiplier {a.salary_multiplier:.3f} (1 + benefits + payroll tax). "
                + (f"Changed from defaults: {', '.join(changed)}." if changed else "All at defaults.")
            )
            st.button("Reset to defaults", key="a_reset", on_click=_reset, icon=":material/restart_alt:",
                      disabled=not changed)
    return a
