"""Progress summaries of categories and the catalog, for the tree, the pane and `list`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from planner.core.catalog.model import Category, Resource
from planner.core.progress.rules import EMPTY_PROGRESS, Progress, Status, remaining_hours


@dataclass(frozen=True)
class Summary:
    total: int = 0
    done: int = 0
    in_progress: int = 0
    effort_hours: float = 0.0
    remaining_hours: float = 0.0

    @property
    def todo(self) -> int:
        return self.total - self.done - self.in_progress


def summarize(resources: Iterable[Resource], progress: Mapping[str, Progress]) -> Summary:
    total = done = started = 0
    effort = remaining = 0.0
    for resource in resources:
        p = progress.get(resource.id, EMPTY_PROGRESS)
        status = p.status()
        total += 1
        done += status is Status.DONE
        started += status is Status.IN_PROGRESS
        effort += resource.effort
        remaining += remaining_hours(resource, p)
    return Summary(total, done, started, round(effort, 6), round(remaining, 6))


def summarize_category(category: Category, progress: Mapping[str, Progress]) -> Summary:
    return summarize(category.resources(), progress)


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
