"""The user's planning settings, and the bounds every way in shares (the command line, the
window and the data file).

The bounds are what the scheduler and the date arithmetic can use: at least a quarter of an
hour a week (below that the scheduler's half-hour pieces become crumbs, and the data file's
four decimals would round a tiny budget to 0), at most 100 hours (of a week's 168); a plan
that ends by ``LAST_WEEK``, the last week the date type holds whole.

The horizon's default is the longest one: a plan stops when the work runs out, so a long
horizon costs nothing, and a first plan holds the whole list (the bundled catalog at the
default budget ends in about a year). Work goes to the overflow only when it does not fit in
the horizon the learner set shorter, or in ten years at the budget.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from planner.core.errors import UserError
from planner.core.hours import from_hundredths, hundredths_within
from planner.core.weeks import LAST_WEEK, WeekError, add_weeks, monday, parse_week

MIN_HOURS_PER_WEEK = 0.25
MAX_HOURS_PER_WEEK = 100.0
MIN_PARALLEL, MAX_PARALLEL = 1, 50
MIN_HORIZON, MAX_HORIZON = 1, 520
# Study sessions: minutes without input before a running session counts as away (at most a
# working day's stretch: longer, and the question would come too late to mean anything)
MIN_IDLE_MINUTES, MAX_IDLE_MINUTES = 1, 240
ON_OPEN_MODES = ("ask", "always", "never")  # opening a resource's link: start a session?
# Re-visits (planner.core.revisits): the recall FSRS aims for when a re-visit falls due
# (below 0.70 most is forgotten; above 0.97 re-visits come every few days), and the most of
# a week's hours re-visits may take (the rest is new work)
MIN_RETENTION, MAX_RETENTION = 0.70, 0.97
MIN_REVISIT_SHARE, MAX_REVISIT_SHARE = 0.0, 1.0


class SettingsError(UserError, ValueError):
    pass


def latest_start(horizon_weeks: int) -> str:
    """The latest start week whose plan of ``horizon_weeks`` weeks ends by ``LAST_WEEK``."""
    return add_weeks(LAST_WEEK, 1 - horizon_weeks)


@dataclass(frozen=True)
class Settings:
    hours_per_week: float = 5.0
    max_parallel: int = 3
    start_week: str | None = None  # None: the current week
    horizon_weeks: int = MAX_HORIZON
    plan_with_pace: str = "auto"  # on / off / auto: on once 5 h of sessions are logged
    idle_minutes: int = 10  # no input this long in a running session: away
    session_on_open: str = "ask"  # opening a link offers a session, starts one, or not
    retention: float = 0.90  # re-visits: the desired recall when one falls due
    revisit_share: float = 0.25  # re-visits: at most this part of a week's hours
    ask_rating: bool = True  # finishing a resource asks how well it could be explained

    def validated(self) -> Settings:
        """Itself (hours per week rounded down to 0.01 h), or ``SettingsError`` naming the
        setting at fault and its bounds."""
        h = self.hours_per_week
        if isinstance(h, bool) or not isinstance(h, (int, float)) or not math.isfinite(h):
            raise SettingsError(f"hours per week must be a number, got {h!r}")
        if not MIN_HOURS_PER_WEEK <= h <= MAX_HOURS_PER_WEEK:
            raise SettingsError(
                f"hours per week must be from {MIN_HOURS_PER_WEEK:g} to "
                f"{MAX_HOURS_PER_WEEK:g}, got {h:g}"
            )
        k = self.max_parallel
        if isinstance(k, bool) or not isinstance(k, int) or not MIN_PARALLEL <= k <= MAX_PARALLEL:
            raise SettingsError(f"max parallel must be a whole number from {MIN_PARALLEL} to "
                                f"{MAX_PARALLEL}, got {k!r}")
        if self.plan_with_pace not in ("auto", "on", "off"):
            raise SettingsError(f"plan with my pace must be on, off or auto, got "
                                f"{self.plan_with_pace!r}")
        m = self.idle_minutes
        if isinstance(m, bool) or not isinstance(m, int) or not (
                MIN_IDLE_MINUTES <= m <= MAX_IDLE_MINUTES):
            raise SettingsError(f"idle minutes must be a whole number from {MIN_IDLE_MINUTES} "
                                f"to {MAX_IDLE_MINUTES}, got {m!r}")
        if self.session_on_open not in ON_OPEN_MODES:
            raise SettingsError(f"a session on opening a link must be ask, always or never, "
                                f"got {self.session_on_open!r}")
        for name, low, high, value in (
                ("the desired retention", MIN_RETENTION, MAX_RETENTION, self.retention),
                ("the re-visit share", MIN_REVISIT_SHARE, MAX_REVISIT_SHARE,
                 self.revisit_share)):
            if (isinstance(value, bool) or not isinstance(value, (int, float))
                    or not math.isfinite(value) or not low <= value <= high):
                raise SettingsError(f"{name} must be a number from {low:g} to {high:g}, "
                                    f"got {value!r}")
        if not isinstance(self.ask_rating, bool):
            raise SettingsError(f"asking for a rating must be true or false, "
                                f"got {self.ask_rating!r}")
        n = self.horizon_weeks
        if isinstance(n, bool) or not isinstance(n, int) or not MIN_HORIZON <= n <= MAX_HORIZON:
            raise SettingsError(f"the horizon must be from {MIN_HORIZON} to {MAX_HORIZON} "
                                f"weeks, got {n!r}")
        if self.start_week is not None:
            start = parse_week(self.start_week)
            last = latest_start(n)
            if monday(start) > monday(last):
                raise SettingsError(
                    f"the start week {start} is too late: a {n}-week plan must start by "
                    f"{last}, as the calendar ends with {LAST_WEEK}"
                )
        fixed = self.rounded()
        # the retention and the share to the hundredth, as the data file holds them
        if (round(self.retention, 2), round(self.revisit_share, 2)) != (
                self.retention, self.revisit_share):
            fixed = replace(fixed, retention=round(self.retention, 2),
                            revisit_share=round(self.revisit_share, 2))
        return fixed

    def rounded(self) -> Settings:
        """Hours kept at the core's resolution (``planner.core.hours``), rounded down: never
        more hours than the learner has."""
        h = self.hours_per_week
        if isinstance(h, bool) or not isinstance(h, (int, float)) or not math.isfinite(h):
            return self
        budget = from_hundredths(hundredths_within(h))
        return self if budget == h else replace(self, hours_per_week=budget)

    def within_bounds(self) -> Settings:
        """Settings an older version accepted, brought into today's bounds: hours below the
        minimum raised to it, kept to the hundredth, a start week too late for the horizon
        moved to the latest one. For reading a data file: what it holds is never refused
        for what it was allowed."""
        h = self.hours_per_week
        fixed = self
        if isinstance(h, (int, float)) and not isinstance(h, bool) and 0 < h < MIN_HOURS_PER_WEEK:
            fixed = replace(fixed, hours_per_week=MIN_HOURS_PER_WEEK)
        fixed = fixed.rounded()
        n = fixed.horizon_weeks
        if (fixed.start_week is not None and isinstance(n, int) and not isinstance(n, bool)
                and MIN_HORIZON <= n <= MAX_HORIZON):
            try:
                late = monday(parse_week(fixed.start_week)) > monday(latest_start(n))
            except WeekError:
                late = False  # not a week at all: ``validated`` says so
            if late:
                fixed = replace(fixed, start_week=latest_start(n))
        return fixed
