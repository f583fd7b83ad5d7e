"""The learner's pace: how long the work takes them against its estimate.

For each session, the hours it took against the estimated hours of the progress it made
(units gone through × the resource's hours per unit; or, for a resource measured in
hours, the hours of it recorded done). Per kind of resource (book, notes, videos, …):

    pace = (hours spent + PRIOR_HOURS) / (estimated hours done + PRIOR_HOURS)

— the evidence shrunk toward 1.0 ("as estimated") by a prior worth ``PRIOR_HOURS`` of
study, so that two hours of sessions do not swing it; it moves toward the measured ratio
as hours add up, and grows with every hour spent at the same progress. A resource with
``OWN_PACE_HOURS`` of sessions of its own uses its own pace, shrunk the same way.

A session shorter than ``MIN_PACE_MINUTES`` is no measure of the pace: started and stopped
at once, it mostly records progress made elsewhere ("done now: chapter 3" a minute after
starting), and four such sessions took a new user's notes to 0.71 × in two minutes. Its
minutes still count in the statistics.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from planner.core.catalog.model import Catalog, Resource
from planner.core.hours import format_hours, round_hours
from planner.core.sessions.model import Session

PRIOR_HOURS = 5.0
OWN_PACE_HOURS = 3.0
AUTO_PACE_HOURS = 5.0  # "auto": the plan follows the pace once this much is logged
MIN_PACE_MINUTES = 5  # a shorter session says nothing of the pace (see above)
PACE_MODES = ("auto", "on", "off")


@dataclass(frozen=True)
class Pace:
    by_kind: dict[str, float] = field(default_factory=dict)
    by_resource: dict[str, float] = field(default_factory=dict)
    logged_hours: float = 0.0

    def of(self, resource: Resource) -> float:
        """The pace to plan ``resource`` with: its own, else its kind's, else 1.0."""
        return self.by_resource.get(resource.id, self.by_kind.get(resource.kind or "", 1.0))

    def knows(self, resource: Resource) -> bool:
        """Whether any session tells this resource's pace (its own, or of its kind)."""
        return resource.id in self.by_resource or (resource.kind or "") in self.by_kind


def at_your_pace(left: float, pace: float) -> str | None:
    """'~5.5 h at your pace' for ``left`` hours, or None when the pace is as estimated
    (within 5 %): the detail pane's second figure."""
    if left <= 0 or abs(pace - 1.0) < 0.05:
        return None
    return f"~{format_hours(round_hours(left * pace))} at your pace"


def estimated_hours(session: Session, resource: Resource) -> float:
    """The estimated hours of the progress a session made (0 when it made none)."""
    if session.before is None or session.after is None:
        return 0.0
    moved = max(0.0, session.after - session.before)
    if resource.units is not None:
        return moved * resource.effort / resource.units.count
    return moved


def shrunk(spent: float, estimated: float) -> float:
    return (spent + PRIOR_HOURS) / (estimated + PRIOR_HOURS)


def learned_pace(sessions: Iterable[Session], catalog: Catalog) -> Pace:
    spent_kind: dict[str, float] = {}
    est_kind: dict[str, float] = {}
    spent_own: dict[str, float] = {}
    est_own: dict[str, float] = {}
    total = 0.0
    for session in sessions:
        resource = catalog.resources.get(session.resource)
        if resource is None:
            continue
        total += session.hours
        if session.minutes < MIN_PACE_MINUTES:
            continue
        kind = resource.kind or ""
        spent, est = session.hours, estimated_hours(session, resource)
        spent_kind[kind] = spent_kind.get(kind, 0.0) + spent
        est_kind[kind] = est_kind.get(kind, 0.0) + est
        spent_own[resource.id] = spent_own.get(resource.id, 0.0) + spent
        est_own[resource.id] = est_own.get(resource.id, 0.0) + est
    return Pace(
        {kind: round(shrunk(spent_kind[kind], est_kind[kind]), 3) for kind in spent_kind},
        {rid: round(shrunk(spent_own[rid], est_own[rid]), 3) for rid in spent_own
         if spent_own[rid] >= OWN_PACE_HOURS},
        round(total, 2),
    )


def plan_pace(pace: Pace, catalog: Catalog, mode: str) -> dict[str, float]:
    """The pace the plan follows, by resource (none: the estimates): ``mode`` "on", "off",
    or "auto" (on once ``AUTO_PACE_HOURS`` of sessions are logged)."""
    if mode == "off" or (mode == "auto" and pace.logged_hours < AUTO_PACE_HOURS):
        return {}
    return {r.id: pace.of(r) for r in catalog if pace.knows(r) and pace.of(r) != 1.0}
