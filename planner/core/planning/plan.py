"""What the scheduler produces: weeks of goals, an overflow lane, warnings, moves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from planner.core.hours import round_hours
from planner.core.planning.settings import Settings

DONE = "done"  # the kind of a goal that records what was studied in its week
# the kind of a re-visit of a finished resource (planner.core.revisits): extra to the
# remaining work, so never counted in it, nor in what a plan moves or carries over
REVISIT = "revisit"


def is_work(goal: Goal) -> bool:
    """Whether ``goal`` is planned work on what remains (not the week's record, not a
    re-visit)."""
    return goal.kind not in (DONE, REVISIT)


@dataclass(frozen=True)
class Goal:
    """Work on one resource in one week: hours, and the unit range when units are known."""

    resource: str
    hours: float
    units: tuple[int, int] | None = None  # first and last unit, 1-based, inclusive
    pinned: bool = False
    # study | carry-over | done (what was studied that week: planning.following) |
    # revisit (a re-visit of a finished resource: planner.core.revisits)
    kind: str = "study"


@dataclass(frozen=True)
class Revisit:
    """A re-visit the plan should hold: a finished resource, the day it falls due, its
    length, and why it is there ("" when its memory falls due; else the reason, as the
    refresh before a dependant starts)."""

    resource: str
    due: dt.date
    hours: float
    reason: str = ""


@dataclass(frozen=True)
class WeekPlan:
    week: str  # ISO week, "2026-W48"
    goals: tuple[Goal, ...]
    budget: float

    @property
    def planned_hours(self) -> float:
        return round_hours(sum(goal.hours for goal in self.goals))

    @property
    def over_budget(self) -> bool:
        """Whether the work planned exceeds what the week has left after what was studied
        in it (its done goals): studying more than the budget is not being over it. The
        unrounded sums: planned_hours is rounded and may round up past a budget with more
        decimals (1.3671875 h)."""
        studied = sum(goal.hours for goal in self.goals if goal.kind == DONE)
        planned = sum(goal.hours for goal in self.goals if goal.kind != DONE)
        return planned > max(0.0, self.budget - studied) + 1e-9


@dataclass(frozen=True)
class OverflowItem:
    resource: str
    hours: float
    reason: str


@dataclass(frozen=True)
class Move:
    """How a resource's planned weeks changed against the previous plan, and why."""

    resource: str
    # first planned week before (from the start on; else the last past week it was planned
    # in, its work missed and carried over), None when it was not planned
    before: str | None
    after: str | None  # first planned week now, None when it left the plan
    reason: str


@dataclass(frozen=True)
class DeadlineMiss:
    """A deadline the plan does not meet; the warnings say the same in words."""

    resource: str
    deadline: dt.date
    finish_week: str | None  # the week the work is planned to finish; None: beyond the horizon
    needed_hours_per_week: float | None  # None when no budget could meet it (passed, pinned late)


@dataclass(frozen=True)
class PlanBasis:
    """The inputs a plan was made from, kept so the next re-plan can say why things moved."""

    max_parallel: int
    priorities: Mapping[str, int] = field(default_factory=dict, hash=False)
    deadlines: Mapping[str, dt.date] = field(default_factory=dict, hash=False)
    settings: Settings | None = None  # all of them, as the plan was made with
    shares: Mapping[str, int] = field(default_factory=dict, hash=False)  # tracks, by category


@dataclass(frozen=True)
class Plan:
    hours_per_week: float
    weeks: tuple[WeekPlan, ...]
    overflow: tuple[OverflowItem, ...] = ()
    warnings: tuple[str, ...] = ()
    moves: tuple[Move, ...] = ()
    start_week: str | None = None  # first week the scheduler planned (earlier weeks: history)
    deadline_misses: tuple[DeadlineMiss, ...] = ()
    basis: PlanBasis | None = field(default=None, hash=False)

    def week(self, week: str) -> WeekPlan | None:
        for candidate in self.weeks:
            if candidate.week == week:
                return candidate
        return None
