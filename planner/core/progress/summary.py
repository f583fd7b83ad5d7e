"""Progress summaries of categories and the catalog, for the tree, the pane, `list`,
`stats`, the forecast and the burn-up: the one place the list's hours are added up.

The rule: the hours left are planned work. A Someday resource not done yet (kept and
searchable, not planned) is counted apart, in ``someday`` and ``someday_hours``, and not
in ``remaining_hours`` nor ``effort_hours``; what was already done of it stays done (its
done hours count in ``effort_hours``, so ``done_hours`` is every hour done).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from planner.core.catalog.model import Category, Resource
from planner.core.hours import format_hours
from planner.core.progress.rules import EMPTY_PROGRESS, Progress, Status, remaining_hours


@dataclass(frozen=True)
class Summary:
    total: int = 0  # every resource, Someday ones too
    done: int = 0
    in_progress: int = 0
    effort_hours: float = 0.0  # the planned work's whole: hours done and hours left
    remaining_hours: float = 0.0  # planned work left (not Someday)
    someday: int = 0  # Someday resources not done
    someday_hours: float = 0.0  # their hours left, not planned: not in the two above

    @property
    def todo(self) -> int:
        return self.total - self.done - self.in_progress

    @property
    def done_hours(self) -> float:
        return round(self.effort_hours - self.remaining_hours, 6)

    @property
    def all_someday(self) -> bool:
        """Everything not done is Someday (and something is): nothing of it is planned."""
        return self.someday > 0 and self.someday == self.total - self.done


def summarize(resources: Iterable[Resource], progress: Mapping[str, Progress],
              someday: AbstractSet[str]) -> Summary:
    """The sums of ``resources``; ``someday``: the ids set aside (``Catalog.someday``)."""
    total = done = started = parked = 0
    effort = remaining = parked_hours = 0.0
    for resource in resources:
        p = progress.get(resource.id, EMPTY_PROGRESS)
        status = p.status()
        total += 1
        done += status is Status.DONE
        started += status is Status.IN_PROGRESS
        left = remaining_hours(resource, p)
        if resource.id in someday and status is not Status.DONE:
            parked += 1
            parked_hours += left
            effort += resource.effort - left  # what was done of it stays done
        else:
            effort += resource.effort
            remaining += left
    return Summary(total, done, started, round(effort, 6), round(remaining, 6), parked,
                   round(parked_hours, 6))


def summarize_category(category: Category, progress: Mapping[str, Progress],
                       someday: AbstractSet[str]) -> Summary:
    return summarize(category.resources(), progress, someday)


def hours_left_text(summary: Summary, *, of_whole: bool = False) -> str:
    """'215 h left', '60 h left; 70 Someday: 2019 h, not planned', or for a whole
    Someday part 'Someday: 2079 h, not planned' — the Someday hours said apart, never
    added in (``list``, the category pane, the tree's tip). ``of_whole``: '60 h left of
    80 h' (of the planned work)."""
    if summary.all_someday:
        return f"Someday: {format_hours(summary.someday_hours)}, not planned"
    left = f"{format_hours(summary.remaining_hours)} left"
    if of_whole:
        left += f" of {format_hours(summary.effort_hours)}"
    if not summary.someday:
        return left
    return (f"{left}; {summary.someday} Someday: {format_hours(summary.someday_hours)}, "
            "not planned")


def first_to_study(
    resources: Iterable[Resource], progress: Mapping[str, Progress]
) -> Resource | None:
    """The first resource, in the order given, not done and with all its prerequisites done.

    What a first look at the window selects, and what a category suggests next.
    """
    for resource in resources:
        if progress.get(resource.id, EMPTY_PROGRESS).done:
            continue
        if all(progress.get(p, EMPTY_PROGRESS).done for p in resource.prerequisites):
            return resource
    return None
