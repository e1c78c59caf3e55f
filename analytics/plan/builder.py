"""The whole plan for one set of settings: capacity, demand, gap, roll-offs, bench and the priced
gaps (analytics/plan/capacity.py and plan_pricing.py), the messages about what could not be used, and the
summary two plan versions are compared on."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.plan import capacity as plan
from analytics.plan import gap_pricing
from analytics.plan.settings import PlanSettings


@dataclass(frozen=True)
class Plan:
    settings: PlanSettings
    months: pd.DataFrame
    attrition: float  # annual employee attrition used
    attrition_source: str
    demand: pd.DataFrame  # the rows used (effective_demand, valid ones)
    problems: tuple[str, ...]  # rows left out and why; no capacity
    capacity: pd.DataFrame
    gap: pd.DataFrame  # role × month
    by_month: pd.DataFrame
    pricing: pd.DataFrame  # with chosen fills
    roll_offs: pd.DataFrame

    @property
    def total_cost(self) -> float:
        return float(self.pricing["cost"].sum()) if len(self.pricing) else 0.0

    @property
    def hires(self) -> int:
        p = self.pricing
        return int(p.loc[p["fill"] == "hire", "hires"].sum()) if len(p) else 0

    @property
    def peak_shortfall_fte(self) -> float:
        return float(self.by_month["shortfall_fte"].max()) if len(self.by_month) else 0.0

    @property
    def peak_bench_fte(self) -> float:
        return float(self.by_month["bench_fte"].max()) if len(self.by_month) else 0.0

    @property
    def contracted_roles(self) -> int:
        return int((self.pricing["fill"] == "contract").sum()) if len(self.pricing) else 0


def attrition_used(inp: plan.PlanInputs, settings: PlanSettings) -> tuple[float, str]:
    """The annual attrition the plan thins employees by, and where it comes from."""
    if settings.annual_attrition is not None:
        return settings.annual_attrition, "set in this plan"
    if inp.attrition_from_data is not None:
        return inp.attrition_from_data, (
            f"1 − the Kaplan–Meier 12-month retention of {inp.employees_followed:,} employees in the data")
    return 0.0, "no employee in the data was followed for 12 months, so none is assumed"


def build(inp: plan.PlanInputs, settings: PlanSettings, medians, leave_out_roles=()) -> Plan | None:
    """The plan, or None without any data to plan from (no data horizon)."""
    if inp.as_of is None:
        return None
    months = plan.plan_months(inp.as_of, settings.horizon_months)
    attrition, source = attrition_used(inp, settings)
    rows = plan.effective_demand(inp, settings)
    # roles that never bill (support, management) are planned only for the demand rows that name them: the
    # engagement hours they log are not work the plan staffs, and their internal time is not bench
    rows = rows[~((rows["source"] == "work in hand") & plan._isin(rows["role"], leave_out_roles))]
    rows, problems = plan.demand_problems(rows.reset_index(drop=True), inp.known_roles, inp.known_departments)
    cap = plan.capacity(inp.people, inp.leave_rates, months, attrition)
    if inp.people.empty:
        problems.append(
            "No one on the roster (for these filters) is employed or engaged after "
            f"{inp.as_of:%d %b %Y}: capacity is zero, so every hour of demand is a gap.")
    dem = plan.demand_by_role(rows, months)
    g = plan.gap(cap, dem, months, leave_out_roles)
    pricing = gap_pricing.with_chosen_fills(
        gap_pricing.price_gaps(g, rows, medians, settings.assumptions), dict(settings.fills))
    return Plan(settings, months, attrition, source, rows, tuple(problems), cap, g, plan.gap_by_month(g), pricing,
                plan.roll_offs(inp.leavers, months))


def summary(p: Plan) -> dict[str, float]:
    """The figures a version is compared on: cost of the chosen fills, hires, contracted roles,
    shortfall FTE in total, and the shortfall FTE of each month ("gap YYYY-MM")."""
    out = {"Cost of the chosen fills": p.total_cost, "Hires": float(p.hires),
           "Roles contracted": float(p.contracted_roles), "Horizon (months)": float(p.settings.horizon_months),
           "Annual attrition": p.attrition}
    for r in p.by_month.itertuples():
        out[f"FTE short {r.month}"] = float(r.shortfall_fte)
    return out


def compare(a: Plan, b: Plan) -> pd.DataFrame:
    """Two plans side by side: figure, a, b, difference (b − a), changed (True where they differ)."""
    sa, sb = summary(a), summary(b)
    keys = list(dict.fromkeys([*sa, *sb]))
    df = pd.DataFrame({"figure": keys, "a": [sa.get(k) for k in keys], "b": [sb.get(k) for k in keys]})
    df["difference"] = df["b"] - df["a"]
    df["changed"] = ~((df["a"] - df["b"]).abs().fillna(1.0) < 1e-6)
    return df


def fills_compared(a: Plan, b: Plan) -> pd.DataFrame:
    """Each role's chosen fill and its cost in the two plans, changed where the fill or cost differs."""
    cols = ["role", "fill", "cost"]
    m = a.pricing[cols].merge(b.pricing[cols], on="role", how="outer", suffixes=(" (a)", " (b)"))
    m["changed"] = (m["fill (a)"] != m["fill (b)"]) | ~((m["cost (a)"] - m["cost (b)"]).abs() < 0.005)
    return m.sort_values("role").reset_index(drop=True)
