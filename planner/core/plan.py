"""What the scheduler produces: weeks of goals, an overflow lane, warnings, moves."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Goal:
    """Work on one resource in one week: hours, and the unit range when units are known."""

    resource: str
    hours: float
    units: tuple[int, int] | None = None  # first and last unit, 1-based, inclusive
    pinned: bool = False
    kind: str = "study"  # study | carry-over


@dataclass(frozen=True)
class WeekPlan:
    week: str  # ISO week, "2026-W48"
    goals: tuple[Goal, ...]
    budget: float

    @property
    def planned_hours(self) -> float:
        return round(sum(goal.hours for goal in self.goals), 6)

    @property
    def over_budget(self) -> bool:
        return self.planned_hours > self.budget + 1e-9


@dataclass(frozen=True)
class OverflowItem:
    resource: str
    hours: float
    reason: str


@dataclass(frozen=True)
class Move:
    """How a resource's planned weeks changed against the previous plan, and why."""

    resource: str
    before: str | None  # first planned week before, None when it was not planned
    after: str | None  # first planned week now, None when it left the plan
    reason: str


@dataclass(frozen=True)
class Plan:
    hours_per_week: float
    weeks: tuple[WeekPlan, ...]
    overflow: tuple[OverflowItem, ...] = ()
    warnings: tuple[str, ...] = ()
    moves: tuple[Move, ...] = ()

    def week(self, week: str) -> WeekPlan | None:
        for candidate in self.weeks:
            if candidate.week == week:
                return candidate
        return None
