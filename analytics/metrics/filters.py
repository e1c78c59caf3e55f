"""The global filters (period, department, role, worker type) and their SQL parameters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


# Every query that honours the global filters includes this predicate on `w` (workers) and
# binds the parameters from Filters.params(). An empty list means "all".
@dataclass(frozen=True)
class Filters:
    """What the sidebar selected. `start` is the first day of the first month, `end` the last
    day of the last month; empty tuples mean no restriction.

    `scope` is the signed-in user's department limit (analytics.access.policy), not a choice: when set,
    chosen departments outside it are dropped and "no department chosen" means the scope, so every
    query bound through params() covers only those departments, whatever a page or a link asks."""

    start: date
    end: date
    departments: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    worker_types: tuple[str, ...] = ()
    scope: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.scope:
            object.__setattr__(self, "departments", tuple(d for d in self.departments if d in self.scope))

    @property
    def covered_departments(self) -> tuple[str, ...]:
        """The departments the figures cover: the chosen ones, else the scope; empty = all."""
        return self.departments or self.scope

    def params(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "departments": list(self.covered_departments),
            "roles": list(self.roles),
            "worker_types": list(self.worker_types),
        }

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1
