"""Progress on one resource, and what it means for the remaining work."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from planner.core.catalog.model import Resource
from planner.core.errors import UserError
from planner.core.hours import format_hours, round_hours


class Status(str, Enum):
    TODO = "todo"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    # Not a fold of progress but of the catalog: set aside, not planned (and not done).
    SOMEDAY = "someday"

    @property
    def label(self) -> str:
        return {"todo": "To do", "in-progress": "In progress", "done": "Done",
                "someday": "Someday"}[self.value]


@dataclass(frozen=True)
class Progress:
    """What the user recorded for one resource. Immutable: a change makes a new one."""

    done: bool = False
    units_done: int = 0
    hours_logged: float = 0.0
    started: dt.date | None = None
    finished: dt.date | None = None
    notes: str = ""

    @property
    def is_empty(self) -> bool:
        return self == EMPTY_PROGRESS

    def status(self) -> Status:
        if self.done:
            return Status.DONE
        if self.units_done > 0 or self.hours_logged > 0:
            return Status.IN_PROGRESS
        return Status.TODO


EMPTY_PROGRESS = Progress()


def fraction_done(resource: Resource, progress: Progress) -> float:
    """0..1. Units count when the resource has them; otherwise logged hours do."""
    if progress.done:
        return 1.0
    if resource.units is not None:
        return min(progress.units_done / resource.units.count, 1.0)
    effort = resource.effort
    return min(progress.hours_logged / effort, 1.0) if effort > 0 else 0.0


def remaining_hours(resource: Resource, progress: Progress) -> float:
    """Effort × (1 − fraction done), at the core's resolution (``planner.core.hours``)."""
    return round_hours(resource.effort * (1.0 - fraction_done(resource, progress)))


def describe_progress(resource: Resource, progress: Progress) -> str:
    """'chapter 4 of 12', '2.5 h of 8 h', 'done' — for lists and the detail pane."""
    if progress.done:
        return "done"
    if resource.units is not None:
        return f"{progress.units_done} of {resource.units.count} {resource.units.plural()}"
    if progress.hours_logged:
        return f"{format_hours(progress.hours_logged)} of {format_hours(resource.effort)}"
    return "not started"


# ------------------------------------------------------------ the rules of recording progress


class ProgressError(UserError, ValueError):
    pass


def check_units(resource: Resource, units: object) -> int:
    """The resource's unit count, once ``units`` is a valid number of its units done."""
    if resource.units is None:
        raise ProgressError(
            f"{resource.id!r} has no units; record hours instead (it is measured in hours)"
        )
    if isinstance(units, bool) or not isinstance(units, int) or not (
        0 <= units <= resource.units.count
    ):
        raise ProgressError(
            f"units for {resource.id!r} must be from 0 to {resource.units.count} "
            f"({resource.units.plural()}), got {units!r}"
        )
    return resource.units.count


def check_hours(hours: object) -> float:
    """``hours`` of one study session, once it is above 0 and at most 1000."""
    if isinstance(hours, bool) or not isinstance(hours, (int, float)) or not (0 < hours <= 1000):
        raise ProgressError(f"hours must be a number above 0 and at most 1000, got {hours!r}")
    return float(hours)
