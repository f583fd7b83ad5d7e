"""The user's planning settings."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from planner.core.hours import from_hundredths, hundredths_within
from planner.core.weeks import parse_week

MAX_HOURS_PER_WEEK = 100.0


class SettingsError(ValueError):
    pass


@dataclass(frozen=True)
class Settings:
    hours_per_week: float = 5.0
    max_parallel: int = 3
    start_week: str | None = None  # None: the current week
    horizon_weeks: int = 52

    def validated(self) -> Settings:
        """Itself (hours per week rounded down to 0.01 h), or ``SettingsError`` naming the
        setting at fault."""
        h = self.hours_per_week
        if isinstance(h, bool) or not isinstance(h, (int, float)) or not math.isfinite(h):
            raise SettingsError(f"hours per week must be a number, got {h!r}")
        if not 0 < h <= MAX_HOURS_PER_WEEK:
            raise SettingsError(
                f"hours per week must be above 0 and at most {MAX_HOURS_PER_WEEK:g}, got {h:g}"
            )
        k = self.max_parallel
        if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= 50:
            raise SettingsError(f"max parallel must be a whole number from 1 to 50, got {k!r}")
        n = self.horizon_weeks
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 520:
            raise SettingsError(f"the horizon must be from 1 to 520 weeks, got {n!r}")
        if self.start_week is not None:
            parse_week(self.start_week)
        budget = from_hundredths(hundredths_within(h))  # at the core's resolution, 0.01 h,
        if h != budget:  # rounded down: never more hours than the learner has
            return replace(self, hours_per_week=budget)
        return self
