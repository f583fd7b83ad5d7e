"""The planner model: the remaining reading turned into weekly goals (docs/architecture.md §3.3).

``schedule`` is a pure, deterministic function of the catalog, the progress, the settings
and the pins; ``replan`` keeps the weeks before this one as history and plans the rest.

How it decides:

* One learner, one timeline; each week offers ``hours_per_week`` hours. What is started
  is finished first, in the order it was started (in progress, or begun in a week the
  previous plan has already put behind us, count as started). New work is taken in rank
  order: earliest deadline, then priority (1 highest), then catalog order. A prerequisite
  inherits the most urgent deadline and priority of whatever waits for it (and a pinned
  dependant's week as a deadline), so urgent work is not stuck behind a low-ranked
  prerequisite.
* When the next unit of the work at hand does not fit in what is left of a week, the gap
  goes to the next work in line: started work, or the next new resource in rank. Once a
  better-ranked new resource has had to wait for room, a new resource may use the gap only
  if it ends in it (started, it would claim the weeks ahead of the better-ranked one). At
  most ``max_parallel`` distinct resources a week.
* Tracks (``planner.core.planning.tracks``): when categories take shares of the week, each
  track has its own queue, ranked as above, and the tracks share each week by deficit
  round robin: every week each track with work ready earns its part of the week's hours
  as credit (its share among the shares of the tracks with work ready: the share of a
  track that is finished or waits for prerequisites goes to the others that week), and
  the tracks take their turn richest first, each placing work up to its credit (the rules
  above apply within the track). What the pieces leave of the week goes round again,
  richest first, charged to the credit and paid back later, up to a week's part. A track
  with nothing ready earns nothing; credit saves up to a week's part or a piece kept
  whole. So a track whose next piece is larger than its share of one week (a 2 h paper
  at 0.5 h a week) saves up for it and gets it whole, instead of a crumb a week. A
  resource continued in the same week (its track had room left over) keeps one goal.
  Credit goes on from week to week: a plan made over a previous one starts each track
  with what the previous plan's past weeks left it (each week's part, less the hours
  studied in the track that week), so the savings survive the weekly roll-over and a
  learner who does the plan finds the next weeks as they were planned. In this week, a
  track studied in it keeps its part as when the week began, also when that study
  finished its work (a paper read ahead of the plan): its part is not dealt out to the
  others, so work outside the week's goals leaves them as they were.
  Started work keeps its weekly place: when the started resource first in a track's
  line has no goal yet this week and its next piece does not fit in the credit, no later
  work of its track takes the gap, and after the turns the piece takes what the week has
  left, borrowing up to the track's part (debt at most a week's part, as above).
* A resource is available the moment its last prerequisite is finished, so it may start
  in the same week, after it (goals are listed in the order they are worked on).
* Splits fall on unit boundaries when units are known (a unit longer than a whole week is
  split inside the unit, and so are units when a week cannot hold half an hour of whole
  ones at all: 0.13 h units at 0.5 h a week; a last unit a week holds is not split: it
  waits for room, rather than "sections 4–5" then "section 5" again). No crumbs: a piece
  is at least half an hour (or the weekly budget, when that is shorter), and a split
  leaves at least that much for the next piece, so a leftover joins its neighbour's goal
  (a 2.2 h paper in a week with 1.9 h free becomes 1.7 h + 0.5 h, not 1.9 h + 0.3 h). Only
  a resource with less than that left at all is planned as a smaller piece, whole (and,
  under an hour a week, the last piece of a resource no week holds). A resource with 2
  hours or less left is not split: it waits for a week with room for all of it, unless the
  weekly budget is shorter (then it is split, in pieces as above).
* Hours are planned at the core's resolution (``planner.core.hours``): a week's budget is
  counted in hundredths of an hour, and a goal's hours are the hundredths its piece moves
  the resource on, so a resource's goals and overflow add up to its remaining hours exactly
  and rounding never takes a week past its budget.
* A pin puts the resource's next piece in the pinned week and continues from there: the
  piece is what fits in the week's budget (on unit boundaries, no crumbs; a resource kept
  whole comes whole), with first claim on it, ahead of unpinned work and after the pins
  of resources earlier in the catalog; the rest is started work from the next week on.
  When earlier pins leave too little room for a piece, the pin takes the piece an empty
  week would hold and the week is flagged over budget. Pinned work joins the week's
  sequence once its prerequisites are done; a pin earlier than its prerequisites is kept
  where the user put it, with a warning, and its rest waits for them. Pins in past weeks
  are ignored with a warning; a pin beyond the horizon sends the resource to the overflow.
* A deadline counts as met when the work finishes in the deadline's week or before. A
  missed deadline is planned late with a warning giving the weekly hours that would have
  met it: the hours ahead of it in the plan's order plus its own plus pinned work up to
  the deadline, divided by the weeks from the start to the deadline's week.
* Re-visits (``revisits``: finished resources whose memory falls due, planner.core.revisits)
  come first in the week they fall due, before new work and pins' neighbours, soonest
  due first (a refresh before a dependant starts, planner.core.revisits.refresh, before
  them), taking at most the re-visit share of the week's hours (a re-visit longer than
  that share is cut to it). What the share cannot hold waits for the next week, and the
  plan warns when a re-visit waits more than a week. They are extra to the remaining work:
  never in the overflow, never counted as work planned. A re-visit due before the plan's
  start is due in its first week; one beyond the horizon is not planned.
* What does not finish within the horizon goes to the overflow lane, with the reason: the
  horizon the learner set (shorter than the longest), or the budget (nothing fits in the
  longest horizon, ten years), or the end of the calendar.

Cost: O((n + e) log n) for n resources and e prerequisite links, plus O(weeks).
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from planner.core.catalog.model import Catalog, Resource, find_cycle
from planner.core.errors import UserError
from planner.core.hours import (
    format_hours,
    from_hundredths,
    hundredths_within,
    round_hours,
    round_hours_up,
    to_hundredths,
)
from planner.core.planning.plan import (
    DONE,
    REVISIT,
    DeadlineMiss,
    Goal,
    Move,
    OverflowItem,
    Plan,
    PlanBasis,
    Revisit,
    WeekPlan,
    is_work,
)
from planner.core.planning.settings import MAX_HORIZON, Settings
from planner.core.planning.tracks import shares_of, tracks_of
from planner.core.progress.rules import Progress, Status, remaining_hours
from planner.core.weeks import LAST_WEEK, WeekError, monday, parse_week, week_of, weeks_between

__all__ = [
    "KEEP_WHOLE_HOURS",
    "MIN_PIECE_HOURS",
    "SchedulingError",
    "describe_goal",
    "plan_start",
    "plan_to_json",
    "replan",
    "schedule",
]

EPS = 1e-9
MIN_PIECE_HOURS = 0.5
KEEP_WHOLE_HOURS = 2.0  # a resource with this much left or less is not split across weeks
GAP_ATTEMPTS = 16  # resources tried per week for a gap the head cannot use; bounds the cost
_NO_DEADLINE = dt.date.max.toordinal() + 1
_NO_PINS: Mapping[str, str] = MappingProxyType({})

_Key = tuple[int, int, int, int]  # (0, start order, 0, i) or (1, deadline, priority, i)


class SchedulingError(UserError, ValueError):
    """Input no plan can be made from: a prerequisite cycle or an unknown prerequisite."""

    def __init__(
        self, message: str, *, resource: str | None = None, cycle: tuple[str, ...] = ()
    ) -> None:
        super().__init__(message)
        self.resource = resource
        self.cycle = cycle  # the ids of a cycle, the first repeated at the end


# ------------------------------------------------------------------------------ public API


def _order(catalog: Catalog, resource_id: str) -> int:
    return catalog.order(resource_id) if resource_id in catalog.resources else -1


def plan_start(settings: Settings, today: dt.date) -> str:
    """The first week to plan: the start-week setting, but never a week already past."""
    this_week = week_of(today)
    if settings.start_week is None:
        return this_week
    start = parse_week(settings.start_week)
    return start if monday(start) > monday(this_week) else this_week


def schedule(
    catalog: Catalog,
    progress: Mapping[str, Progress],
    settings: Settings,
    *,
    today: dt.date,
    pins: Mapping[str, str] = _NO_PINS,
    previous: Plan | None = None,
    used_hours: float | Mapping[str, float] = 0.0,
    only: Collection[str] | None = None,
    pace: Mapping[str, float] | None = None,
    keep: PlanBasis | None = None,
    revisits: Sequence[Revisit] = (),
    revisited_hours: float = 0.0,
) -> Plan:
    """Plan the remaining work from ``plan_start(settings, today)`` on.

    ``used_hours``: hours of the first week already studied (its budget is that much
    smaller), in all or by resource (then each track's share is charged with its own);
    ``only``: the resources to plan (None: all), so that following the learner
    does not take in resources the accepted plan has not seen; ``pace``: the learner's pace
    by resource (1.5: it takes them half as long again as estimated), which scales its
    remaining hours and its hours per unit; ``keep``: the basis of the accepted plan when
    following it, whose priorities, deadlines and shares stand until the learner re-plans
    (an edit of them shows in the re-plan's preview, not in the next tick).

    ``previous`` (the plan being replaced) explains the moves and tells which resources
    were begun in weeks now past (they count as started and their first goal is a
    carry-over). Raises ``SchedulingError`` for a cycle or an unknown prerequisite among
    the resources with work left (a catalog built from data has been checked whole, done
    resources included: ``planner.core.catalog.model.check_prerequisites``) and
    ``SettingsError`` for settings out of range. ``revisits``: the re-visits to place, each
    in the week it falls due (see the module's doc); ``revisited_hours``: hours of the
    first week's re-visit share already used by re-visits done (part of ``used_hours``).
    """
    return _Scheduler(catalog, progress, settings, today, pins, previous,
                      used_hours, only, pace, keep, revisits, revisited_hours).plan()


def replan(
    previous: Plan,
    catalog: Catalog,
    progress: Mapping[str, Progress],
    settings: Settings,
    today: dt.date,
    pins: Mapping[str, str] = _NO_PINS,
    *,
    used_hours: float | Mapping[str, float] = 0.0,
    only: Collection[str] | None = None,
    pace: Mapping[str, float] | None = None,
    keep: PlanBasis | None = None,
    revisits: Sequence[Revisit] = (),
    revisited_hours: float = 0.0,
) -> Plan:
    """A new plan whose weeks before ``today``'s week are the previous plan's, unchanged.

    Past weeks are history: their goals stay as they were. Whatever of them was not done
    is still remaining work, so it is planned again from this week on (as a carry-over).
    ``used_hours``, ``only``, ``pace``, ``keep`` and the re-visits as in ``schedule``.
    """
    fresh = schedule(catalog, progress, settings, today=today, pins=pins, previous=previous,
                     used_hours=used_hours, only=only, pace=pace, keep=keep,
                     revisits=revisits, revisited_hours=revisited_hours)
    this_monday = monday(week_of(today))
    history = tuple(week for week in previous.weeks if monday(week.week) < this_monday)
    return replace(fresh, weeks=history + fresh.weeks)


def describe_goal(goal: Goal, catalog: Catalog) -> str:
    """'chapters 4–6 of Foundations of Data Science (6 h)'; 'Re-visit: Matrix Calculus
    (30 min)'."""
    resource = catalog.resources.get(goal.resource)
    title = resource.title if resource else goal.resource
    hours = format_hours(goal.hours)
    if goal.kind == REVISIT:
        return f"Re-visit: {title} ({round(goal.hours * 60)} min)"
    if goal.units is not None and resource is not None and resource.units is not None:
        return f"{resource.units.describe_range(*goal.units)} of {title} ({hours})"
    return f"{title} ({hours})"


def plan_to_json(plan: Plan, catalog: Catalog) -> dict[str, object]:
    """The plan as plain data for ``plan --json`` (docs/architecture.md §3.2)."""

    def title(resource_id: str) -> str:
        resource = catalog.resources.get(resource_id)
        return resource.title if resource else resource_id

    return {
        "hours_per_week": plan.hours_per_week,
        "start_week": plan.start_week,
        "weeks": [
            {
                "week": week.week,
                "planned_hours": round(week.planned_hours, 2),
                "budget": week.budget,
                "over_budget": week.over_budget,
                "items": [
                    {
                        "resource": goal.resource,
                        "title": title(goal.resource),
                        "hours": round(goal.hours, 2),
                        "units": list(goal.units) if goal.units else None,
                        "kind": goal.kind,
                        "pinned": goal.pinned,
                        "description": describe_goal(goal, catalog),
                    }
                    for goal in week.goals
                ],
            }
            for week in plan.weeks
        ],
        "overflow": [
            {
                "resource": item.resource,
                "title": title(item.resource),
                "hours": round(item.hours, 2),
                "reason": item.reason,
            }
            for item in plan.overflow
        ],
        "warnings": list(plan.warnings),
        "moves": [
            {
                "resource": move.resource,
                "title": title(move.resource),
                "before": move.before,
                "after": move.after,
                "reason": move.reason,
            }
            for move in plan.moves
        ],
        "deadline_misses": [
            {
                "resource": miss.resource,
                "deadline": miss.deadline.isoformat(),
                "finish_week": miss.finish_week,
                "needed_hours_per_week": (
                    None
                    if miss.needed_hours_per_week is None
                    else round(miss.needed_hours_per_week, 2)
                ),
            }
            for miss in plan.deadline_misses
        ],
    }


# ------------------------------------------------------------------------------ the model


@dataclass(slots=True)
class _Work:
    """Bookkeeping for one resource with work left; indexes are positions in ``works``."""

    resource: Resource
    remaining: float
    units_done: int
    seq: int | None  # when it was started: earlier is finished first; None: not started
    carry_over: bool
    deadline_key: int
    priority_key: int
    prereqs: list[int] | tuple[()] = ()  # a shared empty tuple until there are some:
    dependents: list[int] | tuple[()] = ()  # thousands of small lists cost time
    waiting: int = 0  # prerequisites not finished yet
    pin: int | None = None  # week index of a usable pin, until its piece is placed
    pin_hours: float = 0.0  # the pinned piece
    pinned_week: int | None = None  # week index the pinned piece was placed in
    pin_beyond: str | None = None  # a pin beyond the horizon
    placed: float = 0.0
    finish: int | None = None  # week index it finishes in
    ahead: float = 0.0  # unpinned hours of the timeline up to its end
    scale: float = 1.0  # the learner's pace on it: its hours are the estimate's × this
    track: int = 0  # index of its track
    deadline: dt.date | None = None  # its own deadline (the catalog's, or as kept)
    goal_week: int = -1  # the week of its last goal, at ``goal_at`` in that week's goals
    goal_at: int = -1


def _own_deadline(work: _Work) -> int:
    deadline = work.deadline
    return deadline.toordinal() if deadline else _NO_DEADLINE


def _unit_hours(work: _Work) -> float | None:
    units = work.resource.units
    return work.resource.effort * work.scale / units.count if units else None


class _Scheduler:
    def __init__(
        self,
        catalog: Catalog,
        progress: Mapping[str, Progress],
        settings: Settings,
        today: dt.date,
        pins: Mapping[str, str],
        previous: Plan | None,
        used: float | Mapping[str, float] = 0.0,
        only: Collection[str] | None = None,
        pace: Mapping[str, float] | None = None,
        keep: PlanBasis | None = None,
        revisits: Sequence[Revisit] = (),
        revisited_hours: float = 0.0,
    ) -> None:
        self.catalog = catalog
        self.revisited_c = max(0, to_hundredths(revisited_hours))  # of the first week's share
        self.keep = keep
        self.used = {} if isinstance(used, (int, float)) else dict(used)
        # hundredths of the first week already studied
        self.used_c = max(0, to_hundredths(used if isinstance(used, (int, float))
                                           else sum(used.values())))
        self.only = only
        self.pace = pace or {}
        self.progress = progress
        self.settings = settings.validated()
        self.budget = float(self.settings.hours_per_week)
        self.budget_c = hundredths_within(self.budget)  # hundredths of an hour, as all `_c`
        self.min_piece_c = min(to_hundredths(MIN_PIECE_HOURS), self.budget_c)
        self.whole_c = min(to_hundredths(KEEP_WHOLE_HOURS), self.budget_c)  # kept whole
        self.today = today
        self.start = plan_start(self.settings, today)
        self.start_monday = monday(self.start)
        # Never past LAST_WEEK, the last week with dates: settings are bounded so that a plan
        # ends by then, but the clock is not (a plan made in 9999 is cut short, not a crash).
        self.horizon = max(0, min(self.settings.horizon_weeks,
                                  weeks_between(self.start, LAST_WEEK) + 1))
        self.previous = previous
        self.warnings: list[str] = []
        self.works: list[_Work] = []
        self.deadlined: list[int] = []  # works with a deadline of their own
        self.priorities: dict[str, int] = {}  # for the basis of the next re-plan
        self.index: dict[str, int] = {}
        self.tracks = tracks_of(catalog, keep.shares if keep is not None else None)
        self.studied_tracks = frozenset(t for rid in self.used
                                        if (t := self.tracks.of.get(rid)) is not None)
        self.queues: list[list[_Key]] = [[] for _ in self.tracks.tracks]  # heaps, by track
        self.credit = [0] * len(self.queues)  # hundredths each track may still take
        self.pinned_c: dict[int, int] = {}  # pinned hundredths by week index
        self.pins_by_week: dict[int, list[int]] = {}
        self.pins_ready: dict[int, list[int]] = {}
        self.resume: list[_Key] = []  # pinned work to go on with after this week
        self.unplaced_pins = 0
        self.started = 0  # resources started so far by this plan
        self.weeks: list[list[Goal]] = []
        self.goals: list[Goal] = []
        self.week = 0
        self.cum = 0.0
        self._collect(pins)
        self._revisits_due(revisits)
        self._carry_credit()

    def _revisits_due(self, revisits: Sequence[Revisit]) -> None:
        """The re-visits by the week index they fall due in (before the start: the first)."""
        self.revisit_share_c = int(self.budget_c * self.settings.revisit_share + EPS)
        self.revisits: dict[int, list[tuple[int, int, int, Revisit]]] = {}
        self.revisits_waiting: list[tuple[int, int, int, Revisit]] = []  # a heap
        self.revisits_late: list[tuple[Revisit, int]] = []  # and the weeks they waited
        for revisit in revisits:
            week = max(0, (revisit.due - self.start_monday).days // 7)
            if week < self.horizon:
                # a refresh before a dependant starts comes first among those waiting
                entry = (0 if revisit.reason else 1, revisit.due.toordinal(),
                         _order(self.catalog, revisit.resource), revisit)
                self.revisits.setdefault(week, []).append(entry)
        self.revisit_weeks = max(self.revisits, default=-1)
    # -------------------------------------------------------------- setting up

    def label(self, index: int) -> str:
        return week_of(self.start_monday + dt.timedelta(weeks=index))

    def title(self, resource_id: str) -> str:
        resource = self.catalog.resources.get(resource_id)
        return f"“{resource.title}”" if resource else repr(resource_id)

    def _collect(self, pins: Mapping[str, str]) -> None:
        """Set up the work, the prerequisite graph and the queue of available work.

        With thousands of resources each pass over them costs cache misses, so the one
        pass over the catalog also gathers what the later steps need; those then visit
        only the resources that have prerequisites, dependants, pins or a start.
        """
        started_before, hours_ahead, carried = _previous_history(self.previous, self.start)
        works, index, progress_of = self.works, self.index, self.progress.get
        priorities, queues, track_of = self.priorities, self.queues, self.tracks.of.get
        linked: list[int] = []  # works with prerequisites left to wait for
        started: list[int] = []
        only, pace_of, kept = self.only, self.pace.get, self.keep
        someday = self.catalog.someday  # set aside: not planned, like done
        for resource in self.catalog:
            rid = resource.id
            if (only is not None and rid not in only) or rid in someday:
                continue
            progress = progress_of(rid)
            units = resource.units
            scale = pace_of(rid, 1.0)
            if progress is None:  # the common case, kept cheap
                left, units_done, begun = round_hours(resource.effort * scale), 0, \
                    rid in started_before
                seq = -1 if begun else None
            else:
                if progress.done:
                    continue
                left = remaining_hours(resource, progress)
                if scale != 1.0:
                    left = round_hours(left * scale)
                if left <= EPS:
                    continue
                units_done = min(progress.units_done, units.count) if units else 0
                begun = rid in started_before
                seq = -1 if begun or progress.status() is Status.IN_PROGRESS else None
            i = len(works)
            if kept is not None and rid in kept.priorities:
                priority, deadline = kept.priorities[rid], kept.deadlines.get(rid)
            else:
                priority, deadline = resource.priority, resource.deadline
            priorities[rid] = priority
            deadline_key = deadline.toordinal() if deadline else _NO_DEADLINE
            prereq_ids = resource.prerequisites
            index[rid] = i
            works.append(
                _Work(
                    resource,
                    left,
                    units_done,
                    seq,
                    begun and (left > hours_ahead.get(rid, 0.0) + 1e-6 or rid in carried),
                    deadline_key,
                    priority,
                    scale=scale,
                    track=track_of(rid, 0),
                    deadline=deadline,
                )
            )
            if deadline:
                self.deadlined.append(i)
            if prereq_ids:
                linked.append(i)
            if seq is not None:
                started.append(i)
            elif not prereq_ids:
                queues[works[i].track].append((1, deadline_key, priority, i))  # may go stale
        self._link(linked)
        self._apply_pins(pins)
        graph = self._propagate_urgency(linked)
        started.sort(key=lambda i: (works[i].deadline_key, works[i].priority_key, i))
        for n, i in enumerate(started):
            works[i].seq = n - len(started)
        for i in dict.fromkeys(graph + started):
            work = works[i]
            if work.waiting or work.pin is not None or work.pin_beyond is not None:
                continue
            key = self.key(i)
            resource = work.resource
            if (key != (1, _own_deadline(work), self.priorities[resource.id], i)
                    or resource.prerequisites):
                queues[work.track].append(key)  # not queued above, or queued with a stale key
        for week, pinned in sorted(self.pins_by_week.items()):
            for i in pinned:
                if not works[i].waiting:
                    self.pins_ready.setdefault(week, []).append(i)
        for queue in queues:
            heapq.heapify(queue)

    def _link(self, linked: list[int]) -> None:
        """Prerequisite and dependant indexes of the works that have prerequisites."""
        works, index, resources = self.works, self.index, self.catalog.resources
        for i in linked:
            work = works[i]
            prereqs: list[int] = []
            for prereq in work.resource.prerequisites:
                j = index.get(prereq)
                if j is None:
                    if prereq not in resources:
                        raise SchedulingError(
                            f"unknown prerequisite {prereq!r} of {work.resource.id!r}",
                            resource=work.resource.id,
                        )
                elif j not in prereqs:
                    prereqs.append(j)
                    dependents = works[j].dependents
                    if isinstance(dependents, list):
                        dependents.append(i)
                    else:
                        works[j].dependents = [i]
            work.prereqs = prereqs
            work.waiting = len(prereqs)

    def _apply_pins(self, pins: Mapping[str, str]) -> None:
        this_monday = monday(week_of(self.today))
        known = self.catalog.resources
        for rid in sorted(pins, key=lambda rid: (rid not in known, _order(self.catalog, rid), rid)):
            if rid not in known:
                self.warnings.append(f"a pin of unknown resource {rid!r} is ignored")
                continue
            i = self.index.get(rid)
            if i is None:
                continue  # done: nothing left to pin
            work = self.works[i]
            try:
                week = parse_week(pins[rid])
            except WeekError as exc:
                self.warnings.append(f"the pin of {self.title(rid)} is ignored: {exc}")
                continue
            offset = (monday(week) - self.start_monday).days // 7
            if monday(week) < this_monday:
                self.warnings.append(
                    f"{self.title(rid)} is pinned to {week}, which is past; the pin is ignored"
                )
            elif offset < 0:
                self.warnings.append(
                    f"{self.title(rid)} is pinned to {week}, before the plan starts "
                    f"({self.start}); the pin is ignored"
                )
            elif offset >= self.horizon:
                work.pin_beyond = week
            else:
                work.pin = offset
                claimed = self.pinned_c.get(offset, 0)
                work.pin_hours = self._pin_piece(work, self.budget_c - claimed)
                self.pinned_c[offset] = claimed + to_hundredths(work.pin_hours)
                self.pins_by_week.setdefault(offset, []).append(i)
                self.unplaced_pins += 1
                sunday = (monday(week) + dt.timedelta(days=6)).toordinal()
                work.deadline_key = min(work.deadline_key, sunday)

    def _propagate_urgency(self, linked: list[int]) -> list[int]:
        """Prerequisites inherit the earliest deadline and best priority of their dependants.

        Visits dependants before their prerequisites; what cannot be visited is on a cycle.
        Returns the works in the prerequisite graph (those with prerequisites or dependants).
        """
        works = self.works
        graph = list(dict.fromkeys(linked + [j for i in linked for j in works[i].prereqs]))
        pending = {i: len(works[i].dependents) for i in graph}
        stack = [i for i in graph if not pending[i]]
        visited = 0
        while stack:
            work = works[stack.pop()]
            visited += 1
            for j in work.prereqs:
                prereq = works[j]
                prereq.deadline_key = min(prereq.deadline_key, work.deadline_key)
                prereq.priority_key = min(prereq.priority_key, work.priority_key)
                pending[j] -= 1
                if not pending[j]:
                    stack.append(j)
        if visited < len(graph):
            cycle = find_cycle(self.catalog)
            if cycle is None:
                raise AssertionError("unreachable: a cycle that find_cycle does not find")
            raise SchedulingError(
                "prerequisite cycle: " + " → ".join(cycle), resource=cycle[0], cycle=tuple(cycle)
            )
        return graph

    def _current(self, key: _Key) -> bool:
        """Whether a queued key still stands (keys queued early may have gone stale)."""
        work = self.works[key[3]]
        return (
            work.finish is None
            and work.pin is None
            and work.pin_beyond is None
            and key == self.key(key[3])
        )

    def _blocker(self, work: _Work) -> int:
        """The first prerequisite of ``work`` not finished yet."""
        for j in work.prereqs:
            if self.works[j].finish is None:
                return j
        raise AssertionError("no unfinished prerequisite")

    def key(self, i: int) -> _Key:
        """Started work first, in the order it was started; then the rank of new work."""
        work = self.works[i]
        if work.seq is not None:
            return (0, work.seq, 0, i)
        return (1, work.deadline_key, work.priority_key, i)

    # -------------------------------------------------------------- the week loop

    def _push(self, key: _Key) -> None:
        heapq.heappush(self.queues[self.works[key[3]].track], key)

    def run(self) -> None:
        for week in range(self.horizon):
            if (not any(self.queues) and not self.unplaced_pins and week > self.revisit_weeks
                    and not self.revisits_waiting):
                break
            self.week = week
            self.goals = []
            self._fill_week(week)
            self.weeks.append(self.goals)

    def _fill_week(self, week: int) -> None:
        for i in self.pins_ready.pop(week, []):
            self._place_pins(i)
        capacity = max(0, self.budget_c - self.pinned_c.get(week, 0))
        # the first week's hours already studied: less room, the same unit sizes
        free = max(0, capacity - (self.used_c if week == 0 else 0))
        taken = self._place_revisits(week, free)
        # a re-visit done this week took its room before the tracks share the week, as one
        # placed in it does (its hours are in ``used_c`` already)
        done_revisits = min(self.revisited_c, capacity - taken) if week == 0 else 0
        capacity, free = capacity - taken - done_revisits, free - taken
        slots = self.settings.max_parallel - len(self.pins_by_week.get(week, ()))
        active = [t for t, queue in enumerate(self.queues) if queue]
        if len(active) == 1:  # one track with work ready: the week is its own
            self.credit = [0] * len(self.queues)
            self._fill(active[0], free, capacity, slots)
        elif active:
            self._share_out(week, free, capacity, slots)
        for i in self.pins_by_week.get(week, ()):
            work = self.works[i]
            if work.pin is not None:
                blocker = self._blocker(work)
                self.warnings.append(
                    f"{self.title(work.resource.id)} is pinned to {self.label(week)}, before "
                    f"its prerequisite {self.title(self.works[blocker].resource.id)} is done"
                )
                self._place_pins(i)
        for key in self.resume:
            self._push(key)
        self.resume = []

    def _place_revisits(self, week: int, free: int) -> int:
        """Place the re-visits due by ``week`` (soonest due first) in its re-visit share and
        ``free``; those left over wait for the next week. Returns the hundredths taken."""
        waiting = self.revisits_waiting
        for entry in self.revisits.pop(week, ()):
            heapq.heappush(waiting, entry)
        share = self.revisit_share_c - (self.revisited_c if week == 0 else 0)
        room = min(free, share)
        taken = misses = 0
        kept: list[tuple[int, int, int, Revisit]] = []
        # a shorter one later in line may use a gap, but a few tries bound the cost when
        # hundreds wait (GAP_ATTEMPTS, as for new work)
        while waiting and misses < GAP_ATTEMPTS and taken < room:
            entry = heapq.heappop(waiting)
            revisit = entry[3]
            hours_c = min(to_hundredths(revisit.hours), self.revisit_share_c)
            if hours_c <= 0:
                continue  # no share for re-visits at all: none is planned
            if taken + hours_c > room:
                kept.append(entry)
                misses += 1
                continue
            taken += hours_c
            self.goals.append(Goal(revisit.resource, from_hundredths(hours_c), kind=REVISIT))
            if revisit.reason:  # a refresh before a dependant: the preview says why
                self.warnings.append(revisit.reason)
            due = max(0, (revisit.due - self.start_monday).days // 7)
            if week - due > 1:
                self.revisits_late.append((revisit, week - due))
        for entry in kept:
            heapq.heappush(waiting, entry)
        return taken

    def _share_out(self, week: int, free: int, capacity: int, slots: int) -> None:
        """Share the week among the tracks by deficit round robin (see the module's doc)."""
        queues, credit = self.queues, self.credit
        active = [t for t in range(len(queues)) if queues[t]]
        # a track studied this week keeps its part of it, as when the week began, also when
        # that study finished its work (a paper read ahead of the plan): its part would
        # otherwise be dealt out to the others, and the week's goals change under them
        studied = self.studied_tracks if week == 0 else frozenset()
        sizes = self._earn([bool(queue) or t in studied for t, queue in enumerate(queues)],
                           capacity)
        if week == 0 and self.used:  # each track pays for what was studied in it
            for rid, hours in self.used.items():
                k = self.tracks.of.get(rid)  # a resource done this week has no work left
                if k is not None:
                    credit[k] = max(-sizes[k], credit[k] - to_hundredths(hours))
        turns = sorted(active, key=lambda t: -credit[t])
        # A track whose started head waits for credit lets no later work of its own take
        # the gap; after the turns the head borrows for its piece (see the module's doc).
        heads = [credit[t] > 0 or self._started_head(t) for t in range(len(queues))]
        short: list[int] = []
        for n, t in enumerate(turns):
            if free <= 0 or slots <= 0:
                break
            room = min(free, credit[t])
            if room <= 0:
                if heads[t]:
                    short.append(t)
                continue
            later = sum(1 for u in turns[n + 1:] if heads[u])  # a slot kept for each
            used, took, held = self._fill(t, room, sizes[t], max(1, slots - later), True)
            credit[t] -= used
            free, slots = free - used, slots - took
            if held:
                short.append(t)
        for t in short:  # the head's piece alone, in debt of a week's part at most
            room = min(free, sizes[t], credit[t] + sizes[t])
            if slots > 0 and room > 0:
                used, took, _ = self._fill(t, room, sizes[t], 1, True)
                credit[t] -= used
                free, slots = free - used, slots - took
        for t in sorted(turns, key=lambda t: -credit[t]):  # what is left goes round, charged
            if free <= 0:
                break
            used, took, _ = self._fill(t, free, sizes[t], slots, True)
            credit[t] = max(-sizes[t], credit[t] - used)
            free, slots = free - used, slots - took

    def _earn(self, ready: Sequence[bool], capacity: int) -> list[int]:
        """Credit each track with work ready with its part of a week of ``capacity``
        hundredths; returns the parts' piece sizes (what a track's part holds at least)."""
        credit = self.credit
        # The week is shared among the tracks with work ready, in proportion to their
        # shares: the share of a track with nothing ready goes to the others.
        shares = [track.share for track in self.tracks.tracks]
        total = sum(share for share, r in zip(shares, ready, strict=True) if r) or 1
        earned = [share * capacity // total if r else 0 for share, r in
                  zip(shares, ready, strict=True)]
        # A unit is kept whole when the track's part of a week holds it: a 5 h chapter in
        # a 2 h part is read 2 h a week, beside the other tracks, not in a week of its own.
        sizes = [max(self.min_piece_c, part) for part in earned]
        # Credit saves up for a piece kept whole at most, and debt is a week's part at
        # most: more would swing whole weeks from one track to the other.
        for t, r in enumerate(ready):
            credit[t] = min(max(sizes[t], self.whole_c), credit[t] + earned[t]) if r else 0
        return sizes

    def _carry_credit(self) -> None:
        """Each track's credit as the weeks before the plan left it: what each week of the
        previous plan's history earned the track, less what was studied in it (its done
        goals). So a track saving up for a piece larger than its weekly part (a 2 h paper
        at half an hour a week) keeps its savings when the plan follows the learner into
        the next week, instead of starting from nothing every week and never getting there.
        A track had work ready in a week when it has work now or was studied in that week
        or later (a track finished since had work then)."""
        n = len(self.queues)
        if self.previous is None or n < 2:
            return
        of = self.tracks.of.get
        past = []  # (week, hundredths studied by track, re-visit hundredths)
        for week in self.previous.weeks:
            if week.week >= self.start:
                continue
            studied = [0] * n
            revisits = 0
            for goal in week.goals:
                if goal.kind == REVISIT:
                    revisits += to_hundredths(goal.hours)
                elif goal.kind == DONE and (t := of(goal.resource)) is not None:
                    studied[t] += to_hundredths(goal.hours)
            past.append((week, studied, revisits))
        had_work = {work.track for work in self.works}
        had_work.update(t for rid in self.used if (t := of(rid)) is not None)
        readiness = []
        for _, studied, _ in reversed(past):
            had_work.update(t for t in range(n) if studied[t])
            readiness.append([t in had_work for t in range(n)])
        for (week, studied, revisits), ready in zip(past, reversed(readiness), strict=True):
            if sum(ready) < 2:  # one track had the week (as ``_fill_week``)
                self.credit = [0] * n
                continue
            sizes = self._earn(ready, max(0, hundredths_within(week.budget) - revisits))
            self.credit = [max(-size, c - s)
                           for c, s, size in zip(self.credit, studied, sizes, strict=True)]

    def _started_head(self, t: int) -> bool:
        """Whether the work first in track ``t``'s line is started and still waits for its
        place this week (stale keys dropped)."""
        queue = self.queues[t]
        while queue and not self._current(queue[0]):
            heapq.heappop(queue)
        return bool(queue) and queue[0][0] == 0 and not self._studied_this_week(queue[0][3])

    def _studied_this_week(self, i: int) -> bool:
        """Whether work ``i`` was studied in the first week already: it had its place there,
        so it holds no gap against later work of its track."""
        return self.week == 0 and self.works[i].resource.id in self.used

    def _fill(self, t: int, free: int, capacity: int, slots: int,
              hold: bool = False) -> tuple[int, int, bool]:
        """Place work of track ``t`` in ``free`` hundredths, starting at most ``slots`` new
        resources this week. ``hold``: when the work first in line is started, has no goal
        this week, was not studied in it, and no piece of it fits, nothing else is placed
        (the gap is its own).
        Returns (hundredths used, resources started this week, whether it held)."""
        queue = self.queues[t]
        deferred: list[_Key] = []
        attempts = used = took = 0
        waiting_new = held = False
        while free > used and queue and attempts < GAP_ATTEMPTS:
            key = heapq.heappop(queue)
            i = key[3]
            if not self._current(key):
                continue
            goes_on = self.works[i].goal_week == self.week  # a goal this week already
            if not goes_on and took >= slots:
                deferred.append(key)
                break
            # Once a better-ranked new resource had to wait for a week with room for its
            # next unit, a new resource may use the gap only if it ends in it: started, it
            # would otherwise claim the weeks ahead ("finish what is started").
            gap_only = waiting_new and key[0] == 1
            hours = self._piece(self.works[i], free - used, capacity, gap_only)
            if hours is None:
                deferred.append(key)
                if (hold and not attempts and not used and key[0] == 0 and not goes_on
                        and not self._studied_this_week(i)):
                    held = True
                    break
                attempts += 1
                waiting_new = waiting_new or key[0] == 1
                continue
            used += self._place(i, hours)
            took += 0 if goes_on else 1
            if self.works[i].finish is None:
                deferred.append(self.key(i))
        for key in deferred:
            heapq.heappush(queue, key)
        return used, took, held

    def _pin_piece(self, work: _Work, room: int) -> float:
        """The pinned piece of ``work`` (nothing of it placed yet) in ``room`` hundredths."""
        if to_hundredths(work.remaining) <= max(room, self.whole_c):
            return work.remaining
        for free in (room, self.budget_c):  # what is left of the week, else a week's piece
            hours = self._piece(work, free, self.budget_c, False) if free > 0 else None
            if hours is not None:
                return hours
        return work.remaining  # no piece to be had (a budget under an hour): all of it

    def _piece(self, work: _Work, free: int, capacity: int, whole_only: bool) -> float | None:
        """Hours of ``work`` to plan in ``free`` hundredths, or None when no good piece fits.

        The hours are exact (unit boundaries stay on units); the goal shows the hundredths
        they move the resource on (``_shown``), which is what counts against the week.
        """
        placed = to_hundredths(work.placed)
        left = to_hundredths(work.remaining) - placed
        if left <= free:
            return work.remaining - work.placed
        if whole_only or to_hundredths(work.remaining) <= self.whole_c:
            return None  # not split: it waits for a week with room for all of it
        floor = self.min_piece_c
        if left >= 2 * floor:
            most = min(free, left - floor)  # no crumb left behind: the rest is a piece too
        elif left > self.budget_c:
            most = free  # no week holds it, nor two pieces: a budget under an hour
        else:
            return None  # too little for two pieces: it waits for room for all of it
        unit = _unit_hours(work)
        # On unit boundaries when a week holds whole units of at least a piece and they leave
        # a piece after them (else no boundary could ever give a piece: split inside a unit).
        whole_units = (unit is not None
                       and math.floor(from_hundredths(capacity) / unit + 1e-9) * unit
                       >= from_hundredths(floor) - EPS)
        if (unit is not None and whole_units and from_hundredths(left - floor) < unit - EPS
                and left <= max(capacity, self.whole_c)):
            return None  # its last unit (and a crumb): not split inside, it waits for room
        if (unit is not None and whole_units
                and from_hundredths(left - floor) >= unit - EPS):
            position = work.placed / unit
            end = math.floor(position + from_hundredths(most) / unit + 1e-9)
            hours = (end - position) * unit
            if hours > EPS and self._shown(work, hours) > most:
                hours -= unit  # its last unit fits only before rounding
            if hours <= EPS:
                return None
        else:
            hours = from_hundredths(placed + most) - work.placed
        return hours if self._shown(work, hours) >= floor else None

    @staticmethod
    def _shown(work: _Work, hours: float) -> int:
        """The hundredths a piece of ``hours`` moves ``work`` on: a resource's pieces add up
        to its remaining hundredths, whatever each piece rounds to."""
        return to_hundredths(work.placed + hours) - to_hundredths(work.placed)

    def _units(self, work: _Work, hours: float) -> tuple[int, int] | None:
        unit = _unit_hours(work)
        units = work.resource.units
        if unit is None or units is None:
            return None
        first_pos = work.units_done + work.placed / unit
        last_pos = work.units_done + (work.placed + hours) / unit
        first = min(units.count, math.floor(first_pos + 1e-6) + 1)
        last = min(units.count, max(first, math.ceil(last_pos - 1e-6)))
        return (first, last)

    def _goal(self, work: _Work, hours: float, pinned: bool) -> Goal:
        kind = "carry-over" if work.carry_over and work.placed == 0 else "study"
        shown = from_hundredths(self._shown(work, hours))
        return Goal(work.resource.id, shown, self._units(work, hours), pinned, kind)

    def _place(self, i: int, hours: float) -> int:
        """Plan ``hours`` of work ``i`` this week; the hundredths the week gives it."""
        work = self.works[i]
        goal = self._goal(work, hours, False)
        if work.goal_week == self.week:  # more of it this week: one goal
            before = self.goals[work.goal_at]
            units = (before.units[0], goal.units[1]) if before.units and goal.units else None
            self.goals[work.goal_at] = replace(
                before, hours=from_hundredths(to_hundredths(before.hours)
                                              + to_hundredths(goal.hours)), units=units)
        else:
            work.goal_week, work.goal_at = self.week, len(self.goals)
            self.goals.append(goal)
        if work.seq is None:
            work.seq = self.started
            self.started += 1
        work.placed += hours
        self.cum += goal.hours
        if work.remaining - work.placed <= EPS:
            for j in self._finish(i):
                self._place_pins(j)
        return to_hundredths(goal.hours)

    def _place_pins(self, i: int) -> None:
        """Place pinned pieces, and pins of this week that they release, in order."""
        queue = [i]
        while queue:
            j = queue.pop(0)
            work = self.works[j]
            self.goals.append(self._goal(work, work.pin_hours, True))
            if work.seq is None:
                work.seq = self.started
                self.started += 1
            work.placed += work.pin_hours
            work.pin, work.pinned_week = None, self.week
            self.unplaced_pins -= 1
            if work.remaining - work.placed <= EPS:
                queue.extend(self._finish(j))
            elif not work.waiting:
                self.resume.append(self.key(j))  # the rest: started work, from next week on

    def _finish(self, i: int) -> list[int]:
        """Mark ``i`` finished this week; release its dependants. Returns pins due now."""
        work = self.works[i]
        work.finish = self.week
        work.ahead = self.cum
        due_now: list[int] = []
        for d in work.dependents:
            dependant = self.works[d]
            if dependant.finish is not None:
                continue  # finished by a pin placed before its prerequisites
            dependant.waiting -= 1
            if dependant.waiting:
                continue
            if dependant.pin is None:
                if dependant.pin_beyond is None:
                    self._push(self.key(d))
            elif dependant.pin == self.week:
                due_now.append(d)
            else:
                self.pins_ready.setdefault(dependant.pin, []).append(d)
        return due_now

    # -------------------------------------------------------------- the result

    def plan(self) -> Plan:
        self.run()
        last = max((n for n, goals in enumerate(self.weeks) if goals), default=0)
        weeks = tuple(
            WeekPlan(self.label(n), tuple(goals), self.budget)
            for n, goals in enumerate((self.weeks or [[]])[: last + 1])
        )
        for week in weeks:
            if week.over_budget:
                self.warnings.append(
                    f"{week.week} is over budget: {format_hours(week.planned_hours)} planned "
                    f"for {format_hours(week.budget)} (pinned work)"
                )
        self._revisit_warnings()
        overflow = self._overflow()
        misses = self._deadlines()
        basis = PlanBasis(
            self.settings.max_parallel,
            self.priorities,
            {w.resource.id: w.deadline for i in self.deadlined
             if (w := self.works[i]).deadline is not None},
            self.settings,
            dict(self.keep.shares) if self.keep is not None else shares_of(self.catalog),
        )
        plan = Plan(
            hours_per_week=self.budget,
            weeks=weeks,
            overflow=overflow,
            warnings=tuple(self.warnings),
            start_week=self.start,
            deadline_misses=misses,
            basis=basis,
        )
        if self.previous is not None:
            plan = replace(plan, moves=_moves(self.previous, plan, self))
        return plan

    def _revisit_warnings(self) -> None:
        """Re-visits piling up: waiting more than a week past their due week, or not
        planned within the horizon at all."""
        late = self.revisits_late
        unplaced = len(self.revisits_waiting) + sum(len(v) for v in self.revisits.values())
        if not late and not unplaced:
            return
        share = (f"the re-visit share ({self.settings.revisit_share:.0%} of "
                 f"{format_hours(self.budget)} a week)")
        if late:
            most = max(weeks for _, weeks in late)
            self.warnings.append(
                f"re-visits pile up: {len(late)} wait{'s' if len(late) == 1 else ''} up to "
                f"{most} weeks past their due week, as {share} is full")
        if unplaced:
            self.warnings.append(
                f"{unplaced} re-visit{'s' if unplaced != 1 else ''} due within the plan "
                f"do{'es' if unplaced == 1 else ''} not fit in {share}")

    def _overflow(self) -> tuple[OverflowItem, ...]:
        items: list[OverflowItem] = []
        at = f"at {format_hours(self.budget)} a week"
        if self.horizon < self.settings.horizon_weeks:  # cut short by the calendar
            span = f"the weeks up to {LAST_WEEK}, where the calendar ends, {at}"
        elif self.horizon < MAX_HORIZON:  # the learner's own, shorter horizon
            span = f"the {self.horizon}-week horizon you set {at}"
        else:  # the longest horizon: the budget is the cause
            span = f"{MAX_HORIZON} weeks (ten years, the longest plan) {at}"
        does_not_fit, rest_does_not_fit = (
            f"does not fit in {span}",
            f"the rest does not fit in {span}",
        )
        for work in self.works:
            if work.finish is not None:
                continue
            left = from_hundredths(to_hundredths(work.remaining) - to_hundredths(work.placed))
            if left <= 0:
                continue
            if work.pin_beyond is not None:
                reason = (
                    f"pinned to {work.pin_beyond}, beyond the horizon "
                    f"(last week {self.label(self.horizon - 1)})"
                )
            elif work.waiting:
                blocker = self._blocker(work)
                reason = (
                    f"waits for {self.title(self.works[blocker].resource.id)}, "
                    f"which does not finish within the horizon"
                )
            elif work.placed > 0:
                reason = rest_does_not_fit
            else:
                reason = does_not_fit
            items.append(OverflowItem(work.resource.id, left, reason))
        if items:
            hours = sum(item.hours for item in items)
            self.warnings.append(
                f"{len(items)} resource{'s' if len(items) != 1 else ''} "
                f"({format_hours(hours)}) do not fit in the plan: see the overflow lane"
            )
        return tuple(items)

    def _deadlines(self) -> tuple[DeadlineMiss, ...]:
        pinned_weeks = sorted(self.pinned_c)
        pinned_cum: list[float] = []
        total = 0
        for week in pinned_weeks:
            total += self.pinned_c[week]
            pinned_cum.append(from_hundredths(total))
        misses: list[DeadlineMiss] = []
        for i in self.deadlined:
            work = self.works[i]
            deadline = work.deadline
            assert deadline is not None
            rid = work.resource.id
            name = self.title(rid)
            finish = None if work.finish is None else self.label(work.finish)
            when = f"in {finish}" if finish else "beyond the horizon"
            due = (monday(week_of(deadline)) - self.start_monday).days // 7
            if deadline < self.today or due < 0:
                why = "has passed" if deadline < self.today else f"is before {self.start}"
                misses.append(DeadlineMiss(rid, deadline, finish, None))
                self.warnings.append(
                    f"the deadline of {name} ({deadline}) {why}; it is planned to finish {when}"
                )
                continue
            if work.finish is not None and work.finish <= due:
                continue
            if work.finish is None and due >= self.horizon:
                continue  # both beyond the horizon: not known to be missed
            if work.pinned_week is not None and work.pinned_week > due:
                misses.append(DeadlineMiss(rid, deadline, finish, None))
                self.warnings.append(
                    f"{name} is pinned to {self.label(work.pinned_week)}, after its deadline "
                    f"{deadline}"
                )
                continue
            if work.finish is not None:
                ahead = work.ahead
            else:  # as if it went on right after the horizon
                ahead = self.cum + work.remaining - work.placed
            k = bisect.bisect_right(pinned_weeks, due)
            needed = round_hours_up((ahead + (pinned_cum[k - 1] if k else 0.0)) / (due + 1))
            misses.append(DeadlineMiss(rid, deadline, finish, needed))
            self.warnings.append(
                f"{name} misses its deadline {deadline}: it is planned to finish {when}; "
                f"{format_hours(needed)} a week would have met it"
            )
        return tuple(misses)


# ------------------------------------------------------------------------------ history, moves


def _previous_history(previous: Plan | None, start: str
                      ) -> tuple[set[str], dict[str, float], set[str]]:
    """Resources with goals before ``start``; hours the previous plan had from ``start`` on;
    the resources it carried over into ``start`` or later (they stay carried over when
    the plan follows progress)."""
    begun: set[str] = set()
    ahead: dict[str, float] = {}
    carried: set[str] = set()
    if previous is None:
        return begun, ahead, carried
    for week in previous.weeks:
        if week.week < start:
            begun.update(goal.resource for goal in week.goals if goal.kind != REVISIT)
    if not begun:
        return begun, ahead, carried
    for week in previous.weeks:
        if week.week >= start:
            for goal in week.goals:
                if goal.resource in begun and is_work(goal):
                    ahead[goal.resource] = ahead.get(goal.resource, 0.0) + goal.hours
                    if goal.kind == "carry-over":
                        carried.add(goal.resource)
    for item in previous.overflow:
        if item.resource in begun:
            ahead[item.resource] = ahead.get(item.resource, 0.0) + item.hours
    return begun, ahead, carried


@dataclass
class _Footprint:
    """Where a plan puts each resource from ``start`` on (ISO week labels sort as text)."""

    first: dict[str, str] = field(default_factory=dict)
    last: dict[str, str] = field(default_factory=dict)
    hours: dict[str, float] = field(default_factory=dict)
    pinned: dict[str, str] = field(default_factory=dict)
    past_last: dict[str, str] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    goals: list[tuple[str, str, float]] = field(default_factory=list)  # (week, resource, hours)

    @classmethod
    def of(cls, weeks: Iterable[WeekPlan], start: str) -> _Footprint:
        fp = cls()
        for week in weeks:
            for goal in week.goals:
                rid = goal.resource
                fp.seen.add(rid)
                if not is_work(goal):  # studied, not planned, or a re-visit: no move
                    continue
                if week.week < start:
                    fp.past_last[rid] = week.week
                    continue
                fp.first.setdefault(rid, week.week)
                fp.last[rid] = week.week
                fp.hours[rid] = fp.hours.get(rid, 0.0) + goal.hours
                fp.goals.append((week.week, rid, goal.hours))
                if goal.pinned:
                    fp.pinned[rid] = week.week
        return fp

    def add_overflow(self, overflow: Iterable[OverflowItem], only: set[str]) -> None:
        """Overflow hours of the resources in ``only`` (the overflow may be long)."""
        for item in overflow:
            rid = item.resource
            if rid in only:
                self.seen.add(rid)
                self.hours[rid] = self.hours.get(rid, 0.0) + item.hours


_EARLIER, _EITHER, _LATER = -1, 0, 1


@dataclass(frozen=True)
class _Change:
    """A change in one resource since the previous plan, and which way it moves it."""

    text: str  # "priority raised to 1"
    way: int = _EITHER  # _EARLIER, _LATER: the only way it can explain the resource's move

    def explains(self, later: bool) -> bool:
        return self.way == _EITHER or (self.way == _LATER) == later


def _moves(previous: Plan, plan: Plan, sched: _Scheduler) -> tuple[Move, ...]:
    """Resources whose first week from the start on changed, with the likeliest reason.

    A move is explained, in this order, by a change in the resource itself that moves it
    that way (a pin, a new priority or deadline, progress, carried-over work), by its
    prerequisites, by the settings, and else by the changed resource that took the most
    room ahead of it (moved later) or freed the most (moved earlier): the one whose hours
    up to the week it left (later) or reached (earlier) grew or shrank the most. Progress
    that frees a week therefore never takes the blame for work pushed later.

    Only resources planned in some week, before or now, can move or be named as the
    cause of a move, so the (possibly long) overflow is read for those alone.
    """
    start = sched.start
    before = _Footprint.of(previous.weeks, start)
    after = _Footprint.of(plan.weeks, start)
    candidates = before.first.keys() | after.first.keys()
    changed = [rid for rid in candidates if before.first.get(rid) != after.first.get(rid)]
    if not changed:
        return ()
    before.add_overflow(previous.overflow, candidates)
    changes: dict[str, _Change] = {}
    for rid in candidates:
        change = _change(rid, before, after, previous, sched)
        if change is not None:
            changes[rid] = change
    reasons: dict[str, str] = {}
    unexplained: list[tuple[str, bool, str]] = []  # (week the room counts to, later, id)
    for rid in changed:
        was, now = before.first.get(rid), after.first.get(rid)
        later = was is not None and (now is None or now > was)
        own = changes.get(rid)
        reason = own.text if own is not None and own.explains(later) else None
        reason = reason or _other_reason(rid, later, before, after, previous, sched)
        if reason is not None:
            reasons[rid] = reason
        else:
            week = was if later else now
            assert week is not None
            unexplained.append((week, later, rid))
    reasons.update(_room_reasons(unexplained, before, after, changes, sched))
    causes = sorted(
        (min(w for w in (before.first.get(rid), after.first.get(rid)) if w), rid)
        for rid in changes
    )
    moves = []
    catalog = sched.catalog
    for rid in sorted(
        changed, key=lambda rid: (rid not in catalog.resources, _order(catalog, rid), rid)
    ):
        was, now = before.first.get(rid), after.first.get(rid)
        reason = reasons.get(rid)
        if reason is None:
            own = changes.get(rid)
            later = was is not None and (now is None or now > was)
            reason = (own.text if own is not None
                      else _prerequisite_reason(rid, later, before, after, sched))
        if reason is None:
            latest = max(w for w in (was, now) if w)
            cause = next((c for week, c in causes if c != rid and week <= latest), None)
            if cause is not None:
                reason = f"work ahead of it changed: {sched.title(cause)} {changes[cause].text}"
            else:
                reason = "other work ahead of it changed"
        # planned only in weeks now past (missed, carried over): it moves from there, it
        # was not "not planned"
        moves.append(Move(rid, was or before.past_last.get(rid), now, reason))
    return tuple(moves)


def _change(
    rid: str, before: _Footprint, after: _Footprint, previous: Plan, sched: _Scheduler
) -> _Change | None:
    """What changed in a resource itself since the previous plan, else None.

    What the user set on purpose (a pin, a priority, a deadline) is named before what
    happened along the way (progress, carried-over work): when both changed, it is the
    likelier reason the resource moved.
    """
    resource = sched.catalog.resources.get(rid)
    if resource is None:
        return _Change("removed from the catalog")
    i = sched.index.get(rid)
    if i is None:
        return _Change("done")
    if rid not in before.seen:
        if resource.deadline is not None:
            return _Change(f"new resource, deadline {resource.deadline}")
        return _Change("new resource")
    pin_now, pin_before = after.pinned.get(rid), before.pinned.get(rid)
    if pin_now and pin_now != pin_before:
        return _Change(f"pinned to {pin_now}")
    if pin_before and not pin_now:
        return _Change("unpinned")
    basis = previous.basis
    if basis is not None and rid in basis.priorities:
        old, priority = basis.priorities[rid], sched.priorities[rid]  # as planned now
        if old != priority:
            if priority < old:
                return _Change(f"priority raised to {priority}", _EARLIER)
            return _Change(f"priority lowered to {priority}", _LATER)
        old_deadline, deadline = basis.deadlines.get(rid), sched.works[i].deadline
        if old_deadline != deadline:
            if deadline is None:
                return _Change("deadline removed", _LATER)
            if old_deadline is None:
                return _Change(f"deadline set to {deadline}", _EARLIER)
            way = _EARLIER if deadline < old_deadline else _LATER
            return _Change(f"deadline moved to {deadline}", way)
    left, planned = sched.works[i].remaining, before.hours.get(rid, 0.0)
    if left < planned - 1e-6:
        # less work: it moves earlier if at all (started work is finished first)
        return _Change("progress recorded", _EARLIER)
    if left > planned + 1e-6:
        if rid in before.past_last:
            return _Change(f"unfinished work carried over from {before.past_last[rid]}",
                           _EARLIER)
        return _Change("more work left than planned", _LATER)
    return None


def _room_reasons(
    queries: list[tuple[str, bool, str]],
    before: _Footprint,
    after: _Footprint,
    changes: Mapping[str, _Change],
    sched: _Scheduler,
) -> dict[str, str]:
    """Moves explained by the room other work takes or frees ahead of them.

    For a query (week, later, id): among the changed resources, the one whose planned
    hours up to ``week`` grew the most (``later``: it took the room) or shrank the most
    (it freed it). One sweep over the weeks, a heap per way, stale entries skipped:
    O((g + q) log g) for g goals of changed resources and q queries.
    """
    if not queries or not changes:
        return {}
    events = sorted(
        [(week, rid, -to_hundredths(hours)) for week, rid, hours in before.goals
         if rid in changes]
        + [(week, rid, to_hundredths(hours)) for week, rid, hours in after.goals
           if rid in changes]
    )
    delta: dict[str, int] = {}
    grew: list[tuple[int, str, int]] = []  # (-growth, id, delta when pushed)
    shrank: list[tuple[int, str, int]] = []  # (shrinkage as a negative, id, delta)
    reasons: dict[str, str] = {}
    e = 0
    for week, later, rid in sorted(queries):
        while e < len(events) and events[e][0] <= week:
            _, cause, hours = events[e]
            e += 1
            d = delta[cause] = delta.get(cause, 0) + hours
            if d > 0:
                heapq.heappush(grew, (-d, cause, d))
            elif d < 0:
                heapq.heappush(shrank, (d, cause, d))
        heap = grew if later else shrank
        skipped = []
        while heap and (delta[heap[0][1]] != heap[0][2] or heap[0][1] == rid):
            entry = heapq.heappop(heap)
            if entry[1] == rid and delta[rid] == entry[2]:
                skipped.append(entry)  # its own change: not a cause of its move
        if heap:
            cause = heap[0][1]
            text = f"{sched.title(cause)} ({changes[cause].text})"
            reasons[rid] = f"makes room for {text}" if later else f"room freed by {text}"
        for entry in skipped:
            heapq.heappush(heap, entry)
    return reasons


def _other_reason(
    rid: str,
    later: bool,
    before: _Footprint,
    after: _Footprint,
    previous: Plan,
    sched: _Scheduler,
) -> str | None:
    """A reason outside the resource that moves it this way: a prerequisite, a setting."""
    reason = _prerequisite_reason(rid, later, before, after, sched)
    if reason is not None:
        return reason
    if previous.hours_per_week != sched.budget:
        return (f"budget changed from {format_hours(previous.hours_per_week)} to "
                f"{format_hours(sched.budget)} a week")
    basis = previous.basis
    if basis is not None and basis.max_parallel != sched.settings.max_parallel:
        return f"max parallel changed from {basis.max_parallel} to {sched.settings.max_parallel}"
    if basis is not None:
        shares = shares_of(sched.catalog)
        if basis.shares != shares:
            return _shares_change(basis.shares, shares, sched.catalog)
    return None


def _shares_change(before: Mapping[str, int], after: Mapping[str, int], catalog: Catalog) -> str:
    """'shares of the week changed: Theoretical 50 % → 60 %, Research Papers 10 % → none'."""
    def title(cid: str) -> str:
        category = catalog.categories.get(cid)
        return category.title if category is not None else cid

    def pct(value: int | None) -> str:
        return "none" if value is None else f"{value} %"

    order = {cid: n for n, cid in enumerate(catalog.categories)}
    changed = [f"{title(cid)} {pct(before.get(cid))} → {pct(after.get(cid))}"
               for cid in sorted(before.keys() | after.keys(),
                                 key=lambda c: (order.get(c, len(order)), c))
               if before.get(cid) != after.get(cid)]
    return "shares of the week changed: " + ", ".join(changed)


def _prerequisite_reason(
    rid: str,
    later: bool,
    before: _Footprint,
    after: _Footprint,
    sched: _Scheduler,
) -> str | None:
    """A prerequisite that finishes at another time and so moves the resource this way:
    one finishing later that now ends in or after the week the resource began in before,
    or one finishing earlier that ended in or after the week it begins in now (a
    prerequisite done long before it held nothing back). None when there is none: a
    reason that says the opposite of the move, or could not have caused it, is no
    reason ("finishes later" for a move earlier, a prerequisite ending in W23 pushing a
    start in W50)."""
    resource = sched.catalog.resources[rid]
    was, now = before.first.get(rid), after.first.get(rid)
    for prereq in resource.prerequisites:
        old, new = before.last.get(prereq), after.last.get(prereq)
        if old == new:
            continue
        name = sched.title(prereq)
        if new is None:
            if later:
                continue
            text = (
                f"prerequisite {name} is done"
                if prereq not in sched.index
                else f"prerequisite {name} no longer finishes within the horizon"
            )
            held = old is not None and (now is None or old >= now)
        elif old is None or new > old:
            if not later:
                continue
            text = f"prerequisite {name} finishes later ({new})"
            held = was is None or new >= was
        else:
            if later:
                continue
            text = f"prerequisite {name} finishes earlier ({new})"
            held = now is None or old >= now
        if held:
            return text
    return None
