"""Cost assumptions: defaults with their published sources, editable in the app."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace


@dataclass(frozen=True)
class CostAssumptions:
    benefits_load: float = 0.19
    payroll_tax: float = 0.083
    overhead_per_employee: float = 5000.0
    recruiting_cost: float = 4700.0
    time_to_fill_days: float = 42.0
    ramp_up_weeks: float = 12.0
    ramp_up_productivity: float = 0.5
    productive_hours_per_year: float = 1860.0
    vendor_management_fee: float = 0.03
    tenure_limit_months: float = 18.0
    target_utilization: float = 0.75
    # 1: a fixed-fee engagement's spend is its invoiced total spread evenly over its days; 0 (default):
    # what was invoiced in the period, by invoice date (a yes/no setting kept as a number like the others)
    spread_fixed_fees: float = 0.0

    @property
    def salary_multiplier(self) -> float:
        """1 + benefits load + payroll tax (≈1.27 with the defaults)."""
        return 1.0 + self.benefits_load + self.payroll_tax

    def as_dict(self) -> dict[str, float]:
        return asdict(self)

    def with_changes(self, **changes: float) -> CostAssumptions:
        return replace(self, **changes)


DEFAULTS = CostAssumptions()
ASSUMPTION_NAMES = tuple(f.name for f in fields(CostAssumptions))

# label, unit ("pct" = fraction shown as %, "usd", "days", "weeks", "hours", "months", "yes/no": 1 or 0), source
ASSUMPTION_INFO: dict[str, tuple[str, str, str]] = {
    "benefits_load": (
        "Benefits load on salary",
        "pct",
        "BLS ECEC, Mar 2026, professional and related occupations: insurance, retirement and "
        "supplemental pay ≈19% of wages plus paid leave ($72.99 total compensation/h, $50.53 wages, "
        "$6.76 paid leave already in salary).",
    ),
    "payroll_tax": (
        "Employer payroll taxes",
        "pct",
        "FICA 7.65%, FUTA, SUTA, workers' comp: BLS ECEC legally required benefits $4.74 / "
        "(wages + paid leave) ≈ 8.3%.",
    ),
    "overhead_per_employee": (
        "Overhead per employee per year",
        "usd",
        "Equipment, software, space. No authoritative benchmark: an input.",
    ),
    "recruiting_cost": ("Recruiting cost per hire", "usd", "SHRM average cost per hire ($4,700)."),
    "time_to_fill_days": ("Time to fill", "days", "SHRM benchmark (42 days)."),
    "ramp_up_weeks": (
        "Ramp-up period",
        "weeks",
        "Engineer onboarding surveys report 3–9 months to full productivity; default 12 weeks.",
    ),
    "ramp_up_productivity": (
        "Productivity during ramp-up",
        "pct",
        "Default 50% during the ramp-up period (onboarding surveys).",
    ),
    "productive_hours_per_year": (
        "Productive hours per year",
        "hours",
        "2,080 paid hours minus ~220 hours of leave and holidays.",
    ),
    "vendor_management_fee": (
        "Vendor-management fee on contractor spend",
        "pct",
        "Illustrative MSP/VMS fee: an input.",
    ),
    "tenure_limit_months": (
        "Contractor tenure policy limit",
        "months",
        "SIA: 67% of contingent programmes set term limits, most often 18–23 months.",
    ),
    "target_utilization": (
        "Target billable utilization",
        "pct",
        "Services benchmarks: 70–80% typical targets; above 85% is burnout risk.",
    ),
    "spread_fixed_fees": (
        "Spread fixed fees over the engagement's dates",
        "yes/no",
        "No (default): a fixed-fee engagement costs what was invoiced in the period, by invoice date. Yes: its "
        "invoiced total is spread evenly over the engagement's days (actual dates, else planned). Milestone "
        "invoices always count on their invoice date.",
    ),
}
