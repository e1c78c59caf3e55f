"""Billable and non-billable roles: which job families never bill (support, management), so they
are left out of billable utilization, its target and the bench.

The setting is global (sidebar assumptions panel); these are its defaults and the pure logic that
applies it to any frame with a `role` column.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import pandas as pd

# The sample's roles whose work is not billed to engagements (BLS occupation titles).
DEFAULT_NON_BILLABLE_ROLES: tuple[str, ...] = (
    "Computer User Support Specialist",
    "Computer and Information Systems Manager",
)


def default_non_billable_roles(roles_present: Iterable[str]) -> tuple[str, ...]:
    """The default non-billable roles that occur in the data, sorted (the setting's preselection)."""
    present = set(roles_present)
    return tuple(sorted(r for r in DEFAULT_NON_BILLABLE_ROLES if r in present))


def in_billable_role(frame: pd.DataFrame, non_billable_roles: Collection[str]) -> pd.Series:
    """True for the rows whose `role` is billable (not one of `non_billable_roles`)."""
    return ~frame["role"].isin(list(non_billable_roles))


def billable_roles_only(frame: pd.DataFrame, non_billable_roles: Collection[str]) -> pd.DataFrame:
    """The rows of `frame` in billable roles."""
    return frame[in_billable_role(frame, non_billable_roles)]
