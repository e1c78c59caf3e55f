"""Plan page helpers: the open plan version (kept in the URL like the filters), saving a version,
and two versions side by side with their differences highlighted."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.export import formatting
from analytics.export.safe_text import md_literal
from analytics.metrics.assumptions import ASSUMPTION_INFO, CostAssumptions
from analytics.plan import builder
from analytics.plan import versions as plan_versions
from analytics.plan.settings import PlanSettings

NEW_PLAN = "New plan (not saved)"
_OPEN_NEXT = "_plan_open_next"
HIGHLIGHT = "background-color: #FFF3CD; font-weight: 600"


def open_version(ws) -> tuple[str, PlanSettings | None, list[str]]:
    """The version selector: (name shown, its saved settings or None for a new plan, saved names)."""
    names = plan_versions.versions(ws)["name"].tolist()
    if _OPEN_NEXT in st.session_state:  # just saved: open it (a widget's value is set before it is drawn)
        st.session_state["plan_version"] = st.session_state.pop(_OPEN_NEXT)
    if st.session_state.get("plan_version") not in [NEW_PLAN, *names]:
        st.session_state.pop("plan_version", None)
    name = st.selectbox(
        "Plan version", [NEW_PLAN, *names], key="plan_version", bind="query-params",
        help="Saved plans live in the workspace and survive a restart; the open one is in the link, so it can be "
        "shared.",
    )
    return name, (None if name == NEW_PLAN else plan_versions.load(ws, name)), names


def assumption_differences(saved: CostAssumptions, now: CostAssumptions) -> list[str]:
    """Plain words for each cost assumption a version saved that differs from the sidebar's."""
    out = []
    for k, (label, unit, _) in ASSUMPTION_INFO.items():
        a, b = getattr(saved, k), getattr(now, k)
        if abs(a - b) > 1e-12:
            f = {"pct": formatting.pct, "usd": formatting.money,
                 "yes/no": lambda v: "yes" if v else "no"}.get(unit, lambda v: f"{v:,.4g}")
            out.append(f"{label}: {f(a)} saved, {f(b)} in the sidebar")
    return out


def save_box(ws, name: str, settings: PlanSettings) -> None:
    """Name and save the plan as it stands."""
    why = plan_versions.can_save(ws)
    c = st.columns([3, 1], vertical_alignment="bottom")
    typed = c[0].text_input("Version name", value="" if name == NEW_PLAN else name, key="plan_version_name",
                            max_chars=plan_versions.MAX_NAME, placeholder="e.g. FY27 base case",
                            help="Saving under an existing name replaces that version.")
    if c[1].button("Save version", key="plan_save", icon=":material/save:", disabled=why is not None, width="stretch"):
        try:
            saved = plan_versions.save(ws, typed, settings)
        except plan_versions.VersionError as exc:
            st.error(md_literal(str(exc)))
        else:
            st.session_state[_OPEN_NEXT] = saved
            st.session_state["_plan_flash"] = f"Saved the plan as “{saved}”."
            st.rerun()
    if why:
        st.caption(md_literal(why))


def _highlight(df: pd.DataFrame, changed: pd.Series):
    return df.style.apply(lambda row: [HIGHLIGHT if changed.loc[row.name] else "" for _ in row], axis=1)


def comparison(a_name: str, b_name: str, a: builder.Plan, b: builder.Plan) -> None:
    """Two plans' figures and chosen fills side by side, the rows that differ highlighted."""
    cmp = builder.compare(a, b)
    shown = pd.DataFrame({
        "Figure": cmp["figure"],
        a_name: [_fmt(f, v) for f, v in zip(cmp["figure"], cmp["a"], strict=True)],
        b_name if b_name != a_name else f"{b_name} ": [_fmt(f, v) for f, v in zip(cmp["figure"], cmp["b"], strict=True)],
        "Change": [_fmt(f, v, signed=True) for f, v in zip(cmp["figure"], cmp["difference"], strict=True)],
    })
    n = int(cmp["changed"].sum())
    st.caption(f"{n} of {len(cmp)} figures differ (highlighted). Change = {b_name} − {a_name}.")
    st.dataframe(_highlight(shown, cmp["changed"]), hide_index=True, width="stretch", key="plan_compare_table")
    fills = builder.fills_compared(a, b)
    if len(fills):
        shown = pd.DataFrame({
            "Role": fills["role"],
            f"Fill ({a_name})": fills["fill (a)"].fillna("no gap"),
            f"Cost ({a_name})": fills["cost (a)"].map(formatting.money),
            f"Fill ({b_name})": fills["fill (b)"].fillna("no gap"),
            f"Cost ({b_name})": fills["cost (b)"].map(formatting.money),
        })
        st.dataframe(_highlight(shown, fills["changed"]), hide_index=True, width="stretch", key="plan_compare_fills")


def _fmt(figure: str, v, signed: bool = False) -> str:
    if v is None or v != v:
        return "—"
    if figure.startswith("Cost"):
        text = formatting.money(abs(v) if signed else v)
    elif figure == "Annual attrition":
        text = formatting.pct(abs(v) if signed else v)
    else:
        text = f"{abs(v) if signed else v:,.1f}" if "FTE" in figure else f"{abs(v) if signed else v:,.0f}"
    if signed:
        return "0" if abs(v) < 1e-9 else ("+" if v > 0 else "−") + text
    return text
